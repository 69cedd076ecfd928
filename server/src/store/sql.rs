//! SQL helpers every store file shares: numbered placeholders, the query
//! type, binding a list of codes, unit-path ranges and the store's time unit.

use app::domain::state_code::StateCode;
use sqlx::Any;

pub(super) type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>;

pub(super) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Binds the states' codes, in order, for an `IN (…)` list of `placeholders`.
pub(super) fn bind_states<'q>(q: AnyQuery<'q>, states: &[StateCode]) -> AnyQuery<'q> {
    states.iter().fold(q, |q, s| q.bind(s.code()))
}

/// The index range of every path under `path` (itself included).
pub(super) fn path_range(path: &str) -> (String, String) {
    // '/' sorts just below '0'; paths are '/a/b/', so the prefix range ends at the
    // prefix with its final '/' replaced by the next character.
    let hi = format!("{}0", path.trim_end_matches('/'));
    (path.to_string(), hi)
}

/// Whether a request (`r`) lies in a subtree whose path range is bound at
/// `lo` and `hi`: its hotline office is there, or one of its units works there.
/// Searches and the caller's history see the same requests as the index.
pub(super) fn in_subtree(lo: &str, hi: &str) -> String {
    format!(
        "(r.office_path >= {lo} AND r.office_path < {hi}
          OR EXISTS (SELECT 1 FROM assignments a WHERE a.request_id = r.id AND a.unit_path >= {lo} AND a.unit_path < {hi}))"
    )
}

/// Milliseconds since the epoch, the store's time unit.
pub fn millis(at: chrono::DateTime<chrono::Utc>) -> i64 {
    at.timestamp_millis()
}

pub fn from_millis(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// `($1, …, $k), ($k+1, …)` for `rows` rows of `k` columns on PostgreSQL;
/// `version` is the literal 1. On SQLite the placeholders are plain `?`:
/// SQLite finds a numbered one's name by walking its list of names, so
/// binding a statement of n numbered placeholders takes n² steps (a batch's
/// 25,000 event values took 80 % of the time of a bulk load).
pub(super) fn placeholders_rows(conn: &sqlx::AnyConnection, rows: usize, k: usize) -> String {
    let numbered = conn.backend_name() == "PostgreSQL";
    (0..rows)
        .map(|r| {
            let cols: Vec<String> = (1..=k).map(|c| if numbered { format!("${}", r * k + c) } else { "?".to_string() }).collect();
            if k == 14 {
                // requests: version (literal 1) sits between updated_at and snapshot.
                format!("({}, 1, {})", cols[..12].join(", "), cols[12..].join(", "))
            } else {
                format!("({})", cols.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

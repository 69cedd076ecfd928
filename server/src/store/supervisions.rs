//! The requests under supervision (Art. 31) for the supervision list: their
//! snapshots, found by the office's queue mark (`requests.center_queue`),
//! which the request keeps while any supervision of it runs.

use super::sql::path_range;
use super::Store;
use sqlx::Row;

/// Whose supervisions: a hotline office's requests (all of them for the
/// center), or the requests a unit's subtree works on.
#[derive(Clone, Copy, Debug)]
pub enum SupervisedScope<'a> {
    Office(Option<&'a str>),
    Subtree(&'a str),
}

impl Store {
    /// Snapshots of the requests under supervision in `scope`, oldest first,
    /// at most `limit`. An extension waiting for a decision takes the queue
    /// mark first (one mark per request), so those requests are read too.
    pub async fn supervised_snapshots(&self, scope: SupervisedScope<'_>, limit: i64) -> anyhow::Result<Vec<String>> {
        let (filter, path) = match scope {
            SupervisedScope::Office(None) => ("", None),
            SupervisedScope::Office(Some(p)) => (" AND r.office_path >= $3 AND r.office_path < $4", Some(p)),
            SupervisedScope::Subtree(p) => (
                " AND EXISTS (SELECT 1 FROM assignments a WHERE a.request_id = r.id AND a.unit_path >= $3 AND a.unit_path < $4)",
                Some(p),
            ),
        };
        let sql = format!(
            "SELECT r.snapshot FROM requests r WHERE r.center_queue IN ($1, $2){filter} ORDER BY r.registered_at, r.id LIMIT ${}",
            if path.is_some() { 5 } else { 3 }
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind("supervision").bind("extension");
        let query = match path.map(path_range) {
            Some((lo, hi)) => query.bind(lo).bind(hi),
            None => query,
        };
        let rows = query.bind(limit).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| r.get::<String, _>(0)).collect())
    }
}

//! A subtree's work list in deadline order without sorting its open work
//! (issue 16 §2). Each unit's queue of one status is already in deadline
//! order in the index `assignments_open_due`; a page is the first lines of
//! the queues that hold open work (named by `open_work`, a handful of rows
//! per unit), merged. A page reads at most (page end) lines per queue,
//! however many requests the store or the subtree holds.

use super::work_list_line::{inbox_row, InboxRow};
use super::open_work::NO_DEADLINE;
use super::sql::{millis, path_range, placeholders};
use super::Store;
use chrono::{DateTime, Utc};
use sqlx::Row;

/// Beyond this many queues in a subtree the page is sorted the plain way
/// (SQLite allows 500 terms in one compound SELECT).
const MAX_QUEUES: usize = 200;
/// A work list's order among lines of one deadline: the request, then the assignment.
pub(super) const TIE: &str = "a.request_id, a.seq";

/// One unit's open work in one status: how much has a deadline, how much none.
struct Queue {
    path: String,
    status: String,
    dated: i64,
    undated: i64,
}

/// Which lines a merged page holds: statuses (empty: any) and a deadline window.
pub(super) struct Window<'a> {
    pub statuses: &'a [&'a str],
    pub from: Option<DateTime<Utc>>,
    pub before: Option<DateTime<Utc>>,
}

impl Store {
    /// The subtree's queues holding open work in one of the statuses.
    async fn open_queues(&self, path: &str, statuses: &[&str]) -> anyhow::Result<Vec<Queue>> {
        let (lo, hi) = path_range(path);
        let mut sql = format!(
            "SELECT unit_path, status,
                CAST(SUM(CASE WHEN due_at < {NO_DEADLINE} THEN n ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN due_at = {NO_DEADLINE} THEN n ELSE 0 END) AS BIGINT)
             FROM open_work WHERE unit_path >= $1 AND unit_path < $2"
        );
        if !statuses.is_empty() {
            sql.push_str(&format!(" AND status IN ({})", placeholders(3, statuses.len())));
        }
        sql.push_str(" GROUP BY unit_path, status ORDER BY unit_path, status");
        let q = statuses.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(lo).bind(hi), |q, s| q.bind(*s));
        let rows = q.fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(|r| Queue { path: r.get(0), status: r.get(1), dated: r.get(2), undated: r.get(3) })
            .filter(|q| q.dated > 0 || q.undated > 0)
            .collect())
    }

    /// A page of the subtree's open work in `w`, earliest deadline first
    /// (undated lines last, ties by request and assignment), merged from its
    /// queues, and how many lines there are in all when `w` has no deadline
    /// window (the queues' counts say it); `None` when the subtree has too
    /// many queues to merge.
    pub(super) async fn merged_page(&self, path: &str, w: &Window<'_>, limit: i64, offset: i64) -> anyhow::Result<Option<(Vec<InboxRow>, Option<i64>)>> {
        let queues = self.open_queues(path, w.statuses).await?;
        if queues.len() > MAX_QUEUES {
            return Ok(None);
        }
        let windowed = w.from.is_some() || w.before.is_some();
        let total = (!windowed).then(|| queues.iter().map(|q| q.dated + q.undated).sum());
        // $1 is each queue's share (the page's end), then the window, then the queues.
        let mut next = 2;
        let mut window = String::new();
        if w.from.is_some() {
            window.push_str(&format!(" AND a.due_at >= ${next}"));
            next += 1;
        }
        if w.before.is_some() {
            window.push_str(&format!(" AND a.due_at < ${next}"));
            next += 1;
        }
        let mut terms = Vec::new();
        for q in &queues {
            let (p, s) = (next, next + 1);
            next += 2;
            let head = format!(
                "SELECT * FROM (SELECT a.request_id, a.seq, a.due_at FROM assignments a
                 WHERE a.open = 1 AND a.unit_path = ${p} AND a.status = ${s}"
            );
            if q.dated > 0 {
                terms.push(format!("{head} AND a.due_at IS NOT NULL{window} ORDER BY a.due_at, {TIE} LIMIT $1) AS q{}", terms.len()));
            }
            // A deadline window holds no undated line.
            if q.undated > 0 && !windowed {
                terms.push(format!("{head} AND a.due_at IS NULL ORDER BY {TIE} LIMIT $1) AS q{}", terms.len()));
            }
        }
        if terms.is_empty() {
            return Ok(Some((Vec::new(), total)));
        }
        let sql = format!(
            // The page is cut from the merged keys before its lines are
            // read: only the page's own assignments and requests are joined.
            "SELECT r.number, r.title, r.request_type, r.state, r.emergency, a.unit_id, a.status, a.due_at, r.county
             FROM (SELECT * FROM ({}) m ORDER BY COALESCE(m.due_at, {NO_DEADLINE}), m.request_id, m.seq LIMIT ${} OFFSET ${}) x
             JOIN assignments a ON a.request_id = x.request_id AND a.seq = x.seq
             JOIN requests r ON r.id = a.request_id
             ORDER BY COALESCE(a.due_at, {NO_DEADLINE}), {TIE}",
            terms.join(" UNION ALL "),
            next,
            next + 1
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(offset + limit);
        for t in [w.from, w.before].into_iter().flatten() {
            query = query.bind(millis(t));
        }
        for q in &queues {
            query = query.bind(&q.path).bind(&q.status);
        }
        let rows = query.bind(limit).bind(offset).fetch_all(&self.pool).await?;
        Ok(Some((rows.iter().map(inbox_row).collect(), total)))
    }
}

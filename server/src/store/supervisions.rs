//! The requests under supervision (Art. 31) for the supervision list: their
//! snapshots, found by the office's queue mark (`requests.center_queue`),
//! which the request keeps while any supervision of it runs.

use super::scope::RequestScope;
use super::Store;
use sqlx::Row;

impl Store {
    /// Snapshots of the requests under supervision in `scope`, oldest first,
    /// at most `limit`. An extension waiting for a decision takes the queue
    /// mark first (one mark per request), so those requests are read too.
    pub async fn supervised_snapshots(&self, scope: &RequestScope, limit: i64) -> anyhow::Result<Vec<String>> {
        let (condition, bounds) = scope.condition(3);
        let sql = format!(
            "SELECT r.snapshot FROM requests r WHERE r.center_queue IN ($1, $2){condition} ORDER BY r.registered_at, r.id LIMIT ${}",
            if bounds.is_some() { 5 } else { 3 }
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind("supervision").bind("extension");
        let query = match bounds {
            Some((lo, hi)) => query.bind(lo).bind(hi),
            None => query,
        };
        let rows = query.bind(limit).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| r.get::<String, _>(0)).collect())
    }
}

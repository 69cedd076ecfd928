//! What the dashboard's today reads beyond the queues: the emergencies
//! (Art. 29, by the row's indexed `emergency` flag, migration 0025) and the
//! Art. 32 warnings sent.

use super::scope::RequestScope;
use super::Store;
use sqlx::Row;

impl Store {
    /// Snapshots of the emergencies (Art. 29) in `scope` registered since
    /// `since` or still open, oldest first, at most `limit`.
    pub async fn emergency_snapshots(&self, scope: &RequestScope, since: chrono::DateTime<chrono::Utc>, open: &[&str], limit: i64) -> anyhow::Result<Vec<String>> {
        // Placeholders in the order they appear: the day, the open states, the scope, the limit.
        let (condition, bounds) = scope.condition(2 + open.len());
        let limit_at = 2 + open.len() + if bounds.is_some() { 2 } else { 0 };
        let sql = format!(
            "SELECT r.snapshot FROM requests r WHERE r.emergency = 1 AND (r.registered_at >= $1 OR r.state IN ({})){condition}
             ORDER BY r.registered_at, r.id LIMIT ${limit_at}",
            super::sql::placeholders(2, open.len()),
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(super::millis(since));
        for s in open {
            query = query.bind(*s);
        }
        let query = match bounds {
            Some((lo, hi)) => query.bind(lo).bind(hi),
            None => query,
        };
        let rows = query.bind(limit).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| r.get::<String, _>(0)).collect())
    }
}

impl Store {
    /// How many Art. 32 warnings went out since `since` about requests in `scope`.
    pub async fn warnings_sent_since(&self, scope: &RequestScope, since: chrono::DateTime<chrono::Utc>) -> anyhow::Result<i64> {
        let (condition, bounds) = scope.condition(2);
        let sql = format!(
            "SELECT COUNT(*) FROM sent_warnings w JOIN requests r ON r.number = w.request_number WHERE w.sent_at >= $1{condition}"
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(super::millis(since));
        let query = match bounds {
            Some((lo, hi)) => query.bind(lo).bind(hi),
            None => query,
        };
        Ok(query.fetch_one(&self.pool).await?.get(0))
    }
}

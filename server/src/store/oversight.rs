//! What Art. 34's page reads: the repeat links recorded since a day, and
//! the open requests past a deadline.

use super::sql::{bind_states, millis, placeholders};
use super::Store;
use app::domain::state_code::StateCode;
use chrono::{DateTime, Utc};
use sqlx::Row;

impl Store {
    /// `(request number, event payload)` of every `linked` event since `since`, oldest first.
    pub async fn links_since(&self, since: DateTime<Utc>) -> anyhow::Result<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT r.number, e.payload FROM events e JOIN requests r ON r.id = e.request_id
             WHERE e.kind = 'linked' AND e.at >= $1 ORDER BY e.at, e.id",
        )
        .bind(millis(since))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Snapshots of the requests in `states` due at or before `due_by`, longest overdue first, at most `limit`.
    pub async fn snapshots_due_by(&self, due_by: DateTime<Utc>, states: &[StateCode], limit: i64) -> anyhow::Result<Vec<String>> {
        if states.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT snapshot FROM requests WHERE state IN ({}) AND due_at <= $1 ORDER BY due_at, id LIMIT ${}",
            placeholders(2, states.len()),
            states.len() + 2
        );
        let q = bind_states(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(millis(due_by)), states).bind(limit);
        Ok(q.fetch_all(&self.pool).await?.iter().map(|r| r.get(0)).collect())
    }
}

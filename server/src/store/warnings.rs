//! Warnings already sent (Art. 32, migration 0012): a warning's notices are
//! written together with its mark, once.

use app::domain::state_code::StateCode;
use super::sql::{bind_states, placeholders};
use super::staff_notices::{self, StaffNoticeRow};
use super::{millis, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

impl Store {
    /// Sends each `(key, notice)` of a request not sent before; how many went.
    pub async fn send_warnings(&self, number: &str, warnings: &[(String, StaffNoticeRow)], now: DateTime<Utc>) -> anyhow::Result<usize> {
        let mut tx = self.writer.begin().await?;
        let mut sent = 0;
        for (key, notice) in warnings {
            let fresh = sqlx::query(
                "INSERT INTO sent_warnings (request_number, warning_key, sent_at) VALUES ($1, $2, $3)
                 ON CONFLICT (request_number, warning_key) DO NOTHING",
            )
            .bind(number)
            .bind(key)
            .bind(millis(now))
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if fresh {
                staff_notices::insert(&mut tx, notice, millis(now)).await?;
                sent += 1;
            }
        }
        tx.commit().await?;
        Ok(sent)
    }

    /// The keys of the warnings already sent about a request.
    pub async fn sent_warning_keys(&self, number: &str) -> anyhow::Result<std::collections::HashSet<String>> {
        let rows = sqlx::query("SELECT warning_key FROM sent_warnings WHERE request_number = $1").bind(number).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// The requests in `states` that may have a clock turning: due before
    /// `due_before`, or changed since `changed_since` (a fresh dispatch, a
    /// supervision, an extension asked), oldest due first.
    pub async fn warning_candidates(&self, states: &[StateCode], due_before: DateTime<Utc>, changed_since: DateTime<Utc>) -> anyhow::Result<Vec<String>> {
        let sql = format!(
            "SELECT number FROM requests WHERE state IN ({}) AND (due_at < $1 OR updated_at >= $2) ORDER BY due_at",
            placeholders(3, states.len())
        );
        let q = bind_states(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(millis(due_before)).bind(millis(changed_since)), states);
        Ok(q.fetch_all(&self.pool).await?.iter().map(|r| r.get(0)).collect())
    }
}

//! The notifications outbox: messages are written with the change that
//! caused them and delivered later by a worker that claims them with a lease,
//! so a crashed or slow sender loses nothing and two workers never send one
//! message twice at the same time.

use super::{from_millis, millis, Store};
use chrono::{DateTime, Duration, Utc};
use sqlx::{AnyConnection, Row};

/// A message to a citizen's phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxMessage {
    pub recipient: String,
    /// registered, rejected, extended, answered, redo, called_back, code …
    pub kind: String,
    pub body: String,
    pub request_number: Option<String>,
}

/// A stored message with its delivery state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: i64,
    pub message: OutboxMessage,
    pub created_at: DateTime<Utc>,
    pub attempts: i64,
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

pub(super) async fn enqueue(conn: &mut AnyConnection, m: &OutboxMessage, now: i64) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO outbox (recipient, kind, body, request_number, created_at, attempts, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, 0, $5)",
    )
    .bind(&m.recipient)
    .bind(&m.kind)
    .bind(&m.body)
    .bind(&m.request_number)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

const ENTRY_COLUMNS: &str = "id, recipient, kind, body, request_number, created_at, attempts, sent_at, last_error";

fn entry_from_row(r: &sqlx::any::AnyRow) -> OutboxEntry {
    OutboxEntry {
        id: r.get(0),
        message: OutboxMessage {
            recipient: r.get(1),
            kind: r.get(2),
            body: r.get(3),
            request_number: r.get(4),
        },
        created_at: from_millis(r.get(5)),
        attempts: r.get(6),
        sent_at: r.get::<Option<i64>, _>(7).map(from_millis),
        last_error: r.get(8),
    }
}

impl Store {
    /// Blanks the number the messages about a request went to (Art. 40
    /// retention); what was sent stays as the record of it.
    pub async fn blank_message_recipients(&self, number: &str) -> anyhow::Result<()> {
        sqlx::query("UPDATE outbox SET recipient = $1 WHERE request_number = $2")
            .bind(app::domain::types::ERASED_PHONE)
            .bind(number)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Adds one message on its own (one-time codes).
    pub async fn enqueue(&self, message: OutboxMessage) -> anyhow::Result<()> {
        self.write(move |conn| {
            Box::pin(async move {
                enqueue(conn, &message, millis(Utc::now())).await?;
                Ok(((), true))
            })
        })
        .await
    }

    /// Claims up to `limit` messages due at `now` for `lease`: each is
    /// claimed by moving its next attempt past the lease, only if nobody
    /// else moved it first.
    pub async fn claim_due(&self, now: DateTime<Utc>, lease: Duration, limit: i64) -> anyhow::Result<Vec<OutboxEntry>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS}, next_attempt_at FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $1
             ORDER BY next_attempt_at LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(millis(now)).bind(limit).fetch_all(&self.pool).await?;
        let mut claimed = Vec::new();
        for r in &rows {
            let entry = entry_from_row(r);
            let seen: i64 = r.get(9);
            let done = sqlx::query(
                "UPDATE outbox SET next_attempt_at = $1 WHERE id = $2 AND next_attempt_at = $3 AND sent_at IS NULL",
            )
            .bind(millis(now + lease))
            .bind(entry.id)
            .bind(seen)
            .execute(&self.writer)
            .await?;
            if done.rows_affected() == 1 {
                claimed.push(entry);
            }
        }
        Ok(claimed)
    }

    pub async fn mark_sent(&self, id: i64, at: DateTime<Utc>) -> anyhow::Result<()> {
        sqlx::query("UPDATE outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2")
            .bind(millis(at))
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub async fn mark_failed(&self, id: i64, retry_at: DateTime<Utc>, error: &str) -> anyhow::Result<()> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 WHERE id = $3")
            .bind(millis(retry_at))
            .bind(error)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Marks every pending message as sent (demo data only).
    pub async fn mark_all_sent(&self, at: DateTime<Utc>) -> anyhow::Result<u64> {
        let done = sqlx::query("UPDATE outbox SET sent_at = $1 WHERE sent_at IS NULL")
            .bind(millis(at))
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected())
    }

    /// The newest messages, for the development page and the tests.
    pub async fn recent_messages(&self, limit: i64) -> anyhow::Result<Vec<OutboxEntry>> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM outbox ORDER BY id DESC LIMIT $1");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(limit).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(entry_from_row).collect())
    }
}

//! The append-only audit log: every reveal, export and search of personal data.

use super::{from_millis, millis, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub username: String,
    pub action: String,
    pub request_number: Option<String>,
    pub reason: Option<String>,
    pub detail: Option<String>,
}

impl Store {
    pub async fn audit(&self, entry: &AuditEntry) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, username, action, request_number, reason, detail) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(millis(entry.at))
        .bind(&entry.username)
        .bind(&entry.action)
        .bind(&entry.request_number)
        .bind(&entry.reason)
        .bind(&entry.detail)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// The latest entries about one request, newest first.
    pub async fn audit_for_request(&self, number: &str) -> anyhow::Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT at, username, action, request_number, reason, detail FROM audit_log
             WHERE request_number = $1 ORDER BY at DESC, id DESC LIMIT 200",
        )
        .bind(number)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| AuditEntry {
                at: from_millis(r.get(0)),
                username: r.get(1),
                action: r.get(2),
                request_number: r.get(3),
                reason: r.get(4),
                detail: r.get(5),
            })
            .collect())
    }
}

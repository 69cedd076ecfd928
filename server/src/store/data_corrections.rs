//! Requesters' applications to correct their personal data (PIPL Art. 46,
//! migration 0013). The application is the snapshot. It is inserted with
//! its audit entry; its answer is written with the request's own change
//! (`WithRequest::correction`), so a corrected record and an answered
//! application are never one without the other.

use super::audit::write_audit;
use super::outbox::{enqueue, OutboxMessage};
use super::{millis, AuditEntry, Store};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;
use sqlx::Row;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorrectionRow {
    pub id: i64,
    pub request_number: String,
    pub snapshot: String,
    pub version: i64,
}

/// An application answered: its new status and snapshot over the version read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorrectionUpdate {
    pub id: i64,
    pub version: i64,
    pub status: String,
    pub snapshot: String,
}

const COLUMNS: &str = "id, request_number, snapshot, version";

fn correction_row(r: &sqlx::any::AnyRow) -> CorrectionRow {
    CorrectionRow { id: r.get(0), request_number: r.get(1), snapshot: r.get(2), version: r.get(3) }
}

/// Writes an answer; false when the application changed since it was read.
pub(super) async fn answer(conn: &mut AnyConnection, update: &CorrectionUpdate) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "UPDATE data_corrections SET status = $1, snapshot = $2, version = version + 1, updated_at = $3
         WHERE id = $4 AND version = $5",
    )
    .bind(&update.status)
    .bind(&update.snapshot)
    .bind(millis(Utc::now()))
    .bind(update.id)
    .bind(update.version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The applications of a request whose requester's data is erased (Art. 40).
pub(super) async fn forget(conn: &mut AnyConnection, number: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM data_corrections WHERE request_number = $1").bind(number).execute(&mut *conn).await?;
    Ok(())
}

impl Store {
    /// A new application with its audit entry; its id.
    pub async fn insert_correction(&self, number: &str, phone: &str, snapshot: &str, at: DateTime<Utc>, audit: AuditEntry) -> anyhow::Result<i64> {
        let mut tx = self.writer.begin().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO data_corrections (request_number, phone, status, snapshot, version, asked_at, updated_at)
             VALUES ($1, $2, 'asked', $3, 1, $4, $4) RETURNING id",
        )
        .bind(number)
        .bind(phone)
        .bind(snapshot)
        .bind(millis(at))
        .fetch_one(&mut *tx)
        .await?
        .get(0);
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn correction(&self, id: i64) -> anyhow::Result<Option<CorrectionRow>> {
        let sql = format!("SELECT {COLUMNS} FROM data_corrections WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await?;
        Ok(row.as_ref().map(correction_row))
    }

    /// Answers an application without changing the request (a refusal), with
    /// its audit entry and the requester's message; false when it changed since read.
    pub async fn answer_correction(&self, update: &CorrectionUpdate, audit: AuditEntry, notice: Option<OutboxMessage>) -> anyhow::Result<bool> {
        let mut tx = self.writer.begin().await?;
        if !answer(&mut tx, update).await? {
            return Ok(false);
        }
        if let Some(message) = &notice {
            enqueue(&mut tx, message, millis(Utc::now())).await?;
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Whether an application for the request is still unanswered.
    pub async fn correction_pending(&self, number: &str) -> anyhow::Result<bool> {
        let row = sqlx::query("SELECT 1 FROM data_corrections WHERE request_number = $1 AND status = 'asked' LIMIT 1")
            .bind(number)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// A phone's applications, newest first.
    pub async fn corrections_of_phone(&self, phone: &str) -> anyhow::Result<Vec<CorrectionRow>> {
        let sql = format!("SELECT {COLUMNS} FROM data_corrections WHERE phone = $1 ORDER BY id DESC");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(phone).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(correction_row).collect())
    }

    /// The register: unanswered applications oldest first, then the newest answered.
    pub async fn correction_register(&self, limit: i64) -> anyhow::Result<Vec<CorrectionRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM data_corrections
             ORDER BY CASE WHEN status = 'asked' THEN 0 ELSE 1 END,
                      CASE WHEN status = 'asked' THEN asked_at ELSE -updated_at END
             LIMIT $1"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(limit).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(correction_row).collect())
    }
}

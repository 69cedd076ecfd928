//! The register of records releases (Art. 42, migration 0011): each
//! application's whole course is its snapshot; each step is written with its
//! audit entry in one transaction, over the version it was read at.

use super::audit::{commit_with_audit, write_audit};
use super::{from_millis, millis, AuditEntry, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseRow {
    pub id: i64,
    pub snapshot: String,
    pub version: i64,
    pub registered_at: DateTime<Utc>,
}

const RELEASE_COLUMNS: &str = "id, snapshot, version, registered_at";

fn release_row(r: &sqlx::any::AnyRow) -> ReleaseRow {
    ReleaseRow { id: r.get(0), snapshot: r.get(1), version: r.get(2), registered_at: from_millis(r.get(3)) }
}

impl Store {
    /// A new application and its audit entry; its register number.
    pub async fn insert_release(&self, state: &str, body_name: &str, snapshot: &str, at: DateTime<Utc>, audit: AuditEntry) -> anyhow::Result<i64> {
        let mut tx = self.writer.begin().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO records_releases (state, body_name, snapshot, version, registered_at, updated_at)
             VALUES ($1, $2, $3, 1, $4, $4) RETURNING id",
        )
        .bind(state)
        .bind(body_name)
        .bind(snapshot)
        .bind(millis(at))
        .fetch_one(&mut *tx)
        .await?
        .get(0);
        write_audit(&mut tx, &AuditEntry { detail: Some(format!("release {id}; {}", audit.detail.clone().unwrap_or_default())), ..audit }).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Writes the next step over `version` with its audit entries; false
    /// when someone else changed it first.
    pub async fn update_release(&self, id: i64, version: i64, state: &str, snapshot: &str, at: DateTime<Utc>, audit: &[AuditEntry]) -> anyhow::Result<bool> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query(
            "UPDATE records_releases SET state = $1, snapshot = $2, version = version + 1, updated_at = $3 WHERE id = $4 AND version = $5",
        )
        .bind(state)
        .bind(snapshot)
        .bind(millis(at))
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        commit_with_audit(tx, done.rows_affected(), audit).await
    }

    pub async fn release(&self, id: i64) -> anyhow::Result<Option<ReleaseRow>> {
        let sql = format!("SELECT {RELEASE_COLUMNS} FROM records_releases WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await?;
        Ok(row.as_ref().map(release_row))
    }

    /// The register, newest first.
    pub async fn releases(&self, limit: i64) -> anyhow::Result<Vec<ReleaseRow>> {
        let sql = format!("SELECT {RELEASE_COLUMNS} FROM records_releases ORDER BY id DESC LIMIT $1");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(limit).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(release_row).collect())
    }
}

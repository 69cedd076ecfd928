//! Flags on callers' numbers (Art. 41, migration 0011). The whole flag is the
//! snapshot; each change is written with its audit entry in one transaction,
//! and only over the version it was read at.

use super::audit::{commit_with_audit, write_audit};
use super::{from_millis, millis, AuditEntry, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagRow {
    pub id: i64,
    pub snapshot: String,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

/// What a flag's index columns say.
pub struct FlagColumns<'a> {
    pub phone: &'a str,
    pub until_day: String,
    pub lifted: bool,
    pub snapshot: String,
}

const FLAG_COLUMNS: &str = "id, snapshot, version, updated_at";

fn flag_row(r: &sqlx::any::AnyRow) -> FlagRow {
    FlagRow { id: r.get(0), snapshot: r.get(1), version: r.get(2), updated_at: from_millis(r.get(3)) }
}

impl Store {
    /// A new flag and its audit entry; the flag's id.
    pub async fn insert_flag(&self, flag: FlagColumns<'_>, at: DateTime<Utc>, audit: AuditEntry) -> anyhow::Result<i64> {
        let mut tx = self.writer.begin().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO misuse_flags (phone, until_day, lifted, snapshot, version, decided_at, updated_at)
             VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id",
        )
        .bind(flag.phone)
        .bind(&flag.until_day)
        .bind(i64::from(flag.lifted))
        .bind(&flag.snapshot)
        .bind(millis(at))
        .fetch_one(&mut *tx)
        .await?
        .get(0);
        write_audit(&mut tx, &AuditEntry { detail: Some(format!("flag {id}; {}", audit.detail.clone().unwrap_or_default())), ..audit }).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Writes a changed flag over `version`; false when someone else changed it first.
    pub async fn update_flag(&self, id: i64, version: i64, flag: FlagColumns<'_>, at: DateTime<Utc>, audit: AuditEntry) -> anyhow::Result<bool> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query(
            "UPDATE misuse_flags SET until_day = $1, lifted = $2, snapshot = $3, version = version + 1, updated_at = $4
             WHERE id = $5 AND version = $6",
        )
        .bind(&flag.until_day)
        .bind(i64::from(flag.lifted))
        .bind(&flag.snapshot)
        .bind(millis(at))
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        commit_with_audit(tx, done.rows_affected(), &[audit]).await
    }

    pub async fn flag(&self, id: i64) -> anyhow::Result<Option<FlagRow>> {
        let sql = format!("SELECT {FLAG_COLUMNS} FROM misuse_flags WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await?;
        Ok(row.as_ref().map(flag_row))
    }

    /// Every flag ever put on a number, newest first.
    pub async fn flags_of_phone(&self, phone: &str) -> anyhow::Result<Vec<FlagRow>> {
        let sql = format!("SELECT {FLAG_COLUMNS} FROM misuse_flags WHERE phone = $1 ORDER BY id DESC");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(phone).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(flag_row).collect())
    }

    /// The newest flags, changed ones first: those not lifted and not past
    /// `today` before the rest.
    pub async fn recent_flags(&self, today: &str, limit: i64) -> anyhow::Result<Vec<FlagRow>> {
        let sql = format!(
            "SELECT {FLAG_COLUMNS} FROM misuse_flags
             ORDER BY CASE WHEN lifted = 0 AND until_day >= $1 THEN 0 ELSE 1 END, updated_at DESC LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(today).bind(limit).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(flag_row).collect())
    }
}

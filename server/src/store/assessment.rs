//! The assessment schemes (migration 0018): every version of every year's
//! scheme, added with its audit entry; never changed.

use super::audit::write_audit;
use super::{millis, AuditEntry, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

impl Store {
    /// A year's next version with its audit entry; `None` when that version
    /// was added meanwhile by someone else.
    pub async fn insert_scheme(&self, year: i32, version: i64, in_force_from: &str, snapshot: &str, at: DateTime<Utc>, audit: AuditEntry) -> anyhow::Result<Option<i64>> {
        let mut tx = self.writer.begin().await?;
        let id: Option<i64> = sqlx::query(
            "INSERT INTO assessment_schemes (year, version, in_force_from, snapshot, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (year, version) DO NOTHING RETURNING id",
        )
        .bind(i64::from(year))
        .bind(version)
        .bind(in_force_from)
        .bind(snapshot)
        .bind(millis(at))
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.get(0));
        if id.is_some() {
            write_audit(&mut tx, &audit).await?;
            tx.commit().await?;
        }
        Ok(id)
    }

    /// The snapshots of a year's versions, oldest first.
    pub async fn schemes(&self, year: i32) -> anyhow::Result<Vec<String>> {
        let rows = sqlx::query("SELECT snapshot FROM assessment_schemes WHERE year = $1 ORDER BY version")
            .bind(i64::from(year))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
}

//! The monthly reports (migration 0016): one row per version of an office's
//! report of a month, the whole version as its snapshot. Each step is written
//! with its audit entry in one transaction; an issued row is never written
//! again (every update asks for a draft at the version it was read at).

use super::audit::{commit_insert_with_audit, commit_with_audit};
use super::{from_millis, millis, AuditEntry, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRow {
    pub id: i64,
    pub author: String,
    pub month: String,
    pub version: i64,
    pub state: String,
    pub snapshot: String,
    pub row_version: i64,
    pub updated_at: DateTime<Utc>,
}

const REPORT_COLUMNS: &str = "id, author, month, version, state, snapshot, row_version, updated_at";

fn report_row(r: &sqlx::any::AnyRow) -> ReportRow {
    ReportRow {
        id: r.get(0),
        author: r.get(1),
        month: r.get(2),
        version: r.get(3),
        state: r.get(4),
        snapshot: r.get(5),
        row_version: r.get(6),
        updated_at: from_millis(r.get(7)),
    }
}

impl Store {
    /// A new version of an office's month with its audit entry; `None` when
    /// that version exists already (someone drafted it first).
    pub async fn insert_report(
        &self,
        author: &str,
        month: &str,
        version: i64,
        snapshot: &str,
        at: DateTime<Utc>,
        audit: AuditEntry,
    ) -> anyhow::Result<Option<i64>> {
        let mut tx = self.writer.begin().await?;
        let id: Option<i64> = sqlx::query(
            "INSERT INTO reports (author, month, version, state, snapshot, row_version, updated_at)
             VALUES ($1, $2, $3, 'draft', $4, 1, $5)
             ON CONFLICT (author, month, version) DO NOTHING RETURNING id",
        )
        .bind(author)
        .bind(month)
        .bind(version)
        .bind(snapshot)
        .bind(millis(at))
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.get(0));
        commit_insert_with_audit(tx, id, &audit).await
    }

    /// Writes a draft over `row_version` (as a draft, or issued) with its
    /// audit entries; false when it is no longer that draft.
    pub async fn update_report(&self, id: i64, row_version: i64, state: &str, snapshot: &str, at: DateTime<Utc>, audit: &[AuditEntry]) -> anyhow::Result<bool> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query(
            "UPDATE reports SET state = $1, snapshot = $2, row_version = row_version + 1, updated_at = $3
             WHERE id = $4 AND row_version = $5 AND state = 'draft'",
        )
        .bind(state)
        .bind(snapshot)
        .bind(millis(at))
        .bind(id)
        .bind(row_version)
        .execute(&mut *tx)
        .await?;
        commit_with_audit(tx, done.rows_affected(), audit).await
    }

    pub async fn report(&self, id: i64) -> anyhow::Result<Option<ReportRow>> {
        let sql = format!("SELECT {REPORT_COLUMNS} FROM reports WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await?;
        Ok(row.as_ref().map(report_row))
    }

    /// Every version of a month's reports, of one author or (`None`) of all,
    /// by author and version.
    pub async fn reports_of_month(&self, month: &str, author: Option<&str>) -> anyhow::Result<Vec<ReportRow>> {
        let sql = format!(
            "SELECT {REPORT_COLUMNS} FROM reports WHERE month = $1 AND ($2 = '' OR author = $2) ORDER BY author, version"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(month).bind(author.unwrap_or("")).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(report_row).collect())
    }
}

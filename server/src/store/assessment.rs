//! The assessment schemes (migration 0018): every version of every year's
//! scheme, added with its audit entry; never changed.

use super::audit::commit_insert_with_audit;
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
        commit_insert_with_audit(tx, id, &audit).await
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

/// A period's results to publish, with a notice to each unit (its
/// `request_number` is set to the publication's id).
pub struct NewPublication<'a> {
    pub period: &'a str,
    pub version: i64,
    pub snapshot: &'a str,
    pub notices: &'a [super::StaffNoticeRow],
}

/// Adds a publication and its notices on `conn`; `None` when that version exists.
pub(super) async fn insert_publication_on(conn: &mut sqlx::AnyConnection, p: &NewPublication<'_>, at: DateTime<Utc>) -> anyhow::Result<Option<i64>> {
    let id: Option<i64> = sqlx::query(
        "INSERT INTO assessment_publications (period, version, snapshot, published_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (period, version) DO NOTHING RETURNING id",
    )
    .bind(p.period)
    .bind(p.version)
    .bind(p.snapshot)
    .bind(millis(at))
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| r.get(0));
    if let Some(id) = id {
        for n in p.notices {
            let n = super::StaffNoticeRow { request_number: id.to_string(), ..n.clone() };
            super::staff_notices::insert(conn, &n, millis(at)).await?;
        }
    }
    Ok(id)
}

/// A stored publication: its id and snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicationRow {
    pub id: i64,
    pub snapshot: String,
}

impl Store {
    /// A period's published results with a notice to each unit and the
    /// audit entry, in one transaction; `None` when that version exists.
    pub async fn insert_publication(
        &self,
        period: &str,
        version: i64,
        snapshot: &str,
        at: DateTime<Utc>,
        notices: &[super::StaffNoticeRow],
        audit: AuditEntry,
    ) -> anyhow::Result<Option<i64>> {
        let mut tx = self.writer.begin().await?;
        let id = insert_publication_on(&mut tx, &NewPublication { period, version, snapshot, notices }, at).await?;
        commit_insert_with_audit(tx, id, &audit).await
    }

    /// Publications, newest first.
    pub async fn publications(&self, limit: i64) -> anyhow::Result<Vec<PublicationRow>> {
        let rows = sqlx::query("SELECT id, snapshot FROM assessment_publications ORDER BY id DESC LIMIT $1").bind(limit).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| PublicationRow { id: r.get(0), snapshot: r.get(1) }).collect())
    }

    pub async fn publication(&self, id: i64) -> anyhow::Result<Option<PublicationRow>> {
        let row = sqlx::query("SELECT id, snapshot FROM assessment_publications WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
        Ok(row.map(|r| PublicationRow { id: r.get(0), snapshot: r.get(1) }))
    }

    /// Whether a period has been published.
    pub async fn publication_of(&self, period: &str) -> anyhow::Result<Option<PublicationRow>> {
        let row = sqlx::query("SELECT id, snapshot FROM assessment_publications WHERE period = $1 ORDER BY version DESC LIMIT 1")
            .bind(period)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| PublicationRow { id: r.get(0), snapshot: r.get(1) }))
    }
}

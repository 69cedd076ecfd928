//! Appeals against published assessment results (Art. 38, migration 0020):
//! lodged with a notice to the center, answered once — an upheld appeal
//! publishes the period again in the same transaction.

use super::assessment::{insert_publication_on, NewPublication};
use super::audit::{commit_insert_with_audit, commit_with_audit};
use super::{millis, AuditEntry, StaffNoticeRow, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

/// A stored appeal: its id and snapshot (the domain's `Appeal`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppealRow {
    pub id: i64,
    pub snapshot: String,
}

/// A new appeal: its key columns and snapshot.
pub struct NewAppeal<'a> {
    pub period: &'a str,
    pub unit_id: &'a str,
    pub subject: &'a str,
    pub snapshot: &'a str,
    /// Files `by` uploaded for it, claimed in the same transaction.
    pub files: &'a [String],
    pub by: &'a str,
}

/// What lodging an appeal came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppealInsert {
    Lodged(i64),
    /// The unit appealed the same subject of the period already.
    Duplicate,
    /// A file is not one its appellant uploaded and no appeal holds yet.
    FileGone,
}

/// An answer: the appeal's new state and snapshot, and, when upheld, the
/// period's next publication.
pub struct AppealAnswer<'a> {
    pub id: i64,
    pub state: &'a str,
    pub snapshot: &'a str,
    pub republication: Option<NewPublication<'a>>,
}

fn rows(rows: Vec<sqlx::any::AnyRow>) -> Vec<AppealRow> {
    rows.iter().map(|r| AppealRow { id: r.get(0), snapshot: r.get(1) }).collect()
}

impl Store {
    /// The appeal with its files, notices (their `request_number` set to
    /// the appeal's id) and audit entry — all or nothing.
    pub async fn insert_appeal(&self, a: NewAppeal<'_>, at: DateTime<Utc>, notices: &[StaffNoticeRow], audit: AuditEntry) -> anyhow::Result<AppealInsert> {
        let mut tx = self.writer.begin().await?;
        let id: Option<i64> = sqlx::query(
            "INSERT INTO assessment_appeals (period, unit_id, subject, state, snapshot, lodged_at)
             VALUES ($1, $2, $3, 'lodged', $4, $5) ON CONFLICT (period, unit_id, subject) DO NOTHING RETURNING id",
        )
        .bind(a.period)
        .bind(a.unit_id)
        .bind(a.subject)
        .bind(a.snapshot)
        .bind(millis(at))
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.get(0));
        let Some(id) = id else {
            return Ok(AppealInsert::Duplicate);
        };
        for file in a.files {
            let claimed = sqlx::query(
                "UPDATE attachments SET appeal_id = $1 WHERE id = $2 AND uploaded_by = $3 AND appeal_id IS NULL AND request_number IS NULL",
            )
            .bind(id)
            .bind(file)
            .bind(a.by)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if claimed != 1 {
                return Ok(AppealInsert::FileGone);
            }
        }
        for n in notices {
            let n = StaffNoticeRow { request_number: id.to_string(), ..n.clone() };
            super::staff_notices::insert(&mut tx, &n, millis(at)).await?;
        }
        Ok(match commit_insert_with_audit(tx, Some(id), &audit).await? {
            Some(id) => AppealInsert::Lodged(id),
            None => AppealInsert::Duplicate,
        })
    }

    /// Answers a lodged appeal, publishing the period again when upheld,
    /// with the notices (their subject given) and audit entries, in one
    /// transaction; `None` when it was answered meanwhile (or that
    /// publication version exists), nothing written. Returns the new
    /// publication's id, if any.
    pub async fn answer_appeal(&self, a: AppealAnswer<'_>, at: DateTime<Utc>, notices: &[StaffNoticeRow], audit: &[AuditEntry]) -> anyhow::Result<Option<Option<i64>>> {
        let mut tx = self.writer.begin().await?;
        let changed = sqlx::query("UPDATE assessment_appeals SET state = $1, snapshot = $2 WHERE id = $3 AND state = 'lodged'")
            .bind(a.state)
            .bind(a.snapshot)
            .bind(a.id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed != 1 {
            return Ok(None);
        }
        let published = match &a.republication {
            Some(p) => match insert_publication_on(&mut tx, p, at).await? {
                Some(id) => Some(id),
                None => return Ok(None),
            },
            None => None,
        };
        for n in notices {
            super::staff_notices::insert(&mut tx, n, millis(at)).await?;
        }
        Ok(commit_with_audit(tx, 1, audit).await?.then_some(published))
    }

    pub async fn appeal(&self, id: i64) -> anyhow::Result<Option<AppealRow>> {
        let row = sqlx::query("SELECT id, snapshot FROM assessment_appeals WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
        Ok(row.map(|r| AppealRow { id: r.get(0), snapshot: r.get(1) }))
    }

    /// A period's appeals, oldest first (the corrections its scores take in).
    pub async fn appeals_of_period(&self, period: &str) -> anyhow::Result<Vec<AppealRow>> {
        let found = sqlx::query("SELECT id, snapshot FROM assessment_appeals WHERE period = $1 ORDER BY id").bind(period).fetch_all(&self.pool).await?;
        Ok(rows(found))
    }

    /// Appeals newest first: every unit's, or one unit's.
    pub async fn appeals(&self, unit_id: Option<&str>, limit: i64) -> anyhow::Result<Vec<AppealRow>> {
        let found = match unit_id {
            Some(u) => sqlx::query("SELECT id, snapshot FROM assessment_appeals WHERE unit_id = $1 ORDER BY id DESC LIMIT $2").bind(u).bind(limit).fetch_all(&self.pool).await?,
            None => sqlx::query("SELECT id, snapshot FROM assessment_appeals ORDER BY id DESC LIMIT $1").bind(limit).fetch_all(&self.pool).await?,
        };
        Ok(rows(found))
    }
}

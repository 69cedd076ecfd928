//! Cases and hot topics for the public page (Art. 35, migration 0024): a
//! proposal per request at a time, its review by a second person, the
//! published ones for everyone; each change with its audit entry.

use super::audit::{commit_insert_with_audit, commit_with_audit};
use super::{from_millis, millis, AuditEntry, Store};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;

/// A case as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicCaseRow {
    pub id: i64,
    pub request_number: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub outcome: String,
    pub category: Option<String>,
    pub county: String,
    pub township: Option<String>,
    pub month: String,
    pub state: String,
    pub proposed_by: String,
    pub proposed_at: DateTime<Utc>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_note: Option<String>,
}

/// A new proposal: everything but its id, state and review.
pub struct NewPublicCase<'a> {
    pub request_number: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub outcome: &'a str,
    pub category: Option<&'a str>,
    pub county: &'a str,
    pub township: Option<&'a str>,
    pub month: &'a str,
    pub by: &'a str,
}

const COLUMNS: &str = "id, request_number, kind, title, summary, outcome, category, county, township, month, state,
    proposed_by, proposed_at, reviewed_by, reviewed_at, review_note";

fn case_from_row(r: &AnyRow) -> PublicCaseRow {
    PublicCaseRow {
        id: r.get(0),
        request_number: r.get(1),
        kind: r.get(2),
        title: r.get(3),
        summary: r.get(4),
        outcome: r.get(5),
        category: r.get(6),
        county: r.get(7),
        township: r.get(8),
        month: r.get(9),
        state: r.get(10),
        proposed_by: r.get(11),
        proposed_at: from_millis(r.get(12)),
        reviewed_by: r.get(13),
        reviewed_at: r.get::<Option<i64>, _>(14).map(from_millis),
        review_note: r.get(15),
    }
}

impl Store {
    /// Stores a proposal with its audit entry; `None` when the request has a
    /// proposed or published case already (nothing written).
    pub async fn insert_public_case(&self, c: NewPublicCase<'_>, at: DateTime<Utc>, audit: AuditEntry) -> anyhow::Result<Option<i64>> {
        let mut tx = self.writer.begin().await?;
        let id: Option<i64> = sqlx::query(
            "INSERT INTO public_cases (request_number, kind, title, summary, outcome, category, county, township, month, state, proposed_by, proposed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'proposed', $10, $11) ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(c.request_number)
        .bind(c.kind)
        .bind(c.title)
        .bind(c.summary)
        .bind(c.outcome)
        .bind(c.category)
        .bind(c.county)
        .bind(c.township)
        .bind(c.month)
        .bind(c.by)
        .bind(millis(at))
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.get(0));
        commit_insert_with_audit(tx, id, &audit).await
    }

    pub async fn public_case(&self, id: i64) -> anyhow::Result<Option<PublicCaseRow>> {
        let sql = format!("SELECT {COLUMNS} FROM public_cases WHERE id = $1");
        Ok(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await?.map(|r| case_from_row(&r)))
    }

    /// The cases in `states` (all when empty), newest first, at most `limit`.
    pub async fn public_cases(&self, states: &[&str], kind: Option<&str>, limit: i64) -> anyhow::Result<Vec<PublicCaseRow>> {
        let mut filter = Vec::new();
        if !states.is_empty() {
            filter.push(format!("state IN ({})", super::sql::placeholders(1, states.len())));
        }
        if kind.is_some() {
            filter.push(format!("kind = ${}", states.len() + 1));
        }
        let filter = if filter.is_empty() { String::new() } else { format!("WHERE {}", filter.join(" AND ")) };
        let n = states.len() + usize::from(kind.is_some());
        let sql = format!("SELECT {COLUMNS} FROM public_cases {filter} ORDER BY COALESCE(reviewed_at, proposed_at) DESC, id DESC LIMIT ${}", n + 1);
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for s in states {
            q = q.bind(*s);
        }
        if let Some(k) = kind {
            q = q.bind(k);
        }
        Ok(q.bind(limit).fetch_all(&self.pool).await?.iter().map(case_from_row).collect())
    }

    /// Moves a case from `from` to `to` with who, when and why, and its audit
    /// entry; false when it was not in `from` (someone acted first), nothing written.
    pub async fn move_public_case(&self, id: i64, from: &str, to: &str, by: &str, at: DateTime<Utc>, note: Option<&str>, audit: AuditEntry) -> anyhow::Result<bool> {
        let mut tx = self.writer.begin().await?;
        let changed = sqlx::query("UPDATE public_cases SET state = $1, reviewed_by = $2, reviewed_at = $3, review_note = $4 WHERE id = $5 AND state = $6")
            .bind(to)
            .bind(by)
            .bind(millis(at))
            .bind(note)
            .bind(id)
            .bind(from)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        commit_with_audit(tx, changed, &[audit]).await
    }
}

//! The knowledge base's entries (Art. 14(1), 28, 36) and their versions.
//! `knowledge_entries` holds per entry the content that is read (the last
//! published version; for an entry never published, its first draft) and
//! where the latest version stands; `knowledge_versions` every version,
//! with who wrote it for which unit and who decided on it. Searching is the
//! search index's work: every change queues the entry for it.

use super::sql::AnyQuery;
use super::search_queue::{queue_for_index, QUEUE_ENTRY};
use super::staff_notices::{self, StaffNoticeRow};
use super::{from_millis, millis, Store};

/// The notice kind of an entry's review step; its `request_number` holds the entry's code.
pub const KNOWLEDGE_NOTICE: &str = "knowledge";
/// The notice kind of a unit's entries due for another look.
pub const STALE_NOTICE: &str = "knowledge_stale";
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyConnection, Row};

/// What an entry says: the same in every version and in what is read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KnowledgeText {
    pub question: String,
    pub answer: String,
    pub basis: String,
    pub category: Option<String>,
    /// Space-separated.
    pub tags: String,
    /// `YYYY-MM-DD`.
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
}

/// The text's columns, in this order, wherever they are written or read.
const TEXT_COLUMNS: &str = "question, answer, basis, category, tags, valid_from, valid_until";

fn bind_text<'q>(q: AnyQuery<'q>, t: &KnowledgeText) -> AnyQuery<'q> {
    q.bind(t.question.clone())
        .bind(t.answer.clone())
        .bind(t.basis.clone())
        .bind(t.category.clone())
        .bind(t.tags.clone())
        .bind(t.valid_from.clone())
        .bind(t.valid_until.clone())
}

/// The text from a row whose columns `first..first + 7` are `TEXT_COLUMNS`.
fn text_from(r: &sqlx::any::AnyRow, first: usize) -> KnowledgeText {
    KnowledgeText {
        question: r.get(first),
        answer: r.get(first + 1),
        basis: r.get(first + 2),
        category: r.get(first + 3),
        tags: r.get(first + 4),
        valid_from: r.get(first + 5),
        valid_until: r.get(first + 6),
    }
}

/// An entry as it is read, with where its latest version stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnowledgeRow {
    pub code: String,
    /// The last published version's (for an entry never published, its first draft's).
    pub text: KnowledgeText,
    pub unit_id: Option<String>,
    pub updated_at: DateTime<Utc>,
    /// Of the latest version: draft, review, published, expired.
    pub status: String,
    pub latest_version: i64,
    /// The version that is read, if any.
    pub live_version: Option<i64>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

/// One version of an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnowledgeVersion {
    pub code: String,
    pub version: i64,
    pub text: KnowledgeText,
    pub status: String,
    pub written_by: String,
    pub written_unit: Option<String>,
    pub written_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub note: Option<String>,
}

/// Which entries a list shows.
#[derive(Clone, Debug, Default)]
pub struct KnowledgeFilter {
    /// Owned by one of these units (`None`: any).
    pub units: Option<Vec<String>>,
    pub status: Option<String>,
    /// Last reviewed before this (or never): stale.
    pub reviewed_before: Option<DateTime<Utc>>,
}

/// What is read on day `$1` (`YYYY-MM-DD`, which sorts as dates do): a
/// published version, not withdrawn, in force. The same rule as
/// `service::indexer::entry_is_read`, for lists the store makes itself;
/// `tests/knowledge.rs` holds the two to the same answers.
const READ_ON: &str = "live_version IS NOT NULL AND status <> 'expired'
     AND (valid_from IS NULL OR valid_from <= $1) AND (valid_until IS NULL OR valid_until >= $1)";

/// Columns of an entry: the text from index 1.
fn entry_columns() -> String {
    format!("code, {TEXT_COLUMNS}, unit_id, updated_at, status, latest_version, live_version, reviewed_at")
}

/// Columns of a version: the text from index 2.
fn version_columns() -> String {
    format!("code, version, {TEXT_COLUMNS}, status, written_by, written_unit, written_at, decided_by, decided_at, note")
}

fn entry_from(r: &sqlx::any::AnyRow) -> KnowledgeRow {
    KnowledgeRow {
        code: r.get(0),
        text: text_from(r, 1),
        unit_id: r.get(8),
        updated_at: from_millis(r.get(9)),
        status: r.get(10),
        latest_version: r.get(11),
        live_version: r.get(12),
        reviewed_at: r.get::<Option<i64>, _>(13).map(from_millis),
    }
}

fn version_from(r: &sqlx::any::AnyRow) -> KnowledgeVersion {
    KnowledgeVersion {
        code: r.get(0),
        version: r.get(1),
        text: text_from(r, 2),
        status: r.get(9),
        written_by: r.get(10),
        written_unit: r.get(11),
        written_at: from_millis(r.get(12)),
        decided_by: r.get(13),
        decided_at: r.get::<Option<i64>, _>(14).map(from_millis),
        note: r.get(15),
    }
}

async fn insert_version(conn: &mut AnyConnection, v: &KnowledgeVersion) -> Result<(), sqlx::Error> {
    let sql = format!(
        "INSERT INTO knowledge_versions ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        version_columns()
    );
    let q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(v.code.clone()).bind(v.version);
    bind_text(q, &v.text)
    .bind(&v.status)
    .bind(&v.written_by)
    .bind(&v.written_unit)
    .bind(millis(v.written_at))
    .bind(&v.decided_by)
    .bind(v.decided_at.map(millis))
    .bind(&v.note)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A new entry at its first version; `live`: that version is read (reviewed at `at`).
async fn insert_entry(
    conn: &mut AnyConnection,
    code: &str,
    text: &KnowledgeText,
    unit: Option<&str>,
    status: &str,
    live: Option<i64>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "INSERT INTO knowledge_entries ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $13)",
        entry_columns()
    );
    let q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(code.to_string());
    bind_text(q, text)
        .bind(unit.map(str::to_string))
        .bind(millis(at))
        .bind(status.to_string())
        .bind(live)
        .bind(live.map(|_| millis(at)))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Makes `v` the content that is read.
async fn publish_content(conn: &mut AnyConnection, v: &KnowledgeVersion, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let q = sqlx::query(
        "UPDATE knowledge_entries SET question = $1, answer = $2, basis = $3, category = $4, tags = $5, valid_from = $6,
            valid_until = $7, live_version = $8, reviewed_at = $9, updated_at = $9, status = 'published'
         WHERE code = $10",
    );
    bind_text(q, &v.text)
    .bind(v.version)
    .bind(millis(at))
    .bind(&v.code)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// A published entry with its first version (the demo's starting base).
    pub async fn insert_knowledge(&self, e: &KnowledgeRow) -> anyhow::Result<()> {
        let e = e.clone();
        self.write(move |conn| {
            Box::pin(async move {
                insert_entry(conn, &e.code, &e.text, e.unit_id.as_deref(), "published", Some(1), e.updated_at).await?;
                let v = KnowledgeVersion {
                    code: e.code.clone(),
                    version: 1,
                    text: e.text.clone(),
                    status: "published".into(),
                    written_by: "seed".into(),
                    written_unit: e.unit_id.clone(),
                    written_at: e.updated_at,
                    decided_by: Some("seed".into()),
                    decided_at: Some(e.updated_at),
                    note: None,
                };
                insert_version(conn, &v).await?;
                queue_for_index(conn, QUEUE_ENTRY, &e.code).await?;
                Ok(((), true))
            })
        })
        .await
    }

    /// A new entry whose first version is the draft `v` (version 1), owned
    /// by `unit`; false when the code is taken.
    pub async fn create_knowledge(&self, v: &KnowledgeVersion, unit: &str) -> anyhow::Result<bool> {
        let (v, unit) = (v.clone(), unit.to_string());
        self.write(move |conn| {
            Box::pin(async move {
                let taken: i64 = sqlx::query("SELECT COUNT(*) FROM knowledge_entries WHERE code = $1").bind(&v.code).fetch_one(&mut *conn).await?.get(0);
                if taken > 0 {
                    return Ok((false, false));
                }
                insert_entry(conn, &v.code, &v.text, Some(&unit), &v.status, None, v.written_at).await?;
                insert_version(conn, &v).await?;
                queue_for_index(conn, QUEUE_ENTRY, &v.code).await?;
                Ok((true, true))
            })
        })
        .await
    }

    /// Adds version `v` (the next one) and records its status as the
    /// latest, if the latest is still `expected` (else false: someone was first).
    pub async fn add_knowledge_version(&self, v: &KnowledgeVersion, expected: i64) -> anyhow::Result<bool> {
        let v = v.clone();
        self.write(move |conn| {
            Box::pin(async move {
                let done = sqlx::query("UPDATE knowledge_entries SET latest_version = $1, status = $2, updated_at = $3 WHERE code = $4 AND latest_version = $5")
                    .bind(v.version)
                    .bind(&v.status)
                    .bind(millis(v.written_at))
                    .bind(&v.code)
                    .bind(expected)
                    .execute(&mut *conn)
                    .await?;
                if done.rows_affected() != 1 {
                    return Ok((false, false));
                }
                insert_version(conn, &v).await?;
                queue_for_index(conn, QUEUE_ENTRY, &v.code).await?;
                Ok((true, true))
            })
        })
        .await
    }

    /// Moves the latest version (`version`, still the latest) to `status`:
    /// submitted, sent back with `note`, published (its content is then what
    /// is read) or expired (nothing is read any more). False when the
    /// latest version is no longer `version`.
    /// `notice`, if any, is written with the decision.
    pub async fn decide_knowledge(
        &self,
        code: &str,
        version: i64,
        status: &str,
        by: &str,
        note: Option<String>,
        at: DateTime<Utc>,
        notice: Option<StaffNoticeRow>,
    ) -> anyhow::Result<bool> {
        let (code, status, by) = (code.to_string(), status.to_string(), by.to_string());
        self.write(move |conn| {
            Box::pin(async move {
                let done = sqlx::query("UPDATE knowledge_entries SET status = $1, updated_at = $2 WHERE code = $3 AND latest_version = $4")
                    .bind(&status)
                    .bind(millis(at))
                    .bind(&code)
                    .bind(version)
                    .execute(&mut *conn)
                    .await?;
                if done.rows_affected() != 1 {
                    return Ok((false, false));
                }
                sqlx::query("UPDATE knowledge_versions SET status = $1, decided_by = $2, decided_at = $3, note = $4 WHERE code = $5 AND version = $6")
                    .bind(&status)
                    .bind(&by)
                    .bind(millis(at))
                    .bind(&note)
                    .bind(&code)
                    .bind(version)
                    .execute(&mut *conn)
                    .await?;
                match status.as_str() {
                    "published" => {
                        let sql = format!("SELECT {} FROM knowledge_versions WHERE code = $1 AND version = $2", version_columns());
                        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&code).bind(version).fetch_one(&mut *conn).await?;
                        publish_content(conn, &version_from(&row), at).await?;
                    }
                    "expired" => {
                        sqlx::query("UPDATE knowledge_entries SET live_version = NULL WHERE code = $1").bind(&code).execute(&mut *conn).await?;
                    }
                    _ => {}
                }
                if let Some(notice) = &notice {
                    staff_notices::insert(conn, notice, millis(at)).await?;
                }
                queue_for_index(conn, QUEUE_ENTRY, &code).await?;
                Ok((true, true))
            })
        })
        .await
    }

    /// Tells each unit how many of its published entries have gone unreviewed
    /// since before `cutoff` and were not yet announced since their last
    /// review (`text` words the count); returns (unit, count).
    pub async fn announce_stale_knowledge(
        &self,
        cutoff: DateTime<Utc>,
        now: DateTime<Utc>,
        text: impl Fn(i64) -> String + Send + 'static,
    ) -> anyhow::Result<Vec<(String, i64)>> {
        const NEWLY_STALE: &str = "live_version IS NOT NULL AND status <> 'expired' AND unit_id IS NOT NULL
             AND COALESCE(reviewed_at, 0) < $1 AND (stale_noticed_at IS NULL OR stale_noticed_at < COALESCE(reviewed_at, 0))";
        self.write(move |conn| {
            Box::pin(async move {
                let sql = format!("SELECT unit_id, COUNT(*) FROM knowledge_entries WHERE {NEWLY_STALE} GROUP BY unit_id ORDER BY unit_id");
                let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(millis(cutoff)).fetch_all(&mut *conn).await?;
                let counts: Vec<(String, i64)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
                if counts.is_empty() {
                    return Ok((counts, false));
                }
                let sql = format!("UPDATE knowledge_entries SET stale_noticed_at = $2 WHERE {NEWLY_STALE}");
                sqlx::query(sqlx::AssertSqlSafe(sql)).bind(millis(cutoff)).bind(millis(now)).execute(&mut *conn).await?;
                for (unit, n) in &counts {
                    let notice = StaffNoticeRow { unit_id: unit.clone(), kind: STALE_NOTICE.into(), request_number: String::new(), body: text(*n) };
                    staff_notices::insert(conn, &notice, millis(now)).await?;
                }
                Ok((counts, true))
            })
        })
        .await
    }

    pub async fn knowledge_entry(&self, code: &str) -> anyhow::Result<Option<KnowledgeRow>> {
        Ok(self.knowledge_where("code = $1", &[code]).await?.into_iter().next())
    }

    /// These entries, in the order of `codes` (unknown codes left out).
    pub async fn knowledge_entries(&self, codes: &[String]) -> anyhow::Result<Vec<KnowledgeRow>> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let cond = format!("code IN ({})", super::sql::placeholders(1, codes.len()));
        let args: Vec<&str> = codes.iter().map(String::as_str).collect();
        let rows = self.knowledge_where(&cond, &args).await?;
        Ok(codes.iter().filter_map(|c| rows.iter().find(|r| &r.code == c).cloned()).collect())
    }

    pub(super) async fn knowledge_where(&self, cond: &str, args: &[&str]) -> anyhow::Result<Vec<KnowledgeRow>> {
        let sql = format!("SELECT {} FROM knowledge_entries WHERE {cond} ORDER BY code", entry_columns());
        let q = args.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, a| q.bind(*a));
        Ok(q.fetch_all(&self.pool).await?.iter().map(entry_from).collect())
    }

    /// Entries read on `today` (in `category` if given), by code, at most `limit`.
    pub async fn knowledge_read_on(&self, today: NaiveDate, category: Option<&str>, limit: i64) -> anyhow::Result<Vec<KnowledgeRow>> {
        let day = today.format("%Y-%m-%d").to_string();
        let sql = format!(
            "SELECT {} FROM knowledge_entries WHERE {READ_ON} AND ($2 = '' OR category = $2) ORDER BY code LIMIT $3",
            entry_columns()
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(day).bind(category.unwrap_or_default()).bind(limit).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(entry_from).collect())
    }

    /// The categories of the entries read on `today`.
    pub async fn knowledge_categories_read_on(&self, today: NaiveDate) -> anyhow::Result<Vec<String>> {
        let day = today.format("%Y-%m-%d").to_string();
        let sql = format!("SELECT DISTINCT category FROM knowledge_entries WHERE {READ_ON} AND category IS NOT NULL ORDER BY category");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(day).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// Entries matching `f`, by code, a page at a time, and how many match.
    pub async fn knowledge_list(&self, f: &KnowledgeFilter, limit: i64, offset: i64) -> anyhow::Result<(Vec<KnowledgeRow>, i64)> {
        let mut conds = vec!["1 = 1".to_string()];
        let mut args: Vec<String> = Vec::new();
        if let Some(units) = &f.units {
            let first = args.len() + 1;
            conds.push(format!("unit_id IN ({})", if units.is_empty() { "NULL".into() } else { super::sql::placeholders(first, units.len()) }));
            args.extend(units.iter().cloned());
        }
        if let Some(status) = &f.status {
            args.push(status.clone());
            conds.push(format!("status = ${}", args.len()));
        }
        let mut before = None;
        if let Some(t) = f.reviewed_before {
            before = Some(millis(t));
            conds.push(format!("(reviewed_at IS NULL OR reviewed_at < ${})", args.len() + 1));
        }
        let filter = conds.join(" AND ");
        let n = args.len() + usize::from(before.is_some());
        let bind = |sql: String| {
            let q = args.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, a| q.bind(a.clone()));
            match before {
                Some(b) => q.bind(b),
                None => q,
            }
        };
        let rows = bind(format!("SELECT {} FROM knowledge_entries WHERE {filter} ORDER BY code LIMIT ${} OFFSET ${}", entry_columns(), n + 1, n + 2))
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        let total: i64 = bind(format!("SELECT COUNT(*) FROM knowledge_entries WHERE {filter}")).fetch_one(&self.pool).await?.get(0);
        Ok((rows.iter().map(entry_from).collect(), total))
    }

    /// Every version of an entry, newest first.
    pub async fn knowledge_versions(&self, code: &str) -> anyhow::Result<Vec<KnowledgeVersion>> {
        let sql = format!("SELECT {} FROM knowledge_versions WHERE code = $1 ORDER BY version DESC", version_columns());
        Ok(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(code).fetch_all(&self.pool).await?.iter().map(version_from).collect())
    }

    /// The largest number among the codes `KB-nnnn` (for the next code).
    pub async fn last_knowledge_number(&self) -> anyhow::Result<i64> {
        let codes: Vec<String> = sqlx::query("SELECT code FROM knowledge_entries WHERE code LIKE 'KB-%'").fetch_all(&self.pool).await?.iter().map(|r| r.get(0)).collect();
        Ok(codes.iter().filter_map(|c| c.strip_prefix("KB-")?.parse::<i64>().ok()).max().unwrap_or(0))
    }

    /// Versions written per unit since `since`: (unit, versions) — the
    /// update activity the assessment counts (Art. 36).
    pub async fn knowledge_activity(&self, since: DateTime<Utc>) -> anyhow::Result<Vec<(String, i64)>> {
        let rows = sqlx::query(
            "SELECT written_unit, COUNT(*) FROM knowledge_versions WHERE written_at >= $1 AND written_unit IS NOT NULL AND written_by <> 'seed'
             GROUP BY written_unit ORDER BY written_unit",
        )
        .bind(millis(since))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// The versions staff wrote between two instants (from inclusive), each
    /// as its writer's unit and whether it began its entry (version 1).
    pub async fn knowledge_written(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> anyhow::Result<Vec<(String, bool)>> {
        let rows = sqlx::query(
            "SELECT written_unit, version FROM knowledge_versions
             WHERE written_at >= $1 AND written_at < $2 AND written_unit IS NOT NULL AND written_by <> 'seed'",
        )
        .bind(millis(from))
        .bind(millis(to))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get::<i64, _>(1) == 1)).collect())
    }

    /// Queues every entry for the index (validity days begin and end as days pass).
    pub async fn queue_all_entries(&self) -> anyhow::Result<()> {
        self.write(move |conn| {
            Box::pin(async move {
                sqlx::query("INSERT INTO search_queue (kind, key) SELECT $1, code FROM knowledge_entries").bind(QUEUE_ENTRY).execute(&mut *conn).await?;
                Ok(((), true))
            })
        })
        .await
    }
}

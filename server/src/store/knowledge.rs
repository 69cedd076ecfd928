//! The knowledge base's entries (Art. 14(1), 28). Searching them is the
//! search index's work; the store keeps the entries and queues every change
//! for the index.

use super::search_queue::{queue_for_index, QUEUE_ENTRY};
use super::{from_millis, millis, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnowledgeRow {
    pub code: String,
    pub question: String,
    pub answer: String,
    pub basis: String,
    pub category: Option<String>,
    pub unit_id: Option<String>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "code, question, answer, basis, category, unit_id, updated_at";

impl Store {
    pub async fn insert_knowledge(&self, e: &KnowledgeRow) -> anyhow::Result<()> {
        let e = e.clone();
        self.write(move |conn| {
            Box::pin(async move {
                sqlx::query(
                    "INSERT INTO knowledge_entries (code, question, answer, basis, category, unit_id, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&e.code)
                .bind(&e.question)
                .bind(&e.answer)
                .bind(&e.basis)
                .bind(&e.category)
                .bind(&e.unit_id)
                .bind(millis(e.updated_at))
                .execute(&mut *conn)
                .await?;
                queue_for_index(conn, QUEUE_ENTRY, &e.code).await?;
                Ok(((), true))
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
        let cond = format!("code IN ({})", super::requests::placeholders(1, codes.len()));
        let args: Vec<&str> = codes.iter().map(String::as_str).collect();
        let rows = self.knowledge_where(&cond, &args).await?;
        Ok(codes.iter().filter_map(|c| rows.iter().find(|r| &r.code == c).cloned()).collect())
    }

    pub(super) async fn knowledge_where(&self, cond: &str, args: &[&str]) -> anyhow::Result<Vec<KnowledgeRow>> {
        let sql = format!("SELECT {COLUMNS} FROM knowledge_entries WHERE {cond} ORDER BY code");
        let q = args.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, a| q.bind(*a));
        Ok(q.fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| KnowledgeRow {
                code: r.get(0),
                question: r.get(1),
                answer: r.get(2),
                basis: r.get(3),
                category: r.get(4),
                unit_id: r.get(5),
                updated_at: from_millis(r.get(6)),
            })
            .collect())
    }
}

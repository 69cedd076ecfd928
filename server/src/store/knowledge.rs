//! The knowledge base as the intake desk reads it: entries found by plain
//! words in their question or answer (issue 5 brings full-text search).

use super::{millis, Store};
use sqlx::Row;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnowledgeRow {
    pub code: String,
    pub question: String,
    pub answer: String,
    pub basis: String,
    pub category: Option<String>,
}

impl Store {
    pub async fn insert_knowledge(&self, e: &KnowledgeRow) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO knowledge_entries (code, question, answer, basis, category, updated_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&e.code)
        .bind(&e.question)
        .bind(&e.answer)
        .bind(&e.basis)
        .bind(&e.category)
        .bind(millis(chrono::Utc::now()))
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Entries whose question or answer holds every word, at most `limit`.
    pub async fn search_knowledge(&self, words: &[String], limit: i64) -> anyhow::Result<Vec<KnowledgeRow>> {
        let mut conds = Vec::new();
        let mut args = Vec::new();
        for w in words {
            args.push(super::contains_pattern(w));
            let n = args.len();
            conds.push(format!("(question LIKE ${n} ESCAPE '\\' OR answer LIKE ${n} ESCAPE '\\')"));
        }
        let filter = if conds.is_empty() { "1 = 1".to_string() } else { conds.join(" AND ") };
        let sql = format!(
            "SELECT code, question, answer, basis, category FROM knowledge_entries WHERE {filter} ORDER BY code LIMIT ${}",
            args.len() + 1
        );
        let rows = args.into_iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, a| q.bind(a)).bind(limit).fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(|r| KnowledgeRow { code: r.get(0), question: r.get(1), answer: r.get(2), basis: r.get(3), category: r.get(4) })
            .collect())
    }

    pub async fn knowledge_entry(&self, code: &str) -> anyhow::Result<Option<KnowledgeRow>> {
        let row = sqlx::query("SELECT code, question, answer, basis, category FROM knowledge_entries WHERE code = $1")
            .bind(code)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| KnowledgeRow { code: r.get(0), question: r.get(1), answer: r.get(2), basis: r.get(3), category: r.get(4) }))
    }
}

//! The records the search index takes in, read back by the indexer: request
//! snapshots (by number, or all of them in id order for a rebuild), their
//! states, and the knowledge entries.

use super::knowledge::KnowledgeRow;
use super::sql::placeholders;
use super::Store;
use sqlx::Row;

impl Store {
    /// The JSON snapshots of these requests, by number (missing ones left out).
    pub async fn request_snapshots(&self, numbers: &[String]) -> anyhow::Result<Vec<String>> {
        if numbers.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT snapshot FROM requests WHERE number IN ({})", placeholders(1, numbers.len()));
        let q = numbers.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, n| q.bind(n));
        Ok(q.fetch_all(&self.pool).await?.iter().map(|r| r.get(0)).collect())
    }
    /// Requests after id `after`, oldest first, at most `limit`: (id, snapshot).
    pub async fn request_snapshots_after(&self, after: i64, limit: i64) -> anyhow::Result<Vec<(i64, String)>> {
        let rows = sqlx::query("SELECT id, snapshot FROM requests WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }
    /// The state codes of these requests, by number.
    pub async fn request_states(&self, numbers: &[String]) -> anyhow::Result<std::collections::HashMap<String, String>> {
        if numbers.is_empty() {
            return Ok(Default::default());
        }
        let sql = format!("SELECT number, state FROM requests WHERE number IN ({})", placeholders(1, numbers.len()));
        let q = numbers.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, n| q.bind(n));
        Ok(q.fetch_all(&self.pool).await?.iter().map(|r| (r.get(0), r.get(1))).collect())
    }
    /// Every knowledge entry (a prefecture's base is thousands, not millions).
    pub async fn all_knowledge(&self) -> anyhow::Result<Vec<KnowledgeRow>> {
        self.knowledge_where("1 = 1", &[]).await
    }
}

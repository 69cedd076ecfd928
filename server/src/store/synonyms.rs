//! The search's synonym groups, which administrators keep (one line of
//! words per group).

use super::Store;
use sqlx::Row;

impl Store {
    /// Replaces every synonym group.
    pub async fn replace_synonyms(&self, groups: &[String]) -> anyhow::Result<()> {
        let groups = groups.to_vec();
        self.write(move |conn| {
            Box::pin(async move {
                sqlx::query("DELETE FROM search_synonyms").execute(&mut *conn).await?;
                for g in &groups {
                    sqlx::query("INSERT INTO search_synonyms (words) VALUES ($1)").bind(g).execute(&mut *conn).await?;
                }
                Ok(((), true))
            })
        })
        .await
    }
    /// The synonym groups, one line of words each.
    pub async fn synonym_groups(&self) -> anyhow::Result<Vec<(i64, String)>> {
        let rows = sqlx::query("SELECT id, words FROM search_synonyms ORDER BY id").fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }
}

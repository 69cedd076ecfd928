//! What the search index still has to take in: keys of changed records,
//! queued in the transaction of the change (see migration 0005), and the
//! records themselves, read back for indexing.

use super::knowledge::KnowledgeRow;
use super::Store;
use sqlx::{AnyConnection, Row};

/// A queued change: a request number or a knowledge-entry code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedKey {
    pub seq: i64,
    pub kind: String,
    pub key: String,
}

pub const QUEUE_REQUEST: &str = "request";
pub const QUEUE_ENTRY: &str = "entry";

/// Queues `key` for the index, inside the caller's transaction.
pub(super) async fn queue_for_index(conn: &mut AnyConnection, kind: &str, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO search_queue (kind, key) VALUES ($1, $2)").bind(kind).bind(key).execute(&mut *conn).await?;
    Ok(())
}

impl Store {
    /// The oldest queued keys, at most `limit`.
    pub async fn queued_for_index(&self, limit: i64) -> anyhow::Result<Vec<QueuedKey>> {
        self.queued_for_index_between(0, i64::MAX, limit).await
    }

    /// The oldest queued keys after position `after` up to `until`, at most `limit`.
    pub async fn queued_for_index_between(&self, after: i64, until: i64, limit: i64) -> anyhow::Result<Vec<QueuedKey>> {
        let rows = sqlx::query("SELECT seq, kind, key FROM search_queue WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3")
            .bind(after)
            .bind(until)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| QueuedKey { seq: r.get(0), kind: r.get(1), key: r.get(2) }).collect())
    }

    /// The newest queued position (0 when the queue is empty).
    pub async fn last_queued(&self) -> anyhow::Result<i64> {
        Ok(sqlx::query("SELECT COALESCE(MAX(seq), 0) FROM search_queue").fetch_one(&self.pool).await?.get(0))
    }

    /// Forgets these queued keys: the index has committed them. (Named one
    /// by one: on PostgreSQL a smaller position may still become visible
    /// after a larger one was read.)
    pub async fn indexed(&self, seqs: &[i64]) -> anyhow::Result<()> {
        if seqs.is_empty() {
            return Ok(());
        }
        let sql = format!("DELETE FROM search_queue WHERE seq IN ({})", super::requests::placeholders(1, seqs.len()));
        let seqs = seqs.to_vec();
        self.write(move |conn| {
            Box::pin(async move {
                let q = seqs.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, s| q.bind(*s));
                q.execute(&mut *conn).await?;
                Ok(((), true))
            })
        })
        .await
    }

    /// Forgets every queued key up to `seq` (after a rebuild that read the whole store).
    pub async fn indexed_up_to(&self, seq: i64) -> anyhow::Result<()> {
        self.write(move |conn| {
            Box::pin(async move {
                sqlx::query("DELETE FROM search_queue WHERE seq <= $1").bind(seq).execute(&mut *conn).await?;
                Ok(((), true))
            })
        })
        .await
    }

    /// The JSON snapshots of these requests, by number (missing ones left out).
    pub async fn request_snapshots(&self, numbers: &[String]) -> anyhow::Result<Vec<String>> {
        if numbers.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT snapshot FROM requests WHERE number IN ({})", super::requests::placeholders(1, numbers.len()));
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
        let sql = format!("SELECT number, state FROM requests WHERE number IN ({})", super::requests::placeholders(1, numbers.len()));
        let q = numbers.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, n| q.bind(n));
        Ok(q.fetch_all(&self.pool).await?.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Every knowledge entry (a prefecture's base is thousands, not millions).
    pub async fn all_knowledge(&self) -> anyhow::Result<Vec<KnowledgeRow>> {
        self.knowledge_where("1 = 1", &[]).await
    }

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

//! What the search index still has to take in: keys of changed records,
//! queued in the transaction of the change (see migration 0005). The
//! records themselves are read back in `index_source.rs`.

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
        let sql = format!("DELETE FROM search_queue WHERE seq IN ({})", super::sql::placeholders(1, seqs.len()));
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
}

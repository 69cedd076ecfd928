//! What the search indexes take in: keys of changed records, queued in the
//! transaction of the change (migration 0005). Each instance's index reads
//! on from its own position (migration 0030); keys are purged after a day.
//! The records themselves are read back in `index_source.rs`.

use super::{millis, Store};
use chrono::{DateTime, Utc};
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
    sqlx::query("INSERT INTO search_queue (kind, key, queued_at) VALUES ($1, $2, $3)")
        .bind(kind)
        .bind(key)
        .bind(millis(Utc::now()))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

impl Store {
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

    /// The oldest queued position (0 when the queue is empty).
    pub async fn first_queued(&self) -> anyhow::Result<i64> {
        Ok(sqlx::query("SELECT COALESCE(MIN(seq), 0) FROM search_queue").fetch_one(&self.pool).await?.get(0))
    }

    /// Forgets keys queued before `before` (every index has taken them in,
    /// or rebuilds). The newest key stays: an index behind an empty queue
    /// could not tell that it missed what was purged.
    pub async fn purge_search_queue(&self, before: DateTime<Utc>) -> anyhow::Result<u64> {
        let done = sqlx::query("DELETE FROM search_queue WHERE queued_at < $1 AND seq < (SELECT MAX(seq) FROM search_queue)")
            .bind(millis(before))
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected())
    }
}

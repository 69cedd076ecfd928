//! Work that one instance at a time may do (issue 16 §1): the statistics
//! pass (two at once would count a change twice) and the periodic jobs
//! (each pass runs once across instances). On PostgreSQL a
//! transaction-level advisory lock, held while the work runs: a crashed
//! instance's transaction ends with its connection, and the lock with it,
//! so nothing waits for a lease to expire. SQLite serves one process; the
//! callers' own locks suffice there.

use super::{Backend, Store};
use std::future::Future;

/// Whether to wait for another instance's turn or skip this one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Turn {
    /// Wait: the work must be done now (a read needs the statistics caught up).
    Wait,
    /// Skip when another instance is at it (a periodic job's pass).
    Skip,
}

impl Store {
    /// Runs `work` while no other instance runs the work named `name`;
    /// `None` when skipped.
    pub async fn exclusive<T>(&self, name: &str, turn: Turn, work: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<Option<T>> {
        if self.backend != Backend::Postgres {
            return work.await.map(Some);
        }
        let mut lock = self.pool.begin().await?;
        let key = format!("hotline:{name}");
        match turn {
            Turn::Wait => {
                sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS locked").bind(&key).execute(&mut *lock).await?;
            }
            Turn::Skip => {
                let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock(hashtext($1))").bind(&key).fetch_one(&mut *lock).await?;
                if !got {
                    return Ok(None);
                }
            }
        }
        let done = work.await;
        // Nothing was written in it: ending it lets go of the lock.
        lock.rollback().await?;
        done.map(Some)
    }
}

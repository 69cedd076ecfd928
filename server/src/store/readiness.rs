//! What `/readyz` asks of the store: that it answers, how many of the
//! migrations this build knows are applied, and how much the background
//! jobs still have queued (the search index's and the statistics').

use super::{Backend, Store};
use sqlx::Row;

/// The store as a load balancer needs to know it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreReadiness {
    pub migrations_known: usize,
    pub migrations_applied: i64,
    pub search_queued: i64,
    pub stats_queued: i64,
}

impl Store {
    /// `Err` when the store does not answer; `index_at` is the position
    /// this instance's search index holds every change up to.
    pub async fn readiness(&self, index_at: i64) -> anyhow::Result<StoreReadiness> {
        let known = match self.backend {
            Backend::Sqlite => sqlx::migrate!("../migrations/sqlite").iter().count(),
            Backend::Postgres => sqlx::migrate!("../migrations/postgres").iter().count(),
        };
        let one = |sql: &'static str| async move { anyhow::Ok(sqlx::query(sql).fetch_one(&self.pool).await?.get::<i64, _>(0)) };
        Ok(StoreReadiness {
            migrations_known: known,
            migrations_applied: one("SELECT COUNT(*) FROM _sqlx_migrations WHERE success").await?,
            search_queued: sqlx::query("SELECT COUNT(*) FROM search_queue WHERE seq > $1").bind(index_at).fetch_one(&self.pool).await?.get(0),
            stats_queued: one("SELECT COUNT(*) FROM stat_queue").await?,
        })
    }
}

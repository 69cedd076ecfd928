//! What `/readyz` and `/metrics` ask of the store: that it answers, how
//! many of the migrations this build knows are applied, how much the
//! background jobs still have queued (the search index's and the
//! statistics'), the open requests by state and the outbox's backlog.

use super::{Backend, Store};
use app::domain::state_code::StateCode;
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

    /// How many requests are in each open state (by the state index: the
    /// open ones are a few percent of the store).
    pub async fn open_requests_by_state(&self) -> anyhow::Result<Vec<(String, i64)>> {
        let open: Vec<&str> = StateCode::ALL.iter().filter(|s| s.is_open()).map(|s| s.code()).collect();
        let sql = format!("SELECT state, COUNT(*) FROM requests WHERE state IN ({}) GROUP BY state", super::sql::placeholders(1, open.len()));
        let rows = open.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, s| q.bind(*s)).fetch_all(&self.pool).await?;
        let mut counts: Vec<(String, i64)> = open.iter().map(|s| (s.to_string(), 0)).collect();
        for r in rows {
            let state: String = r.get(0);
            if let Some(c) = counts.iter_mut().find(|(s, _)| *s == state) {
                c.1 = r.get(1);
            }
        }
        Ok(counts)
    }

    /// Messages not sent yet.
    pub async fn outbox_backlog(&self) -> anyhow::Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").fetch_one(&self.pool).await?.get(0))
    }
}

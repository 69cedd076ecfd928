//! Background jobs: supervising overdue requests (Art. 31(5)) and purging
//! expired sessions.

use super::Service;
use chrono::Utc;
use std::sync::Arc;
use std::time::Duration;

/// How often overdue requests are looked for.
const OVERDUE_EVERY: Duration = Duration::from_secs(300);
const PURGE_EVERY: Duration = Duration::from_secs(3600);

pub fn spawn(service: Arc<Service>) {
    let overdue = service.clone();
    tokio::spawn(async move {
        // Every pass looks at all that is overdue: a request that went back to
        // handling after its deadline is caught too.
        let mut tick = tokio::time::interval(OVERDUE_EVERY);
        loop {
            tick.tick().await;
            match overdue.supervise_overdue(Utc::now()).await {
                Ok(n) if n > 0 => tracing::info!(opened = n, "overdue requests supervised"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "overdue supervision failed; will retry"),
            }
        }
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(PURGE_EVERY);
        loop {
            tick.tick().await;
            match service.store().purge_sessions(Utc::now()).await {
                Ok(n) if n > 0 => tracing::info!(purged = n, "expired sessions removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "session purge failed"),
            }
        }
    });
}

//! Background jobs: purging expired sessions.

use super::Service;
use std::sync::Arc;
use std::time::Duration;

pub fn spawn(service: Arc<Service>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match service.store().purge_sessions(chrono::Utc::now()).await {
                Ok(n) if n > 0 => tracing::info!(purged = n, "expired sessions removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "session purge failed"),
            }
        }
    });
}

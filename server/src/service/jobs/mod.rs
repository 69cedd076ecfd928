//! Background jobs: keeping the search index and the statistics rollups in step, supervising overdue requests (Art. 31(5)), sending
//! warnings as clocks turn (Art. 32), looking
//! for hot spots (Art. 10), delivering the outbox, archiving ended requests (Art. 3), erasing requesters' personal data after its retention (Art. 40), and purging expired
//! sessions, codes and stale drafts.


pub mod archive;
pub mod indexer;
pub mod notify;
pub mod retention;
pub mod rollups;
pub mod warnings;

use crate::service::{citizen::photos, Service};
use crate::store::Turn;
use chrono::Utc;
use std::sync::Arc;
use std::time::Duration;

/// How often overdue requests are looked for.
const OVERDUE_EVERY: Duration = Duration::from_secs(300);
const PURGE_EVERY: Duration = Duration::from_secs(3600);
/// How often the clocks are looked at for warnings to send (Art. 32).
const WARNINGS_EVERY: Duration = Duration::from_secs(60);
/// How often the last hours' requests are looked at for hot spots:
/// `HOTLINE_HOT_SPOT_EVERY_SECONDS`, default a minute.
fn hot_spots_every() -> Duration {
    super::settings::seconds("HOTLINE_HOT_SPOT_EVERY_SECONDS", 60)
}
/// The statistics rollups take in the changes every second.
const ROLLUPS_EVERY: Duration = Duration::from_secs(1);
/// The outbox is read every second: a one-time code must not keep anyone waiting.
const OUTBOX_EVERY: Duration = Duration::from_secs(1);

pub fn spawn(service: Arc<Service>, sender: Arc<dyn notify::Sender>) {
    // A new or unfinished index is rebuilt first; searches meanwhile find what is in it.
    let indexer = service.clone();
    tokio::spawn(async move { indexer.run_indexer().await });
    let rollups = service.clone();
    tokio::spawn(async move {
        // Every second, so that dashboards follow within one (Art. 33).
        let mut tick = tokio::time::interval(ROLLUPS_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = rollups.catch_up_rollups(Utc::now(), usize::MAX).await {
                tracing::warn!(error = %e, "updating the statistics rollups failed; will retry");
            }
        }
    });
    let overdue = service.clone();
    tokio::spawn(async move {
        // Every pass looks at all that is overdue: a request that went back to
        // handling after its deadline is caught too.
        let mut tick = tokio::time::interval(OVERDUE_EVERY);
        loop {
            tick.tick().await;
            match once(&overdue, "overdue", overdue.supervise_overdue(Utc::now())).await {
                Ok(Some(n)) if n > 0 => tracing::info!(opened = n, "overdue requests supervised"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "overdue supervision failed; will retry"),
            }
        }
    });
    let warner = service.clone();
    tokio::spawn(async move {
        // A minute: the 30-minute emergency notice must not be missed by much.
        let mut tick = tokio::time::interval(WARNINGS_EVERY);
        loop {
            tick.tick().await;
            match once(&warner, "warnings", warner.send_warnings(Utc::now())).await {
                Ok(Some(n)) if n > 0 => tracing::info!(sent = n, "warnings sent"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "sending warnings failed; will retry"),
            }
        }
    });
    let detector = service.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(hot_spots_every());
        loop {
            tick.tick().await;
            if let Err(e) = once(&detector, "hot_spots", detector.detect_hot_spots(Utc::now())).await {
                tracing::warn!(error = %e, "hot-spot detection failed; will retry");
            }
        }
    });
    let outbox = service.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(OUTBOX_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            // Drain what is due, a batch at a time, then wait for the next tick.
            loop {
                match notify::deliver_due(outbox.store(), sender.as_ref(), Utc::now()).await {
                    Ok((0, 0)) => break,
                    Ok(_) => continue,
                    Err(e) => {
                        tracing::warn!(error = %e, "outbox delivery failed; will retry");
                        break;
                    }
                }
            }
        }
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(PURGE_EVERY);
        let mut indexed_day = None;
        loop {
            tick.tick().await;
            // Knowledge entries come into force and expire by the day: each
            // new day re-reads them (each instance queues them; the copies
            // cost the indexes a few hundred documents each).
            let today = app::domain::deadline::cst_date(Utc::now());
            if indexed_day != Some(today) {
                match service.store().queue_all_entries().await {
                    Ok(()) => indexed_day = Some(today),
                    Err(e) => tracing::warn!(error = %e, "queueing knowledge entries failed"),
                }
            }
            if let Err(e) = once(&service, "hourly", hourly(&service)).await {
                tracing::warn!(error = %e, "the hourly jobs failed; will retry");
            }
        }
    });
}

/// Runs a periodic job's pass unless another instance is at it: each pass
/// runs once across the instances serving a store (issue 16 §1).
/// Each pass is counted in `/metrics` (`hotline_job_runs_total`).
async fn once<T, E: Into<anyhow::Error>>(service: &Service, job: &'static str, pass: impl std::future::Future<Output = Result<T, E>>) -> anyhow::Result<Option<T>> {
    let done = service.store().exclusive(job, Turn::Skip, async { pass.await.map_err(Into::into) }).await;
    let outcome = match &done {
        Ok(Some(_)) => "ran",
        Ok(None) => "skipped",
        Err(_) => "failed",
    };
    crate::telemetry::job_pass(job, outcome);
    done
}

/// The hourly upkeep: stale knowledge entries announced (once a day, their
/// units hear of it once), ended requests archived, personal data erased at
/// the end of its retention, expired sessions, rate-limit windows, search
/// queue keys a day old, codes, stale drafts and uploads a killed process
/// left half-received purged; the open-work counts of passed deadlines folded. Each step's failure is logged, the rest go on.
async fn hourly(service: &Service) -> anyhow::Result<()> {
    let now = Utc::now();
    let store = service.store();
    step("stale knowledge entries announced", service.announce_stale_entries(now).await);
    step("ended requests archived", service.archive_ended(now).await);
    step("requesters' personal data erased at the end of its retention", service.erase_expired_personal_data(now).await);
    // The longest window is a day.
    step("rate-limit windows purged", store.purge_rate_limits(now - chrono::Duration::days(2)).await);
    // An index a day behind rebuilds instead (see the indexer).
    step("search queue keys purged", store.purge_search_queue(now - chrono::Duration::days(1)).await);
    step("expired sessions removed", store.purge_sessions(now).await);
    step("passed deadlines folded in the open-work counts", store.fold_open_work(now).await);
    let purged = match store.purge_citizen_records(now).await {
        Ok(ids) => {
            let dir = photos::upload_dir();
            for id in &ids {
                photos::delete(&dir, id).await;
            }
            Ok(ids.len())
        }
        Err(e) => Err(e),
    };
    step("codes and stale drafts purged", purged);
    // A spool file twice as old as an upload's deadline (and at least an hour) is a dead process's.
    let stale = (2 * super::settings::upload_deadline()).max(std::time::Duration::from_secs(3600));
    step("half-received uploads removed", photos::sweep_spool(stale).await);
    Ok(())
}

/// Logs what a step of the upkeep did (when it did anything) or that it failed.
fn step<N: TryInto<u64>, E: std::fmt::Display>(done: &'static str, outcome: Result<N, E>) {
    match outcome.map(|n| n.try_into().unwrap_or(u64::MAX)) {
        Ok(0) => {}
        Ok(count) => tracing::info!(count, "{done}"),
        Err(e) => tracing::warn!(error = %e, "upkeep step failed ({done}); will retry"),
    }
}

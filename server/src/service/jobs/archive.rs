//! The archive job (Art. 3 归档): requests that ended and have been quiet for
//! the archive period (`HOTLINE_ARCHIVE_AFTER_DAYS`, default 90) are archived
//! through the state machine's own `archive` command, so the domain decides
//! what may be archived and everything after is refused as read-only. An
//! archived request leaves every work list (its state is `archived`), stays
//! in the center's search and opens as before, read-only. Each archiving is
//! audited.

use app::domain::types::AuditAction;
use crate::service::{internal, Service};
use crate::store::AuditEntry;
use app::domain::state_code::StateCode;
use app::api::AppError;
use app::domain::machine::Command;
use chrono::{DateTime, Duration, Utc};

/// The state codes of requests that may have ended (the domain has the last word).
const ENDED: [StateCode; 4] = [StateCode::Rejected, StateCode::Answered, StateCode::Closed, StateCode::Finished];
/// How many requests one pass looks at; the next pass takes the rest.
const PASS: i64 = 500;

impl Service {
    /// One pass at `now`; returns how many requests were archived.
    pub async fn archive_ended(&self, now: DateTime<Utc>) -> Result<usize, AppError> {
        let world = self.world();
        let quiet_since = now - Duration::days(i64::from(world.archive_after_days));
        let numbers = self.store.quiet_in_states(&ENDED, quiet_since, PASS).await.map_err(internal)?;
        let system = self.system_actor()?;
        let mut archived = 0;
        for number in numbers {
            match self.apply_as(&system, None, &number, Command::Archive {}, now).await {
                Ok(()) => {
                    archived += 1;
                    let entry = AuditEntry {
                        at: now,
                        username: system.user.clone(),
                        action: AuditAction::ArchiveRequest,
                        request_number: Some(number.clone()),
                        reason: Some(format!("办结后 {} 天无办理记录", world.archive_after_days)),
                        detail: None,
                    };
                    self.store.audit(&entry).await.map_err(internal)?;
                }
                // Not ended after all (a dissatisfied instant answer, a callback asked for).
                Err(AppError::Refused(why)) => tracing::debug!(%number, %why, "not archived"),
                Err(e) => tracing::warn!(%number, error = %e, "archiving failed"),
            }
        }
        Ok(archived)
    }
}

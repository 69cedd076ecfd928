//! The retention job (Art. 40 个人隐私; PIPL: kept no longer than needed):
//! once an archived request has been kept `HOTLINE_RETENTION_YEARS` (default
//! 5), the state machine's `erase_requester_data` removes the requester's
//! name, number, ID, organisation, street address and photos; the request,
//! its timeline and its statistics stay. The photos' files and rows go, the
//! number is blanked in the sent messages, and each erasure is audited.

use app::domain::types::AuditAction;
use crate::service::{internal, citizen::photos, Service};
use crate::store::AuditEntry;
use app::api::AppError;
use app::domain::machine::Command;
use chrono::{DateTime, Months, Utc};

/// How many requests one pass looks at; the next pass takes the rest.
const PASS: i64 = 500;

impl Service {
    /// One pass at `now`; returns how many requesters' data was erased.
    pub async fn erase_expired_personal_data(&self, now: DateTime<Utc>) -> Result<usize, AppError> {
        let world = self.world();
        let Some(archived_before) = now.checked_sub_months(Months::new(u32::from(world.retention_years) * 12)) else {
            return Ok(0);
        };
        let numbers = self.store.archived_with_personal_data(archived_before, PASS).await.map_err(internal)?;
        let system = self.system_actor()?;
        let mut erased = 0;
        for number in numbers {
            let photos_before = match self.load_request(None, &number).await {
                Ok((_, req)) => req.attachments().to_vec(),
                Err(e) => {
                    tracing::warn!(%number, error = %e, "retention skipped");
                    continue;
                }
            };
            match self.apply_as(&system, None, &number, Command::EraseRequesterData {}, now).await {
                Ok(()) => {}
                Err(AppError::Refused(why)) => {
                    tracing::debug!(%number, %why, "not erased");
                    continue;
                }
                Err(e) => {
                    tracing::warn!(%number, error = %e, "erasure failed");
                    continue;
                }
            }
            erased += 1;
            let dir = photos::upload_dir();
            for photo in &photos_before {
                self.store.delete_attachment(photo.as_str()).await.map_err(internal)?;
                photos::delete(&dir, photo.as_str()).await;
            }
            self.store.blank_message_recipients(&number).await.map_err(internal)?;
            let entry = AuditEntry {
                at: now,
                username: system.user.clone(),
                action: AuditAction::EraseRequesterData,
                request_number: Some(number.clone()),
                reason: Some(format!("归档满 {} 年，诉求人个人信息到期删除", world.retention_years)),
                detail: Some(format!("{} photo(s)", photos_before.len())),
            };
            self.store.audit(&entry).await.map_err(internal)?;
        }
        Ok(erased)
    }
}

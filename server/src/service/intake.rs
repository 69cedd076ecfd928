//! The intake desk's look-up of a caller's earlier requests by phone number,
//! so that repeats are seen (Art. 12(7), 14(5)). Only the center's roles may
//! look a number up, and every look-up is audited.

use super::{internal, is_center_role, Service};
use crate::store::AuditEntry;
use app::api::views::{CallerRequest, StaffUser};
use app::api::AppError;
use app::domain::request::{is_open_state, state_label};
use app::domain::types::Phone;
use chrono::Utc;

/// How many earlier requests the desk shows.
const HISTORY_LENGTH: i64 = 20;

impl Service {
    pub(super) async fn caller_requests(&self, user: &StaffUser, phone: &str) -> Result<Vec<CallerRequest>, AppError> {
        if !is_center_role(user.role) {
            return Err(AppError::Forbidden("只有热线中心可以按来电号码查询".into()));
        }
        let phone = Phone::parse(phone).map_err(|_| AppError::Invalid("请输入来电号码：手机、固定电话（如 0999-8021234）或境外号码（+…）".into()))?;
        self.store
            .audit(&AuditEntry {
                at: Utc::now(),
                username: user.username.clone(),
                action: "caller_history".into(),
                request_number: None,
                reason: Some("来电登记".into()),
                detail: Some(phone.masked()),
            })
            .await
            .map_err(internal)?;
        let since = chrono::Utc::now() - chrono::Duration::days(super::assist::duplicate_window_days());
        // A county's office sees the caller's requests of its own subtree (Art. 4).
        let office = self.world().office_queues(&user.unit_id, user.role);
        let rows = self.store.requests_of_phone_in(phone.reveal(), office.path(), HISTORY_LENGTH).await.map_err(internal)?;
        Ok(rows
            .into_iter()
            .map(|(number, title, state, registered_at)| {
                let registered = crate::store::from_millis(registered_at);
                CallerRequest {
                    number,
                    title,
                    repeat_candidate: is_open_state(&state) && registered >= since,
                    state: state_label(&state).to_string(),
                    registered: super::china_time::day(registered),
                }
            })
            .collect())
    }
}

//! A staff member's notification list: the notices of their unit, newest
//! first; opening the list marks them seen.

use super::{internal, Service};
use app::api::views::{NoticeView, StaffUser};
use app::api::AppError;

/// How many notices the list shows.
const LIST_LENGTH: i64 = 50;

impl Service {
    pub(super) async fn notice_list(&self, user: &StaffUser) -> Result<Vec<NoticeView>, AppError> {
        let seen_before = self.store.notices_seen(user.id).await.map_err(internal)?;
        let rows = self.store.staff_notices(&user.unit_id, LIST_LENGTH).await.map_err(internal)?;
        if let Some(newest) = rows.first() {
            self.store.mark_notices_seen(user.id, newest.id).await.map_err(internal)?;
        }
        Ok(rows
            .into_iter()
            .map(|r| NoticeView {
                id: r.id,
                kind: r.notice.kind,
                number: r.notice.request_number,
                text: r.notice.body,
                at: super::china_time::short(r.created_at),
                new: r.id > seen_before,
            })
            .collect())
    }
}

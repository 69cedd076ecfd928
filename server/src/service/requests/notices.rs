//! A staff member's notification list: the notices of their unit, newest
//! first; opening the list marks them seen.

use crate::service::{internal, Service};
use app::api::{notices::NoticeView, auth::StaffUser};
use app::api::AppError;
use app::api::notices::NoticeBackend;

/// How many notices the list shows.
const LIST_LENGTH: i64 = 50;

#[async_trait::async_trait]
impl NoticeBackend for Service {
    async fn notices(&self, user: &StaffUser) -> Result<Vec<NoticeView>, AppError> {
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
                at: crate::service::china_time::short(r.created_at),
                new: r.id > seen_before,
            })
            .collect())
    }

    async fn unseen_notices(&self, user: &StaffUser) -> Result<i64, AppError> {
        self.store.unseen_notices(user.id, &user.unit_id).await.map_err(internal)
    }
}

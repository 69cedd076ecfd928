//! Server functions of the staff member's notification list.

use super::error::AppError;
use super::views::NoticeView;
use leptos::prelude::*;

/// The newest notices of the user's unit; they count as seen afterwards.
#[server(name = GetNotices, prefix = "/api", endpoint = "notices")]
pub async fn notices() -> Result<Vec<NoticeView>, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.notices(&user).await }).await
}

/// How many notices wait unseen (for the badge in the staff bar).
#[server(name = GetUnseenNotices, prefix = "/api", endpoint = "unseen_notices")]
pub async fn unseen_notices() -> Result<i64, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.unseen_notices(&user).await }).await
}

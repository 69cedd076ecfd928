//! Server functions of the staff member's notification list.

use super::error::AppError;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use super::auth::StaffUser;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;

/// A line of the user's notification list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub id: i64,
    pub kind: String,
    pub number: String,
    pub text: String,
    /// `MM-DD HH:MM` in China time.
    pub at: String,
    /// Not seen before this opening of the list.
    pub new: bool,
}

/// The notices' side of the backend (`service/requests/notices.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait NoticeBackend: Send + Sync + 'static {
    /// The newest notices of the user's unit; opening the list marks them seen.
    async fn notices(&self, user: &StaffUser) -> Result<Vec<NoticeView>, AppError>;
    /// How many notices the user has not seen (capped for a badge).
    async fn unseen_notices(&self, user: &StaffUser) -> Result<i64, AppError>;
}

/// The newest notices of the user's unit; they count as seen afterwards.
#[server(name = GetNotices, prefix = "/api", endpoint = "notices")]
pub async fn notices() -> Result<Vec<NoticeView>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn NoticeBackend>, user| async move { backend.notices(&user).await }).await
}

/// How many notices wait unseen (for the badge in the staff bar).
#[server(name = GetUnseenNotices, prefix = "/api", endpoint = "unseen_notices")]
pub async fn unseen_notices() -> Result<i64, AppError> {
    super::auth::as_staff(|backend: Arc<dyn NoticeBackend>, user| async move { backend.unseen_notices(&user).await }).await
}

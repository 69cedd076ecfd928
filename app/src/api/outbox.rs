//! The notifications outbox as administrators see it: the text messages
//! sent or waiting (a development aid; the messages are masked).

use super::error::AppError;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A message in the notifications outbox (the development page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxView {
    pub id: i64,
    /// Masked phone number.
    pub recipient: String,
    pub kind: String,
    pub body: String,
    pub created_at: String,
    pub attempts: i64,
    pub sent: bool,
    pub last_error: Option<String>,
}

/// The outbox's side of the backend (`service/jobs/notify.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait OutboxBackend: Send + Sync + 'static {
    /// The newest outbox messages (administrators only).
    async fn outbox(&self, user: &super::auth::StaffUser) -> Result<Vec<OutboxView>, AppError>;
}

/// The newest outbox messages, for administrators (development aid).
#[server(name = GetOutbox, prefix = "/api", endpoint = "outbox")]
pub async fn outbox_messages() -> Result<Vec<OutboxView>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn OutboxBackend>, user| async move { backend.outbox(&user).await }).await
}

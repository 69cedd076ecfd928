//! The seam between the server functions (here, shared with the browser) and
//! the server crate that owns the store. The server provides one
//! `Arc<dyn Backend>` as Leptos context; every server function goes through it.

use super::error::AppError;
use super::views::{QueueCounts, RequestView, RevealedRequester, StaffUser};
use crate::domain::machine::Command;
use crate::domain::request::RequestDraft;
use std::sync::Arc;

/// A new session: the secret for the cookie and how long it lives.
pub struct NewSession {
    pub token: String,
    pub max_age_seconds: i64,
}

#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    async fn login(&self, username: &str, password: &str, client: &str) -> Result<NewSession, AppError>;
    async fn logout(&self, token: &str) -> Result<(), AppError>;
    /// The staff member behind a session token, if the session is live.
    async fn session_user(&self, token: &str) -> Result<Option<StaffUser>, AppError>;
    async fn queue_counts(&self, user: &StaffUser) -> Result<QueueCounts, AppError>;
    async fn calendar_gaps(&self) -> Result<Vec<i32>, AppError>;
    async fn register_request(&self, user: &StaffUser, new: RequestDraft) -> Result<RequestView, AppError>;
    async fn apply_command(&self, user: &StaffUser, number: &str, command: Command) -> Result<RequestView, AppError>;
    async fn request_view(&self, user: &StaffUser, number: &str) -> Result<RequestView, AppError>;
    /// Shows a requester's personal data to a role that needs it; audited.
    async fn reveal_requester(&self, user: &StaffUser, number: &str, reason: &str) -> Result<RevealedRequester, AppError>;
}

pub type SharedBackend = Arc<dyn Backend>;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "hotline_session";

/// The backend from the Leptos context.
pub fn backend() -> Result<SharedBackend, AppError> {
    leptos::prelude::use_context::<SharedBackend>().ok_or_else(|| {
        tracing_missing_backend();
        AppError::Internal
    })
}

fn tracing_missing_backend() {
    leptos::logging::error!("server function called without a Backend in context");
}

/// Reads one cookie from the request headers.
pub fn cookie_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The session token of the current request, if any.
pub async fn session_token() -> Option<String> {
    let parts: http::request::Parts = leptos_axum::extract().await.ok()?;
    cookie_value(&parts.headers, SESSION_COOKIE)
}

/// The logged-in staff member, or `Unauthenticated`.
pub async fn staff_user() -> Result<(SharedBackend, StaffUser), AppError> {
    let backend = backend()?;
    let token = session_token().await.ok_or(AppError::Unauthenticated)?;
    match backend.session_user(&token).await? {
        Some(user) => Ok((backend, user)),
        None => Err(AppError::Unauthenticated),
    }
}

/// Sets the HTTP status that matches an error, then passes the error on.
pub fn with_status(err: AppError) -> AppError {
    if let Some(opts) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(code) = http::StatusCode::from_u16(err.status()) {
            opts.set_status(code);
        }
    }
    err
}

/// Adds a `Set-Cookie` header to the response.
pub fn set_cookie(value: &str) {
    if let (Some(opts), Ok(v)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        opts.append_header(http::header::SET_COOKIE, v);
    }
}

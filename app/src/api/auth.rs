//! Staff login, logout and "who am I": the session lives server-side, the
//! browser holds only an HttpOnly, SameSite cookie with a random token.

use super::error::AppError;
use crate::domain::types::{LeaderPost, Role};
use serde::{Deserialize, Serialize};
use leptos::prelude::*;

/// The logged-in staff member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: String,
    pub unit_name: String,
    /// The leading post the account holds, if any (Art. 42).
    #[serde(default)]
    pub post: Option<LeaderPost>,
}

/// A new session: the secret for the cookie and how long it lives.
#[cfg(feature = "ssr")]
pub struct NewSession {
    pub token: String,
    pub max_age_seconds: i64,
}

/// Staff sessions (`service/sessions.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait SessionBackend: Send + Sync + 'static {
    async fn login(&self, username: &str, password: &str, client: &str) -> Result<NewSession, AppError>;
    async fn logout(&self, token: &str) -> Result<(), AppError>;
    /// The staff member behind a session token, if the session is live.
    async fn session_user(&self, token: &str) -> Result<Option<StaffUser>, AppError>;
}

/// The sessions' backend from the Leptos context.
#[cfg(feature = "ssr")]
fn sessions() -> Result<std::sync::Arc<dyn SessionBackend>, AppError> {
    super::backend::context()
}

/// The logged-in staff member, or `Unauthenticated`.
#[cfg(feature = "ssr")]
pub async fn staff_user() -> Result<StaffUser, AppError> {
    let sessions = sessions()?;
    let token = super::cookies::session_token().await.ok_or(AppError::Unauthenticated)?;
    sessions.session_user(&token).await?.ok_or(AppError::Unauthenticated)
}

/// Runs `work` as the logged-in staff member, with the backend of the area
/// (`B`, e.g. `Arc<dyn KnowledgeBackend>`, from the Leptos context); every
/// error (no session included) leaves with its HTTP status.
#[cfg(feature = "ssr")]
pub async fn as_staff<B, T, Fut>(work: impl FnOnce(B, StaffUser) -> Fut) -> Result<T, AppError>
where
    B: Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let run = async {
        let user = staff_user().await?;
        work(super::backend::context::<B>()?, user).await
    };
    run.await.map_err(super::backend::with_status)
}

/// Logs a staff member in. Without WASM the form posts here and is redirected.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(username: String, password: String) -> Result<(), AppError> {
    use super::backend::with_status;
    use super::cookies::{client_address, set_private_cookie, SESSION_COOKIE};
    let sessions = sessions()?;
    if username.len() > 64 || password.len() > 256 {
        return Err(with_status(AppError::BadLogin));
    }
    let client = client_address().await;
    let session = sessions.login(username.trim(), &password, &client).await.map_err(with_status)?;
    set_private_cookie(SESSION_COOKIE, &session.token, session.max_age_seconds, "Strict");
    leptos_axum::redirect("/staff");
    Ok(())
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use super::cookies::{session_token, set_private_cookie, SESSION_COOKIE};
    if let Some(token) = session_token().await {
        sessions()?.logout(&token).await?;
    }
    set_private_cookie(SESSION_COOKIE, "", 0, "Strict");
    leptos_axum::redirect("/staff/login");
    Ok(())
}

/// The logged-in staff member, or `None`.
#[server(prefix = "/api", endpoint = "current_user")]
pub async fn current_user() -> Result<Option<StaffUser>, AppError> {
    match staff_user().await {
        Ok(user) => Ok(Some(user)),
        Err(AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

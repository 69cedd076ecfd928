//! Staff login, logout and "who am I": the session lives server-side, the
//! browser holds only an HttpOnly, SameSite cookie with a random token.

use super::error::AppError;
use super::views::{StaffHome, StaffUser};
use leptos::prelude::*;

/// Logs a staff member in. Without WASM the form posts here and is redirected.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(username: String, password: String) -> Result<(), AppError> {
    use super::backend::{backend, with_status};
    use super::cookies::{client_address, set_private_cookie, SESSION_COOKIE};
    let backend = backend()?;
    if username.len() > 64 || password.len() > 256 {
        return Err(with_status(AppError::BadLogin));
    }
    let client = client_address().await;
    let session = backend.login(username.trim(), &password, &client).await.map_err(with_status)?;
    set_private_cookie(SESSION_COOKIE, &session.token, session.max_age_seconds, "Strict");
    leptos_axum::redirect("/staff");
    Ok(())
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use super::backend::backend;
    use super::cookies::{session_token, set_private_cookie, SESSION_COOKIE};
    if let Some(token) = session_token().await {
        backend()?.logout(&token).await?;
    }
    set_private_cookie(SESSION_COOKIE, "", 0, "Strict");
    leptos_axum::redirect("/staff/login");
    Ok(())
}

/// The logged-in staff member, or `None`.
#[server(prefix = "/api", endpoint = "current_user")]
pub async fn current_user() -> Result<Option<StaffUser>, AppError> {
    use super::backend::staff_user;
    match staff_user().await {
        Ok((_, user)) => Ok(Some(user)),
        Err(AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// What the staff home shows: who, and the counts of their queue.
#[server(name = GetStaffHome, prefix = "/api", endpoint = "staff_home")]
pub async fn staff_home() -> Result<StaffHome, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    let counts = backend.queue_counts(&user).await.map_err(with_status)?;
    let calendar_gaps = backend.calendar_gaps().await.map_err(with_status)?;
    Ok(StaffHome { user, counts, calendar_gaps })
}

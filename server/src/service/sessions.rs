//! Staff sessions: logging in (Argon2, rate-limited, no timing leak),
//! logging out, and the staff member behind a session token.

use super::rate_limit;
use super::{internal, Service};
use crate::auth;
use crate::store::UserRow;
use app::api::auth::{NewSession, SessionBackend, StaffUser};
use app::api::AppError;
use app::domain::types::Role;
use chrono::{Duration, Utc};

#[async_trait::async_trait]
impl SessionBackend for Service {
    async fn login(&self, username: &str, password: &str, client: &str) -> Result<NewSession, AppError> {
        let key = format!("{client}/{username}");
        self.logins.attempt(&key)?;
        let user = self.store.user_by_name(username).await.map_err(internal)?;
        let hash = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| rate_limit::DUMMY_HASH.to_string());
        let password = password.to_string();
        // Argon2 is deliberately slow: keep it off the async workers. Unknown
        // users are checked against a dummy hash so timing does not tell.
        // Each check takes ~19 MiB and a core for a moment: a few at a time.
        let _permit = self.password_checks.acquire().await.map_err(internal)?;
        let ok = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash)).await.map_err(internal)?;
        let user = match (ok, user) {
            (true, Some(u)) if u.active => u,
            _ => return Err(AppError::BadLogin),
        };
        self.logins.succeeded(&key);
        let token = auth::new_token();
        let now = Utc::now();
        let expires = now + Duration::hours(auth::SESSION_HOURS);
        self.store.insert_session(&auth::token_hash(&token), user.id, now, expires).await.map_err(internal)?;
        Ok(NewSession { token, max_age_seconds: auth::SESSION_HOURS * 3600 })
    }

    async fn logout(&self, token: &str) -> Result<(), AppError> {
        self.store.delete_session(&auth::token_hash(token)).await.map_err(internal)
    }

    async fn session_user(&self, token: &str) -> Result<Option<StaffUser>, AppError> {
        if token.len() > 128 {
            return Ok(None);
        }
        match self.store.session_user(&auth::token_hash(token), Utc::now()).await.map_err(internal)? {
            Some(row) => staff_user(row).map(Some),
            None => Ok(None),
        }
    }
}

fn staff_user(row: UserRow) -> Result<StaffUser, AppError> {
    Ok(StaffUser {
        id: row.id,
        role: Role::parse(&row.role).map_err(internal)?,
        username: row.username,
        display_name: row.display_name,
        unit_id: row.unit_id,
        unit_name: row.unit_name,
        post: row.post.as_deref().map(app::domain::types::LeaderPost::parse).transpose().map_err(internal)?,
    })
}

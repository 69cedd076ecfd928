//! Staff sessions: logging in (Argon2, rate-limited, no timing leak),
//! logging out, and the staff member behind a session token.

use super::rate_limit;
use super::{internal, Service};
use crate::auth;
use crate::store::{AuditEntry, UserRow};
use app::api::auth::{NewSession, SessionBackend, StaffUser};
use app::api::AppError;
use app::domain::types::{AuditAction, Role};
use chrono::{Duration, Utc};

impl Service {
    /// A failed login: answered after a delay that grows with the account's
    /// failures; the failure that pauses the account is audited.
    async fn failed_login(&self, account: &str, client: &str) -> AppError {
        let failures = self.account_logins.count(&self.store, account).await.unwrap_or(0);
        if failures == rate_limit::ACCOUNT_FAILURES {
            let entry = AuditEntry {
                at: Utc::now(),
                username: account.to_string(),
                action: AuditAction::LoginPaused,
                request_number: None,
                reason: None,
                detail: Some(format!("{failures} failed logins within 15 minutes; paused; the last from {client}")),
            };
            if let Err(e) = self.store.audit(&entry).await {
                tracing::warn!(error = %e, "login pause not audited");
            }
        }
        tokio::time::sleep(rate_limit::failure_delay(failures)).await;
        AppError::BadLogin
    }
}

#[async_trait::async_trait]
impl SessionBackend for Service {
    async fn login(&self, username: &str, password: &str, client: &str) -> Result<NewSession, AppError> {
        let key = format!("{client}/{username}");
        self.logins.attempt(&self.store, &key).await?;
        // The account's own count holds against guesses spread over many addresses.
        let account = username.trim().to_lowercase();
        if let Err(e) = self.account_logins.attempt(&self.store, &account).await {
            // Refused for the account, not for this client: its attempt is given back.
            self.logins.give_back(&self.store, &key).await?;
            return Err(e);
        }
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
            _ => return Err(self.failed_login(&account, client).await),
        };
        self.logins.succeeded(&self.store, &key).await?;
        self.account_logins.succeeded(&self.store, &account).await?;
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

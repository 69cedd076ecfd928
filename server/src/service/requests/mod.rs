//! A request's page on the server: registering, a command answered with the
//! request as the staff member now sees it, the view, revealing the requester.


pub mod data_rights;
pub mod documents;
pub mod hot_spots;
pub mod inbox;
pub mod intake;
pub mod misuse;
pub mod notices;
mod registration_key;
pub mod releases;
pub mod search;

use super::{internal, is_center_role, Service};
use crate::store::AuditEntry;
use app::api::auth::StaffUser;
use app::api::requests::{RequestBackend, RequestView, RevealedRequester};
use app::api::AppError;
use app::domain::machine::Command;
use app::domain::request::RequestDraft;
use app::domain::types::{AuditAction, Role};
use chrono::Utc;

#[async_trait::async_trait]
impl RequestBackend for Service {
    async fn register_request(&self, user: &StaffUser, new: RequestDraft, key: Option<&str>) -> Result<RequestView, AppError> {
        match key {
            Some(key) => self.register_once(user, new, key).await,
            None => self.register_request_at(user, new, Utc::now()).await,
        }
    }

    fn new_registration_key(&self) -> String {
        crate::auth::new_token()
    }

    async fn apply_command(&self, user: &StaffUser, number: &str, command: Command) -> Result<RequestView, AppError> {
        self.check_entry(&command).await?;
        self.apply_command_at(user, number, command, Utc::now()).await
    }

    async fn request_view(&self, user: &StaffUser, number: &str) -> Result<RequestView, AppError> {
        let (stored, req) = self.load_visible(user, number).await?;
        let events = self.store.events(stored.id).await.map_err(internal)?;
        self.present(user, &req, &events, stored.version)
    }

    async fn reveal_requester(&self, user: &StaffUser, number: &str, reason: &str) -> Result<RevealedRequester, AppError> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 200 {
            return Err(AppError::Invalid("请填写查看原因（200 字以内）".into()));
        }
        let (_, req) = self.load_visible(user, number).await?;
        let allowed = is_center_role(user.role)
            || (matches!(user.role, Role::Handler | Role::UnitAdmin) && !req.anonymous_to_unit());
        if !allowed {
            return Err(AppError::Forbidden("该角色不能查看诉求人个人信息".into()));
        }
        self.store
            .audit(&AuditEntry {
                at: Utc::now(),
                username: user.username.clone(),
                action: AuditAction::RevealRequester,
                request_number: Some(req.number().to_string()),
                reason: Some(reason.to_string()),
                detail: None,
            })
            .await
            .map_err(internal)?;
        let r = req.requester();
        Ok(RevealedRequester {
            name: r.revealed_name(),
            phone: r.phone.reveal().to_string(),
            id_number: r.id_number.as_ref().map(|i| i.reveal().to_string()),
        })
    }
}

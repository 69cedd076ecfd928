//! What administrators read: the audit log (who looked at whose personal
//! data, and why), filtered by user, request and action; and how their
//! own changes are written to it.

pub mod calendar;
pub mod categories;
pub mod synonyms;
pub mod units;
pub mod users;

use super::{given, internal, Service};
use crate::store::{AuditEntry, AuditFilter};
use app::api::admin::{AuditBackend, AuditQuery, AuditView};
use app::api::auth::StaffUser;
use app::api::AppError;
use app::domain::deadline::cst;
use app::domain::types::{AuditAction, Role};
use chrono::Utc;

/// Entries per page of the audit log.
const AUDIT_PAGE: i64 = 100;

impl Service {
    /// Writes an administrator's change to the audit log.
    pub(super) async fn audit_change(&self, user: &StaffUser, action: AuditAction, detail: String) -> Result<(), AppError> {
        let entry = AuditEntry {
            at: Utc::now(),
            username: user.username.clone(),
            action,
            request_number: None,
            reason: None,
            detail: Some(detail),
        };
        self.store.audit(&entry).await.map_err(internal)
    }
}

#[async_trait::async_trait]
impl AuditBackend for Service {
    async fn audit_log(&self, user: &StaffUser, q: AuditQuery) -> Result<Vec<AuditView>, AppError> {
        if user.role != Role::Admin {
            return Err(AppError::Forbidden("只有系统管理员可以查看审计日志".into()));
        }
        let filter = AuditFilter {
            username: given(&q.username),
            request_number: given(&q.request_number).map(|n| n.to_uppercase()),
            action: given(&q.action).map(|a| AuditAction::parse(&a)).transpose().map_err(|_| AppError::Invalid("未知的操作类型".into()))?,
        };
        let page = q.page.clamp(1, 100_000);
        let rows = self.store.audit_entries(&filter, AUDIT_PAGE, (page - 1) * AUDIT_PAGE).await.map_err(internal)?;
        Ok(rows
            .into_iter()
            .map(|e| AuditView {
                at: e.at.with_timezone(&cst()).format("%Y-%m-%d %H:%M:%S").to_string(),
                username: e.username,
                action: e.action,
                request_number: e.request_number,
                reason: e.reason,
                detail: e.detail,
            })
            .collect())
    }
}

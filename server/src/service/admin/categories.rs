//! Categories for administrators: the stricter statutory limit of a
//! category (Art. 19(3)), which new requests of that category get when it
//! is shorter than their type's limit. Changes are audited and take effect
//! for requests registered from then on.

use crate::service::{internal, Service};
use app::api::admin::{AdminCategory, CategoryAdminBackend};
use app::api::auth::StaffUser;
use app::api::AppError;
use app::domain::types::{AuditAction, Role};

/// A stricter limit is shorter than the 15 working days of Art. 19(2).
const MAX_STRICTER_DAYS: i64 = 14;

#[async_trait::async_trait]
impl CategoryAdminBackend for Service {
    async fn admin_categories(&self, _user: &StaffUser) -> Result<Vec<AdminCategory>, AppError> {
        let rows = self.store.categories_with_limits().await.map_err(internal)?;
        Ok(rows
            .into_iter()
            .map(|(code, name, parent, statutory_days)| AdminCategory { code, name, parent, statutory_days })
            .collect())
    }

    async fn set_category_days(&self, user: &StaffUser, code: &str, days: Option<i64>) -> Result<Vec<AdminCategory>, AppError> {
        if user.role != Role::Admin {
            return Err(AppError::Forbidden("只有系统管理员可以设置法定办理时限".into()));
        }
        if days.is_some_and(|d| !(1..=MAX_STRICTER_DAYS).contains(&d)) {
            return Err(AppError::Invalid(format!("法定时限应为 1 至 {MAX_STRICTER_DAYS} 个工作日（短于第十九条的一般时限）")));
        }
        if !self.store.set_category_days(code, days).await.map_err(internal)? {
            return Err(AppError::Invalid("未知的分类".into()));
        }
        self.audit_change(user, AuditAction::CategoryChange, match days {
            Some(d) => format!("{code}：法定时限 {d} 个工作日"),
            None => format!("{code}：取消法定时限，按第十九条的一般时限"),
        }).await?;
        self.reload_world().await?;
        self.admin_categories(user).await
    }
}

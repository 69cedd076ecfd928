//! Staff accounts for administrators: add an account (argon2id password),
//! change its role and unit, deactivate it (its sessions end at once), set
//! a new password. Passwords never leave the server; every change is audited.

use crate::service::{internal, Service};
use crate::auth;
use crate::store::UserRow;
use app::api::{admin::{AdminUser, UserChange}, auth::StaffUser};
use app::api::AppError;
use app::domain::types::{AuditAction, Label, Role};
use app::domain::unit::UnitId;
use chrono::Utc;
use app::api::admin::UserAdminBackend;

fn admin_user(r: UserRow) -> AdminUser {
    AdminUser {
        id: r.id,
        username: r.username,
        display_name: r.display_name,
        role: r.role,
        unit_id: r.unit_id,
        unit_name: r.unit_name,
        active: r.active,
    }
}

/// Hashing is slow on purpose: off the async workers.
async fn hash(password: String) -> Result<String, AppError> {
    auth::check_password(&password).map_err(|_| AppError::Invalid("密码须为 8 至 256 个字符".into()))?;
    tokio::task::spawn_blocking(move || auth::hash_password(&password)).await.map_err(internal)?.map_err(internal)
}

#[async_trait::async_trait]
impl UserAdminBackend for Service {
    async fn admin_users(&self, user: &StaffUser) -> Result<Vec<AdminUser>, AppError> {
        if user.role != Role::Admin {
            return Err(AppError::Forbidden("只有系统管理员可以管理账号".into()));
        }
        Ok(self.store.users().await.map_err(internal)?.into_iter().map(admin_user).collect())
    }

    async fn change_user(&self, user: &StaffUser, change: UserChange) -> Result<Vec<AdminUser>, AppError> {
        if user.role != Role::Admin {
            return Err(AppError::Forbidden("只有系统管理员可以管理账号".into()));
        }
        let world = self.world();
        let role_and_unit = |role: &str, unit: &str| -> Result<(Role, UnitId), AppError> {
            let role = Role::parse(role).ok().filter(|r| *r != Role::Citizen).ok_or_else(|| AppError::Invalid("请选择角色".into()))?;
            let unit = UnitId::parse(unit).ok().and_then(|u| world.units.get(&u)).filter(|u| u.active);
            let unit = unit.ok_or_else(|| AppError::Invalid("请选择所属单位（须为启用的单位）".into()))?;
            // Agents and reviewers work at a hotline office: the center or a county's (Art. 4).
            if !unit.may_hold(role) {
                return Err(AppError::Invalid("话务员和审核员属于热线管理中心或县市热线工作机构（负责本级派单的单位）".into()));
            }
            Ok((role, unit.id.clone()))
        };
        let detail = match change {
            UserChange::Add { username, display_name, role, unit, password } => {
                let username = username.trim().to_string();
                auth::check_username(&username).map_err(|_| AppError::Invalid("用户名只能使用字母、数字、点、下划线和连字符".into()))?;
                let display = Label::parse(&display_name).map_err(|_| AppError::Invalid("请填写姓名".into()))?;
                let (role, unit) = role_and_unit(&role, &unit)?;
                if self.store.user_by_name(&username).await.map_err(internal)?.is_some() {
                    return Err(AppError::Invalid("该用户名已被使用".into()));
                }
                let hash = hash(password).await?;
                self.store.insert_user(&username, display.as_str(), &hash, role.code(), unit.as_str(), Utc::now()).await.map_err(internal)?;
                format!("新增账号 {username}：{}，{}", role.label(), world.units.name_and_id(&unit))
            }
            UserChange::Update { id, role, unit, active } => {
                if id == user.id && (!active || role != Role::Admin.code()) {
                    return Err(AppError::Invalid("不能停用自己的账号或取消自己的管理员角色".into()));
                }
                let (role, unit) = role_and_unit(&role, &unit)?;
                if !self.store.update_user(id, role.code(), unit.as_str(), active).await.map_err(internal)? {
                    return Err(AppError::Invalid("未知的账号".into()));
                }
                format!("账号 {id}：{}，{}，{}", role.label(), world.units.name_and_id(&unit), if active { "启用" } else { "停用" })
            }
            UserChange::Password { id, password } => {
                let hash = hash(password).await?;
                if !self.store.set_password(id, &hash).await.map_err(internal)? {
                    return Err(AppError::Invalid("未知的账号".into()));
                }
                format!("重设账号 {id} 的密码")
            }
        };
        self.audit_change(user, AuditAction::UserChange, detail).await?;
        // A new colleague's name shows in the timelines from now on.
        self.reload_world().await?;
        self.admin_users(user).await
    }
}

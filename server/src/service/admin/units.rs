//! Administering the unit tree (Art. 4): the center's administrator adds,
//! moves, sets up (vertical management, dispatch rights) and deactivates
//! units; a unit's administrator may only propose a sub-unit inside its own
//! subtree, which stays inactive until the center approves it. Every change
//! is audited, and the service's world is reloaded at once.

use crate::service::{internal, Service};
use crate::store::{UnitFlags, UnitRow};
use app::api::{admin::{AdminUnit, UnitChange}, auth::StaffUser};
use app::api::AppError;
use app::domain::types::{AuditAction, Label, Role};
use app::domain::unit::UnitId;
use app::api::admin::UnitAdminBackend;

fn invalid(message: &str) -> AppError {
    AppError::Invalid(message.to_string())
}

impl Service {


    async fn unit_row(&self, id: &str) -> Result<UnitRow, AppError> {
        self.store.unit(id).await.map_err(internal)?.ok_or_else(|| invalid("未知的单位"))
    }
}

#[async_trait::async_trait]
impl UnitAdminBackend for Service {
    async fn admin_units(&self, user: &StaffUser) -> Result<Vec<AdminUnit>, AppError> {
        let scope = match user.role {
            Role::Admin => None,
            Role::UnitAdmin => Some(self.world().path(&user.unit_id)),
            _ => return Err(AppError::Forbidden("只有管理员可以管理单位".into())),
        };
        let rows = self.store.units().await.map_err(internal)?;
        Ok(rows
            .into_iter()
            .filter(|r| scope.as_ref().is_none_or(|s| r.path.starts_with(s.as_str())))
            .map(|r| AdminUnit {
                depth: r.path.matches('/').count().saturating_sub(2),
                id: r.id,
                name: r.name,
                parent_id: r.parent_id,
                vertical: r.vertical,
                dispatches_subtree: r.dispatches_subtree,
                active: r.active,
                proposed: r.proposed,
            })
            .collect())
    }

    async fn change_unit(&self, user: &StaffUser, change: UnitChange) -> Result<Vec<AdminUnit>, AppError> {
        let world = self.world();
        let known = |id: &str| -> Result<UnitId, AppError> {
            UnitId::parse(id).ok().filter(|u| world.units.contains(u)).ok_or_else(|| invalid("未知的单位"))
        };
        let center_admin = user.role == Role::Admin;
        if !center_admin && !matches!(change, UnitChange::Add { .. }) {
            return Err(AppError::Forbidden("该操作需由热线管理中心的系统管理员进行（第四条）".into()));
        }
        let detail = match &change {
            UnitChange::Add { id, name, parent } => {
                let new_id = UnitId::parse(id.trim()).map_err(|_| invalid("单位编码只能使用小写字母、数字和连字符"))?;
                let name = Label::parse(name).map_err(|_| invalid("请填写单位名称（100 字以内）"))?;
                let parent = known(parent)?;
                if world.units.contains(&new_id) {
                    return Err(invalid("该单位编码已被使用"));
                }
                let own = UnitId::parse(&user.unit_id).map_err(internal)?;
                let proposed = match user.role {
                    Role::Admin => false,
                    Role::UnitAdmin if world.units.is_within(&parent, &own) => true,
                    Role::UnitAdmin => return Err(AppError::Forbidden("只能在本单位之下申请设立下级单位".into())),
                    _ => return Err(AppError::Forbidden("只有管理员可以管理单位".into())),
                };
                let flags = UnitFlags { vertical: false, dispatches_subtree: false, active: !proposed };
                self.store.add_unit(new_id.as_str(), name.as_str(), Some(parent.as_str()), flags, proposed).await.map_err(internal)?;
                format!("新增单位 {}（{new_id}），上级 {}{}", name.as_str(), world.units.name_and_id(&parent), if proposed { "，待热线管理中心批准" } else { "" })
            }
            UnitChange::Approve { id } => {
                let row = self.unit_row(id).await?;
                if !row.proposed {
                    return Err(invalid("该单位不在待批准之列"));
                }
                let flags = UnitFlags { vertical: row.vertical, dispatches_subtree: row.dispatches_subtree, active: true };
                self.store.set_unit_flags(&row.id, flags).await.map_err(internal)?;
                format!("批准设立 {}（{}）", row.name, row.id)
            }
            UnitChange::Settings { id, vertical, dispatches_subtree, active } => {
                let unit = known(id)?;
                if world.is_root(unit.as_str()) && !active {
                    return Err(invalid("热线管理中心不能停用"));
                }
                let flags = UnitFlags { vertical: *vertical, dispatches_subtree: *dispatches_subtree, active: *active };
                self.store.set_unit_flags(unit.as_str(), flags).await.map_err(internal)?;
                format!(
                    "{}：{}，{}，{}",
                    world.units.name_and_id(&unit),
                    if *vertical { "垂直管理" } else { "属地管理" },
                    if *dispatches_subtree { "负责本级派单" } else { "不负责派单" },
                    if *active { "启用" } else { "停用" }
                )
            }
            UnitChange::Move { id, parent } => {
                let (unit, parent) = (known(id)?, known(parent)?);
                if world.is_root(unit.as_str()) {
                    return Err(invalid("热线管理中心不能移动"));
                }
                if world.units.is_within(&parent, &unit) {
                    return Err(invalid("不能移到本单位或其下级单位之下"));
                }
                let old = world.path(unit.as_str());
                let new = format!("{}{}/", world.path(parent.as_str()), unit.as_str());
                self.store.move_unit(unit.as_str(), &old, parent.as_str(), &new).await.map_err(internal)?;
                format!("{} 移至 {} 之下", world.units.name_and_id(&unit), world.units.name_and_id(&parent))
            }
        };
        self.audit_change(user, AuditAction::UnitChange, detail).await?;
        self.reload_world().await?;
        self.admin_units(user).await
    }
}

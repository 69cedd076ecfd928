//! Server functions of the administrators' screens.

use super::error::AppError;
use super::views::{AdminCategory, AdminUnit, AdminUser, UserChange, AuditQuery, AuditView, CalendarChange, CalendarYear, KnowledgeDetail, KnowledgeEdit, KnowledgeList, KnowledgeQuery, UnitChange};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A page of the audit log, newest first (administrators only).
#[server(name = GetAuditLog, prefix = "/api", endpoint = "audit_log", input = Json)]
pub async fn audit_log(query: AuditQuery) -> Result<Vec<AuditView>, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.audit_log(&user, query).await.map_err(with_status)
}

/// The unit tree for administrators.
#[server(name = GetAdminUnits, prefix = "/api", endpoint = "admin_units")]
pub async fn admin_units() -> Result<Vec<AdminUnit>, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.admin_units(&user).await.map_err(with_status)
}

/// Adds, approves, sets up or moves a unit.
#[server(name = ChangeUnit, prefix = "/api", endpoint = "change_unit", input = Json)]
pub async fn change_unit(change: UnitChange) -> Result<Vec<AdminUnit>, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.change_unit(&user, change).await.map_err(with_status)
}

/// A year of the working-day calendar.
#[server(name = GetCalendarYear, prefix = "/api", endpoint = "calendar_year")]
pub async fn calendar_year(year: i32) -> Result<CalendarYear, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.calendar_year(&user, year).await.map_err(with_status)
}

/// Imports a holiday notice or declares a regional day.
#[server(name = ChangeCalendar, prefix = "/api", endpoint = "change_calendar", input = Json)]
pub async fn change_calendar(change: CalendarChange) -> Result<(), AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.change_calendar(&user, change).await.map_err(with_status)
}

/// The categories with their statutory limits.
#[server(name = GetAdminCategories, prefix = "/api", endpoint = "admin_categories")]
pub async fn admin_categories() -> Result<Vec<AdminCategory>, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.admin_categories(&user).await.map_err(with_status)
}

/// Sets (or, with no days, clears) a category's stricter statutory limit.
#[server(name = SetCategoryDays, prefix = "/api", endpoint = "set_category_days")]
pub async fn set_category_days(code: String, days: Option<i64>) -> Result<Vec<AdminCategory>, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.set_category_days(&user, &code, days).await.map_err(with_status)
}

/// The search's synonym groups, one line of words each.
#[server(name = GetSynonyms, prefix = "/api", endpoint = "synonyms")]
pub async fn synonyms() -> Result<Vec<String>, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.synonyms(&user).await.map_err(with_status)
}

/// Replaces the synonym groups (one group of words per line).
#[server(name = SetSynonyms, prefix = "/api", endpoint = "set_synonyms")]
pub async fn set_synonyms(groups: String) -> Result<Vec<String>, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.set_synonyms(&user, &groups).await.map_err(with_status)
}

/// Knowledge-base entries for their writers and reviewers.
#[server(name = GetKnowledgeList, prefix = "/api", endpoint = "knowledge_list", input = Json)]
pub async fn knowledge_list(query: KnowledgeQuery) -> Result<KnowledgeList, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.knowledge_list(&user, query).await.map_err(with_status)
}

/// One entry with its versions and what the viewer may do.
#[server(name = GetKnowledgeDetail, prefix = "/api", endpoint = "knowledge_detail")]
pub async fn knowledge_detail(code: String) -> Result<KnowledgeDetail, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.knowledge_detail(&user, &code).await.map_err(with_status)
}

/// Writes a new entry or a new version of one (a draft).
#[server(name = SaveKnowledge, prefix = "/api", endpoint = "save_knowledge", input = Json)]
pub async fn save_knowledge(edit: KnowledgeEdit) -> Result<KnowledgeDetail, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.save_knowledge(&user, edit).await.map_err(with_status)
}

/// Submits, publishes, sends back (with a note) or withdraws an entry.
#[server(name = KnowledgeActionCall, prefix = "/api", endpoint = "knowledge_action")]
pub async fn knowledge_action(code: String, action: String, note: String) -> Result<KnowledgeDetail, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.knowledge_action(&user, &code, &action, &note).await.map_err(with_status)
}

/// The staff accounts.
#[server(name = GetAdminUsers, prefix = "/api", endpoint = "admin_users")]
pub async fn admin_users() -> Result<Vec<AdminUser>, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.admin_users(&user).await.map_err(with_status)
}

/// Adds an account, changes its role, unit or access, or sets its password.
#[server(name = ChangeUser, prefix = "/api", endpoint = "change_user", input = Json)]
pub async fn change_user(change: UserChange) -> Result<Vec<AdminUser>, AppError> {
    use super::backend::{staff_user, with_status};
    let (backend, user) = staff_user().await.map_err(with_status)?;
    backend.change_user(&user, change).await.map_err(with_status)
}

//! Server functions of the administrators' screens.

use super::error::AppError;
use super::views::{AdminCategory, AdminUnit, AdminUser, UserChange, AuditQuery, AuditView, CalendarChange, CalendarYear, UnitChange};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A page of the audit log, newest first (administrators only).
#[server(name = GetAuditLog, prefix = "/api", endpoint = "audit_log", input = Json)]
pub async fn audit_log(query: AuditQuery) -> Result<Vec<AuditView>, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.audit_log(&user, query).await }).await
}

/// The unit tree for administrators.
#[server(name = GetAdminUnits, prefix = "/api", endpoint = "admin_units")]
pub async fn admin_units() -> Result<Vec<AdminUnit>, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.admin_units(&user).await }).await
}

/// Adds, approves, sets up or moves a unit.
#[server(name = ChangeUnit, prefix = "/api", endpoint = "change_unit", input = Json)]
pub async fn change_unit(change: UnitChange) -> Result<Vec<AdminUnit>, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.change_unit(&user, change).await }).await
}

/// A year of the working-day calendar.
#[server(name = GetCalendarYear, prefix = "/api", endpoint = "calendar_year")]
pub async fn calendar_year(year: i32) -> Result<CalendarYear, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.calendar_year(&user, year).await }).await
}

/// Imports a holiday notice or declares a regional day.
#[server(name = ChangeCalendar, prefix = "/api", endpoint = "change_calendar", input = Json)]
pub async fn change_calendar(change: CalendarChange) -> Result<(), AppError> {
    super::backend::as_staff(|backend, user| async move { backend.change_calendar(&user, change).await }).await
}

/// The categories with their statutory limits.
#[server(name = GetAdminCategories, prefix = "/api", endpoint = "admin_categories")]
pub async fn admin_categories() -> Result<Vec<AdminCategory>, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.admin_categories(&user).await }).await
}

/// Sets (or, with no days, clears) a category's stricter statutory limit.
#[server(name = SetCategoryDays, prefix = "/api", endpoint = "set_category_days")]
pub async fn set_category_days(code: String, days: Option<i64>) -> Result<Vec<AdminCategory>, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.set_category_days(&user, &code, days).await }).await
}

/// The search's synonym groups, one line of words each.
#[server(name = GetSynonyms, prefix = "/api", endpoint = "synonyms")]
pub async fn synonyms() -> Result<Vec<String>, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.synonyms(&user).await }).await
}

/// Replaces the synonym groups (one group of words per line).
#[server(name = SetSynonyms, prefix = "/api", endpoint = "set_synonyms")]
pub async fn set_synonyms(groups: String) -> Result<Vec<String>, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.set_synonyms(&user, &groups).await }).await
}

/// The staff accounts.
#[server(name = GetAdminUsers, prefix = "/api", endpoint = "admin_users")]
pub async fn admin_users() -> Result<Vec<AdminUser>, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.admin_users(&user).await }).await
}

/// Adds an account, changes its role, unit or access, or sets its password.
#[server(name = ChangeUser, prefix = "/api", endpoint = "change_user", input = Json)]
pub async fn change_user(change: UserChange) -> Result<Vec<AdminUser>, AppError> {
    super::backend::as_staff(|backend, user| async move { backend.change_user(&user, change).await }).await
}

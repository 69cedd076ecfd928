//! The administrators' screens: the audit log, the unit tree, the
//! calendar, the categories' limits, the staff accounts and the search's
//! synonyms. Each has its side of the backend, implemented in its service
//! file (`service/admin/<area>.rs`, the audit log in `service/admin/mod.rs`).

use super::error::AppError;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use super::auth::StaffUser;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    /// `YYYY-MM-DD HH:MM:SS` in China time.
    pub at: String,
    pub username: String,
    pub action: crate::domain::types::AuditAction,
    pub request_number: Option<String>,
    pub reason: Option<String>,
    pub detail: Option<String>,
}

/// Which audit entries to list; empty fields do not narrow it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    pub username: String,
    pub request_number: String,
    pub action: String,
    pub page: i64,
}

/// A unit as the administrators' tree shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUnit {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
    /// 0 for the center.
    pub depth: usize,
    pub vertical: bool,
    pub dispatches_subtree: bool,
    pub active: bool,
    /// Proposed by a unit's administrator, waiting for the center (Art. 4).
    pub proposed: bool,
}

/// A change to the unit tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum UnitChange {
    /// A new sub-unit; a unit's administrator only proposes it (Art. 4).
    Add { id: String, name: String, parent: String },
    /// The center approves a proposed unit.
    Approve { id: String },
    /// Vertical management (Art. 14(2)), dispatch rights over the subtree (Art. 4), active.
    Settings { id: String, vertical: bool, dispatches_subtree: bool, active: bool },
    /// Under another parent, with its whole subtree.
    Move { id: String, parent: String },
}

/// A year of the working-day calendar as administrators see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarYear {
    pub year: i32,
    /// The State Council's notice for the year is loaded.
    pub covered: bool,
    /// Holidays and adjusted working days, national and regional, by date.
    pub days: Vec<CalendarDayView>,
    /// Working days per month, January first.
    pub working_days: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDayView {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub name: String,
    /// An off day (holiday), else an adjusted working day.
    pub off: bool,
    /// national or regional.
    pub layer: String,
}

/// A change to the calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum CalendarChange {
    /// A notice in the holiday-cn JSON format, into the national or regional layer.
    Import { layer: String, json: String },
    /// One regional holiday or make-up working day.
    Regional { date: String, name: String, off: bool },
}

/// A category with its optional stricter statutory limit (Art. 19(3)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminCategory {
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    pub statutory_days: Option<i64>,
}

/// A staff account as administrators see it (never its password).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub unit_id: String,
    pub unit_name: String,
    pub active: bool,
}

/// A change to the staff accounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum UserChange {
    Add { username: String, display_name: String, role: String, unit: String, password: String },
    Update { id: i64, role: String, unit: String, active: bool },
    Password { id: i64, password: String },
}

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait AuditBackend: Send + Sync + 'static {
    /// A page of the audit log (administrators only).
    async fn audit_log(&self, user: &StaffUser, query: AuditQuery) -> Result<Vec<AuditView>, AppError>;
}

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait UnitAdminBackend: Send + Sync + 'static {
    /// The unit tree as administrators see it (the center's all of it, a unit's administrator their subtree).
    async fn admin_units(&self, user: &StaffUser) -> Result<Vec<AdminUnit>, AppError>;
    /// Changes the unit tree; returns it as it now is.
    async fn change_unit(&self, user: &StaffUser, change: UnitChange) -> Result<Vec<AdminUnit>, AppError>;
}

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait CalendarBackend: Send + Sync + 'static {
    /// A year of the calendar (any staff member may look).
    async fn calendar_year(&self, user: &StaffUser, year: i32) -> Result<CalendarYear, AppError>;
    /// Imports a notice or declares a regional day (administrators only).
    async fn change_calendar(&self, user: &StaffUser, change: CalendarChange) -> Result<(), AppError>;
    /// The years deadlines may reach into that have no calendar data yet (SPEC §4).
    async fn calendar_gaps(&self) -> Result<Vec<i32>, AppError>;
}

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait CategoryAdminBackend: Send + Sync + 'static {
    /// The categories with their statutory limits.
    async fn admin_categories(&self, user: &StaffUser) -> Result<Vec<AdminCategory>, AppError>;
    /// Sets or clears a category's stricter limit in working days (administrators only).
    async fn set_category_days(&self, user: &StaffUser, code: &str, days: Option<i64>) -> Result<Vec<AdminCategory>, AppError>;
}

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait UserAdminBackend: Send + Sync + 'static {
    /// The staff accounts (administrators only).
    async fn admin_users(&self, user: &StaffUser) -> Result<Vec<AdminUser>, AppError>;
    /// Adds or changes an account; returns the accounts as they now are.
    async fn change_user(&self, user: &StaffUser, change: UserChange) -> Result<Vec<AdminUser>, AppError>;
}

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait SynonymBackend: Send + Sync + 'static {
    /// The search's synonym groups (administrators).
    async fn synonyms(&self, user: &StaffUser) -> Result<Vec<String>, AppError>;
    /// Replaces the synonym groups, one per line; returns them as kept (administrators, audited).
    async fn set_synonyms(&self, user: &StaffUser, groups: &str) -> Result<Vec<String>, AppError>;
}

/// A page of the audit log, newest first (administrators only).
#[server(name = GetAuditLog, prefix = "/api", endpoint = "audit_log", input = Json)]
pub async fn audit_log(query: AuditQuery) -> Result<Vec<AuditView>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn AuditBackend>, user| async move { backend.audit_log(&user, query).await }).await
}

/// The unit tree for administrators.
#[server(name = GetAdminUnits, prefix = "/api", endpoint = "admin_units")]
pub async fn admin_units() -> Result<Vec<AdminUnit>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn UnitAdminBackend>, user| async move { backend.admin_units(&user).await }).await
}

/// Adds, approves, sets up or moves a unit.
#[server(name = ChangeUnit, prefix = "/api", endpoint = "change_unit", input = Json)]
pub async fn change_unit(change: UnitChange) -> Result<Vec<AdminUnit>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn UnitAdminBackend>, user| async move { backend.change_unit(&user, change).await }).await
}

/// A year of the working-day calendar.
#[server(name = GetCalendarYear, prefix = "/api", endpoint = "calendar_year")]
pub async fn calendar_year(year: i32) -> Result<CalendarYear, AppError> {
    super::auth::as_staff(|backend: Arc<dyn CalendarBackend>, user| async move { backend.calendar_year(&user, year).await }).await
}

/// Imports a holiday notice or declares a regional day.
#[server(name = ChangeCalendar, prefix = "/api", endpoint = "change_calendar", input = Json)]
pub async fn change_calendar(change: CalendarChange) -> Result<(), AppError> {
    super::auth::as_staff(|backend: Arc<dyn CalendarBackend>, user| async move { backend.change_calendar(&user, change).await }).await
}

/// The categories with their statutory limits.
#[server(name = GetAdminCategories, prefix = "/api", endpoint = "admin_categories")]
pub async fn admin_categories() -> Result<Vec<AdminCategory>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn CategoryAdminBackend>, user| async move { backend.admin_categories(&user).await }).await
}

/// Sets (or, with no days, clears) a category's stricter statutory limit.
#[server(name = SetCategoryDays, prefix = "/api", endpoint = "set_category_days")]
pub async fn set_category_days(code: String, days: Option<i64>) -> Result<Vec<AdminCategory>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn CategoryAdminBackend>, user| async move { backend.set_category_days(&user, &code, days).await }).await
}

/// The search's synonym groups, one line of words each.
#[server(name = GetSynonyms, prefix = "/api", endpoint = "synonyms")]
pub async fn synonyms() -> Result<Vec<String>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn SynonymBackend>, user| async move { backend.synonyms(&user).await }).await
}

/// Replaces the synonym groups (one group of words per line).
#[server(name = SetSynonyms, prefix = "/api", endpoint = "set_synonyms")]
pub async fn set_synonyms(groups: String) -> Result<Vec<String>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn SynonymBackend>, user| async move { backend.set_synonyms(&user, &groups).await }).await
}

/// The staff accounts.
#[server(name = GetAdminUsers, prefix = "/api", endpoint = "admin_users")]
pub async fn admin_users() -> Result<Vec<AdminUser>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn UserAdminBackend>, user| async move { backend.admin_users(&user).await }).await
}

/// Adds an account, changes its role, unit or access, or sets its password.
#[server(name = ChangeUser, prefix = "/api", endpoint = "change_user", input = Json)]
pub async fn change_user(change: UserChange) -> Result<Vec<AdminUser>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn UserAdminBackend>, user| async move { backend.change_user(&user, change).await }).await
}

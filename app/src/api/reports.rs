//! Server functions of the monthly reports (Art. 10): the center's to the
//! prefecture and the region, each county office's to the center — drafted,
//! issued (frozen) and corrected as new versions by the office's reviewers.

use super::error::AppError;
use crate::domain::report::ReportContent;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use super::auth::StaffUser;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// An office's reports of a month, and (for the center) the county offices'.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportsPage {
    /// `2026-11`, its name and its neighbours' codes.
    pub month: String,
    pub month_name: String,
    pub previous: String,
    pub next: String,
    /// The office that reports, and to whom.
    pub author: String,
    pub addressees: String,
    /// Whether the viewer drafts, issues and corrects the office's reports.
    pub may_write: bool,
    pub versions: Vec<VersionLine>,
    /// The center's view of the county offices' reports of the month.
    pub counties: Vec<CountyLine>,
}

/// One version of a report, as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionLine {
    pub id: i64,
    pub number: u32,
    pub issued: bool,
    /// `第2版（更正版）· 已印发 12-02 10:15 审核员 李娜`.
    pub summary: String,
}

/// Whether a county office has sent its report of the month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountyLine {
    pub office: String,
    /// 已报送（第1版，12-02 10:15） / 起草中 / 未报送.
    pub state: String,
    pub sent: bool,
    /// The last issued version, to open.
    pub report: Option<i64>,
}

/// One version of a report with its numbers: frozen when issued, the
/// month's data as it stands now while a draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    pub id: i64,
    pub author: String,
    pub addressees: String,
    pub month: String,
    pub month_name: String,
    pub number: u32,
    pub issued: bool,
    /// `已印发：12-02 10:15 审核员 李娜` or `草稿：…最后修改`.
    pub status: String,
    /// Why this version corrects the one before.
    pub correction: Option<String>,
    pub briefing: String,
    pub special: String,
    pub cases_text: String,
    pub content: ReportContent,
    pub may_edit: bool,
    pub may_correct: bool,
    /// Every version of the office's month, this one among them.
    pub versions: Vec<VersionLine>,
    pub xlsx: String,
}

/// The reports' side of the backend (`service/reports/`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait ReportBackend: Send + Sync + 'static {
    async fn reports(&self, user: &StaffUser, month: &str) -> Result<ReportsPage, AppError>;
    async fn report(&self, user: &StaffUser, id: i64) -> Result<ReportView, AppError>;
    async fn start_report(&self, user: &StaffUser, month: &str) -> Result<i64, AppError>;
    async fn save_report(&self, user: &StaffUser, id: i64, briefing: &str, special: &str, cases: &str) -> Result<ReportView, AppError>;
    async fn issue_report(&self, user: &StaffUser, id: i64) -> Result<ReportView, AppError>;
    async fn correct_report(&self, user: &StaffUser, id: i64, reason: &str) -> Result<i64, AppError>;
}

/// The viewer's office's reports of `month` (`YYYY-MM`; empty: last month).
#[server(name = GetReports, prefix = "/api", endpoint = "reports", input = Json)]
pub async fn reports(month: String) -> Result<ReportsPage, AppError> {
    super::auth::as_staff(|backend: Arc<dyn ReportBackend>, user| async move { backend.reports(&user, &month).await }).await
}

#[server(name = GetReport, prefix = "/api", endpoint = "report", input = Json)]
pub async fn report(id: i64) -> Result<ReportView, AppError> {
    super::auth::as_staff(|backend: Arc<dyn ReportBackend>, user| async move { backend.report(&user, id).await }).await
}

/// The first draft of the office's report of `month`; its id.
#[server(name = StartReport, prefix = "/api", endpoint = "start_report", input = Json)]
pub async fn start_report(month: String) -> Result<i64, AppError> {
    super::auth::as_staff(|backend: Arc<dyn ReportBackend>, user| async move { backend.start_report(&user, &month).await }).await
}

/// The draft's narrative: the 工作简报, the 专报 and the cases (one per line).
#[server(name = SaveReport, prefix = "/api", endpoint = "save_report", input = Json)]
pub async fn save_report(id: i64, briefing: String, special: String, cases: String) -> Result<ReportView, AppError> {
    super::auth::as_staff(|backend: Arc<dyn ReportBackend>, user| async move { backend.save_report(&user, id, &briefing, &special, &cases).await }).await
}

/// Issues the draft: its numbers are frozen as they stand.
#[server(name = IssueReport, prefix = "/api", endpoint = "issue_report", input = Json)]
pub async fn issue_report(id: i64) -> Result<ReportView, AppError> {
    super::auth::as_staff(|backend: Arc<dyn ReportBackend>, user| async move { backend.issue_report(&user, id).await }).await
}

/// The draft of a correction of an issued version; its id.
#[server(name = CorrectReport, prefix = "/api", endpoint = "correct_report", input = Json)]
pub async fn correct_report(id: i64, reason: String) -> Result<i64, AppError> {
    super::auth::as_staff(|backend: Arc<dyn ReportBackend>, user| async move { backend.correct_report(&user, id, &reason).await }).await
}

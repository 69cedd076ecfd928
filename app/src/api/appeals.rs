//! Server functions of appeals against published assessment results
//! (Art. 38): a unit's administrator lodges one within the appeal period;
//! the center answers it, and an upheld one publishes the period again.

use super::error::AppError;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use super::auth::StaffUser;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};

/// What a unit's administrator appeals: its result as a whole (`on` =
/// `result`), or a request counted against it in one indicator (`on` =
/// `data_point`, with the request's number and the indicator's code).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealForm {
    pub publication: i64,
    pub on: String,
    pub number: String,
    pub indicator: String,
    pub reasons: String,
    /// Files uploaded with `upload_appeal_file`, by id.
    #[serde(default)]
    pub files: Vec<String>,
}

/// An appeal as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealLine {
    pub id: i64,
    pub unit: String,
    /// `2026年10月`.
    pub period: String,
    /// `诉求 YL… 计入的按时办结率` or `本单位考核结果`.
    pub subject: String,
    /// `2026-11-02 10:00 伊宁市管理员 李娜`.
    pub lodged: String,
    /// `待答复`, `申诉成立，已更正` or `申诉不成立`.
    pub state: String,
    pub open: bool,
}

/// An appeal with its reasons and answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealView {
    pub line: AppealLine,
    pub reasons: String,
    /// The files sent with the reasons: (label, address).
    #[serde(default)]
    pub files: Vec<(String, String)>,
    /// The request of a data point, to open beside the answer.
    pub request: Option<String>,
    /// What that request counted for the unit in the indicator: `办结 1 件，按时办结 0 件`.
    pub counted: Option<String>,
    /// `热线审核员 王强 2026-11-05 10:00：经核实……`.
    pub answer: Option<String>,
    /// The period's publication as it now stands (after an upheld appeal, the new version).
    pub publication: Option<i64>,
    /// Whether the viewer may answer it (the center's reviewers and administrators, while it is open).
    pub may_answer: bool,
    /// Whether upholding it may count the request again as meeting the indicator (not only leave it out).
    #[serde(default)]
    pub may_recount: bool,
}

/// The appeals' side of the backend (`service/appeals.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait AppealBackend: Send + Sync + 'static {
    /// A file for an appeal the user is about to lodge (a scan or a PDF); its id.
    async fn upload_appeal_file(&self, user: &StaffUser, file: super::backend::Upload) -> Result<String, AppError>;
    async fn lodge_appeal(&self, user: &StaffUser, form: AppealForm) -> Result<i64, AppError>;
    /// `correction`: `exclude` (default) or `recount`, for an upheld data point.
    async fn answer_appeal(&self, user: &StaffUser, id: i64, upheld: bool, correction: &str, answer: &str) -> Result<AppealView, AppError>;
    async fn appeals(&self, user: &StaffUser) -> Result<Vec<AppealLine>, AppError>;
    async fn appeal(&self, user: &StaffUser, id: i64) -> Result<AppealView, AppError>;
}

/// Uploads a file to send with an appeal (Art. 38); returns its id, to
/// name in the form's `files`.
#[server(name = UploadAppealFile, prefix = "/api", endpoint = "appeal_file", input = MultipartFormData)]
pub async fn upload_appeal_file(data: MultipartData) -> Result<String, AppError> {
    super::auth::as_staff(|backend: Arc<dyn AppealBackend>, user| async move {
        let received = super::citizen::received::read(data).await?;
        let file = received.files.into_iter().next().ok_or_else(|| AppError::Invalid("请选择要上传的文件".into()))?;
        backend.upload_appeal_file(&user, file).await
    })
    .await
}

/// Lodges an appeal; returns its id.
#[server(name = LodgeAppeal, prefix = "/api", endpoint = "lodge_appeal", input = Json)]
pub async fn lodge_appeal(form: AppealForm) -> Result<i64, AppError> {
    super::auth::as_staff(|backend: Arc<dyn AppealBackend>, user| async move { backend.lodge_appeal(&user, form).await }).await
}

/// The center's answer: upheld (the data corrected, the period published again) or dismissed.
#[server(name = AnswerAppeal, prefix = "/api", endpoint = "answer_appeal", input = Json)]
pub async fn answer_appeal(id: i64, upheld: bool, correction: String, answer: String) -> Result<AppealView, AppError> {
    super::auth::as_staff(|backend: Arc<dyn AppealBackend>, user| async move { backend.answer_appeal(&user, id, upheld, &correction, &answer).await }).await
}

/// The appeals the viewer may read: every unit's for the center, its own for a unit.
#[server(name = GetAppeals, prefix = "/api", endpoint = "appeals", input = Json)]
pub async fn appeals() -> Result<Vec<AppealLine>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn AppealBackend>, user| async move { backend.appeals(&user).await }).await
}

#[server(name = GetAppeal, prefix = "/api", endpoint = "appeal", input = Json)]
pub async fn appeal(id: i64) -> Result<AppealView, AppError> {
    super::auth::as_staff(|backend: Arc<dyn AppealBackend>, user| async move { backend.appeal(&user, id).await }).await
}

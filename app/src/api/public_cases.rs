//! Server functions of the public cases (Art. 35): the center proposes a
//! case or hot topic from an ended request, a second person reviews it, the
//! published ones are on the public page `/cases` for everyone.

use super::error::AppError;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use super::auth::StaffUser;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A case as the public reads it (and staff, with its state and history).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicCaseView {
    pub id: i64,
    /// `case` or `hot_topic`, and its words.
    pub kind: String,
    pub kind_label: String,
    pub title: String,
    pub summary: String,
    pub outcome: String,
    /// `城乡建设 · 伊宁市墩买里街道 · 2026年11月`.
    pub meta: String,
    /// Staff only (empty for the public): the request, the state in words,
    /// who proposed and who reviewed.
    pub request_number: String,
    pub state: String,
    pub state_label: String,
    pub history: String,
    pub proposed_by: String,
    pub review_note: Option<String>,
}

/// The staff's list: what waits for review, what is published, the rest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicCasesPage {
    pub cases: Vec<PublicCaseView>,
    /// Whether the viewer proposes (the center's agents and reviewers) and reviews (its reviewers and administrators).
    pub may_propose: bool,
    pub may_review: bool,
    /// The viewer's username: a reviewer never reviews their own proposal.
    pub me: String,
}

/// What a proposal starts from: the request's own words, to be rewritten
/// without personal data, and where and when (no closer than the township).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseDraft {
    pub number: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub outcome: String,
    pub meta: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseForm {
    pub number: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub outcome: String,
}

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait PublicCaseBackend: Send + Sync + 'static {
    async fn public_cases_staff(&self, user: &StaffUser) -> Result<PublicCasesPage, AppError>;
    async fn case_draft(&self, user: &StaffUser, number: &str) -> Result<CaseDraft, AppError>;
    async fn propose_case(&self, user: &StaffUser, form: CaseForm) -> Result<i64, AppError>;
    async fn review_case(&self, user: &StaffUser, id: i64, approve: bool, note: &str) -> Result<(), AppError>;
    async fn withdraw_case(&self, user: &StaffUser, id: i64, note: &str) -> Result<(), AppError>;
    /// The published cases, newest first; `kind` empty for both kinds.
    async fn published_cases(&self, kind: &str) -> Result<Vec<PublicCaseView>, AppError>;
}

#[server(name = GetPublicCasesStaff, prefix = "/api", endpoint = "public_cases", input = Json)]
pub async fn public_cases_staff() -> Result<PublicCasesPage, AppError> {
    super::auth::as_staff(|backend: Arc<dyn PublicCaseBackend>, user| async move { backend.public_cases_staff(&user).await }).await
}

#[server(name = GetCaseDraft, prefix = "/api", endpoint = "case_draft", input = Json)]
pub async fn case_draft(number: String) -> Result<CaseDraft, AppError> {
    super::auth::as_staff(|backend: Arc<dyn PublicCaseBackend>, user| async move { backend.case_draft(&user, &number).await }).await
}

#[server(name = ProposeCase, prefix = "/api", endpoint = "propose_case", input = Json)]
pub async fn propose_case(form: CaseForm) -> Result<i64, AppError> {
    super::auth::as_staff(|backend: Arc<dyn PublicCaseBackend>, user| async move { backend.propose_case(&user, form).await }).await
}

#[server(name = ReviewCase, prefix = "/api", endpoint = "review_case", input = Json)]
pub async fn review_case(id: i64, approve: bool, note: String) -> Result<(), AppError> {
    super::auth::as_staff(|backend: Arc<dyn PublicCaseBackend>, user| async move { backend.review_case(&user, id, approve, &note).await }).await
}

#[server(name = WithdrawCase, prefix = "/api", endpoint = "withdraw_case", input = Json)]
pub async fn withdraw_case(id: i64, note: String) -> Result<(), AppError> {
    super::auth::as_staff(|backend: Arc<dyn PublicCaseBackend>, user| async move { backend.withdraw_case(&user, id, &note).await }).await
}

/// The public page's cases (no login).
#[server(name = GetPublishedCases, prefix = "/api", endpoint = "citizen/cases")]
pub async fn published_cases(kind: String) -> Result<Vec<PublicCaseView>, AppError> {
    use super::backend::with_status;
    super::backend::context::<Arc<dyn PublicCaseBackend>>()?.published_cases(&kind).await.map_err(with_status)
}

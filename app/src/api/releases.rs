//! Server functions of records release (Art. 42): the register, an
//! application with its letter, the leader's decision, the hand-over.

use super::error::AppError;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

/// An application as the register shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseView {
    pub id: i64,
    /// The kind of body (人民法院, 律师事务所…) and its name.
    pub body: String,
    pub body_name: String,
    pub letter_number: String,
    /// Where the scanned letter opens.
    pub letter_url: String,
    /// "姓名（证件号）" of each official.
    pub officials: Vec<String>,
    pub records: Vec<String>,
    pub personal_data: bool,
    pub purpose: String,
    /// Who must approve (Art. 42).
    pub approver: String,
    pub registered_by: String,
    pub registered_at: String,
    pub state: String,
    pub state_label: String,
    pub decision: Option<ReleaseDecisionView>,
    pub package: Option<PackageView>,
    pub may_decide: bool,
    pub may_release: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseDecisionView {
    pub approved: bool,
    pub by: String,
    pub post: String,
    pub at: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageView {
    pub by: String,
    pub at: String,
    pub url: String,
    pub sha256: String,
    pub requests: usize,
}

/// The register, and whether the viewer may register applications.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseRegister {
    pub releases: Vec<ReleaseView>,
    pub may_register: bool,
}

#[cfg(feature = "ssr")]
pub use super::backend::Upload;

/// An application as the form sends it (the letter comes beside it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseForm {
    pub body: String,
    pub body_name: String,
    pub letter_number: String,
    pub official1_name: String,
    pub official1_credential: String,
    pub official2_name: String,
    pub official2_credential: String,
    pub records: String,
    pub personal_data: bool,
    pub purpose: String,
}

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait ReleaseBackend: Send + Sync + 'static {
    async fn releases(&self, user: &super::auth::StaffUser) -> Result<ReleaseRegister, AppError>;
    async fn register_release(&self, user: &super::auth::StaffUser, form: ReleaseForm, letter: Option<Upload>) -> Result<ReleaseView, AppError>;
    async fn decide_release(&self, user: &super::auth::StaffUser, id: i64, approve: bool, note: &str) -> Result<ReleaseView, AppError>;
    /// Generates the package of an approved application and records its hand-over.
    async fn hand_over_release(&self, user: &super::auth::StaffUser, id: i64) -> Result<ReleaseView, AppError>;
}

#[server(name = GetReleases, prefix = "/api", endpoint = "releases")]
pub async fn releases() -> Result<ReleaseRegister, AppError> {
    super::auth::as_staff(|backend: Arc<dyn ReleaseBackend>, user| async move { backend.releases(&user).await }).await
}

/// Registers an application: the form's fields and the scanned letter.
#[server(prefix = "/api", endpoint = "register_release", input = MultipartFormData)]
pub async fn register_release(data: MultipartData) -> Result<ReleaseView, AppError> {
    super::auth::as_staff(|backend: Arc<dyn ReleaseBackend>, user| async move {
        let received = super::citizen::received::read(data).await?;
        let field = |name: &str| received.first(name).unwrap_or_default();
        let form = ReleaseForm {
            body: field("body"),
            body_name: field("body_name"),
            letter_number: field("letter_number"),
            official1_name: field("official1_name"),
            official1_credential: field("official1_credential"),
            official2_name: field("official2_name"),
            official2_credential: field("official2_credential"),
            records: field("records"),
            personal_data: matches!(field("personal_data").as_str(), "on" | "true" | "1"),
            purpose: field("purpose"),
        };
        let letter = received.files.into_iter().next();
        backend.register_release(&user, form, letter).await
    })
    .await
}

#[server(name = DecideRelease, prefix = "/api", endpoint = "decide_release")]
pub async fn decide_release(id: i64, approve: bool, note: String) -> Result<ReleaseView, AppError> {
    super::auth::as_staff(|backend: Arc<dyn ReleaseBackend>, user| async move { backend.decide_release(&user, id, approve, &note).await }).await
}

#[server(name = HandOverRelease, prefix = "/api", endpoint = "hand_over_release")]
pub async fn hand_over_release(id: i64) -> Result<ReleaseView, AppError> {
    super::auth::as_staff(|backend: Arc<dyn ReleaseBackend>, user| async move { backend.hand_over_release(&user, id).await }).await
}

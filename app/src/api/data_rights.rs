//! Server functions of the requester's data rights (PIPL Art. 45, 46;
//! Measures Art. 40): "my personal data" behind the one-time code, the
//! correction application, and the hotline office's register of them.

use super::error::AppError;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// The personal data one request holds, as its requester sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldData {
    pub number: String,
    pub title: String,
    pub registered_at: String,
    pub status: String,
    /// The name as recorded; `None` for an anonymous request.
    pub name: Option<String>,
    pub phone: String,
    /// Masked even here: a lost phone must not show a whole ID number.
    pub id_number: Option<String>,
    pub organisation: Option<String>,
    /// County and township.
    pub place: Option<String>,
    pub address: Option<String>,
    pub map_position: bool,
    pub photos: usize,
    /// The retention's erasure already removed it (Art. 40).
    pub erased: bool,
    /// Whether a correction may be asked now (not erased, none pending).
    pub may_correct: bool,
    /// Whether the request has a place, so that an address can be corrected.
    pub has_place: bool,
}

/// Who at the hotline looked at the requester's full data, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRecord {
    pub at: String,
    pub number: String,
    /// The unit of the staff member (never their name).
    pub unit: String,
    pub reason: String,
}

/// A correction application, for the requester and for the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionView {
    pub id: i64,
    pub number: String,
    /// (field, what the requester asked it to say)
    pub asked: Vec<(String, String)>,
    pub reason: String,
    pub asked_at: String,
    /// The last day of the answer, `M月D日`.
    pub answer_by: String,
    pub late: bool,
    pub status: String,
    pub status_label: String,
    /// The note of a correction or the reason of a refusal.
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    /// For the register: (field, what the record says now), audited.
    pub held: Vec<(String, String)>,
    pub phone: String,
    pub may_decide: bool,
}

/// "My personal data": what each of the phone's requests holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyData {
    pub phone: String,
    pub requests: Vec<HeldData>,
    pub accesses: Vec<AccessRecord>,
    pub corrections: Vec<CorrectionView>,
    /// How long after archiving the data is kept (`HOTLINE_RETENTION_YEARS`).
    pub retention_years: u16,
}

/// The hotline office's register of correction applications.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionRegister {
    pub corrections: Vec<CorrectionView>,
}

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait DataRightsBackend: Send + Sync + 'static {
    /// The data the phone's requests hold (the session's phone; audited).
    async fn my_data(&self, session: &str) -> Result<MyData, AppError>;
    /// A correction application for one of the phone's requests.
    async fn ask_correction(&self, session: &str, number: &str, name: &str, address: &str, reason: &str) -> Result<(), AppError>;
    /// The register, for hotline offices' reviewers and leaders.
    async fn correction_register(&self, user: &super::auth::StaffUser) -> Result<CorrectionRegister, AppError>;
    /// Corrects the record as asked, or refuses with a reason.
    async fn decide_correction(&self, user: &super::auth::StaffUser, id: i64, correct: bool, note: &str) -> Result<CorrectionView, AppError>;
}

#[cfg(feature = "ssr")]
async fn citizen_session() -> Result<String, AppError> {
    use super::cookies::{request_cookie, CITIZEN_COOKIE};
    request_cookie(CITIZEN_COOKIE).await.ok_or(AppError::Unauthenticated)
}

/// The personal data of the session's requests; `Unauthenticated` without a session.
#[server(name = GetMyData, prefix = "/api", endpoint = "citizen/my_data")]
pub async fn my_data() -> Result<MyData, AppError> {
    use super::backend::with_status;
    let session = citizen_session().await.map_err(with_status)?;
    super::backend::context::<Arc<dyn DataRightsBackend>>().map_err(with_status)?.my_data(&session).await.map_err(with_status)
}

/// Applies for a correction (a plain form; back to "my personal data").
#[server(prefix = "/api", endpoint = "citizen/ask_correction")]
pub async fn ask_correction(number: String, name: Option<String>, address: Option<String>, reason: String) -> Result<(), AppError> {
    use super::backend::with_status;
    let session = citizen_session().await.map_err(with_status)?;
    let (name, address) = (name.unwrap_or_default(), address.unwrap_or_default());
    super::backend::context::<Arc<dyn DataRightsBackend>>().map_err(with_status)?.ask_correction(&session, &number, &name, &address, &reason).await.map_err(with_status)?;
    leptos_axum::redirect("/mine/data?asked=1#corrections");
    Ok(())
}

#[server(name = GetCorrectionRegister, prefix = "/api", endpoint = "corrections")]
pub async fn correction_register() -> Result<CorrectionRegister, AppError> {
    super::auth::as_staff(|rights: Arc<dyn DataRightsBackend>, user| async move { rights.correction_register(&user).await }).await
}

#[server(name = DecideCorrection, prefix = "/api", endpoint = "decide_correction", input = Json)]
pub async fn decide_correction(id: i64, correct: bool, note: String) -> Result<CorrectionView, AppError> {
    super::auth::as_staff(|rights: Arc<dyn DataRightsBackend>, user| async move { rights.decide_correction(&user, id, correct, &note).await }).await
}

//! The intake desk's help while a call is typed: the caller's earlier
//! requests and suggestions of category, unit and repeats.

#[cfg(feature = "ssr")]
use super::auth::StaffUser;
use super::error::AppError;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// An earlier request of the same caller (intake desk).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerRequest {
    pub number: String,
    pub title: String,
    /// Chinese label of the state.
    pub state: String,
    /// `YYYY-MM-DD` in China time.
    pub registered: String,
    /// Still open and recent: the call may well be a repeat of it (Art. 12(7), 14(5)).
    #[serde(default)]
    pub repeat_candidate: bool,
}

/// The call as typed so far, for the intake desk's assist.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistQuery {
    /// The title and the caller's words.
    pub text: String,
    pub county: String,
    pub township: String,
}

/// Suggestions for the call being typed; the agent decides.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assist {
    /// Likely categories, best first.
    pub categories: Vec<Suggestion>,
    /// Likely handling units, best first: where similar past requests were
    /// finally handled (not units that returned them).
    pub units: Vec<Suggestion>,
    /// Open requests of the same place with very similar words: a repeat, or one to merge into.
    pub duplicates: Vec<DuplicateCandidate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub code: String,
    pub name: String,
    /// 0–100: the share of similar past requests that agree.
    pub confidence: u8,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateCandidate {
    pub number: String,
    pub title: String,
    /// Chinese label of the state.
    pub state: String,
    /// `YYYY-MM-DD` in China time.
    pub registered: String,
    /// 0–100: how many of the call's words the request shares.
    pub similarity: u8,
}

/// The intake desk's side of the backend (`service/requests/intake.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait IntakeBackend: Send + Sync + 'static {
    /// Suggestions for a call being typed (center roles).
    async fn assist(&self, user: &StaffUser, query: AssistQuery) -> Result<Assist, AppError>;
    /// The caller's earlier requests by phone number (center roles; audited).
    async fn caller_history(&self, user: &StaffUser, phone: &str) -> Result<Vec<CallerRequest>, AppError>;
}

/// The caller's earlier requests (intake desk: repeats, Art. 12(7), 14(5)).
/// Looking a phone number up is written to the audit log.
#[server(name = GetCallerHistory, prefix = "/api", endpoint = "caller_history")]
pub async fn caller_history(phone: String) -> Result<Vec<CallerRequest>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn IntakeBackend>, user| async move { backend.caller_history(&user, &phone).await }).await
}

/// Suggestions for the call being typed at the intake desk: category,
/// handling unit and open requests it may repeat (center roles).
#[server(name = GetAssist, prefix = "/api", endpoint = "assist", input = Json)]
pub async fn assist(query: AssistQuery) -> Result<Assist, AppError> {
    super::auth::as_staff(|backend: Arc<dyn IntakeBackend>, user| async move { backend.assist(&user, query).await }).await
}

/// The intake form as a plain HTML form posts it when the app has not
/// loaded yet (a slow line, a click during loading): the same fields, parsed
/// by the same [`IntakeForm`], registered like [`super::requests::register_request`];
/// then on to the new request's page. Nothing typed is sent as a GET.
///
/// [`IntakeForm`]: crate::domain::intake_form::IntakeForm
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "register_call")]
pub async fn register_call(
    phone: String,
    name: Option<String>,
    organisation: Option<String>,
    request_type: Option<String>,
    category: Option<String>,
    title: Option<String>,
    content: Option<String>,
    county: Option<String>,
    township: Option<String>,
    address: Option<String>,
    repeat_of: Option<String>,
    emergency: Option<String>,
    emergency_kind: Option<String>,
    anonymous: Option<String>,
    key: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::citizen_form::SubmitForm;
    use crate::domain::intake_form::IntakeForm;
    let text = |s: Option<String>| s.unwrap_or_default();
    let form = IntakeForm {
        form: SubmitForm {
            request_type: text(request_type),
            category: text(category),
            title: text(title),
            content: text(content),
            county: text(county),
            township: text(township),
            address: text(address),
            name: text(name),
            phone,
            organisation: text(organisation),
            anonymous: anonymous.is_some(),
            ..SubmitForm::default()
        },
        emergency: emergency.is_some(),
        emergency_kind: text(emergency_kind),
        repeat_of: text(repeat_of),
    };
    let view = super::auth::as_staff(|backend: Arc<dyn super::requests::RequestBackend>, user| async move {
        let new = form.parse().map_err(AppError::Fields)?;
        backend.register_request(&user, new, key.as_deref()).await
    })
    .await?;
    leptos_axum::redirect(&format!("/staff/requests/{}", view.number));
    Ok(())
}

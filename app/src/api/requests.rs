//! A request's page: registering, the commands of the state machine, the
//! request as the viewer may see it, revealing the requester, documents.
//! Inputs are JSON so that machine clients (and the integration tests) can
//! send the typed commands as they are.

use super::error::AppError;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use super::auth::StaffUser;
use crate::domain::calendar::DeclaredDay;
use crate::domain::machine::Command;
use crate::domain::request::RequestDraft;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};

/// One line of a request's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub seq: i64,
    /// RFC 3339 in China Standard Time.
    pub at: String,
    pub kind: String,
    pub actor: String,
    /// What happened, in the staff's words, with its reasons and content.
    pub summary: String,
    /// What the requester was told, if anything.
    pub public_text: Option<String>,
    /// Present only for staff.
    pub internal_note: Option<String>,
}

/// A request as a staff member may see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestView {
    pub number: String,
    pub state: String,
    pub request_type: String,
    pub emergency: bool,
    /// The center's tags (热点, 重点, 包案), as labels.
    #[serde(default)]
    pub tags: Vec<String>,
    pub title: String,
    pub content: String,
    /// Masked unless revealed (and then audited).
    pub requester_name: String,
    pub requester_phone: String,
    /// Last day of the handling period, `YYYY-MM-DD`, if running.
    pub due: Option<String>,
    pub assignments: Vec<AssignmentView>,
    pub events: Vec<EventView>,
    /// The commands the viewer may issue now.
    pub allowed: Vec<crate::domain::machine::CommandCode>,
    /// The clocks running now (SPEC §4), with their warnings.
    pub clocks: Vec<ClockView>,
    /// Photo ids (open at `/staff/photos/<id>`).
    pub attachments: Vec<String>,
    /// Units the viewer may dispatch to (when dispatching is allowed now).
    pub dispatch_targets: Vec<UnitOption>,
    /// Regional working-day changes, so the page's countdowns count as the server does.
    pub regional_days: Vec<DeclaredDay>,
    /// The viewer's unit and its active sub-units (forwarding).
    pub own_units: Vec<UnitOption>,
    /// The units the viewer's result may name (Art. 22(1)): its assignment's
    /// unit and the sub-unit it was forwarded to, and no other.
    #[serde(default)]
    pub result_units: Vec<UnitOption>,
    /// The supervisions still running (Art. 31), for the units in the viewer's scope.
    pub open_supervisions: Vec<SupervisionOption>,
    /// In the redo round (Art. 25–26) a result names its Art. 26 option.
    pub redo_round: bool,
    /// What waits for the viewer's decision, shown beside the form that decides it.
    #[serde(default)]
    pub pending: Vec<PendingMatter>,
    /// The stored version this view shows (a live change with a higher one is news).
    pub version: i64,
    pub snapshot: serde_json::Value,
}

impl EventView {
    /// "2026-11-30 14:51 · 伊犁州12345热线管理中心 热线话务员 李娜": when, to the minute, and who.
    pub fn when_and_who(&self) -> String {
        format!("{} · {}", to_minute(&self.at), self.actor)
    }
}

/// An RFC 3339 instant as staff read it, to the minute ("2026-11-30 14:51").
pub fn to_minute(at: &str) -> String {
    at.replace('T', " ").chars().take(16).collect()
}

impl RequestView {
    /// The request's type in Chinese (咨询, 投诉举报 …).
    pub fn type_label(&self) -> &'static str {
        crate::domain::types::RequestType::parse(&self.request_type).map(|t| t.label()).unwrap_or("")
    }
}

/// A matter waiting for a decision (a return, an extension, a result to
/// review, an objection to answer): what was asked or submitted, in full,
/// so that whoever decides sees what they decide (Art. 17, 21, 22, 23).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingMatter {
    /// The command that decides it.
    pub decided_by: crate::domain::machine::CommandCode,
    /// The unit it concerns (a return is decided unit by unit).
    pub unit_id: Option<String>,
    /// "伊宁市住建局申请延期 5 个工作日".
    pub heading: String,
    /// Each part as (label, text), in the order the article lists them.
    pub facts: Vec<(String, String)>,
    /// Documents that go with it, as (label, link).
    pub documents: Vec<(String, String)>,
}

/// A running supervision: to answer (the unit) or, once answered, to decide on (the center).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionOption {
    pub id: u32,
    pub unit_name: String,
    pub instruction: String,
    /// Last day to answer, `YYYY-MM-DD`.
    pub due: String,
    /// The unit answered; the center's verdict is next.
    #[serde(default)]
    pub answered: bool,
}

/// A unit to choose from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOption {
    pub id: String,
    pub name: String,
}

/// One running clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockView {
    pub key: String,
    /// 办理期限, 签收 …
    pub label: String,
    pub article: String,
    pub unit_name: Option<String>,
    /// The last working day, `YYYY-MM-DD`, for working-day clocks.
    pub last_day: Option<String>,
    /// The instant it runs out, RFC 3339 in China time.
    pub due_at: String,
    /// normal, amber (due within one working day) or red (overdue).
    pub warning: String,
    /// Years counted as plain weeks for lack of a holiday notice (SPEC §4).
    #[serde(default)]
    pub assumed_years: Vec<i32>,
    /// The regional festivals the period runs across ("期间含古尔邦节放假（…）").
    #[serde(default)]
    pub explanation: Option<String>,
    /// The countdown as the server counted it for this view; the page starts
    /// from it and recounts with the browser's clock.
    #[serde(default)]
    pub counted: Option<crate::domain::countdown::Countdown>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentView {
    pub unit_id: String,
    pub unit_name: String,
    pub role: String,
    pub status: String,
}

/// The personal data of a requester, revealed to a role that needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealedRequester {
    pub name: String,
    pub phone: String,
    pub id_number: Option<String>,
}

/// A change to a request, as pushed to the staff pages that may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveChange {
    pub number: String,
    /// The kind of the change's last event (`dispatched`, `acknowledged` …).
    pub kind: String,
    /// The request's stored version after the change.
    pub version: i64,
}

/// The requests' side of the backend (`service/requests/mod.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait RequestBackend: Send + Sync + 'static {
    /// `key`: the registration's idempotency key, if the client sent one.
    async fn register_request(&self, user: &StaffUser, new: RequestDraft, key: Option<&str>) -> Result<RequestView, AppError>;
    fn new_registration_key(&self) -> String;
    /// Applies the command and returns the request as the user now sees it.
    async fn apply_command(&self, user: &StaffUser, number: &str, command: Command) -> Result<RequestView, AppError>;
    async fn request_view(&self, user: &StaffUser, number: &str) -> Result<RequestView, AppError>;
    /// Shows a requester's personal data to a role that needs it; audited.
    async fn reveal_requester(&self, user: &StaffUser, number: &str, reason: &str) -> Result<RevealedRequester, AppError>;
}

/// Documents of a request (`service/requests/documents.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait DocumentBackend: Send + Sync + 'static {
    /// Stores a document (scanned image or PDF) for a request the user may act on; its id.
    async fn upload_document(&self, user: &StaffUser, number: &str, file: super::backend::Upload) -> Result<String, AppError>;
}

/// Registers a request taken by the center (phone or another channel).
/// `key`: the idempotency key of this registration (`registration_key`):
/// the same key again answers with the request it registered first.
#[server(prefix = "/api", endpoint = "register_request", input = Json)]
pub async fn register_request(new: RequestDraft, key: Option<String>) -> Result<RequestView, AppError> {
    super::auth::as_staff(|backend: Arc<dyn RequestBackend>, user| async move { backend.register_request(&user, new, key.as_deref()).await }).await
}

/// A fresh idempotency key for one registration (the intake desk asks for
/// one per call and sends it with the registration).
#[server(name = GetRegistrationKey, prefix = "/api", endpoint = "registration_key", input = Json)]
pub async fn registration_key() -> Result<String, AppError> {
    super::auth::as_staff(|backend: Arc<dyn RequestBackend>, _user| async move { Ok(backend.new_registration_key()) }).await
}

/// Issues one command of the state machine on a request.
#[server(prefix = "/api", endpoint = "apply_command", input = Json)]
pub async fn apply_command(number: String, command: Command) -> Result<RequestView, AppError> {
    super::auth::as_staff(|backend: Arc<dyn RequestBackend>, user| async move { backend.apply_command(&user, &number, command).await }).await
}

/// A request with its timeline, as the viewer may see it.
#[server(name = GetRequestView, prefix = "/api", endpoint = "request_view", input = Json)]
pub async fn request_view(number: String) -> Result<RequestView, AppError> {
    super::auth::as_staff(|backend: Arc<dyn RequestBackend>, user| async move { backend.request_view(&user, &number).await }).await
}

/// How many requests one bulk action may change.
pub const MAX_BULK: usize = 50;

/// One request's part in a bulk action: done, or why not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub number: String,
    /// The refusal, in words; `None` when done.
    pub error: Option<String>,
}

/// Commands on several requests at once (the center dispatching several
/// registrations to one unit, supervising several overdue ones). Each is
/// applied on its own, exactly as if sent one by one: one refused leaves the
/// others done, and the answer says which.
#[server(prefix = "/api", endpoint = "apply_commands", input = Json)]
pub async fn apply_commands(items: Vec<(String, Command)>) -> Result<Vec<BulkOutcome>, AppError> {
    if items.len() > MAX_BULK {
        return Err(super::backend::with_status(AppError::Invalid(format!("一次最多处理 {MAX_BULK} 件"))));
    }
    super::auth::as_staff(|backend: Arc<dyn RequestBackend>, user| async move {
        let mut outcomes = Vec::with_capacity(items.len());
        for (number, command) in items {
            let error = backend.apply_command(&user, &number, command).await.err().map(|e| e.to_string());
            outcomes.push(BulkOutcome { number, error });
        }
        Ok(outcomes)
    })
    .await
}

/// Reveals the requester's personal data; the reason goes into the audit log.
#[server(prefix = "/api", endpoint = "reveal_requester", input = Json)]
pub async fn reveal_requester(number: String, reason: String) -> Result<RevealedRequester, AppError> {
    super::auth::as_staff(|backend: Arc<dyn RequestBackend>, user| async move { backend.reveal_requester(&user, &number, &reason).await }).await
}

/// Uploads a document for a request the user handles (the signed
/// duty-performance statement of Art. 26(3), a case-filing decision): a
/// scanned image or a PDF. Returns its id, to name in the command.
#[server(prefix = "/api", endpoint = "document", input = MultipartFormData)]
pub async fn upload_document(data: MultipartData) -> Result<String, AppError> {
    super::auth::as_staff(|backend: Arc<dyn DocumentBackend>, user| async move {
        let received = super::citizen::received::read(data).await?;
        let number = received.first("number").unwrap_or_default();
        let file = received.files.into_iter().next().ok_or_else(|| AppError::Invalid("请选择要上传的文件".into()))?;
        backend.upload_document(&user, &number, file).await
    })
    .await
}

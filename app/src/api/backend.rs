//! The seam between the server functions (here, shared with the browser) and
//! the server crate that owns the store. The server provides one
//! `Arc<dyn Backend>` as Leptos context; every server function goes through it.

use super::cookies::session_token;
use super::error::AppError;
use super::citizen_views::{CitizenRequestView, CitizenSummary, DraftView, SubmitChoices};
use super::views::{HotSpotDetail, HotSpotItem, HotSpotOrder, Assist, AssistQuery, AdminCategory, AdminUnit, AdminUser, UserChange, CalendarChange, CalendarYear, AuditQuery, AuditView, UnitChange, CallerRequest, Inbox, NoticeView, SearchQuery, OutboxView, QueueCounts, RequestView, RevealedRequester, StaffUser};
use super::knowledge::{KnowledgeDetail, KnowledgeEdit, KnowledgeList, KnowledgeQuery, KnowledgeHit};
use crate::domain::citizen_form::SubmitForm;
use crate::domain::machine::Command;
use crate::domain::request::RequestDraft;
use std::sync::Arc;

/// A new session: the secret for the cookie and how long it lives.
pub struct NewSession {
    pub token: String,
    pub max_age_seconds: i64,
}

#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    async fn login(&self, username: &str, password: &str, client: &str) -> Result<NewSession, AppError>;
    async fn logout(&self, token: &str) -> Result<(), AppError>;
    /// The staff member behind a session token, if the session is live.
    async fn session_user(&self, token: &str) -> Result<Option<StaffUser>, AppError>;
    async fn queue_counts(&self, user: &StaffUser) -> Result<QueueCounts, AppError>;
    async fn calendar_gaps(&self) -> Result<Vec<i32>, AppError>;
    async fn register_request(&self, user: &StaffUser, new: RequestDraft) -> Result<RequestView, AppError>;
    async fn apply_command(&self, user: &StaffUser, number: &str, command: Command) -> Result<RequestView, AppError>;
    async fn request_view(&self, user: &StaffUser, number: &str) -> Result<RequestView, AppError>;
    /// A page of the user's work list (`filter`: to_acknowledge, handling,
    /// awaiting_review, due_soon, overdue, redo, supervised, open; the center
    /// also registered, returns, redispatch, extensions, completions,
    /// objections, callbacks).
    async fn inbox(&self, user: &StaffUser, filter: &str, page: i64) -> Result<Inbox, AppError>;
    /// Shows a requester's personal data to a role that needs it; audited.
    async fn reveal_requester(&self, user: &StaffUser, number: &str, reason: &str) -> Result<RevealedRequester, AppError>;
    /// The unit tree as administrators see it (the center's all of it, a unit's administrator their subtree).
    async fn admin_units(&self, user: &StaffUser) -> Result<Vec<AdminUnit>, AppError>;
    /// Changes the unit tree; returns it as it now is.
    async fn change_unit(&self, user: &StaffUser, change: UnitChange) -> Result<Vec<AdminUnit>, AppError>;
    /// A year of the calendar (any staff member may look).
    async fn calendar_year(&self, user: &StaffUser, year: i32) -> Result<CalendarYear, AppError>;
    /// Imports a notice or declares a regional day (administrators only).
    async fn change_calendar(&self, user: &StaffUser, change: CalendarChange) -> Result<(), AppError>;
    /// The categories with their statutory limits.
    async fn admin_categories(&self, user: &StaffUser) -> Result<Vec<AdminCategory>, AppError>;
    /// Sets or clears a category's stricter limit in working days (administrators only).
    async fn set_category_days(&self, user: &StaffUser, code: &str, days: Option<i64>) -> Result<Vec<AdminCategory>, AppError>;
    /// The staff accounts (administrators only).
    async fn admin_users(&self, user: &StaffUser) -> Result<Vec<AdminUser>, AppError>;
    /// Adds or changes an account; returns the accounts as they now are.
    async fn change_user(&self, user: &StaffUser, change: UserChange) -> Result<Vec<AdminUser>, AppError>;
    /// A page of the audit log (administrators only).
    async fn audit_log(&self, user: &StaffUser, query: AuditQuery) -> Result<Vec<AuditView>, AppError>;
    /// The requests in the user's scope matching `query`, newest first, a page at a time.
    async fn search(&self, user: &StaffUser, query: SearchQuery) -> Result<Inbox, AppError>;
    /// Stores a document (scanned image or PDF) for a request the user may act on; its id.
    async fn upload_document(&self, user: &StaffUser, number: &str, file: Upload) -> Result<String, AppError>;
    /// Knowledge-base entries holding the words (staff).
    async fn knowledge(&self, user: &StaffUser, words: &str) -> Result<Vec<KnowledgeHit>, AppError>;
    /// Knowledge-base entries: a unit its subtree's, the center all, with the units' activity.
    async fn knowledge_list(&self, user: &StaffUser, query: KnowledgeQuery) -> Result<KnowledgeList, AppError>;
    async fn knowledge_detail(&self, user: &StaffUser, code: &str) -> Result<KnowledgeDetail, AppError>;
    /// A new entry or a new version (a draft) by its unit or the center.
    async fn save_knowledge(&self, user: &StaffUser, edit: KnowledgeEdit) -> Result<KnowledgeDetail, AppError>;
    /// submit, publish, send_back or expire.
    async fn knowledge_action(&self, user: &StaffUser, code: &str, action: &str, note: &str) -> Result<KnowledgeDetail, AppError>;
    /// Hot spots (the center).
    async fn hot_spots(&self, user: &StaffUser) -> Result<Vec<HotSpotItem>, AppError>;
    async fn hot_spot(&self, user: &StaffUser, id: i64) -> Result<HotSpotDetail, AppError>;
    /// One order for every request of a hot spot (the center's agents and reviewers).
    async fn order_hot_spot(&self, user: &StaffUser, id: i64, order: HotSpotOrder) -> Result<HotSpotDetail, AppError>;
    /// The search's synonym groups (administrators).
    async fn synonyms(&self, user: &StaffUser) -> Result<Vec<String>, AppError>;
    /// Replaces the synonym groups, one per line; returns them as kept (administrators, audited).
    async fn set_synonyms(&self, user: &StaffUser, groups: &str) -> Result<Vec<String>, AppError>;
    /// Suggestions for a call being typed (center roles).
    async fn assist(&self, user: &StaffUser, query: AssistQuery) -> Result<Assist, AppError>;
    /// The caller's earlier requests by phone number (center roles; audited).
    async fn caller_history(&self, user: &StaffUser, phone: &str) -> Result<Vec<CallerRequest>, AppError>;
    /// The newest notices of the user's unit; opening the list marks them seen.
    async fn notices(&self, user: &StaffUser) -> Result<Vec<NoticeView>, AppError>;
    /// How many notices the user has not seen (capped for a badge).
    async fn unseen_notices(&self, user: &StaffUser) -> Result<i64, AppError>;
}

/// An uploaded file as received: its bytes, not yet checked.
pub struct Upload {
    pub bytes: Vec<u8>,
}

/// How a citizen reaches a request: a private link's token, or a request
/// number together with the session of "my requests" for its phone.
pub struct CitizenAccess {
    pub key: String,
    pub session: Option<String>,
}

/// What a citizen does on a request's page.
pub enum CitizenAct {
    AddInformation { text: String },
    Rate { rating: String, comment: String },
    RateCallService { rating: String, comment: String },
    Object { reason: String },
    AskCallback { note: String },
}

/// The citizen portal's side of the backend. `client` is the caller's IP
/// address, for the rate limits.
#[async_trait::async_trait]
pub trait CitizenBackend: Send + Sync + 'static {
    async fn submit_choices(&self) -> Result<SubmitChoices, AppError>;
    /// The public FAQ: entries that are read, by words (best first) or by category.
    async fn faq(&self, words: &str, category: &str) -> Result<super::citizen_views::FaqPage, AppError>;
    async fn faq_entry(&self, code: &str) -> Result<super::citizen_views::FaqItem, AppError>;
    /// Saves the form (and photos) under its draft token, new if `token` is
    /// `None`; returns the token and whether the form is complete.
    async fn save_draft(
        &self,
        token: Option<String>,
        form: SubmitForm,
        photos: Vec<Upload>,
        remove: Vec<String>,
        client: &str,
    ) -> Result<(String, bool), AppError>;
    async fn draft(&self, token: &str) -> Result<DraftView, AppError>;
    /// Registers the draft's request, once; returns the tracking token.
    async fn confirm_draft(&self, token: &str, client: &str) -> Result<String, AppError>;
    async fn citizen_view(&self, access: &CitizenAccess) -> Result<CitizenRequestView, AppError>;
    /// A new private link to the request with this number and phone ending.
    async fn find_request(&self, number: &str, last4: &str, client: &str) -> Result<String, AppError>;
    async fn citizen_act(&self, access: &CitizenAccess, act: CitizenAct, photos: Vec<Upload>, client: &str) -> Result<(), AppError>;
    async fn send_code(&self, phone: &str, client: &str) -> Result<(), AppError>;
    /// Checks a one-time code; a new citizen session for the phone.
    async fn verify_code(&self, phone: &str, code: &str) -> Result<NewSession, AppError>;
    async fn my_requests(&self, session: &str) -> Result<Vec<CitizenSummary>, AppError>;
    /// The newest outbox messages (admins only; a development aid).
    async fn outbox(&self, user: &StaffUser) -> Result<Vec<OutboxView>, AppError>;
}

pub type SharedCitizenBackend = Arc<dyn CitizenBackend>;

/// The citizen backend from the Leptos context.
pub fn citizen_backend() -> Result<SharedCitizenBackend, AppError> {
    leptos::prelude::use_context::<SharedCitizenBackend>().ok_or_else(|| {
        tracing_missing_backend();
        AppError::Internal
    })
}

pub type SharedBackend = Arc<dyn Backend>;

/// The backend from the Leptos context.
pub fn backend() -> Result<SharedBackend, AppError> {
    leptos::prelude::use_context::<SharedBackend>().ok_or_else(|| {
        tracing_missing_backend();
        AppError::Internal
    })
}

fn tracing_missing_backend() {
    leptos::logging::error!("server function called without a Backend in context");
}

/// The logged-in staff member, or `Unauthenticated`.
pub async fn staff_user() -> Result<(SharedBackend, StaffUser), AppError> {
    let backend = backend()?;
    let token = session_token().await.ok_or(AppError::Unauthenticated)?;
    match backend.session_user(&token).await? {
        Some(user) => Ok((backend, user)),
        None => Err(AppError::Unauthenticated),
    }
}

/// Runs `work` as the logged-in staff member, with the backend; every error
/// (no session included) leaves with its HTTP status.
pub async fn as_staff<T, Fut>(work: impl FnOnce(SharedBackend, StaffUser) -> Fut) -> Result<T, AppError>
where
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    as_staff_in::<SharedBackend, T, Fut>(work).await
}

/// `as_staff` with the backend of another area (`B`, a Leptos context).
pub async fn as_staff_in<B, T, Fut>(work: impl FnOnce(B, StaffUser) -> Fut) -> Result<T, AppError>
where
    B: Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let run = async {
        let (_, user) = staff_user().await?;
        let backend = leptos::prelude::use_context::<B>().ok_or(AppError::Internal)?;
        work(backend, user).await
    };
    run.await.map_err(with_status)
}

/// Sets the HTTP status that matches an error, then passes the error on.
/// A plain HTML form post keeps its redirect back to the form instead (the
/// error travels in the URL and the page shows it beside the field).
pub fn with_status(err: AppError) -> AppError {
    let form_post = leptos::prelude::use_context::<http::request::Parts>().is_some_and(|p| {
        p.headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    });
    if form_post {
        return err;
    }
    if let Some(opts) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(code) = http::StatusCode::from_u16(err.status()) {
            opts.set_status(code);
        }
    }
    err
}

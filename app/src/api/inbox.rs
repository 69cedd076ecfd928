//! The staff home's counts and the work lists: a staff member's queues,
//! a page at a time.

use super::error::AppError;
use super::auth::StaffUser;
#[cfg(feature = "ssr")]
use std::sync::Arc;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The counts on a staff member's home page, for the requests in their scope.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueCounts {
    /// Registered by the center and not yet accepted, rejected or answered.
    pub registered: i64,
    /// Dispatched to a unit in scope and not yet acknowledged.
    pub to_acknowledge: i64,
    /// Being handled in scope.
    pub handling: i64,
    /// Waiting for a reviewer's decision (return, extension, completion).
    pub awaiting_review: i64,
    /// Open and due by the end of the next working day.
    pub due_soon: i64,
    /// Open and past due.
    pub overdue: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffHome {
    pub user: StaffUser,
    pub counts: QueueCounts,
    /// Years ahead of today without calendar data (SPEC §4: a visible warning).
    pub calendar_gaps: Vec<i32>,
}

/// A work list: a page of requests, earliest deadline first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub filter: String,
    /// The order's code (`WorkListOrder`), the deadline's by default.
    #[serde(default)]
    pub order: String,
    pub items: Vec<InboxItem>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
    /// The viewer is the hotline center (its own queues are offered).
    pub center: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItem {
    pub number: String,
    pub title: String,
    /// Chinese labels.
    pub request_type: String,
    pub state: String,
    pub emergency: bool,
    pub unit_name: Option<String>,
    /// The assigned unit's id (a bulk supervision names it).
    #[serde(default)]
    pub unit_id: Option<String>,
    /// The county of the matter's place (县市).
    #[serde(default)]
    pub county: Option<String>,
    pub status: Option<String>,
    /// The deadline in words: its last day and the working days left
    /// (`domain::deadline::due_in_words`).
    pub due: Option<String>,
    /// normal, amber or red (SPEC §4).
    pub warning: String,
    /// The passage that matched a text search, its matched words marked.
    #[serde(default)]
    pub snippet: Vec<super::snippet::TextPart>,
}

/// The work lists' side of the backend (`service/requests/inbox.rs`).
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait WorkListBackend: Send + Sync + 'static {
    /// The counts on the staff home, for the requests in the user's scope.
    async fn queue_counts(&self, user: &StaffUser) -> Result<QueueCounts, AppError>;
    /// A page of the user's work list (`filter`: a `WorkList` code; `order`:
    /// a `WorkListOrder` code, empty for the earliest deadline first).
    async fn inbox(&self, user: &StaffUser, filter: &str, page: i64, order: &str) -> Result<Inbox, AppError>;
    /// The units the user may dispatch to (Art. 4), for a bulk dispatch.
    async fn dispatch_units(&self, user: &StaffUser) -> Result<Vec<super::requests::UnitOption>, AppError>;
}

/// The units the user may dispatch to, in tree order.
#[server(name = GetDispatchUnits, prefix = "/api", endpoint = "dispatch_units")]
pub async fn dispatch_units() -> Result<Vec<super::requests::UnitOption>, AppError> {
    super::auth::as_staff(|backend: Arc<dyn WorkListBackend>, user| async move { backend.dispatch_units(&user).await }).await
}

/// A page of the user's work list.
#[server(name = GetInbox, prefix = "/api", endpoint = "inbox")]
pub async fn inbox(filter: String, page: Option<i64>, sort: Option<String>) -> Result<Inbox, AppError> {
    super::auth::as_staff(|backend: Arc<dyn WorkListBackend>, user| async move {
        backend.inbox(&user, &filter, page.unwrap_or(1), sort.as_deref().unwrap_or_default()).await
    })
    .await
}

/// What the staff home shows: who, and the counts of their queue.
#[server(name = GetStaffHome, prefix = "/api", endpoint = "staff_home")]
pub async fn staff_home() -> Result<StaffHome, AppError> {
    use super::admin::CalendarBackend;
    let calendar = super::backend::context::<std::sync::Arc<dyn CalendarBackend>>()?;
    super::auth::as_staff(|lists: std::sync::Arc<dyn WorkListBackend>, user| async move {
        let counts = lists.queue_counts(&user).await?;
        let calendar_gaps = calendar.calendar_gaps().await?;
        Ok(StaffHome { user, counts, calendar_gaps })
    })
    .await
}

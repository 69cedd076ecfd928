//! What the server sends to the pages: plain data, already masked and
//! labelled for the person looking at it.

use crate::domain::calendar::DeclaredDay;
use crate::domain::types::Role;
use serde::{Deserialize, Serialize};

/// The logged-in staff member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: String,
    pub unit_name: String,
}

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
    pub items: Vec<InboxItem>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
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
    pub status: Option<String>,
    /// `MM-DD HH:MM` in China time.
    pub due: Option<String>,
    /// normal, amber or red (SPEC §4).
    pub warning: String,
}

/// One line of a request's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub seq: i64,
    /// RFC 3339 in China Standard Time.
    pub at: String,
    pub kind: String,
    pub actor: String,
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
    pub title: String,
    pub content: String,
    /// Masked unless revealed (and then audited).
    pub requester_name: String,
    pub requester_phone: String,
    /// Last day of the handling period, `YYYY-MM-DD`, if running.
    pub due: Option<String>,
    pub assignments: Vec<AssignmentView>,
    pub events: Vec<EventView>,
    /// Command codes the viewer may issue now.
    pub allowed: Vec<String>,
    /// The clocks running now (SPEC §4), with their warnings.
    pub clocks: Vec<ClockView>,
    /// Photo ids (open at `/staff/photos/<id>`).
    pub attachments: Vec<String>,
    /// Units the viewer may dispatch to (when dispatching is allowed now).
    pub dispatch_targets: Vec<UnitOption>,
    /// Regional working-day changes, so the page's countdowns count as the server does.
    pub regional_days: Vec<DeclaredDay>,
    pub snapshot: serde_json::Value,
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

/// A message in the notifications outbox (the development page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxView {
    pub id: i64,
    /// Masked phone number.
    pub recipient: String,
    pub kind: String,
    pub body: String,
    pub created_at: String,
    pub attempts: i64,
    pub sent: bool,
    pub last_error: Option<String>,
}

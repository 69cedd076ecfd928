//! What the server sends to the pages: plain data, already masked and
//! labelled for the person looking at it.

use crate::domain::calendar::DeclaredDay;
use crate::domain::types::{LeaderPost, Role};
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
    /// The leading post the account holds, if any (Art. 42).
    #[serde(default)]
    pub post: Option<LeaderPost>,
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
    pub status: Option<String>,
    /// `MM-DD HH:MM` in China time.
    pub due: Option<String>,
    /// normal, amber or red (SPEC §4).
    pub warning: String,
    /// The passage that matched a text search, its matched words marked.
    #[serde(default)]
    pub snippet: Vec<TextPart>,
}

/// A piece of a found passage; `mark` when it is a word that matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextPart {
    pub text: String,
    pub mark: bool,
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
    /// The viewer's unit and its active sub-units (a result's unit, forwarding).
    pub own_units: Vec<UnitOption>,
    /// The supervisions still waiting for an answer (Art. 31), for the units in the viewer's scope.
    pub open_supervisions: Vec<SupervisionOption>,
    /// In the redo round (Art. 25–26) a result names its Art. 26 option.
    pub redo_round: bool,
    /// The stored version this view shows (a live change with a higher one is news).
    pub version: i64,
    pub snapshot: serde_json::Value,
}

/// An open supervision to answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionOption {
    pub id: u32,
    pub unit_name: String,
    pub instruction: String,
    /// Last day to answer, `YYYY-MM-DD`.
    pub due: String,
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

/// A change to a request, as pushed to the staff pages that may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveChange {
    pub number: String,
    /// The kind of the change's last event (`dispatched`, `acknowledged` …).
    pub kind: String,
    /// The request's stored version after the change.
    pub version: i64,
}

/// A line of the user's notification list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub id: i64,
    pub kind: String,
    pub number: String,
    pub text: String,
    /// `MM-DD HH:MM` in China time.
    pub at: String,
    /// Not seen before this opening of the list.
    pub new: bool,
}

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

/// A search over the requests in the viewer's scope; empty fields do not
/// narrow it. Dates are `YYYY-MM-DD` (China time, both included).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    pub number: String,
    /// The caller's full phone number: searching by it is audited.
    pub phone: String,
    /// Words in the title.
    pub text: String,
    pub state: String,
    pub unit: String,
    pub request_type: String,
    pub category: String,
    pub county: String,
    pub from: String,
    pub until: String,
    pub page: i64,
}

/// A line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    /// `YYYY-MM-DD HH:MM:SS` in China time.
    pub at: String,
    pub username: String,
    pub action: String,
    pub request_number: Option<String>,
    pub reason: Option<String>,
    pub detail: Option<String>,
}

/// Which audit entries to list; empty fields do not narrow it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    pub username: String,
    pub request_number: String,
    pub action: String,
    pub page: i64,
}

/// A unit as the administrators' tree shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUnit {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
    /// 0 for the center.
    pub depth: usize,
    pub vertical: bool,
    pub dispatches_subtree: bool,
    pub active: bool,
    /// Proposed by a unit's administrator, waiting for the center (Art. 4).
    pub proposed: bool,
}

/// A change to the unit tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum UnitChange {
    /// A new sub-unit; a unit's administrator only proposes it (Art. 4).
    Add { id: String, name: String, parent: String },
    /// The center approves a proposed unit.
    Approve { id: String },
    /// Vertical management (Art. 14(2)), dispatch rights over the subtree (Art. 4), active.
    Settings { id: String, vertical: bool, dispatches_subtree: bool, active: bool },
    /// Under another parent, with its whole subtree.
    Move { id: String, parent: String },
}

/// A year of the working-day calendar as administrators see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarYear {
    pub year: i32,
    /// The State Council's notice for the year is loaded.
    pub covered: bool,
    /// Holidays and adjusted working days, national and regional, by date.
    pub days: Vec<CalendarDayView>,
    /// Working days per month, January first.
    pub working_days: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDayView {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub name: String,
    /// An off day (holiday), else an adjusted working day.
    pub off: bool,
    /// national or regional.
    pub layer: String,
}

/// A change to the calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum CalendarChange {
    /// A notice in the holiday-cn JSON format, into the national or regional layer.
    Import { layer: String, json: String },
    /// One regional holiday or make-up working day.
    Regional { date: String, name: String, off: bool },
}

/// A category with its optional stricter statutory limit (Art. 19(3)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminCategory {
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    pub statutory_days: Option<i64>,
}

/// A staff account as administrators see it (never its password).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub unit_id: String,
    pub unit_name: String,
    pub active: bool,
}

/// A change to the staff accounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum UserChange {
    Add { username: String, display_name: String, role: String, unit: String, password: String },
    Update { id: i64, role: String, unit: String, active: bool },
    Password { id: i64, password: String },
}

/// A hot spot (Art. 10, 31(3)): many similar requests from one place in a short time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HotSpotItem {
    pub id: i64,
    /// County and township.
    pub place: String,
    /// The words most of its requests share.
    pub words: Vec<String>,
    pub size: i64,
    /// China time, `11-27 09:05`.
    pub first_at: String,
    pub last_at: String,
    pub open: bool,
}

/// A request of a hot spot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HotSpotMember {
    pub number: String,
    pub title: String,
    pub state: String,
    /// The units working on it, by name.
    pub units: Vec<String>,
    pub emergency: bool,
    pub supervised: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HotSpotDetail {
    pub spot: HotSpotItem,
    pub members: Vec<HotSpotMember>,
    /// Units the viewer may dispatch the whole spot to.
    pub dispatch_targets: Vec<UnitOption>,
    /// Whether the viewer may act on the spot (the center's agents and reviewers).
    pub may_act: bool,
    /// What the last action did to each request.
    pub outcomes: Vec<HotSpotOutcome>,
}

/// What the center does with a whole hot spot at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum HotSpotOrder {
    /// Art. 29: every request becomes an emergency.
    MarkEmergency {
        reason: String,
        /// One of Art. 29's four kinds (its code); a hot spot is most often an outage.
        #[serde(default)]
        kind: String,
    },
    /// Art. 31(3): a supervision of each request's working units.
    Supervise { days: u16, instruction: String },
    /// Art. 14: every request still waiting goes to one lead unit.
    Dispatch { unit: String },
    /// Dealt with: off the list of open spots.
    Close,
}

/// One request's result of a hot-spot order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HotSpotOutcome {
    pub number: String,
    pub done: bool,
    pub message: String,
}

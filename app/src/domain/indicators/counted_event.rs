//! The part of an event the indicators read: codes, units, days and the
//! rating, never free text or personal data. `hotline export events` writes
//! these, so the region's platform and independent checkers can recompute
//! every indicator with the same [`super::facts`].

use crate::domain::machine::{EventKind, Target};
use crate::domain::request::Round;
use crate::domain::types::{Channel, Rating, RequestType, Resolution, Tag};
use crate::domain::unit::UnitId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// An event as counted. The `kind` codes are the events' own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CountedEvent {
    Registered { request_type: RequestType, channel: Channel, emergency: bool, due: NaiveDate },
    EmergencyMarked { due: NaiveDate },
    EmergencyNotified { within_30_minutes: bool },
    Rejected,
    Answered,
    Dispatched { targets: Vec<Target> },
    Acknowledged { unit: UnitId },
    ReturnApproved { unit: UnitId },
    ExtensionRequested { unit: UnitId },
    ExtensionApproved { to: NaiveDate },
    ResultSubmitted { unit: UnitId },
    CompletionRequested,
    CompletionRefused { units: Vec<UnitId> },
    CompletionApproved,
    Rated {
        round: Round,
        rating: Rating,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        resolution: Option<Resolution>,
    },
    RedoStarted { due: NaiveDate, units: Vec<UnitId> },
    SupervisionOpened { unit: UnitId },
    ForceMajeureFound,
    /// The center marked the request as exposed by the media (an assessment deduction).
    MediaExposed,
}

impl CountedEvent {
    /// The event kinds the indicators read (the store reads only these).
    pub const KINDS: &'static [&'static str] = &[
        "registered",
        "emergency_marked",
        "emergency_notified",
        "rejected",
        "answered",
        "dispatched",
        "acknowledged",
        "return_approved",
        "extension_requested",
        "extension_approved",
        "result_submitted",
        "completion_requested",
        "completion_refused",
        "completion_approved",
        "rated",
        "redo_started",
        "tagged",
        "supervision_opened",
        "force_majeure_found",
    ];

    /// What of `kind` the indicators count; None for events they ignore.
    pub fn of(kind: &EventKind) -> Option<CountedEvent> {
        use CountedEvent as C;
        Some(match kind {
            EventKind::Registered { request_type, channel, emergency, due, .. } => {
                C::Registered { request_type: *request_type, channel: *channel, emergency: *emergency, due: *due }
            }
            EventKind::EmergencyMarked { due, .. } => C::EmergencyMarked { due: *due },
            EventKind::EmergencyNotified { within_30_minutes } => C::EmergencyNotified { within_30_minutes: *within_30_minutes },
            EventKind::Rejected { .. } => C::Rejected,
            EventKind::Answered { .. } => C::Answered,
            EventKind::Dispatched { targets, .. } => C::Dispatched { targets: targets.clone() },
            EventKind::Acknowledged { unit } => C::Acknowledged { unit: unit.clone() },
            EventKind::ReturnApproved { unit } => C::ReturnApproved { unit: unit.clone() },
            EventKind::ExtensionRequested { unit, .. } => C::ExtensionRequested { unit: unit.clone() },
            EventKind::ExtensionApproved { to, .. } => C::ExtensionApproved { to: *to },
            EventKind::ResultSubmitted { unit, .. } => C::ResultSubmitted { unit: unit.clone() },
            EventKind::CompletionRequested { .. } => C::CompletionRequested,
            EventKind::CompletionRefused { units, .. } => C::CompletionRefused { units: units.clone() },
            EventKind::CompletionApproved { .. } => C::CompletionApproved,
            EventKind::Rated { round, rating, resolution } => C::Rated { round: *round, rating: *rating, resolution: *resolution },
            EventKind::RedoStarted { due, units } => C::RedoStarted { due: *due, units: units.clone() },
            EventKind::SupervisionOpened { unit, .. } => C::SupervisionOpened { unit: unit.clone() },
            EventKind::ForceMajeureFound { .. } => C::ForceMajeureFound,
            EventKind::Tagged { tag: Tag::MediaExposed } => C::MediaExposed,
            _ => return None,
        })
    }
}

/// One line of `hotline export events`: the request's number, the event's
/// place in its timeline and instant, and what the indicators count of it.
/// A registration also carries the request's county.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountedLine {
    pub request: String,
    pub seq: i64,
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub county: Option<String>,
    #[serde(flatten)]
    pub event: CountedEvent,
}

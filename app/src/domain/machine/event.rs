//! Events: what an accepted command recorded. The citizen's timeline is the
//! `public_text` of the events (Chinese, no staff names, no internal notes).

use super::actor::Actor;
use super::command::Target;
use super::deadline::TimeLimit;
use super::request::{HandlingResult, Handover, RedoChoice, Relation, Round};
use super::types::{
    CallbackDisposition, CallbackMethod, Channel, Content, Label, Note, Rating, Reference, Resolution, RejectionReason, RequestNumber, RequestType,
    SupervisionSource, SupervisionVerdict, Tag,
};
use super::unit::UnitId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub kind: EventKind,
    /// What the citizen may see, in Chinese.
    pub public_text: Option<String>,
    /// Staff-only remarks (reasons, calendar warnings).
    pub internal_note: Option<String>,
}

impl Event {
    pub fn kind_code(&self) -> &'static str {
        self.kind.code()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    Registered {
        number: RequestNumber,
        request_type: RequestType,
        channel: Channel,
        emergency: bool,
        limit: TimeLimit,
        due: NaiveDate,
        notify_by: Option<DateTime<Utc>>,
    },
    Rejected {
        reason: RejectionReason,
        basis: Note,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        handover: Option<Handover>,
    },
    Answered {
        entry: Reference,
        answer: Content,
    },
    Dispatched {
        targets: Vec<Target>,
        for_explanation: bool,
        redispatch: bool,
    },
    /// Art. 29: the first dispatch of an emergency notifies the units.
    EmergencyNotified {
        within_30_minutes: bool,
    },
    Acknowledged {
        unit: UnitId,
    },
    ReturnRequested {
        unit: UnitId,
        reason: Note,
        basis: Note,
    },
    ReturnApproved {
        unit: UnitId,
    },
    ReturnRefused {
        unit: UnitId,
        reason: Note,
    },
    Coordinated {
        unit: UnitId,
        basis: Note,
    },
    ExtensionRequested {
        unit: UnitId,
        reason: Note,
        days: u32,
    },
    ExtensionApproved {
        from: NaiveDate,
        to: NaiveDate,
        count: u8,
    },
    ExtensionRefused {
        reason: Note,
    },
    /// A pending extension lapsed because the request left handling.
    ExtensionLapsed,
    Forwarded {
        unit: UnitId,
        to: UnitId,
    },
    OpinionGiven {
        unit: UnitId,
        opinion: Content,
    },
    ResultSubmitted {
        unit: UnitId,
        round: Round,
        result: HandlingResult,
        redo: Option<RedoChoice>,
    },
    /// Every assignment finished: the center reviews (Art. 22).
    CompletionRequested {
        round: Round,
    },
    CompletionApproved {
        round: Round,
    },
    CompletionRefused {
        round: Round,
        units: Vec<UnitId>,
        reason: Note,
    },
    Objected {
        unit: UnitId,
        reason: Note,
    },
    SupplementaryAnswered {
        unit: UnitId,
        answer: Content,
    },
    Rated {
        round: Round,
        rating: Rating,
        /// 问题是否解决; absent in ratings given before the question was asked.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        resolution: Option<Resolution>,
    },
    RedoStarted {
        due: NaiveDate,
        units: Vec<UnitId>,
    },
    CallbackRequired,
    /// The requester asked the center to call back.
    CallbackAsked {
        note: Option<Note>,
    },
    CalledBack {
        reason: Note,
        disposition: CallbackDisposition,
        /// Art. 27; absent in callbacks recorded before the method was kept.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        method: Option<CallbackMethod>,
    },
    SupervisionOpened {
        id: u32,
        source: SupervisionSource,
        unit: UnitId,
        due: NaiveDate,
    },
    SupervisionAnswered {
        id: u32,
        unit: UnitId,
    },
    /// The center's verdict on the response; `due` is the new deadline
    /// when the supervision continues.
    SupervisionConcluded {
        id: u32,
        unit: UnitId,
        verdict: SupervisionVerdict,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due: Option<NaiveDate>,
    },
    InformationAdded {
        text: Content,
        attachments: Vec<Reference>,
    },
    Linked {
        relation: Relation,
    },
    /// Art. 29: found to be an emergency after registration.
    EmergencyMarked {
        reason: Note,
        due: NaiveDate,
        notify_by: DateTime<Utc>,
    },
    Tagged {
        tag: Tag,
    },
    /// Art. 14(1), 25: an instant answer was rated dissatisfied; the center
    /// reviews it (dispatch as the redo round, or call back).
    AnswerReviewRequired,
    /// Art. 19(2): a unit's interim progress, told to the requester.
    ProgressReported {
        unit: UnitId,
        progress: Content,
    },
    /// Art. 29: the emergency reported to the bureau's main leader; later
    /// reports follow how it develops.
    EmergencyReported {
        to: Label,
        report: Content,
        follow_up: bool,
    },
    /// Art. 29: force majeure found; the overdue supervision stops.
    ForceMajeureFound {
        reason: Note,
        evidence: Note,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        attachment: Option<Reference>,
    },
    /// Art. 3: archived, read-only from now on.
    Archived,
    /// Art. 40: the requester's personal data erased at the end of its
    /// retention; the photos that went with it.
    RequesterDataErased { photos: Vec<Reference> },
    /// Art. 24: the call service rated.
    CallServiceRated { rating: Rating },
    /// PIPL Art. 46: the requester's data corrected at their request.
    RequesterDataCorrected { fields: Vec<CorrectedField> },
}

/// A field of the requester's personal data a correction changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectedField {
    Name,
    Address,
}

impl CorrectedField {
    pub fn label(self) -> &'static str {
        match self {
            CorrectedField::Name => "姓名",
            CorrectedField::Address => "地址",
        }
    }
}

impl EventKind {
    pub fn code(&self) -> &'static str {
        match self {
            EventKind::Registered { .. } => "registered",
            EventKind::Rejected { .. } => "rejected",
            EventKind::Answered { .. } => "answered",
            EventKind::Dispatched { .. } => "dispatched",
            EventKind::EmergencyNotified { .. } => "emergency_notified",
            EventKind::Acknowledged { .. } => "acknowledged",
            EventKind::ReturnRequested { .. } => "return_requested",
            EventKind::ReturnApproved { .. } => "return_approved",
            EventKind::ReturnRefused { .. } => "return_refused",
            EventKind::Coordinated { .. } => "coordinated",
            EventKind::ExtensionRequested { .. } => "extension_requested",
            EventKind::ExtensionApproved { .. } => "extension_approved",
            EventKind::ExtensionRefused { .. } => "extension_refused",
            EventKind::ExtensionLapsed => "extension_lapsed",
            EventKind::Forwarded { .. } => "forwarded",
            EventKind::OpinionGiven { .. } => "opinion_given",
            EventKind::ResultSubmitted { .. } => "result_submitted",
            EventKind::CompletionRequested { .. } => "completion_requested",
            EventKind::CompletionApproved { .. } => "completion_approved",
            EventKind::CompletionRefused { .. } => "completion_refused",
            EventKind::Objected { .. } => "objected",
            EventKind::SupplementaryAnswered { .. } => "supplementary_answered",
            EventKind::Rated { .. } => "rated",
            EventKind::RedoStarted { .. } => "redo_started",
            EventKind::CallbackRequired => "callback_required",
            EventKind::CallbackAsked { .. } => "callback_asked",
            EventKind::CalledBack { .. } => "called_back",
            EventKind::SupervisionOpened { .. } => "supervision_opened",
            EventKind::SupervisionAnswered { .. } => "supervision_answered",
            EventKind::SupervisionConcluded { .. } => "supervision_concluded",
            EventKind::InformationAdded { .. } => "information_added",
            EventKind::Linked { .. } => "linked",
            EventKind::EmergencyMarked { .. } => "emergency_marked",
            EventKind::Tagged { .. } => "tagged",
            EventKind::AnswerReviewRequired => "answer_review_required",
            EventKind::ForceMajeureFound { .. } => "force_majeure_found",
            EventKind::ProgressReported { .. } => "progress_reported",
            EventKind::EmergencyReported { .. } => "emergency_reported",
            EventKind::Archived => "archived",
            EventKind::CallServiceRated { .. } => "call_service_rated",
            EventKind::RequesterDataErased { .. } => "requester_data_erased",
            EventKind::RequesterDataCorrected { .. } => "requester_data_corrected",
        }
    }
}

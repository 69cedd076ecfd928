//! Why a command was refused. Each Display names the rule it enforces: an
//! article of the Measures ("Art. 20: …"), or `role:`, `unit:`, `state:`,
//! `time:`, `number:` for the system's own checks.

use super::action::Action;
use super::deadline::ExtensionRefused;
use super::request::ResultPart;
use super::types::{Channel, Role};
use super::unit::UnitId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    // Who may act.
    #[error("role: {role} may not {action}")]
    Role { role: Role, action: Action },
    #[error("role: {role} acts for a unit, and none was given")]
    NoUnit { role: Role },
    #[error("unit: {unit} is not in the unit tree")]
    UnknownUnit { unit: UnitId },
    #[error("unit: {unit} is inactive")]
    InactiveUnit { unit: UnitId },
    #[error("unit: the unit tree has no root (the hotline center)")]
    NoCenter,
    #[error("Art. 4: {unit} is outside the dispatch scope of {scope}")]
    OutOfScope { unit: UnitId, scope: UnitId },
    #[error("Art. 4: the request belongs to the hotline office {office}, outside the scope of {scope}")]
    OtherOffice { office: UnitId, scope: UnitId },
    #[error("unit: {unit} has no assignment on this request that can {action}")]
    NotAssigned { unit: UnitId, action: Action },
    #[error("Art. 14(4): a co-unit may not {action}; its lead unit does")]
    CoUnit { action: Action },
    #[error("unit: {unit} must acknowledge (签收) the assignment first")]
    NotAcknowledged { unit: UnitId },

    // When.
    #[error("state: cannot {action} while the request is {state}")]
    State { action: Action, state: String },
    #[error("state: {unit} cannot {action} while its assignment is {status}")]
    AssignmentState {
        unit: UnitId,
        action: Action,
        status: String,
    },
    #[error("time: {at} is before the last recorded event ({last})")]
    TimeBackwards { at: DateTime<Utc>, last: DateTime<Utc> },

    // Registration.
    #[error("number: {number} does not match the registration day {date}")]
    NumberDate { number: String, date: NaiveDate },
    #[error("role: a citizen submits only through the web, WeChat, Weibo or the app, not {channel}")]
    SelfServiceChannel { channel: Channel },
    #[error("Art. 12(7): a request cannot be related to itself")]
    SelfRelation,
    #[error("Art. 12(7): the request is already linked to {original}")]
    AlreadyLinked { original: String },

    // Art. 12, 15: rejection.
    #[error("Art. 12: rejection needs one of the nine reasons")]
    RejectionReasonMissing,
    #[error("Art. 15: the requester must be told the basis of the rejection")]
    RejectionBasisMissing,
    #[error("Art. 12(7): link the original request before rejecting a repeat")]
    RepeatNotLinked,

    // Art. 14: answer and dispatch.
    #[error("Art. 14(1): only consultations are answered from the knowledge base")]
    NotConsultation,
    #[error(
        "Art. 14(1): an answered consultation is dispatched only when the requester rated the answer dissatisfied"
    )]
    AnswerNotDissatisfied,
    #[error("Art. 14: a dispatch names at least one unit")]
    NoTargets,
    #[error("Art. 14(3)(4): {detail}")]
    DispatchShape { detail: String },
    #[error("Art. 14(3): {unit} already has this request")]
    AlreadyAssigned { unit: UnitId },
    #[error("Art. 14(2): {unit} is vertically managed; dispatch to {head}, or state why not")]
    Vertical { unit: UnitId, head: UnitId },
    #[error("Art. 14(5): only a request linked as a repeat is dispatched for explanation")]
    NotRepeat,
    #[error("Art. 17: after an approved return the center dispatches a lead or separate unit again")]
    RedispatchNeedsSubmitter,

    // Art. 16–18: returns and coordination.
    #[error("Art. 16(2): the return window closed on {closed_on}")]
    ReturnWindowClosed { closed_on: NaiveDate },
    #[error("Art. 18: {unit} was fixed by coordination and may not return the request")]
    FixedUnit { unit: UnitId },
    #[error("Art. 17: the center refused {unit}'s return; the unit continues handling")]
    ReturnRefusedBefore { unit: UnitId },
    #[error("Art. 17: {unit} has no return request pending")]
    NoReturnPending { unit: UnitId },
    #[error("{article}: refusing {what} needs a reason")]
    ReasonMissing { article: String, what: String },
    #[error("Art. 18: {unit} is already fixed by coordination")]
    AlreadyFixed { unit: UnitId },

    // Art. 20, 21: extensions.
    #[error("{0}")]
    Extension(ExtensionRefused),
    #[error("Art. 20: an extension is requested before the deadline ({due})")]
    ExtensionLate { due: NaiveDate },
    #[error("Art. 21: an extension request is already awaiting the center")]
    ExtensionPending,
    #[error("Art. 21: no extension request is pending")]
    NoExtensionPending,

    // Art. 4: forwarding.
    #[error("Art. 4: {to} is not a sub-unit of {unit}")]
    NotSubUnit { unit: UnitId, to: UnitId },
    #[error("Art. 4: only the responsible unit {unit} may {action}")]
    NotResponsible { unit: UnitId, action: Action },

    // Art. 22, 23, 26: results and review.
    #[error("Art. 22(3): a complaint result states the case filing (decision, or number and date) or the reasons and legal basis for not filing")]
    ComplaintFilingMissing,
    #[error("Art. 22(3): only complaint results carry a case filing")]
    StrayFiling,
    #[error("Art. 22(1): the result names {unit}, which does not handle this assignment")]
    ResultUnit { unit: UnitId },
    #[error("Art. 22(1): the handling time {handled_at} lies after the submission")]
    HandledInFuture { handled_at: DateTime<Utc> },
    #[error("Art. 22(1): the result must state {}", part.english())]
    ResultIncomplete { part: ResultPart },
    #[error("Art. 26: a redone result names one of the three options (handle_again, targeted_answer, duty_statement)")]
    RedoOptionMissing,
    #[error("Art. 26: the redo options apply only to a redone request")]
    RedoOptionOutsideRedo,
    #[error("Art. 23: {unit} has no result awaiting review")]
    NothingToReview { unit: UnitId },

    // Art. 22(2): objection and supplementary answer.
    #[error("Art. 22(2): only one supplementary answer")]
    SupplementUsed,
    #[error("Art. 22(2): name the unit whose reply is objected to")]
    ObjectionUnitNeeded,
    #[error("Art. 22(2): an objection comes before the rating of the reply")]
    ObjectionAfterRating,

    // Art. 24–27: rating, redo, callback.
    #[error("Art. 24: this round was already rated")]
    AlreadyRated,
    #[error("a callback was already asked for and no one has acted since")]
    CallbackAlreadyAsked,
    #[error("Art. 31(6): a supervise disposition needs the supervision's unit, deadline and instruction")]
    CallbackSupervisionMissing,
    #[error("Art. 27: only a supervise disposition opens a supervision")]
    StraySupervision,

    // Art. 31: supervision.
    #[error("Art. 31: a supervision's deadline is 1 to {max} working days")]
    SupervisionDays { max: u16 },
    #[error("Art. 31(5): the request is not overdue (due {due})")]
    NotOverdue { due: NaiveDate },
    #[error("Art. 31(6): only a request still dissatisfied after its redo")]
    NotStillDissatisfied,
    #[error("Art. 31: {unit} has no part in this request")]
    SupervisedUnit { unit: UnitId },
    #[error("Art. 31: no open supervision {id} for {unit}")]
    NoSupervision { id: u32, unit: UnitId },
    #[error("Art. 31: supervision {id} has no response waiting for a verdict")]
    NoSupervisionResponse { id: u32 },

    // Art. 29: emergencies; SPEC §2: tags.
    #[error("Art. 29: the request is already handled as an emergency")]
    AlreadyEmergency,
    #[error("Art. 20: an extended request cannot become an emergency (emergencies are not extended)")]
    ExtendedNotEmergency,
    #[error("tag: the request is already tagged {tag}")]
    AlreadyTagged { tag: String },
    #[error("Art. 26(3): a duty statement names its signer, the unit's main or deputy leader (Art. 43(8))")]
    DutySignerMissing,
    #[error("Art. 29: an emergency names which of the four kinds it is (utilities, disaster, public_facility, threat)")]
    EmergencyKindMissing,
    #[error("Art. 14(5): the original {original} did not end with a duty statement (Art. 26(3)); a repeat is dispatched for explanation only then")]
    OriginalNotExplained { original: String },
    #[error("Art. 12(2): a matter for an emergency line is handed over to it (110, 119, 120 or 122, when)")]
    HandoverMissing,
    #[error("Art. 12(2): a handover is recorded only with that rejection reason")]
    StrayHandover,
    #[error("Art. 12(2): the handover lies after the rejection")]
    HandoverLater,
    #[error("Art. 24: the request was not taken by an agent, so there is no call service to rate")]
    NoCallService,
    #[error("Art. 24: the call service was already rated")]
    CallServiceRated,
    #[error("Art. 40: a requester's personal data is erased {years} years after the request was archived")]
    RetentionNotOver { years: u16 },
    #[error("Art. 40: the requester's personal data was already erased")]
    AlreadyErased,
    #[error("Art. 40: the correction changes nothing the record holds, or the request holds no place for an address")]
    NothingToCorrect,
    #[error("Art. 40: an erased number's mark is no caller's number")]
    ErasedPhone,
    #[error("Art. 3: the request is archived (归档) and read-only")]
    Archived,
    #[error("Art. 3: a request is archived once ended and quiet for {days} days")]
    ArchiveTooEarly { days: u16 },
    #[error("Art. 29: only for emergencies: {action}")]
    NotEmergency { action: Action },
    #[error("Art. 29: force majeure is already recorded for this request")]
    ForceMajeureRecorded,
}

impl Refusal {
    /// The command's field the refusal is about, as a path into the
    /// command's JSON form ("result.handled_at"), when it is about one: a
    /// form shows the refusal beside that field. `None` for refusals about
    /// who acts, when, or the request as a whole.
    pub fn field(&self) -> Option<&'static str> {
        use Refusal::*;
        Some(match self {
            RejectionReasonMissing => "reason",
            RejectionBasisMissing => "basis",
            HandoverMissing | HandoverLater => "handover.service",
            NoTargets | DispatchShape { .. } | AlreadyAssigned { .. } => "targets.lead.1",
            Vertical { .. } => "vertical_exception",
            ReasonMissing { .. } => "reason",
            NotSubUnit { .. } => "to",
            ComplaintFilingMissing => "case_filing.status",
            ResultUnit { .. } => "result.unit",
            HandledInFuture { .. } => "result.handled_at",
            ResultIncomplete { part } => part.path(),
            RedoOptionMissing => "redo.option",
            DutySignerMissing => "redo.signer",
            ObjectionUnitNeeded => "unit",
            SupervisionDays { .. } => "days",
            SupervisedUnit { .. } => "unit",
            NoSupervision { .. } | NoSupervisionResponse { .. } => "id",
            EmergencyKindMissing => "kind",
            SelfRelation | AlreadyLinked { .. } => "relation.original",
            _ => return None,
        })
    }
}

impl From<ExtensionRefused> for Refusal {
    fn from(e: ExtensionRefused) -> Refusal {
        Refusal::Extension(e)
    }
}

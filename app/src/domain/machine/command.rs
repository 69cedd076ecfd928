//! The commands: one variant per transition, carrying its fields. Serde
//! form: `{"type": "<code>", ...fields}`; unknown fields are refused so a
//! typo in a script is an error, not a silently missing value.

use super::action::Action;
use super::request::{AssignmentRole, CaseFiling, HandoverDraft, RedoChoice, Relation, ResultDraft};
use super::types::{
    Address, CallbackDisposition, CallbackMethod, Content, EmergencyKind, Label, Note, PersonName, Rating, Reference, RejectionReason, Resolution,
    SupervisionSource, SupervisionVerdict, Tag,
};
use super::command_code::CommandCode;
use super::unit::UnitId;
use serde::{Deserialize, Serialize};

/// One unit in a dispatch (Art. 14).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub unit: UnitId,
    pub role: AssignmentRole,
}

/// A supervision to open (Art. 31): the supervised unit, its deadline in
/// working days and the instruction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupervisionOrder {
    pub unit: UnitId,
    pub days: u16,
    pub instruction: Note,
}

/// A transition of the state machine. Decisions carry `approve` and, when
/// refusing, the reason the Measures require (Art. 17, 21, 23).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// Art. 12, 15. `reason` and `basis` are optional in the form so that
    /// their absence is refused naming the article.
    Reject {
        #[serde(default)]
        reason: Option<RejectionReason>,
        #[serde(default)]
        basis: Option<Note>,
        #[serde(default)]
        note: Option<Note>,
        /// Art. 12(2): the handover to 110/119/120/122, required with that reason.
        #[serde(default)]
        handover: Option<HandoverDraft>,
    },
    /// Art. 14(1): answer a consultation from a knowledge-base entry.
    Answer { entry: Reference, answer: Content },
    /// Art. 14: to one lead (with co-units) or separately to several units;
    /// `for_explanation` for a repeat request (Art. 14(5)); a vertical unit
    /// below its line's head needs `vertical_exception` (Art. 14(2)).
    Dispatch {
        targets: Vec<Target>,
        #[serde(default)]
        for_explanation: bool,
        #[serde(default)]
        vertical_exception: Option<Note>,
        #[serde(default)]
        note: Option<Note>,
    },
    /// 签收 by the acting unit.
    Acknowledge {},
    /// Art. 16(2).
    RequestReturn { reason: Note, basis: Note },
    /// Art. 17.
    DecideReturn {
        unit: UnitId,
        approve: bool,
        #[serde(default)]
        reason: Option<Note>,
    },
    /// Art. 18: fix the responsible unit.
    Coordinate { unit: UnitId, basis: Note },
    /// Art. 20.
    RequestExtension { reason: Note },
    /// Art. 21.
    DecideExtension {
        approve: bool,
        #[serde(default)]
        reason: Option<Note>,
    },
    /// Art. 4: hand the acting unit's assignment to one of its sub-units.
    Forward {
        to: UnitId,
        #[serde(default)]
        note: Option<Note>,
    },
    /// Art. 14(4): a co-unit's contribution.
    GiveOpinion { opinion: Content },
    /// Art. 22 (and Art. 26 in the redo round).
    SubmitResult {
        result: ResultDraft,
        #[serde(default)]
        case_filing: Option<CaseFiling>,
        #[serde(default)]
        redo: Option<RedoChoice>,
    },
    /// Art. 23. `units` narrows a refusal to some results (default: all).
    ReviewCompletion {
        approve: bool,
        #[serde(default)]
        reason: Option<Note>,
        #[serde(default)]
        units: Vec<UnitId>,
    },
    /// Art. 22(2): the requester's objection to the reviewed reply.
    Object {
        reason: Note,
        #[serde(default)]
        unit: Option<UnitId>,
    },
    /// Art. 22(2): the one supplementary answer.
    SupplementaryAnswer { answer: Content },
    /// Art. 24.
    Rate {
        rating: Rating,
        /// The rating's own question 问题是否解决 (SPEC §7); a caller on
        /// the phone may leave it unanswered.
        #[serde(default)]
        resolution: Option<Resolution>,
        #[serde(default)]
        comment: Option<Note>,
    },
    /// Art. 27: the center's callback after a second dissatisfied rating.
    Callback {
        reason: Note,
        disposition: CallbackDisposition,
        /// Art. 27: by phone, online or by text message.
        method: CallbackMethod,
        #[serde(default)]
        supervision: Option<SupervisionOrder>,
    },
    /// Art. 31.
    Supervise {
        source: SupervisionSource,
        unit: UnitId,
        days: u16,
        instruction: Note,
    },
    /// Art. 31: the supervised unit's response.
    RespondSupervision { id: u32, response: Content },
    /// Art. 31: the center's verdict on a response. Continuing the
    /// supervision needs the reason (told to the unit) and a new deadline;
    /// concluding may carry a comment in `reason`.
    ConcludeSupervision {
        id: u32,
        verdict: SupervisionVerdict,
        #[serde(default)]
        days: Option<u16>,
        #[serde(default)]
        reason: Option<Note>,
    },
    /// The citizen adds information while the request is open.
    AddInformation {
        text: Content,
        #[serde(default)]
        attachments: Vec<Reference>,
    },
    /// Art. 12(7), 14(5): link a repeat or duplicate to its original.
    LinkRelated { relation: Relation },
    /// The requester asks the center to call back (SPEC §1: citizens may
    /// ask at any time before the request is finished).
    AskCallback {
        #[serde(default)]
        note: Option<Note>,
    },
    /// Art. 29: the center finds a registered or handled request to be an
    /// emergency (an outage, a hazard): the 2-working-day limit applies from now
    /// when it is earlier, and the units are told within 30 minutes.
    MarkEmergency { reason: Note, kind: EmergencyKind },
    /// SPEC §2: the center tags a request (hot spot, key item, leader case).
    Tag { tag: Tag },
    /// Art. 29 (不可抗力除外): the center finds that force majeure keeps an
    /// emergency from being answered in time.
    FindForceMajeure {
        reason: Note,
        evidence: Note,
        #[serde(default)]
        attachment: Option<Reference>,
    },
    /// Art. 19(2): a unit working on the request tells the requester how far
    /// it has got (阶段性办理情况), shown in the citizen's timeline.
    ReportProgress { progress: Content },
    /// Art. 29: the center reports the emergency to the bureau's main leader,
    /// then keeps reporting how it develops (internal timeline).
    ReportEmergency { to: Label, report: Content },
    /// Art. 40 (个人隐私) and the PIPL's retention: once an archived request
    /// has been kept for the retention period, the requester's name, number,
    /// ID, organisation, street address and photos are erased; the request,
    /// its timeline and its statistics stay. The retention job issues it.
    EraseRequesterData {},
    /// Art. 24: the requester rates the call service itself (话务服务) — the
    /// agent who took the call — beside the handling; once per request.
    RateCallService {
        rating: Rating,
        #[serde(default)]
        comment: Option<Note>,
    },
    /// Art. 3 (归档): an ended request that has been quiet for the archive
    /// period becomes read-only; the archive job issues it, a reviewer may too.
    Archive {},
    /// Art. 40, PIPL Art. 46: a reviewer corrects the requester's name or
    /// street address as the requester asked (a `DataCorrection`), also once
    /// archived; the timeline says which fields changed, never their values.
    CorrectRequesterData {
        #[serde(default)]
        name: Option<PersonName>,
        #[serde(default)]
        address: Option<Address>,
    },
}

impl Command {
    pub fn code(&self) -> CommandCode {
        match self {
            Command::Reject { .. } => CommandCode::Reject,
            Command::Answer { .. } => CommandCode::Answer,
            Command::Dispatch { .. } => CommandCode::Dispatch,
            Command::Acknowledge {} => CommandCode::Acknowledge,
            Command::RequestReturn { .. } => CommandCode::RequestReturn,
            Command::DecideReturn { .. } => CommandCode::DecideReturn,
            Command::Coordinate { .. } => CommandCode::Coordinate,
            Command::RequestExtension { .. } => CommandCode::RequestExtension,
            Command::DecideExtension { .. } => CommandCode::DecideExtension,
            Command::Forward { .. } => CommandCode::Forward,
            Command::GiveOpinion { .. } => CommandCode::GiveOpinion,
            Command::SubmitResult { .. } => CommandCode::SubmitResult,
            Command::ReviewCompletion { .. } => CommandCode::ReviewCompletion,
            Command::Object { .. } => CommandCode::Object,
            Command::SupplementaryAnswer { .. } => CommandCode::SupplementaryAnswer,
            Command::Rate { .. } => CommandCode::Rate,
            Command::Callback { .. } => CommandCode::Callback,
            Command::Supervise { .. } => CommandCode::Supervise,
            Command::RespondSupervision { .. } => CommandCode::RespondSupervision,
            Command::ConcludeSupervision { .. } => CommandCode::ConcludeSupervision,
            Command::AddInformation { .. } => CommandCode::AddInformation,
            Command::LinkRelated { .. } => CommandCode::LinkRelated,
            Command::AskCallback { .. } => CommandCode::AskCallback,
            Command::MarkEmergency { .. } => CommandCode::MarkEmergency,
            Command::Tag { .. } => CommandCode::Tag,
            Command::FindForceMajeure { .. } => CommandCode::FindForceMajeure,
            Command::ReportProgress { .. } => CommandCode::ReportProgress,
            Command::ReportEmergency { .. } => CommandCode::ReportEmergency,
            Command::Archive {} => CommandCode::Archive,
            Command::RateCallService { .. } => CommandCode::RateCallService,
            Command::EraseRequesterData {} => CommandCode::EraseRequesterData,
            Command::CorrectRequesterData { .. } => CommandCode::CorrectRequesterData,
        }
    }

    /// What the command does, for refusals ("role: handler may not approve an extension").
    pub fn action(&self) -> Action {
        match self {
            Command::DecideReturn { approve: true, .. } => Action::ApproveReturn,
            Command::DecideReturn { approve: false, .. } => Action::RefuseReturn,
            Command::DecideExtension { approve: true, .. } => Action::ApproveExtension,
            Command::DecideExtension { approve: false, .. } => Action::RefuseExtension,
            Command::ReviewCompletion { approve: true, .. } => Action::ApproveCompletion,
            Command::ReviewCompletion { approve: false, .. } => Action::RefuseCompletion,
            other => Action::Command(other.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_round_trips_and_names_its_code() {
        let c: Command = serde_json::from_str(r#"{"type":"acknowledge"}"#).unwrap();
        assert_eq!(c.code(), CommandCode::Acknowledge);
        let c: Command = serde_json::from_str(r#"{"type":"decide_extension","approve":true}"#).unwrap();
        assert_eq!(c.action(), Action::ApproveExtension);
        let back: Command = serde_json::from_value(serde_json::to_value(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn unknown_fields_and_codes_are_errors() {
        assert!(serde_json::from_str::<Command>(r#"{"type":"acknowledge","x":1}"#).is_err());
        assert!(serde_json::from_str::<Command>(r#"{"type":"request_return","reasn":"a","basis":"b"}"#).is_err());
        assert!(serde_json::from_str::<Command>(r#"{"type":"teleport"}"#).is_err());
        let c: Command = serde_json::from_str(r#"{"type":"reject"}"#).unwrap();
        assert_eq!(
            c,
            Command::Reject {
                reason: None,
                basis: None,
                note: None,
                handover: None
            }
        );
    }
}

//! A request (事项) and everything recorded about it. The fields are only
//! changed by the state machine (`machine`), which checks every command
//! first; readers use the getters. The whole value serializes as the
//! snapshot the server stores.

use super::deadline::{Deadline, TimeLimit};
use super::types::{
    AssignmentStatusCode, CenterWait,
    CallbackDisposition, CallbackMethod, CategoryCode, Channel, Content, EmergencyKind, EmergencyService, Label, Location,
    Note, Rating, Resolution,
    RedoOption,
    Reference, RejectionReason, ReplyMethod, RequestNumber, RequestType, Requester, SignerPost, SupervisionSource, SupervisionStage, Tag,
    Title,
};
use super::state_code::StateCode;
use super::unit::UnitId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How a request relates to an earlier one (Art. 12(7), 14(5)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// The same matter raised again.
    RepeatOf,
    /// A duplicate registration of the same call or message.
    DuplicateOf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub kind: RelationKind,
    pub original: RequestNumber,
}

/// A request to register: the number the server allocated and the draft.
/// Serialized flat, `{"number": …, "channel": …, …}`, as scripts write it.
#[derive(Clone, Debug, PartialEq)]
pub struct NewRequest {
    /// Allocated by the server: YL + the registration day (CST) + sequence.
    pub number: RequestNumber,
    pub draft: RequestDraft,
}

impl Serialize for NewRequest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let mut v = serde_json::to_value(&self.draft).map_err(S::Error::custom)?;
        if let Some(obj) = v.as_object_mut() {
            obj.insert("number".into(), serde_json::Value::String(self.number.to_string()));
        }
        v.serialize(s)
    }
}

impl<'de> Deserialize<'de> for NewRequest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let mut obj = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        let number = obj.remove("number").ok_or_else(|| D::Error::missing_field("number"))?;
        let number = RequestNumber::deserialize(number).map_err(D::Error::custom)?;
        let draft = RequestDraft::deserialize(serde_json::Value::Object(obj)).map_err(D::Error::custom)?;
        Ok(NewRequest { number, draft })
    }
}

/// What the registering agent (or the citizen's form) provides.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestDraft {
    pub channel: Channel,
    #[serde(rename = "type")]
    pub request_type: RequestType,
    #[serde(default)]
    pub category: Option<CategoryCode>,
    /// Art. 29 突发.
    #[serde(default)]
    pub emergency: bool,
    /// Which of the four kinds of Art. 29; required for an emergency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency_kind: Option<EmergencyKind>,
    pub title: Title,
    pub content: Content,
    #[serde(default)]
    pub location: Option<Location>,
    pub requester: Requester,
    /// Hide the requester from the handling units (SPEC §8).
    #[serde(default)]
    pub anonymous_to_unit: bool,
    #[serde(default)]
    pub attachments: Vec<Reference>,
    #[serde(default)]
    pub related: Option<Relation>,
    #[serde(default)]
    pub tags: BTreeSet<Tag>,
}

/// Which handling round something belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Round {
    /// The instant answer from the knowledge base (Art. 14(1)).
    Answer,
    /// The first handling (Art. 16–23).
    First,
    /// The redo after a first dissatisfied rating (Art. 25–27).
    Redo,
}

/// A unit's part in the request (Art. 14(3)(4)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentRole {
    /// 主办: handles and submits the result.
    Lead,
    /// 协办: contributes an opinion to the lead.
    Co,
    /// One of several units dispatched separately, each submitting its own result.
    Separate,
}

impl AssignmentRole {
    pub fn code(self) -> &'static str {
        match self {
            AssignmentRole::Lead => "lead",
            AssignmentRole::Co => "co",
            AssignmentRole::Separate => "separate",
        }
    }
    /// Lead and separate assignments submit results; co-units give opinions.
    pub fn submits(self) -> bool {
        !matches!(self, AssignmentRole::Co)
    }
    pub fn label(self) -> &'static str {
        match self {
            AssignmentRole::Lead => "主办",
            AssignmentRole::Co => "协办",
            AssignmentRole::Separate => "承办",
        }
    }
}

/// Where one unit's assignment stands; each status carries its own data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AssignmentStatus {
    /// Dispatched, not yet acknowledged (签收).
    Received,
    Handling {
        acknowledged_at: DateTime<Utc>,
    },
    /// A return request awaits the center's decision (Art. 16(2), 17).
    ReturnRequested {
        acknowledged_at: Option<DateTime<Utc>>,
        requested_at: DateTime<Utc>,
        reason: Note,
        basis: Note,
    },
    /// The center approved the return; the assignment is over.
    Returned {
        at: DateTime<Utc>,
    },
    /// The lead's or a separate unit's result awaits the others or the review.
    Submitted {
        acknowledged_at: DateTime<Utc>,
        at: DateTime<Utc>,
    },
    /// Finished: the result was approved, or the co-unit gave its opinion.
    Done {
        at: DateTime<Utc>,
    },
}

impl AssignmentStatus {
    pub fn code(&self) -> AssignmentStatusCode {
        match self {
            AssignmentStatus::Received => AssignmentStatusCode::Received,
            AssignmentStatus::Handling { .. } => AssignmentStatusCode::Handling,
            AssignmentStatus::ReturnRequested { .. } => AssignmentStatusCode::ReturnRequested,
            AssignmentStatus::Returned { .. } => AssignmentStatusCode::Returned,
            AssignmentStatus::Submitted { .. } => AssignmentStatusCode::Submitted,
            AssignmentStatus::Done { .. } => AssignmentStatusCode::Done,
        }
    }
    pub fn acknowledged_at(&self) -> Option<DateTime<Utc>> {
        match self {
            AssignmentStatus::Handling { acknowledged_at } | AssignmentStatus::Submitted { acknowledged_at, .. } => {
                Some(*acknowledged_at)
            }
            AssignmentStatus::ReturnRequested { acknowledged_at, .. } => *acknowledged_at,
            _ => None,
        }
    }
}

/// One unit's assignment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub(crate) unit: UnitId,
    pub(crate) role: AssignmentRole,
    /// Dispatched "for explanation" (Art. 14(5)).
    pub(crate) for_explanation: bool,
    pub(crate) received_at: DateTime<Utc>,
    /// Art. 16(2): 1 working day from receipt, counting the receipt day.
    pub(crate) return_window: Deadline,
    /// Fixed by coordination: may not return (Art. 18).
    pub(crate) fixed: bool,
    /// The sub-unit it was forwarded to (Art. 4); `unit` stays responsible.
    pub(crate) forwarded_to: Option<UnitId>,
    /// The center refused this unit's return: it continues handling (Art. 17).
    #[serde(default)]
    pub(crate) return_refused: bool,
    pub(crate) status: AssignmentStatus,
}

impl Assignment {
    pub fn unit(&self) -> &UnitId {
        &self.unit
    }
    pub fn role(&self) -> AssignmentRole {
        self.role
    }
    pub fn for_explanation(&self) -> bool {
        self.for_explanation
    }
    pub fn status(&self) -> &AssignmentStatus {
        &self.status
    }
    pub fn status_code(&self) -> AssignmentStatusCode {
        self.status.code()
    }
    pub fn received_at(&self) -> DateTime<Utc> {
        self.received_at
    }
    pub fn return_window(&self) -> &Deadline {
        &self.return_window
    }
    /// The instant the return window closes.
    pub fn return_window_end(&self) -> DateTime<Utc> {
        self.return_window.due_at()
    }
    pub fn fixed(&self) -> bool {
        self.fixed
    }
    pub fn forwarded_to(&self) -> Option<&UnitId> {
        self.forwarded_to.as_ref()
    }
    pub fn return_refused(&self) -> bool {
        self.return_refused
    }
    /// Not returned: still part of the request.
    pub fn is_active(&self) -> bool {
        !matches!(self.status, AssignmentStatus::Returned { .. })
    }
    /// Its work is finished for the current round.
    pub fn is_finished(&self) -> bool {
        matches!(
            self.status,
            AssignmentStatus::Submitted { .. } | AssignmentStatus::Done { .. } | AssignmentStatus::Returned { .. }
        )
    }
    /// Whether `unit` may act on this assignment: the responsible unit or the
    /// sub-unit it was forwarded to.
    pub fn is_handled_by(&self, unit: &UnitId) -> bool {
        &self.unit == unit || self.forwarded_to.as_ref() == Some(unit)
    }
}

/// A case-filing record for a complaint (Art. 22(3)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum FilingRecord {
    /// 立案编号.
    CaseNumber(Label),
    /// The uploaded 立案决定书.
    DecisionDocument(Reference),
}

/// The complaint part of a result (Art. 22(3)): filed, or not filed with
/// reasons and legal basis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum CaseFiling {
    Filed { date: NaiveDate, record: FilingRecord },
    NotFiled { reasons: Note, basis: Note },
}

/// How the requester was answered (Art. 22(1)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequesterReply {
    pub method: ReplyMethod,
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Note>,
}

/// The fields every result carries (Art. 22(1)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultFields {
    /// 办理时间.
    pub handled_at: DateTime<Utc>,
    /// 具体办理事项的单位: the assignment's unit or its sub-unit.
    pub unit: UnitId,
    /// 经办人 (staff name: never shown to the citizen).
    pub handler: Label,
    /// 办理结果.
    pub result: Content,
    /// 法律法规政策依据.
    pub basis: Note,
    /// 回复诉求人的情况.
    pub reply: RequesterReply,
}

/// The Art. 22(1) parts of a result, named when one is missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultPart {
    HandledAt,
    Unit,
    Handler,
    Result,
    Basis,
    Reply,
}

impl ResultPart {
    /// The part in the Measures' words (列明…).
    pub fn label(self) -> &'static str {
        match self {
            ResultPart::HandledAt => "办理时间",
            ResultPart::Unit => "具体办理事项的单位",
            ResultPart::Handler => "经办人",
            ResultPart::Result => "办理结果",
            ResultPart::Basis => "法律法规政策依据",
            ResultPart::Reply => "回复诉求人的情况",
        }
    }
    /// Where the part is in a submit_result command's JSON form.
    pub fn path(self) -> &'static str {
        match self {
            ResultPart::HandledAt => "result.handled_at",
            ResultPart::Unit => "result.unit",
            ResultPart::Handler => "result.handler",
            ResultPart::Result => "result.result",
            ResultPart::Basis => "result.basis",
            ResultPart::Reply => "result.reply.method",
        }
    }
    pub fn english(self) -> &'static str {
        match self {
            ResultPart::HandledAt => "the handling time",
            ResultPart::Unit => "the handling unit",
            ResultPart::Handler => "the handler",
            ResultPart::Result => "the result",
            ResultPart::Basis => "the legal or policy basis",
            ResultPart::Reply => "how the requester was answered",
        }
    }
}

/// A result as submitted: any Art. 22(1) part may be missing (or blank), so
/// that a result without its basis is a refusal citing the article, not a
/// malformed command. [`ResultDraft::complete`] makes the [`ResultFields`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultDraft {
    #[serde(default)]
    pub handled_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub unit: Option<UnitId>,
    #[serde(default, deserialize_with = "blank_as_none")]
    pub handler: Option<Label>,
    #[serde(default, deserialize_with = "blank_as_none")]
    pub result: Option<Content>,
    #[serde(default, deserialize_with = "blank_as_none")]
    pub basis: Option<Note>,
    #[serde(default)]
    pub reply: Option<RequesterReply>,
}

/// A missing, null or blank text is absent; any other is parsed as its type.
fn blank_as_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let s: Option<String> = Option::deserialize(d)?;
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => t.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

impl ResultDraft {
    /// The complete fields, or the first part (in the article's order) that is missing.
    pub fn complete(self) -> Result<ResultFields, ResultPart> {
        Ok(ResultFields {
            handled_at: self.handled_at.ok_or(ResultPart::HandledAt)?,
            unit: self.unit.ok_or(ResultPart::Unit)?,
            handler: self.handler.ok_or(ResultPart::Handler)?,
            result: self.result.ok_or(ResultPart::Result)?,
            basis: self.basis.ok_or(ResultPart::Basis)?,
            reply: self.reply.ok_or(ResultPart::Reply)?,
        })
    }
}

impl From<ResultFields> for ResultDraft {
    fn from(f: ResultFields) -> ResultDraft {
        ResultDraft {
            handled_at: Some(f.handled_at),
            unit: Some(f.unit),
            handler: Some(f.handler),
            result: Some(f.result),
            basis: Some(f.basis),
            reply: Some(f.reply),
        }
    }
}

/// How a repeat's original ended, as far as the caller knows it (Art. 14(5)):
/// only a repeat of an item closed with a duty statement (Art. 26(3)) is
/// dispatched "for explanation".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OriginalOutcome {
    /// Finished after a redo answered with a written duty statement.
    DutyStatement,
    /// Anything else: still open, or finished another way.
    Other,
}

/// A handling result. A complaint result cannot be built without its
/// case-filing part (Art. 22(3)); other types have none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HandlingResult {
    Standard {
        fields: ResultFields,
    },
    Complaint {
        fields: ResultFields,
        case_filing: CaseFiling,
    },
}

/// Why fields and a case filing do not make a result for a request type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultShapeError {
    ComplaintWithoutFiling,
    FilingWithoutComplaint,
}

impl HandlingResult {
    /// The result for a request of type `t`: complaints need `filing`, others must not have one.
    pub fn for_type(
        t: RequestType,
        fields: ResultFields,
        filing: Option<CaseFiling>,
    ) -> Result<HandlingResult, ResultShapeError> {
        match (t, filing) {
            (RequestType::Complaint, Some(case_filing)) => Ok(HandlingResult::Complaint { fields, case_filing }),
            (RequestType::Complaint, None) => Err(ResultShapeError::ComplaintWithoutFiling),
            (_, Some(_)) => Err(ResultShapeError::FilingWithoutComplaint),
            (_, None) => Ok(HandlingResult::Standard { fields }),
        }
    }
    pub fn fields(&self) -> &ResultFields {
        match self {
            HandlingResult::Standard { fields } | HandlingResult::Complaint { fields, .. } => fields,
        }
    }
    pub fn case_filing(&self) -> Option<&CaseFiling> {
        match self {
            HandlingResult::Complaint { case_filing, .. } => Some(case_filing),
            HandlingResult::Standard { .. } => None,
        }
    }
}

/// The option a unit takes for a redone request (Art. 26); a duty statement
/// (履责意见, Art. 43(8)) is an uploaded, signed document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "option", rename_all = "snake_case", deny_unknown_fields)]
pub enum RedoChoice {
    HandleAgain,
    TargetedAnswer,
    DutyStatement {
        attachment: Reference,
        /// Art. 43(8): the unit's main or deputy leader who signed it; absent
        /// only in statements recorded before the signer was kept (a new
        /// submission without it is refused).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signer: Option<Label>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signer_post: Option<SignerPost>,
    },
}

impl RedoChoice {
    pub fn option(&self) -> RedoOption {
        match self {
            RedoChoice::HandleAgain => RedoOption::HandleAgain,
            RedoChoice::TargetedAnswer => RedoOption::TargetedAnswer,
            RedoChoice::DutyStatement { .. } => RedoOption::DutyStatement,
        }
    }
}

/// The center's review of a submission (Art. 23).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Review {
    Approved { at: DateTime<Utc> },
    Refused { at: DateTime<Utc>, reason: Note },
}

/// A submitted result and its review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub unit: UnitId,
    pub round: Round,
    pub at: DateTime<Utc>,
    pub result: HandlingResult,
    pub redo: Option<RedoChoice>,
    pub review: Option<Review>,
}

/// A co-unit's opinion (Art. 14(4)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opinion {
    pub unit: UnitId,
    pub at: DateTime<Utc>,
    pub opinion: Content,
}

/// An approved extension (Art. 20, 21).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionRecord {
    pub unit: UnitId,
    pub requested_at: DateTime<Utc>,
    pub reason: Note,
    pub decided_at: DateTime<Utc>,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// An extension request awaiting the center (Art. 21).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingExtension {
    pub unit: UnitId,
    pub requested_at: DateTime<Utc>,
    pub reason: Note,
    pub days: u32,
}

/// A unit fixed by coordination (Art. 18).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coordination {
    pub unit: UnitId,
    pub at: DateTime<Utc>,
    pub basis: Note,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingRecord {
    pub round: Round,
    pub rating: Rating,
    /// 问题是否解决 (SPEC §7); absent in ratings kept before it was asked.
    #[serde(default)]
    pub resolution: Option<Resolution>,
    pub at: DateTime<Utc>,
    pub comment: Option<Note>,
}

/// How the requester rated the call service (Art. 24), kept apart from the
/// handling's ratings: it counts toward the front desk's assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallServiceRating {
    pub rating: Rating,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub comment: Option<Note>,
}

/// The one objection and supplementary answer (Art. 22(2)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supplement {
    pub unit: UnitId,
    pub round: Round,
    pub objected_at: DateTime<Utc>,
    pub objection: Note,
    pub answered_at: Option<DateTime<Utc>>,
    pub answer: Option<Content>,
}

/// The redo round (Art. 25): 5 working days from the first dissatisfied rating.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedoInfo {
    pub started_at: DateTime<Utc>,
    pub due: Deadline,
}

/// The center's callback after a second dissatisfied rating (Art. 27).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackRecord {
    pub at: DateTime<Utc>,
    pub reason: Note,
    pub disposition: CallbackDisposition,
    pub supervision: Option<u32>,
    /// Art. 27; absent in callbacks recorded before the method was kept.
    #[serde(default)]
    pub method: Option<CallbackMethod>,
}

/// A supervision (督办, Art. 31) with its own deadline and the unit's response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supervision {
    pub id: u32,
    pub source: SupervisionSource,
    pub unit: UnitId,
    pub instruction: Note,
    pub opened_at: DateTime<Utc>,
    pub due: Deadline,
    /// The unit's response waiting for the center's verdict, or accepted.
    pub response: Option<SupervisionResponse>,
    /// Responses the center found wanting (继续督办), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub found_wanting: Vec<WantingResponse>,
    /// The center's verdict that ended it; absent while it runs (and in
    /// supervisions answered before verdicts were kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conclusion: Option<SupervisionConclusion>,
}

impl Supervision {
    /// Waiting for the unit's response (its clock runs).
    pub fn is_open(&self) -> bool {
        self.response.is_none()
    }

    pub fn stage(&self) -> SupervisionStage {
        match (&self.response, &self.conclusion) {
            (None, _) => SupervisionStage::AwaitingResponse,
            (Some(_), None) => SupervisionStage::AwaitingVerdict,
            (Some(_), Some(_)) => SupervisionStage::Concluded,
        }
    }

    /// Still the center's business: not ended by a verdict.
    pub fn is_running(&self) -> bool {
        self.stage() != SupervisionStage::Concluded
    }
}

/// A response the center found wanting, and why (told to the unit).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WantingResponse {
    pub response: SupervisionResponse,
    pub at: DateTime<Utc>,
    pub reason: Note,
}

/// The center's verdict that ended a supervision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionConclusion {
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Note>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionResponse {
    pub at: DateTime<Utc>,
    pub response: Content,
}

/// Information the citizen added while the request was open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addition {
    pub at: DateTime<Utc>,
    pub text: Content,
    pub attachments: Vec<Reference>,
}

/// Art. 12(2): a matter for 110, 119, 120 or 122 handed over to that line:
/// which, when, and the line's record number if it gave one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handover {
    pub service: EmergencyService,
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<Label>,
}

/// A handover as the rejecting agent gives it: without a time, it happened
/// as the call was rejected (the caller put through to the line at once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoverDraft {
    pub service: EmergencyService,
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub reference: Option<Label>,
}

impl HandoverDraft {
    pub fn at_or(self, now: DateTime<Utc>) -> Handover {
        Handover { service: self.service, at: self.at.unwrap_or(now), reference: self.reference }
    }
}

/// The emergency notice clock (Art. 29): units notified within 30 minutes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmergencyNotice {
    /// Art. 29's kind; absent only in emergencies recorded before it was asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EmergencyKind>,
    pub notify_by: DateTime<Utc>,
    pub notified_at: Option<DateTime<Utc>>,
    /// Art. 29 (不可抗力除外): the center's finding that a natural disaster or
    /// another event beyond the units' control keeps the emergency from being
    /// answered in time; overdue supervision no longer applies.
    #[serde(default)]
    pub force_majeure: Option<ForceMajeure>,
    /// How many reports went to the bureau's main leader (Art. 29).
    #[serde(default)]
    pub leader_reports: u32,
}

/// A force-majeure finding (Art. 29, last sentence): what happened, what
/// shows it, who decided and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForceMajeure {
    pub reason: Note,
    pub evidence: Note,
    #[serde(default)]
    pub attachment: Option<Reference>,
    pub decided_by: String,
    pub at: DateTime<Utc>,
}

/// The request's phase; data that exists only in one phase lives in its variant.
/// The finer state code of `InProgress` is derived from the assignments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum State {
    Registered,
    Rejected {
        reason: RejectionReason,
        basis: Note,
        /// Art. 12(2): the handover to an emergency line.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        handover: Option<Handover>,
    },
    Answered {
        entry: Reference,
        answer: Content,
    },
    InProgress,
    CompletionReview {
        since: DateTime<Utc>,
    },
    Closed {
        at: DateTime<Utc>,
    },
    /// Closed at `closed_at`; the one supplementary answer is owed (Art. 22(2)).
    Supplementary {
        since: DateTime<Utc>,
        closed_at: DateTime<Utc>,
    },
    /// Closed at `closed_at`; the center owes a callback (Art. 27).
    Callback {
        since: DateTime<Utc>,
        closed_at: DateTime<Utc>,
    },
}

/// A request (事项).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub(crate) number: RequestNumber,
    pub(crate) channel: Channel,
    #[serde(rename = "type")]
    pub(crate) request_type: RequestType,
    pub(crate) category: Option<CategoryCode>,
    pub(crate) emergency: Option<EmergencyNotice>,
    pub(crate) title: Title,
    pub(crate) content: Content,
    pub(crate) location: Option<Location>,
    pub(crate) requester: Requester,
    pub(crate) anonymous_to_unit: bool,
    pub(crate) attachments: Vec<Reference>,
    pub(crate) related: Option<Relation>,
    pub(crate) tags: BTreeSet<Tag>,
    pub(crate) registered_at: DateTime<Utc>,
    /// The hotline office that owns the request: the dispatch scope of the
    /// registering agent's unit, or the center for self-service channels.
    pub(crate) office: UnitId,
    pub(crate) limit: TimeLimit,
    pub(crate) due: Deadline,
    pub(crate) extensions: Vec<ExtensionRecord>,
    pub(crate) pending_extension: Option<PendingExtension>,
    pub(crate) assignments: Vec<Assignment>,
    /// Set by an approved return of a lead or separate unit (Art. 17):
    /// the center must dispatch again before the request can complete.
    pub(crate) awaiting_redispatch: bool,
    pub(crate) coordinations: Vec<Coordination>,
    pub(crate) opinions: Vec<Opinion>,
    pub(crate) submissions: Vec<Submission>,
    pub(crate) ratings: Vec<RatingRecord>,
    pub(crate) supplement: Option<Supplement>,
    pub(crate) redo: Option<RedoInfo>,
    pub(crate) callback: Option<CallbackRecord>,
    pub(crate) supervisions: Vec<Supervision>,
    pub(crate) additions: Vec<Addition>,
    /// The requester asked for a callback and no staff member has acted since.
    #[serde(default)]
    pub(crate) callback_asked: bool,
    /// Commands must not go back in time.
    pub(crate) last_event_at: DateTime<Utc>,
    pub(crate) state: State,
    /// The requester's rating of the call service (Art. 24 话务服务).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) call_rating: Option<CallServiceRating>,
    /// When the requester's personal data was erased (Art. 40; PIPL retention).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) erased_at: Option<DateTime<Utc>>,
    /// Archived (Art. 3 归档): read-only from then on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) archived_at: Option<DateTime<Utc>>,
}

impl Request {
    pub fn number(&self) -> &RequestNumber {
        &self.number
    }
    pub fn channel(&self) -> Channel {
        self.channel
    }
    pub fn request_type(&self) -> RequestType {
        self.request_type
    }
    pub fn category(&self) -> Option<&CategoryCode> {
        self.category.as_ref()
    }
    pub fn is_emergency(&self) -> bool {
        self.emergency.is_some()
    }
    /// The requester's rating of the call service (Art. 24), if given.
    pub fn call_rating(&self) -> Option<&CallServiceRating> {
        self.call_rating.as_ref()
    }
    /// When the requester's personal data was erased, if it was.
    pub fn erased_at(&self) -> Option<DateTime<Utc>> {
        self.erased_at
    }
    /// When it was archived (Art. 3), if it was.
    pub fn archived_at(&self) -> Option<DateTime<Utc>> {
        self.archived_at
    }
    /// Ended with nothing pending, so that it may be archived once quiet:
    /// rejected, answered (and no dissatisfied rating awaits the center),
    /// closed or finished.
    pub fn has_ended(&self) -> bool {
        let ended = match self.state {
            State::Rejected { .. } | State::Closed { .. } => true,
            State::Answered { .. } => !self.awaits_answer_review(),
            _ => false,
        };
        ended && !self.callback_asked
    }
    pub fn emergency_notice(&self) -> Option<&EmergencyNotice> {
        self.emergency.as_ref()
    }
    pub fn title(&self) -> &Title {
        &self.title
    }
    pub fn content(&self) -> &Content {
        &self.content
    }
    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }
    /// Personal data: show masked unless the viewer's role needs it (SPEC §8).
    pub fn requester(&self) -> &Requester {
        &self.requester
    }
    pub fn anonymous_to_unit(&self) -> bool {
        self.anonymous_to_unit
    }
    pub fn attachments(&self) -> &[Reference] {
        &self.attachments
    }
    pub fn related(&self) -> Option<&Relation> {
        self.related.as_ref()
    }
    pub fn tags(&self) -> &BTreeSet<Tag> {
        &self.tags
    }
    pub fn registered_at(&self) -> DateTime<Utc> {
        self.registered_at
    }
    pub fn office(&self) -> &UnitId {
        &self.office
    }
    /// The handling limit applied (Art. 19, 29).
    pub fn time_limit(&self) -> TimeLimit {
        self.limit
    }
    /// The handling deadline, while one is running or was last in force:
    /// `None` for rejected requests and instant answers.
    pub fn due(&self) -> Option<&Deadline> {
        match self.state {
            State::Rejected { .. } | State::Answered { .. } => None,
            _ => Some(&self.due),
        }
    }
    /// The deadline the work is held to now: the redo's once a redo round
    /// has begun (Art. 25), else the handling period's (with its
    /// extensions); none for a rejected or answered request.
    pub fn work_due(&self) -> Option<&Deadline> {
        let due = self.due()?;
        Some(self.redo.as_ref().map_or(due, |r| &r.due))
    }
    pub fn extensions(&self) -> &[ExtensionRecord] {
        &self.extensions
    }
    pub fn pending_extension(&self) -> Option<&PendingExtension> {
        self.pending_extension.as_ref()
    }
    pub fn assignments(&self) -> &[Assignment] {
        &self.assignments
    }
    pub fn coordinations(&self) -> &[Coordination] {
        &self.coordinations
    }
    pub fn opinions(&self) -> &[Opinion] {
        &self.opinions
    }
    pub fn submissions(&self) -> &[Submission] {
        &self.submissions
    }
    pub fn ratings(&self) -> &[RatingRecord] {
        &self.ratings
    }
    /// The rating that counts (Art. 27): the latest one.
    pub fn final_rating(&self) -> Option<Rating> {
        self.ratings.last().map(|r| r.rating)
    }
    pub fn supplement(&self) -> Option<&Supplement> {
        self.supplement.as_ref()
    }
    pub fn redo(&self) -> Option<&RedoInfo> {
        self.redo.as_ref()
    }
    pub fn callback(&self) -> Option<&CallbackRecord> {
        self.callback.as_ref()
    }
    pub fn supervisions(&self) -> &[Supervision] {
        &self.supervisions
    }
    pub fn additions(&self) -> &[Addition] {
        &self.additions
    }
    pub fn state(&self) -> &State {
        &self.state
    }
    pub fn last_event_at(&self) -> DateTime<Utc> {
        self.last_event_at
    }

    /// The round the request is in.
    pub fn round(&self) -> Round {
        if matches!(self.state, State::Answered { .. }) {
            Round::Answer
        } else if self.redo.is_some() {
            Round::Redo
        } else {
            Round::First
        }
    }

    /// The rating given in the current round, if any.
    pub fn rating_in_round(&self) -> Option<Rating> {
        let round = self.round();
        self.ratings.iter().rev().find(|r| r.round == round).map(|r| r.rating)
    }

    /// Closed with nothing left to do: rated satisfied, or rated after the
    /// redo and, if dissatisfied, called back.
    /// Art. 14(1), 25: an instant answer rated dissatisfied waits for the
    /// center, which dispatches it as the redo round or calls back.
    /// What the hotline office waits on besides the state, if anything:
    /// an extension to decide first, then a running supervision (waiting for
    /// the unit's response or for the verdict on it), then an
    /// answer to review (one queue per request, in that order).
    pub fn center_wait(&self) -> Option<CenterWait> {
        if self.pending_extension().is_some() {
            Some(CenterWait::Extension)
        } else if self.supervisions().iter().any(|s| s.is_running()) {
            Some(CenterWait::Supervision)
        } else if self.awaits_answer_review() {
            Some(CenterWait::AnswerReview)
        } else {
            None
        }
    }

    pub fn awaits_answer_review(&self) -> bool {
        matches!(self.state, State::Answered { .. })
            && self.callback.is_none()
            && self.rating_in_round().is_some_and(|r| r.is_dissatisfied())
    }

    /// How this request ended, as the original of a repeat (Art. 14(5)):
    /// finished after a redo answered with a duty statement (Art. 26(3)), or not.
    pub fn original_outcome(&self) -> OriginalOutcome {
        let duty = self.submissions.iter().any(|s| matches!(s.redo, Some(RedoChoice::DutyStatement { .. })));
        if self.is_finished() && duty {
            OriginalOutcome::DutyStatement
        } else {
            OriginalOutcome::Other
        }
    }

    pub fn is_finished(&self) -> bool {
        matches!(self.state, State::Closed { .. })
            && match self.round() {
                Round::First => self.rating_in_round().is_some_and(|r| !r.is_dissatisfied()),
                Round::Redo => self.rating_in_round().is_some(),
                Round::Answer => false,
            }
    }

    /// Where the request stands (its code is stored and shown in the replay):
    /// - `registered`: received by the center, not yet dispatched;
    /// - `rejected`: not accepted (Art. 12, 15); final;
    /// - `answered`: a consultation answered from the knowledge base (Art. 14(1));
    /// - `dispatched`: no unit has acknowledged yet;
    /// - `handling`: units are working on it (first round);
    /// - `return_requested`: a unit asked to return it (Art. 16(2));
    /// - `redispatch`: a return was approved, the center must dispatch again (Art. 17);
    /// - `completion_review`: all units finished, the center reviews (Art. 22, 23);
    /// - `closed`: approved and answered; open for an objection and a rating;
    /// - `supplementary`: the requester objected, the unit owes its one supplementary answer (Art. 22(2));
    /// - `redo`: sent back after a first dissatisfied rating (Art. 25, 26);
    /// - `callback`: dissatisfied again after the redo; the center calls back (Art. 27);
    /// - `finished`: closed and rated (and called back where needed); nothing is pending;
    /// - `archived`: ended and archived (Art. 3 归档); read-only.
    pub fn current_state(&self) -> StateCode {
        if self.archived_at.is_some() {
            return StateCode::Archived;
        }
        match &self.state {
            State::Registered => StateCode::Registered,
            State::Rejected { .. } => StateCode::Rejected,
            State::Answered { .. } => StateCode::Answered,
            State::CompletionReview { .. } => StateCode::CompletionReview,
            State::Supplementary { .. } => StateCode::Supplementary,
            State::Callback { .. } => StateCode::Callback,
            State::Closed { .. } => {
                if self.is_finished() {
                    StateCode::Finished
                } else {
                    StateCode::Closed
                }
            }
            State::InProgress => {
                let active: Vec<&Assignment> = self.assignments.iter().filter(|a| a.is_active()).collect();
                if active
                    .iter()
                    .any(|a| matches!(a.status, AssignmentStatus::ReturnRequested { .. }))
                {
                    StateCode::ReturnRequested
                } else if self.awaiting_redispatch {
                    StateCode::Redispatch
                } else if self.redo.is_some() {
                    StateCode::Redo
                } else if active.iter().all(|a| matches!(a.status, AssignmentStatus::Received)) {
                    StateCode::Dispatched
                } else {
                    StateCode::Handling
                }
            }
        }
    }

    /// The state's code, as stored and shown in the replay.
    pub fn state_code(&self) -> &'static str {
        self.current_state().code()
    }

    /// The state's name for staff, in Chinese.
    pub fn state_label(&self) -> &'static str {
        self.current_state().label()
    }

    /// Whether the request is still being worked on (the citizen may add information).
    pub fn is_open(&self) -> bool {
        matches!(
            self.state,
            State::Registered | State::InProgress | State::CompletionReview { .. } | State::Supplementary { .. }
        )
    }

    /// The index of the active assignment `unit` acts on: its own, else the
    /// one forwarded to it.
    pub(crate) fn assignment_index(&self, unit: &UnitId) -> Option<usize> {
        let active = |a: &&Assignment| a.is_active();
        self.assignments
            .iter()
            .position(|a| active(&a) && &a.unit == unit)
            .or_else(|| {
                self.assignments
                    .iter()
                    .position(|a| active(&a) && a.forwarded_to.as_ref() == Some(unit))
            })
    }

    pub fn assignment_for(&self, unit: &UnitId) -> Option<&Assignment> {
        self.assignment_index(unit).map(|i| &self.assignments[i])
    }

    /// The units a result of `unit`'s assignment may name as 具体办理事项的单位
    /// (Art. 22(1)): the assignment's unit and the sub-unit it was forwarded to.
    pub fn result_units(&self, unit: &UnitId) -> Vec<UnitId> {
        self.assignment_for(unit)
            .map(|a| std::iter::once(a.unit.clone()).chain(a.forwarded_to.clone()).collect())
            .unwrap_or_default()
    }

    /// The active lead assignment, if any.
    pub fn lead(&self) -> Option<&Assignment> {
        self.assignments
            .iter()
            .find(|a| a.is_active() && a.role == AssignmentRole::Lead)
    }

    /// Checks the invariants the state machine maintains; used by the tests
    /// and by the server as a sanity check on loaded snapshots.
    pub fn check_invariants(&self) -> Result<(), String> {
        let active: Vec<&Assignment> = self.assignments.iter().filter(|a| a.is_active()).collect();
        if self.extensions.len() + usize::from(self.pending_extension.is_some()) > 2 {
            return Err("more than 2 extensions".into());
        }
        if self.is_emergency() && (!self.extensions.is_empty() || self.pending_extension.is_some()) {
            return Err("an emergency was extended".into());
        }
        if active.iter().filter(|a| a.role == AssignmentRole::Lead).count() > 1 {
            return Err("two active leads".into());
        }
        if active.iter().any(|a| a.role == AssignmentRole::Lead)
            && active.iter().any(|a| a.role == AssignmentRole::Separate)
        {
            return Err("lead and separate assignments mixed".into());
        }
        let mut units = BTreeSet::new();
        for a in &active {
            if !units.insert(&a.unit) {
                return Err(format!("unit {} assigned twice", a.unit));
            }
        }
        let first_ratings = self.ratings.iter().filter(|r| r.round == Round::First).count();
        let redo_ratings = self.ratings.iter().filter(|r| r.round == Round::Redo).count();
        if first_ratings > 1 || redo_ratings > 1 {
            return Err("rated twice in one round".into());
        }
        if self.redo.is_some()
            && !self
                .ratings
                .iter()
                .any(|r| matches!(r.round, Round::First | Round::Answer) && r.rating.is_dissatisfied())
        {
            return Err("redo without a first dissatisfied rating".into());
        }
        if self
            .submissions
            .iter()
            .filter(|s| s.redo.is_some())
            .any(|s| s.round != Round::Redo)
        {
            return Err("a redo option outside the redo round".into());
        }
        for s in &self.submissions {
            if (self.request_type == RequestType::Complaint) != s.result.case_filing().is_some() {
                return Err("a result without its complaint part, or with a stray one".into());
            }
        }
        match &self.state {
            State::Registered => {
                if !self.assignments.is_empty() {
                    return Err("registered with assignments".into());
                }
            }
            State::Answered { .. } => {
                if self.request_type != RequestType::Consultation {
                    return Err("answered a non-consultation".into());
                }
            }
            State::InProgress => {
                if active.is_empty() && !self.awaiting_redispatch {
                    return Err("in progress without units".into());
                }
            }
            State::CompletionReview { .. } => {
                if !active.iter().all(|a| a.is_finished()) || self.awaiting_redispatch {
                    return Err("completion review with unfinished assignments".into());
                }
                if !active
                    .iter()
                    .any(|a| matches!(a.status, AssignmentStatus::Submitted { .. }))
                {
                    return Err("completion review without a result".into());
                }
            }
            State::Closed { .. } | State::Supplementary { .. } => {
                if active
                    .iter()
                    .any(|a| !matches!(a.status, AssignmentStatus::Done { .. }))
                {
                    return Err("closed with open assignments".into());
                }
            }
            State::Callback { .. } => {
                if !self
                    .ratings
                    .iter()
                    .any(|r| r.round == Round::Redo && r.rating.is_dissatisfied())
                {
                    return Err("callback without a second dissatisfied rating".into());
                }
            }
            State::Rejected { .. } => {}
        }
        if let State::Supplementary { .. } = self.state {
            if self.supplement.as_ref().is_none_or(|s| s.answer.is_some()) {
                return Err("supplementary state without an open objection".into());
            }
        }
        Ok(())
    }
}

/// Whether a state code is of a request still worked on (unknown: open).
pub fn is_open_state(code: &str) -> bool {
    StateCode::parse(code).is_none_or(StateCode::is_open)
}

/// Staff's Chinese name of a state code (`Request::state_code`).
pub fn state_label(code: &str) -> &'static str {
    StateCode::parse(code).map_or("其他", StateCode::label)
}

/// Staff's Chinese name of an assignment status code (`AssignmentStatus::code`).
pub fn status_label(code: &str) -> Option<&'static str> {
    AssignmentStatusCode::parse(code).ok().map(AssignmentStatusCode::label)
}

//! From registration to dispatch (Art. 11–15, 19, 29): register, reject,
//! answer from the knowledge base, dispatch, link a repeat, add information.

use super::action::Action;
use super::actor::{Actor, Context};
use super::command::Target;
use super::deadline::{cst_date, deadline, notify_by, Deadline, TimeLimit};
use super::event::{Event, EventKind};
use super::event_words::article_words;
use super::refusal::Refusal;
use super::request::{
    Addition, Assignment, AssignmentRole, AssignmentStatus, EmergencyNotice, HandoverDraft, NewRequest, OriginalOutcome,
    Relation, RelationKind, Request, RequestDraft, State,
};
use super::types::{Content, Note, Reference, RejectionReason, RequestNumber, Role};
use super::unit::UnitId;
use super::{calendar_note, cn_due, cn_number, notes, EventSink};
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;

/// How the Measures are cited to citizens.
pub(crate) const MEASURES: &str = "《自治州12345政务服务便民热线管理办法（试行）》";

/// A registration the domain has accepted, waiting only for its number:
/// the server numbers a request only once it is sure to be registered, so
/// that a refused one uses up no number, and registers it once.
#[derive(Clone, Debug)]
pub struct Registration {
    draft: RequestDraft,
    actor: Actor,
    at: DateTime<Utc>,
    office: UnitId,
    limit: TimeLimit,
    due: Deadline,
    statutory_won: Option<TimeLimit>,
}

impl Request {
    /// Registers a request (受理): `check_registration`, then `numbered`.
    pub fn register(
        new: NewRequest,
        actor: &Actor,
        at: DateTime<Utc>,
        ctx: &Context,
    ) -> Result<(Request, Vec<Event>), Refusal> {
        Self::check_registration(new.draft, actor, at, ctx)?.numbered(new.number)
    }

    /// Checks a registration (受理). Agents register from any channel and the
    /// request belongs to their hotline office; citizens submit through the
    /// self-service channels and the request belongs to the center. The
    /// handling clock starts now: the type's limit (Art. 19(1)(2)), a stricter
    /// category limit (Art. 19(3)), or for emergencies 2 working days and a
    /// 30-minute notice (Art. 29).
    pub fn check_registration(
        draft: RequestDraft,
        actor: &Actor,
        at: DateTime<Utc>,
        ctx: &Context,
    ) -> Result<Registration, Refusal> {
        if draft.requester.phone.is_erased() {
            return Err(Refusal::ErasedPhone);
        }
        let office = match actor.role {
            Role::Agent => {
                let unit = Self::staff_unit(actor, ctx)?;
                ctx.units
                    .dispatch_scope(unit)
                    .cloned()
                    .ok_or(Refusal::UnknownUnit { unit: unit.clone() })?
            }
            Role::Citizen => {
                if !draft.channel.is_self_service() {
                    return Err(Refusal::SelfServiceChannel { channel: draft.channel });
                }
                ctx.units.root().ok_or(Refusal::NoCenter)?.id.clone()
            }
            role => {
                return Err(Refusal::Role {
                    role,
                    action: Action::Register,
                })
            }
        };
        if draft.emergency && draft.emergency_kind.is_none() {
            return Err(Refusal::EmergencyKindMissing);
        }
        let type_limit = draft.request_type.time_limit();
        // Art. 19(3): a stricter limit of the category, when it is stricter than the type's.
        let statutory = match draft.category.as_ref().and_then(|c| ctx.category_limits.get(c)) {
            Some(&days) if days >= 1 && u32::from(days) < type_limit.working_days() => {
                Some(TimeLimit::Statutory { days })
            }
            _ => None,
        };
        let limit = if draft.emergency {
            TimeLimit::Emergency
        } else {
            statutory.unwrap_or(type_limit)
        };
        // Every limit that applies runs from registration; the earliest wins
        // (an emergency's 2 days never loosen a 1-day statutory limit).
        let mut due = deadline(ctx.calendar, limit, at);
        let mut statutory_won = None;
        if let Some(s) = statutory.filter(|&s| s != limit) {
            let stricter = deadline(ctx.calendar, s, at);
            if stricter.last_day < due.last_day {
                due = stricter;
                statutory_won = Some(s);
            }
        }
        Ok(Registration { draft, actor: actor.clone(), at, office, limit, due, statutory_won })
    }
}

impl Registration {
    /// The registered request under its number, which must be of the
    /// registration's day (CST) and not the number of its own original.
    pub fn numbered(self, number: RequestNumber) -> Result<(Request, Vec<Event>), Refusal> {
        let Registration { draft, actor, at, office, limit, due, statutory_won } = self;
        let new = NewRequest { number, draft };
        let actor = &actor;
        let day = cst_date(at);
        if new.number.date() != day {
            return Err(Refusal::NumberDate {
                number: new.number.to_string(),
                date: day,
            });
        }
        if new.draft.related.is_some_and(|r| r.original == new.number) {
            return Err(Refusal::SelfRelation);
        }
        let emergency = new.draft.emergency.then(|| EmergencyNotice {
            kind: new.draft.emergency_kind,
            notify_by: notify_by(at),
            notified_at: None,
            force_majeure: None,
            leader_reports: 0,
        });

        let public = if new.draft.emergency {
            format!(
                "您反映的突发事项已受理，编号{}。热线管理中心将在30分钟内通知有关单位，办理期限至{}。",
                new.number,
                cn_due(&due)
            )
        } else {
            format!(
                "您的{}诉求已受理，编号{}，办理期限至{}。",
                new.draft.request_type.label(),
                new.number,
                cn_due(&due)
            )
        };
        let ev = EventSink { actor, at };
        let event = ev.event(
            EventKind::Registered {
                number: new.number,
                request_type: new.draft.request_type,
                channel: new.draft.channel,
                emergency: new.draft.emergency,
                limit,
                due: due.last_day,
                notify_by: emergency.as_ref().map(|e| e.notify_by),
            },
            Some(public),
            notes([
                calendar_note(&due),
                statutory_won.map(|s| {
                    format!(
                        "{}的 {} 个工作日早于{}的 {} 个工作日，以较早者为准",
                        article_words(s.article()),
                        s.working_days(),
                        article_words(limit.article()),
                        limit.working_days()
                    )
                }),
            ]),
        );
        let request = Request {
            number: new.number,
            channel: new.draft.channel,
            request_type: new.draft.request_type,
            category: new.draft.category,
            emergency,
            title: new.draft.title,
            content: new.draft.content,
            location: new.draft.location,
            requester: new.draft.requester,
            anonymous_to_unit: new.draft.anonymous_to_unit,
            attachments: new.draft.attachments,
            related: new.draft.related,
            tags: new.draft.tags,
            registered_at: at,
            office,
            limit,
            due,
            extensions: Vec::new(),
            pending_extension: None,
            assignments: Vec::new(),
            awaiting_redispatch: false,
            coordinations: Vec::new(),
            opinions: Vec::new(),
            submissions: Vec::new(),
            ratings: Vec::new(),
            supplement: None,
            redo: None,
            callback: None,
            supervisions: Vec::new(),
            additions: Vec::new(),
            callback_asked: false,
            last_event_at: at,
            state: State::Registered,
            call_rating: None,
            erased_at: None,
            archived_at: None,
        };
        Ok((request, vec![event]))
    }
}

impl Request {
    /// Art. 12, 15: not accepted, with one of the nine reasons and the basis,
    /// which the requester is told.
    pub(crate) fn reject(
        &mut self,
        reason: Option<RejectionReason>,
        basis: Option<Note>,
        note: Option<Note>,
        handover: Option<HandoverDraft>,
        ev: &EventSink,
    ) -> Result<Vec<Event>, Refusal> {
        let handover = handover.map(|h| h.at_or(ev.at));
        let reason = reason.ok_or(Refusal::RejectionReasonMissing)?;
        let basis = basis.ok_or(Refusal::RejectionBasisMissing)?;
        match (reason, &handover) {
            (RejectionReason::EmergencyService, None) => return Err(Refusal::HandoverMissing),
            (RejectionReason::EmergencyService, Some(h)) if h.at > ev.at => return Err(Refusal::HandoverLater),
            (RejectionReason::EmergencyService, Some(_)) | (_, None) => {}
            (_, Some(_)) => return Err(Refusal::StrayHandover),
        }
        if reason == RejectionReason::RepeatWithoutNewFacts
            && !self.related.is_some_and(|r| r.kind == RelationKind::RepeatOf)
        {
            return Err(Refusal::RepeatNotLinked);
        }
        let mut public = format!(
            "您的诉求不予受理。理由：{}（{}第十二条第（{}）项）。依据：{}。",
            reason.text(),
            MEASURES,
            cn_number(reason.item()),
            basis.as_str().trim_end_matches('。')
        );
        if let Some(h) = &handover {
            public.push_str(&format!("已转{}处理。", h.service.label()));
        }
        let lapsed = self.pending_extension.take().is_some();
        self.awaiting_redispatch = false;
        self.state = State::Rejected {
            reason,
            basis: basis.clone(),
            handover: handover.clone(),
        };
        let mut events = vec![ev.event(
            EventKind::Rejected { reason, basis, handover },
            Some(public),
            note.map(|n| n.to_string()),
        )];
        if lapsed {
            events.push(ev.event(EventKind::ExtensionLapsed, None, None));
        }
        Ok(events)
    }

    /// Art. 14(1): a consultation answered at once from the knowledge base.
    pub(crate) fn answer(&mut self, entry: Reference, answer: Content, ev: &EventSink) -> Result<Vec<Event>, Refusal> {
        let public = format!("已根据热线知识库答复您：{answer}");
        self.state = State::Answered {
            entry: entry.clone(),
            answer: answer.clone(),
        };
        Ok(vec![ev.event(
            EventKind::Answered { entry, answer },
            Some(public),
            None,
        )])
    }

    /// Art. 14: dispatch (or re-dispatch after an approved return, Art. 17).
    pub(crate) fn dispatch(
        &mut self,
        targets: Vec<Target>,
        for_explanation: bool,
        vertical_exception: Option<Note>,
        note: Option<Note>,
        ev: &EventSink,
        ctx: &Context,
    ) -> Result<Vec<Event>, Refusal> {
        let scope = self.center_scope(ev.actor, ctx)?;
        if targets.is_empty() {
            return Err(Refusal::NoTargets);
        }
        let mut seen = BTreeSet::new();
        for t in &targets {
            let unit = ctx
                .units
                .get(&t.unit)
                .ok_or(Refusal::UnknownUnit { unit: t.unit.clone() })?;
            if !unit.active {
                return Err(Refusal::InactiveUnit { unit: t.unit.clone() });
            }
            if !ctx.units.is_within(&t.unit, &scope) {
                return Err(Refusal::OutOfScope {
                    unit: t.unit.clone(),
                    scope: scope.clone(),
                });
            }
            if !seen.insert(&t.unit) || self.assignment_for(&t.unit).is_some_and(|a| a.unit == t.unit) {
                return Err(Refusal::AlreadyAssigned { unit: t.unit.clone() });
            }
            if let Some(head) = ctx.units.vertical_target(&t.unit) {
                if head != &t.unit && vertical_exception.is_none() {
                    return Err(Refusal::Vertical {
                        unit: t.unit.clone(),
                        head: head.clone(),
                    });
                }
            }
        }
        let roles: Vec<AssignmentRole> = self
            .assignments
            .iter()
            .filter(|a| a.is_active())
            .map(|a| a.role)
            .chain(targets.iter().map(|t| t.role))
            .collect();
        let count = |r: AssignmentRole| roles.iter().filter(|x| **x == r).count();
        let shape = |detail: &str| Err(Refusal::DispatchShape { detail: detail.into() });
        if count(AssignmentRole::Lead) > 1 {
            return shape("at most one lead unit (主办)");
        }
        if count(AssignmentRole::Lead) > 0 && count(AssignmentRole::Separate) > 0 {
            return shape("either one lead unit with co-units, or separate units; not both");
        }
        if count(AssignmentRole::Co) > 0 && count(AssignmentRole::Lead) == 0 {
            return shape("co-units (协办) need a lead unit (主办)");
        }
        if self.awaiting_redispatch && !targets.iter().any(|t| t.role.submits()) {
            return Err(Refusal::RedispatchNeedsSubmitter);
        }
        let explained_original = match (for_explanation, self.related) {
            (false, _) => None,
            (true, Some(r)) if r.kind == RelationKind::RepeatOf => match ctx.originals.get(&r.original) {
                Some(OriginalOutcome::DutyStatement) => Some(r.original),
                _ => return Err(Refusal::OriginalNotExplained { original: r.original.to_string() }),
            },
            (true, _) => return Err(Refusal::NotRepeat),
        };

        // Checked; now change.
        let redispatch = !self.assignments.is_empty();
        // A dissatisfied instant answer goes to the units as the one redo
        // (Art. 25: 5 working days from now); its next rating counts (Art. 27).
        let redo_of_answer = matches!(self.state, State::Answered { .. });
        let window = deadline(ctx.calendar, TimeLimit::Return, ev.at);
        for t in &targets {
            self.assignments.push(Assignment {
                unit: t.unit.clone(),
                role: t.role,
                for_explanation,
                received_at: ev.at,
                return_window: window.clone(),
                fixed: false,
                forwarded_to: None,
                return_refused: false,
                status: AssignmentStatus::Received,
            });
        }
        self.awaiting_redispatch = false;
        self.state = State::InProgress;
        let names: Vec<String> = targets.iter().map(|t| ctx.units.name_of(&t.unit)).collect();
        let redo_units: Vec<_> = targets.iter().filter(|t| t.role.submits()).map(|t| t.unit.clone()).collect();
        let public = if for_explanation {
            format!("您反映的事项已转派至{}做好解释工作。", names.join("、"))
        } else {
            format!("您的诉求已转派至{}办理。", names.join("、"))
        };
        let internal = notes([
            explained_original.map(|o| format!("原事项 {o} 以书面履责意见办结（第二十六条第（三）项），本次派单做好解释工作（第十四条第（五）项）")),
            vertical_exception.map(|v| format!("垂直管理单位例外（第十四条第（二）项）：{v}")),
            note.map(|n| n.to_string()),
        ]);
        let mut events = vec![ev.event(
            EventKind::Dispatched {
                targets,
                for_explanation,
                redispatch,
            },
            Some(public),
            internal,
        )];
        if let Some(notice) = self.emergency.as_mut() {
            if notice.notified_at.is_none() {
                notice.notified_at = Some(ev.at);
                let within = ev.at <= notice.notify_by;
                events.push(ev.event(EventKind::EmergencyNotified { within_30_minutes: within }, None, None));
            }
        }
        if redo_of_answer {
            events.push(self.start_redo(redo_units, "已交由承办单位重新办理", ev, ctx));
        }
        Ok(events)
    }

    /// Art. 12(7), 14(5): link a repeat or duplicate to its original.
    pub(crate) fn link(&mut self, relation: Relation, ev: &EventSink) -> Result<Vec<Event>, Refusal> {
        if relation.original == self.number {
            return Err(Refusal::SelfRelation);
        }
        self.related = Some(relation);
        Ok(vec![ev.event(EventKind::Linked { relation }, None, None)])
    }

    /// The requester asks to be called back; the center sees it on the timeline.
    pub(crate) fn ask_callback(&mut self, note: Option<Note>, ev: &EventSink) -> Vec<Event> {
        self.callback_asked = true;
        let public = "您申请了回电，热线中心将尽快与您联系。".to_string();
        vec![ev.event(EventKind::CallbackAsked { note: note.clone() }, Some(public), None)]
    }

    /// The citizen adds information while the request is open.
    pub(crate) fn add_information(
        &mut self,
        text: Content,
        attachments: Vec<Reference>,
        ev: &EventSink,
    ) -> Result<Vec<Event>, Refusal> {
        let public = format!("诉求人补充了信息：{text}");
        self.additions.push(Addition {
            at: ev.at,
            text: text.clone(),
            attachments: attachments.clone(),
        });
        Ok(vec![ev.event(
            EventKind::InformationAdded { text, attachments },
            Some(public),
            None,
        )])
    }
}

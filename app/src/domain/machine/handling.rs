//! The units' work (Art. 4, 14(4), 16–23): acknowledge, return and its
//! decision, coordination, extension and its decision, forwarding, co-unit
//! opinions, results and the completion review.

use super::action::Action;
use super::actor::Context;
use super::event::{Event, EventKind};
use super::guard::Access;
use super::refusal::Refusal;
use super::request::{
    AssignmentStatus, CaseFiling, Coordination, ExtensionRecord, HandlingResult, Opinion, PendingExtension, RedoChoice,
    Request, ResultDraft, ResultShapeError, Review, Round, State, Submission,
};
use super::types::{Content, Note};
use super::unit::UnitId;
use super::{calendar_note, cn_due, notes, EventSink};

fn reason_required(reason: Option<Note>, article: &str, what: &str) -> Result<Note, Refusal> {
    reason.ok_or_else(|| Refusal::ReasonMissing {
        article: article.into(),
        what: what.into(),
    })
}

impl Request {
    /// The assignment the guard resolved for a handler command.
    /// The assignment the guard resolved for a handler command (always set
    /// for those; the fallback only names the actor).
    fn acting(access: Access, ev: &EventSink) -> Result<usize, Refusal> {
        access.assignment.ok_or_else(|| match &ev.actor.unit {
            Some(unit) => Refusal::NotAssigned {
                unit: unit.clone(),
                action: Action::ActOnAssignment,
            },
            None => Refusal::NoUnit { role: ev.actor.role },
        })
    }

    pub(crate) fn acknowledge(&mut self, access: Access, ev: &EventSink, ctx: &Context) -> Result<Vec<Event>, Refusal> {
        let a = &mut self.assignments[Self::acting(access, ev)?];
        a.status = AssignmentStatus::Handling { acknowledged_at: ev.at };
        let unit = a.unit.clone();
        let public = format!("{}已签收您的诉求。", ctx.units.name_of(&unit));
        Ok(vec![ev.event(EventKind::Acknowledged { unit }, Some(public), None)])
    }

    /// Art. 16(2): within 1 working day of receipt (checked by the guard).
    pub(crate) fn request_return(
        &mut self,
        access: Access,
        reason: Note,
        basis: Note,
        ev: &EventSink,
    ) -> Result<Vec<Event>, Refusal> {
        let a = &mut self.assignments[Self::acting(access, ev)?];
        a.status = AssignmentStatus::ReturnRequested {
            acknowledged_at: a.status.acknowledged_at(),
            requested_at: ev.at,
            reason: reason.clone(),
            basis: basis.clone(),
        };
        let unit = a.unit.clone();
        Ok(vec![ev.event(
            EventKind::ReturnRequested { unit, reason, basis },
            None,
            None,
        )])
    }

    /// Art. 17: approve (the center dispatches again; the deadline runs on)
    /// or refuse with a reason (the unit continues).
    pub(crate) fn decide_return(
        &mut self,
        unit: UnitId,
        approve: bool,
        reason: Option<Note>,
        ev: &EventSink,
    ) -> Result<Vec<Event>, Refusal> {
        let i = self
            .assignments
            .iter()
            .position(|a| a.unit == unit && matches!(a.status, AssignmentStatus::ReturnRequested { .. }))
            .ok_or_else(|| Refusal::NoReturnPending { unit: unit.clone() })?;
        if !approve {
            let reason = reason_required(reason, "Art. 17", "a return")?;
            let a = &mut self.assignments[i];
            a.status = AssignmentStatus::Handling {
                acknowledged_at: a.status.acknowledged_at().unwrap_or(ev.at),
            };
            a.return_refused = true;
            return Ok(vec![ev.event(EventKind::ReturnRefused { unit, reason }, None, None)]);
        }
        let a = &mut self.assignments[i];
        a.status = AssignmentStatus::Returned { at: ev.at };
        let submitter = a.role.submits();
        if submitter {
            self.awaiting_redispatch = true;
        }
        let public = submitter.then(|| "您的诉求正在重新确定承办单位。".to_string());
        let mut events = vec![ev.event(
            EventKind::ReturnApproved { unit },
            public,
            reason.map(|r| r.to_string()),
        )];
        self.maybe_complete(ev, &mut events);
        Ok(events)
    }

    /// Art. 18: the center fixes the responsible unit, which may no longer
    /// return the request; a pending return request is thereby settled.
    pub(crate) fn coordinate(&mut self, unit: UnitId, basis: Note, ev: &EventSink) -> Result<Vec<Event>, Refusal> {
        let i = self
            .assignments
            .iter()
            .position(|a| a.is_active() && a.unit == unit)
            .ok_or_else(|| Refusal::NotAssigned {
                unit: unit.clone(),
                action: Action::BeFixedByCoordination,
            })?;
        if self.assignments[i].fixed {
            return Err(Refusal::AlreadyFixed { unit });
        }
        let a = &mut self.assignments[i];
        a.fixed = true;
        let settled = matches!(a.status, AssignmentStatus::ReturnRequested { .. });
        if settled {
            a.status = AssignmentStatus::Handling {
                acknowledged_at: a.status.acknowledged_at().unwrap_or(ev.at),
            };
        }
        self.coordinations.push(Coordination {
            unit: unit.clone(),
            at: ev.at,
            basis: basis.clone(),
        });
        let note = settled.then(|| "同时了结该单位待审核的退回申请".to_string());
        Ok(vec![ev.event(EventKind::Coordinated { unit, basis }, None, note)])
    }

    /// Art. 20: before the deadline, at most twice, never for emergencies
    /// (checked by the guard); the step comes from the time limit.
    pub(crate) fn request_extension(
        &mut self,
        access: Access,
        reason: Note,
        ev: &EventSink,
    ) -> Result<Vec<Event>, Refusal> {
        let days = self.limit.extension_step()?;
        let unit = self.assignments[Self::acting(access, ev)?].unit.clone();
        self.pending_extension = Some(PendingExtension {
            unit: unit.clone(),
            requested_at: ev.at,
            reason: reason.clone(),
            days,
        });
        Ok(vec![ev.event(
            EventKind::ExtensionRequested { unit, reason, days },
            None,
            None,
        )])
    }

    /// Art. 21: approve (the deadline moves; the requester is told) or
    /// refuse with a reason.
    pub(crate) fn decide_extension(
        &mut self,
        approve: bool,
        reason: Option<Note>,
        ev: &EventSink,
        ctx: &Context,
    ) -> Result<Vec<Event>, Refusal> {
        let pending = self.pending_extension.clone().ok_or(Refusal::NoExtensionPending)?;
        if !approve {
            let reason = reason_required(reason, "Art. 21", "an extension")?;
            self.pending_extension = None;
            return Ok(vec![ev.event(EventKind::ExtensionRefused { reason }, None, None)]);
        }
        let from = self.due.last_day;
        let due = self.due.extended(ctx.calendar, pending.days);
        let to = due.last_day;
        let public = format!("经审核，您的诉求办理期限延长至{}。", cn_due(&due));
        let note = notes([reason.map(|r| r.to_string()), calendar_note(&due)]);
        self.due = due;
        self.pending_extension = None;
        self.extensions.push(ExtensionRecord {
            unit: pending.unit,
            requested_at: pending.requested_at,
            reason: pending.reason,
            decided_at: ev.at,
            from,
            to,
        });
        let count = self.extensions.len() as u8;
        Ok(vec![ev.event(EventKind::ExtensionApproved { from, to, count }, Some(public), note)])
    }

    /// Art. 4: the responsible unit hands its assignment to a sub-unit, which
    /// then handles it; the responsible unit stays answerable.
    pub(crate) fn forward(
        &mut self,
        access: Access,
        to: UnitId,
        note: Option<Note>,
        ev: &EventSink,
        ctx: &Context,
    ) -> Result<Vec<Event>, Refusal> {
        let i = Self::acting(access, ev)?;
        let unit = self
            .assignments
            .get(i)
            .ok_or(Refusal::NoUnit { role: ev.actor.role })?
            .unit
            .clone();
        let target = ctx.units.get(&to).ok_or(Refusal::UnknownUnit { unit: to.clone() })?;
        if !target.active {
            return Err(Refusal::InactiveUnit { unit: to });
        }
        if !ctx.units.is_below(&to, &unit) {
            return Err(Refusal::NotSubUnit { unit, to });
        }
        self.assignments[i].forwarded_to = Some(to.clone());
        let public = format!(
            "您的诉求已由{}转交{}办理。",
            ctx.units.name_of(&unit),
            ctx.units.name_of(&to)
        );
        Ok(vec![ev.event(
            EventKind::Forwarded { unit, to },
            Some(public),
            note.map(|n| n.to_string()),
        )])
    }

    /// Art. 14(4): a co-unit's opinion finishes its assignment.
    pub(crate) fn give_opinion(
        &mut self,
        access: Access,
        opinion: Content,
        ev: &EventSink,
    ) -> Result<Vec<Event>, Refusal> {
        let a = &mut self.assignments[Self::acting(access, ev)?];
        a.status = AssignmentStatus::Done { at: ev.at };
        let unit = a.unit.clone();
        self.opinions.push(Opinion {
            unit: unit.clone(),
            at: ev.at,
            opinion: opinion.clone(),
        });
        let mut events = vec![ev.event(EventKind::OpinionGiven { unit, opinion }, None, None)];
        self.maybe_complete(ev, &mut events);
        Ok(events)
    }

    /// Art. 19(2): interim progress (阶段性办理情况) the requester reads in
    /// the timeline; the assignment stays as it was.
    pub(crate) fn report_progress(
        &mut self,
        access: Access,
        progress: Content,
        ev: &EventSink,
        ctx: &Context,
    ) -> Result<Vec<Event>, Refusal> {
        let unit = self.assignments[Self::acting(access, ev)?].unit.clone();
        let public = format!("{}报告办理进展：{progress}", ctx.units.name_of(&unit));
        Ok(vec![ev.event(EventKind::ProgressReported { unit, progress }, Some(public), None)])
    }

    /// Art. 22 (and 26 in the redo round): the lead's or a separate unit's result.
    pub(crate) fn submit_result(
        &mut self,
        access: Access,
        draft: ResultDraft,
        case_filing: Option<CaseFiling>,
        redo: Option<RedoChoice>,
        ev: &EventSink,
    ) -> Result<Vec<Event>, Refusal> {
        let i = Self::acting(access, ev)?;
        let fields = draft.complete().map_err(|part| Refusal::ResultIncomplete { part })?;
        let a = &self.assignments[i];
        if !a.is_handled_by(&fields.unit) {
            return Err(Refusal::ResultUnit { unit: fields.unit });
        }
        if fields.handled_at > ev.at {
            return Err(Refusal::HandledInFuture {
                handled_at: fields.handled_at,
            });
        }
        let round = self.round();
        match (round, &redo) {
            (Round::Redo, None) => return Err(Refusal::RedoOptionMissing),
            (Round::First, Some(_)) => return Err(Refusal::RedoOptionOutsideRedo),
            (_, Some(RedoChoice::DutyStatement { signer: None, .. } | RedoChoice::DutyStatement { signer_post: None, .. })) => {
                return Err(Refusal::DutySignerMissing)
            }
            _ => {}
        }
        let result = HandlingResult::for_type(self.request_type, fields, case_filing).map_err(|e| match e {
            ResultShapeError::ComplaintWithoutFiling => Refusal::ComplaintFilingMissing,
            ResultShapeError::FilingWithoutComplaint => Refusal::StrayFiling,
        })?;
        let unit = a.unit.clone();
        let acknowledged_at = a.status.acknowledged_at().unwrap_or(ev.at);
        self.assignments[i].status = AssignmentStatus::Submitted {
            acknowledged_at,
            at: ev.at,
        };
        self.submissions.push(Submission {
            unit: unit.clone(),
            round,
            at: ev.at,
            result: result.clone(),
            redo: redo.clone(),
            review: None,
        });
        let public = "承办单位已提交办理结果，等待热线管理中心审核。".to_string();
        let mut events = vec![ev.event(
            EventKind::ResultSubmitted {
                unit,
                round,
                result,
                redo,
            },
            Some(public),
            None,
        )];
        self.maybe_complete(ev, &mut events);
        Ok(events)
    }

    /// When every active assignment has finished and no re-dispatch is owed,
    /// the request goes to the completion review (Art. 22).
    pub(crate) fn maybe_complete(&mut self, ev: &EventSink, events: &mut Vec<Event>) {
        let active = || self.assignments.iter().filter(|a| a.is_active());
        let ready = matches!(self.state, State::InProgress)
            && !self.awaiting_redispatch
            && active().all(|a| a.is_finished())
            && active().any(|a| matches!(a.status, AssignmentStatus::Submitted { .. }));
        if ready {
            self.state = State::CompletionReview { since: ev.at };
            events.push(ev.event(EventKind::CompletionRequested { round: self.round() }, None, None));
        }
    }

    /// Art. 23: approve (closed; the results are published to the requester)
    /// or refuse with a reason (the named units, by default all, continue).
    pub(crate) fn review_completion(
        &mut self,
        approve: bool,
        reason: Option<Note>,
        units: Vec<UnitId>,
        ev: &EventSink,
        ctx: &Context,
    ) -> Result<Vec<Event>, Refusal> {
        let submitted: Vec<UnitId> = self
            .assignments
            .iter()
            .filter(|a| a.is_active() && matches!(a.status, AssignmentStatus::Submitted { .. }))
            .map(|a| a.unit.clone())
            .collect();
        if let Some(u) = units.iter().find(|u| !submitted.contains(u)) {
            return Err(Refusal::NothingToReview { unit: u.clone() });
        }
        let round = self.round();
        if !approve {
            let reason = reason_required(reason, "Art. 23", "a completion")?;
            let targets = if units.is_empty() { submitted } else { units };
            for a in self
                .assignments
                .iter_mut()
                .filter(|a| a.is_active() && targets.contains(&a.unit))
            {
                a.status = AssignmentStatus::Handling {
                    acknowledged_at: a.status.acknowledged_at().unwrap_or(ev.at),
                };
            }
            for s in self
                .submissions
                .iter_mut()
                .filter(|s| s.review.is_none() && targets.contains(&s.unit))
            {
                s.review = Some(Review::Refused {
                    at: ev.at,
                    reason: reason.clone(),
                });
            }
            self.state = State::InProgress;
            let public = "办理结果未通过审核，承办单位将继续办理。".to_string();
            return Ok(vec![ev.event(
                EventKind::CompletionRefused {
                    round,
                    units: targets,
                    reason,
                },
                Some(public),
                None,
            )]);
        }
        let mut results = Vec::new();
        for s in self.submissions.iter_mut().filter(|s| s.review.is_none()) {
            s.review = Some(Review::Approved { at: ev.at });
            results.push(format!("{}：{}", ctx.units.name_of(&s.unit), s.result.fields().result));
        }
        for a in self.assignments.iter_mut().filter(|a| a.is_active()) {
            a.status = AssignmentStatus::Done { at: ev.at };
        }
        let lapsed = self.pending_extension.take().is_some();
        self.state = State::Closed { at: ev.at };
        let public = format!("您的诉求已办结。办理结果：{}", results.join("；"));
        let mut events = vec![ev.event(
            EventKind::CompletionApproved { round },
            Some(public),
            reason.map(|r| r.to_string()),
        )];
        if lapsed {
            events.push(ev.event(
                EventKind::ExtensionLapsed,
                None,
                None,
            ));
        }
        Ok(events)
    }
}

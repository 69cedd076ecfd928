//! After the completion review (Art. 22(2), 24–27, 31): objection and the
//! one supplementary answer, ratings, the redo, the callback, supervision;
//! and the automatic supervision of overdue requests (Art. 31(5)).

use super::action::Action;
use super::command_code::CommandCode;
use super::actor::Context;
use super::command::{Command, SupervisionOrder};
use super::deadline::{deadline, TimeLimit};
use super::event::{Event, EventKind};
use super::refusal::Refusal;
use super::request::{
    AssignmentStatus, CallbackRecord, RatingRecord, RedoInfo, Request, Round, State, Supervision, SupervisionConclusion,
    SupervisionResponse, WantingResponse,
    Supplement,
};
use super::types::{CallbackDisposition, CallbackMethod, Content, Note, Rating, Resolution, SupervisionSource, SupervisionVerdict};
use super::unit::UnitId;
use super::{calendar_note, cn_due, notes, EventSink};
use chrono::{DateTime, Utc};

/// Working days an automatic overdue supervision gives the unit (Art. 31(5)).
/// The Measures set no number; the center may open its own with another.
pub const AUTO_SUPERVISION_DAYS: u16 = 3;

/// The longest supervision deadline accepted, in working days.
const MAX_SUPERVISION_DAYS: u16 = 60;

impl Request {
    /// Art. 22(2): the requester objects to the reviewed reply, once.
    pub(crate) fn object(&mut self, reason: Note, unit: Option<UnitId>, ev: &EventSink) -> Result<Vec<Event>, Refusal> {
        let submitters: Vec<&UnitId> = self
            .assignments
            .iter()
            .filter(|a| a.is_active() && a.role.submits())
            .map(|a| &a.unit)
            .collect();
        let unit = match unit {
            Some(u) if submitters.contains(&&u) => u,
            Some(u) => {
                return Err(Refusal::NotAssigned {
                    unit: u,
                    action: Action::Command(CommandCode::SupplementaryAnswer),
                })
            }
            None if submitters.len() == 1 => submitters[0].clone(),
            None => return Err(Refusal::ObjectionUnitNeeded),
        };
        let closed_at = match self.state {
            State::Closed { at } => at,
            _ => ev.at,
        };
        self.supplement = Some(Supplement {
            unit: unit.clone(),
            round: self.round(),
            objected_at: ev.at,
            objection: reason.clone(),
            answered_at: None,
            answer: None,
        });
        self.state = State::Supplementary {
            since: ev.at,
            closed_at,
        };
        let public = "您对答复内容提出的异议已收到，承办单位将补充答复一次。".to_string();
        Ok(vec![ev.event(EventKind::Objected { unit, reason }, Some(public), None)])
    }

    /// Art. 22(2): the one supplementary answer; the request is closed again.
    pub(crate) fn supplementary_answer(&mut self, answer: Content, ev: &EventSink) -> Result<Vec<Event>, Refusal> {
        let (State::Supplementary { closed_at, .. }, Some(s)) = (&self.state, self.supplement.as_mut()) else {
            return Err(Refusal::State {
                action: Action::Command(CommandCode::SupplementaryAnswer),
                state: "closed".into(),
            });
        };
        let closed_at = *closed_at;
        s.answered_at = Some(ev.at);
        s.answer = Some(answer.clone());
        let unit = s.unit.clone();
        self.state = State::Closed { at: closed_at };
        let public = format!("承办单位补充答复：{answer}");
        Ok(vec![ev.event(
            EventKind::SupplementaryAnswered { unit, answer },
            Some(public),
            None,
        )])
    }

    /// Art. 24–27: one rating per round. A first dissatisfied rating sends the
    /// request back for its one redo (5 working days, Art. 25); the rating
    /// after the redo counts (Art. 27) and, if dissatisfied, the center calls back.
    pub(crate) fn rate(
        &mut self,
        rating: Rating,
        resolution: Option<Resolution>,
        comment: Option<Note>,
        ev: &EventSink,
        ctx: &Context,
    ) -> Result<Vec<Event>, Refusal> {
        let round = self.round();
        self.ratings.push(RatingRecord {
            round,
            rating,
            resolution,
            at: ev.at,
            comment: comment.clone(),
        });
        let thanks = match resolution {
            Some(r) => format!("感谢您的评价：{}，问题{}。", rating.label(), r.label()),
            None => format!("感谢您的评价：{}。", rating.label()),
        };
        let mut events = vec![ev.event(
            EventKind::Rated { round, rating, resolution },
            Some(thanks),
            comment.map(|c| c.to_string()),
        )];
        if !rating.is_dissatisfied() {
            return Ok(events);
        }
        match (round, &self.state) {
            (Round::First, State::Closed { .. }) => {
                let mut units = Vec::new();
                for a in self
                    .assignments
                    .iter_mut()
                    .filter(|a| a.is_active() && a.role.submits())
                {
                    a.status = AssignmentStatus::Handling { acknowledged_at: ev.at };
                    units.push(a.unit.clone());
                }
                events.push(self.start_redo(units, "已发回承办单位重办", ev, ctx));
                self.state = State::InProgress;
            }
            (Round::Redo, State::Closed { at }) => {
                self.state = State::Callback {
                    since: ev.at,
                    closed_at: *at,
                };
                let public = "热线管理中心将回访您，了解不满意的原因。".to_string();
                events.push(ev.event(EventKind::CallbackRequired, Some(public), None));
            }
            (Round::Answer, State::Answered { .. }) => {
                let public = "热线管理中心将复核知识库答复，转交承办单位重新办理或与您电话联系。".to_string();
                events.push(ev.event(EventKind::AnswerReviewRequired, Some(public), None));
            }
            _ => {}
        }
        Ok(events)
    }

    /// Art. 25: the one redo starts now, 5 working days for `units`; the
    /// requester is told it was `sent` and until when.
    pub(crate) fn start_redo(
        &mut self,
        units: Vec<UnitId>,
        sent: &str,
        ev: &EventSink,
        ctx: &Context,
    ) -> Event {
        let due = deadline(ctx.calendar, TimeLimit::Redo, ev.at);
        let public = format!("您的诉求{sent}，重办期限至{}。", cn_due(&due));
        let event = ev.event(
            EventKind::RedoStarted { due: due.last_day, units },
            Some(public),
            calendar_note(&due),
        );
        self.redo = Some(RedoInfo { started_at: ev.at, due });
        event
    }

    /// Art. 27: the center calls back, records why the requester is still
    /// dissatisfied, and explains, supervises (Art. 31(6)) or closes.
    pub(crate) fn record_callback(
        &mut self,
        reason: Note,
        disposition: CallbackDisposition,
        method: CallbackMethod,
        supervision: Option<SupervisionOrder>,
        ev: &EventSink,
        ctx: &Context,
    ) -> Result<Vec<Event>, Refusal> {
        let closed_at = match self.state {
            State::Callback { closed_at, .. } => closed_at,
            _ => ev.at,
        };
        let order = match (disposition, supervision) {
            (CallbackDisposition::Supervise, Some(order)) => Some(order),
            (CallbackDisposition::Supervise, None) => return Err(Refusal::CallbackSupervisionMissing),
            (_, Some(_)) => return Err(Refusal::StraySupervision),
            (_, None) => None,
        };
        let opened = match order {
            Some(order) => {
                Some(self.check_supervision(SupervisionSource::RedoStillDissatisfied, &order, ev.at, ctx)?)
            }
            None => None,
        };
        let how = match method {
            CallbackMethod::Phone => "电话回访",
            CallbackMethod::Network => "通过网络回访",
            CallbackMethod::Sms => "通过短信回访",
        };
        let public = match disposition {
            CallbackDisposition::Explain => format!("热线管理中心已{how}并向您解释说明。"),
            CallbackDisposition::Supervise => format!("热线管理中心已{how}，并对承办单位督办。"),
            CallbackDisposition::Close => format!("热线管理中心已{how}，事项办结。"),
        };
        let mut events = vec![ev.event(
            EventKind::CalledBack {
                reason: reason.clone(),
                disposition,
                method: Some(method),
            },
            Some(public),
            Some(reason.to_string()),
        )];
        let id = opened.map(|s| self.open_supervision(s, ev, &mut events));
        self.callback = Some(CallbackRecord {
            at: ev.at,
            reason,
            disposition,
            supervision: id,
            method: Some(method),
        });
        // A callback on a dissatisfied instant answer settles it where it is.
        if !matches!(self.state, State::Answered { .. }) {
            self.state = State::Closed { at: closed_at };
        }
        Ok(events)
    }

    /// Art. 31: open a supervision of one unit with its own deadline.
    pub(crate) fn supervise(
        &mut self,
        source: SupervisionSource,
        order: SupervisionOrder,
        ev: &EventSink,
        ctx: &Context,
    ) -> Result<Vec<Event>, Refusal> {
        let s = self.check_supervision(source, &order, ev.at, ctx)?;
        let mut events = Vec::new();
        self.open_supervision(s, ev, &mut events);
        Ok(events)
    }

    /// Checks an order and builds the supervision without storing it.
    fn check_supervision(
        &self,
        source: SupervisionSource,
        order: &SupervisionOrder,
        at: DateTime<Utc>,
        ctx: &Context,
    ) -> Result<Supervision, Refusal> {
        if !(1..=MAX_SUPERVISION_DAYS).contains(&order.days) {
            return Err(Refusal::SupervisionDays {
                max: MAX_SUPERVISION_DAYS,
            });
        }
        if !self.assignments.iter().any(|a| a.is_active() && a.unit == order.unit) {
            return Err(Refusal::SupervisedUnit {
                unit: order.unit.clone(),
            });
        }
        match source {
            SupervisionSource::Overdue if !self.is_overdue(at) => {
                let due = self.redo.as_ref().map_or(&self.due, |r| &r.due);
                return Err(Refusal::NotOverdue { due: due.last_day });
            }
            SupervisionSource::RedoStillDissatisfied
                if !self
                    .ratings
                    .iter()
                    .any(|r| r.round == Round::Redo && r.rating.is_dissatisfied()) =>
            {
                return Err(Refusal::NotStillDissatisfied);
            }
            _ => {}
        }
        Ok(Supervision {
            id: self.supervisions.len() as u32 + 1,
            source,
            unit: order.unit.clone(),
            instruction: order.instruction.clone(),
            opened_at: at,
            due: deadline(ctx.calendar, TimeLimit::Supervision { days: order.days }, at),
            response: None,
            found_wanting: Vec::new(),
            conclusion: None,
        })
    }

    fn open_supervision(&mut self, s: Supervision, ev: &EventSink, events: &mut Vec<Event>) -> u32 {
        let id = s.id;
        events.push(ev.event(
            EventKind::SupervisionOpened {
                id,
                source: s.source,
                unit: s.unit.clone(),
                due: s.due.last_day,
            },
            Some("您的诉求已列入督办。".into()),
            notes([Some(format!("督办要求：{}", s.instruction)), calendar_note(&s.due)]),
        ));
        self.supervisions.push(s);
        id
    }

    /// Art. 31: the supervised unit (or the sub-unit handling for it) responds.
    pub(crate) fn respond_supervision(
        &mut self,
        id: u32,
        response: Content,
        ev: &EventSink,
    ) -> Result<Vec<Event>, Refusal> {
        let actor_unit = ev.actor.unit.clone().ok_or(Refusal::NoUnit { role: ev.actor.role })?;
        let i = self
            .supervisions
            .iter()
            .position(|s| s.id == id && s.is_open() && self.acts_for(&actor_unit, &s.unit))
            .ok_or(Refusal::NoSupervision { id, unit: actor_unit })?;
        let s = &mut self.supervisions[i];
        s.response = Some(SupervisionResponse { at: ev.at, response });
        let unit = s.unit.clone();
        Ok(vec![ev.event(EventKind::SupervisionAnswered { id, unit }, None, None)])
    }

    /// Art. 31: the center's verdict on a supervision's response. Enough:
    /// the supervision ends. Not enough: the response is kept as an earlier
    /// one, the unit is told why and answers again within `days` working days.
    pub(crate) fn conclude_supervision(
        &mut self,
        id: u32,
        verdict: SupervisionVerdict,
        days: Option<u16>,
        note: Option<Note>,
        ev: &EventSink,
        ctx: &Context,
    ) -> Result<Vec<Event>, Refusal> {
        let i = self
            .supervisions
            .iter()
            .position(|s| s.id == id && s.stage() == super::types::SupervisionStage::AwaitingVerdict)
            .ok_or(Refusal::NoSupervisionResponse { id })?;
        let internal = note.as_ref().map(|n| format!("审核意见：{n}"));
        let s = &mut self.supervisions[i];
        let unit = s.unit.clone();
        let due = match verdict {
            SupervisionVerdict::Concluded => {
                s.conclusion = Some(SupervisionConclusion { at: ev.at, note });
                None
            }
            SupervisionVerdict::Continued => {
                let reason = note.ok_or_else(|| Refusal::ReasonMissing {
                    article: "Art. 31".into(),
                    what: "a supervision response".into(),
                })?;
                let days = days.filter(|d| (1..=MAX_SUPERVISION_DAYS).contains(d));
                let days = days.ok_or(Refusal::SupervisionDays { max: MAX_SUPERVISION_DAYS })?;
                let due = deadline(ctx.calendar, TimeLimit::Supervision { days }, ev.at);
                if let Some(response) = s.response.take() {
                    s.found_wanting.push(WantingResponse { response, at: ev.at, reason });
                }
                s.due = due.clone();
                Some(due)
            }
        };
        let kind = EventKind::SupervisionConcluded { id, unit, verdict, due: due.as_ref().map(|d| d.last_day) };
        Ok(vec![ev.event(kind, None, notes([internal, due.as_ref().and_then(calendar_note)]))])
    }

    /// Commands the system issues by itself at `now` (as [`super::Actor::system`]):
    /// an overdue request is supervised (Art. 31(5)), once per unfinished
    /// unit and clock.
    pub fn automatic_commands(&self, now: DateTime<Utc>) -> Vec<Command> {
        // Art. 29: an emergency delayed by force majeure is not supervised as overdue.
        let excused = self.emergency.as_ref().is_some_and(|e| e.force_majeure.is_some());
        if excused || !self.is_overdue(now) {
            return Vec::new();
        }
        let clock_start = self.redo.as_ref().map_or(self.registered_at, |r| r.started_at);
        self.assignments
            .iter()
            .filter(|a| a.is_active() && !a.is_finished())
            .filter(|a| {
                !self
                    .supervisions
                    .iter()
                    .any(|s| s.source == SupervisionSource::Overdue && s.unit == a.unit && s.opened_at >= clock_start)
            })
            .map(|a| Command::Supervise {
                source: SupervisionSource::Overdue,
                unit: a.unit.clone(),
                days: AUTO_SUPERVISION_DAYS,
                instruction: Note::parse("逾期未办结，请立即办理并反馈。").expect("a valid constant note"),
            })
            .collect()
    }

    /// Art. 24: the call service's own rating, once, beside the handling's.
    pub(crate) fn rate_call_service(&mut self, rating: Rating, comment: Option<Note>, ev: &EventSink) -> Vec<Event> {
        self.call_rating = Some(super::request::CallServiceRating { rating, at: ev.at, comment: comment.clone() });
        vec![ev.event(
            EventKind::CallServiceRated { rating },
            Some(format!("感谢您对热线话务服务的评价：{}。", rating.label())),
            comment.map(|c| c.to_string()),
        )]
    }
}

//! The checks that do not depend on a command's fields: role, unit, scope,
//! state and time window. `apply` runs them first; `allowed_commands` runs
//! only them, so the UI offers exactly what would pass these checks.

use super::action::Action;
use super::actor::{Actor, Context};
use super::command_code::CommandCode;
use super::refusal::Refusal;
use super::request::{AssignmentRole, AssignmentStatus, Request, Round, State};
use super::types::{Role, SupervisionStage};
use super::unit::UnitId;
use chrono::{DateTime, Utc};

/// What the guard established about the actor.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Access {
    /// The assignment a handler acts on.
    pub assignment: Option<usize>,
}

impl Request {
    /// The command codes `actor` may issue at `now` on the request itself. A
    /// correction of the requester's data answers the requester's
    /// application and is issued from its register only (PIPL Art. 46).
    pub fn allowed_commands(&self, actor: &Actor, now: DateTime<Utc>, ctx: &Context) -> Vec<CommandCode> {
        CommandCode::ALL
            .iter()
            .copied()
            .filter(|code| *code != CommandCode::CorrectRequesterData)
            .filter(|code| self.guard(*code, Action::Command(*code), actor, now, ctx).is_ok())
            .collect()
    }

    fn state_refusal(&self, action: Action) -> Refusal {
        Refusal::State {
            action: action.into(),
            state: self.state_code().into(),
        }
    }

    /// A staff member's unit: given, known and active.
    pub(crate) fn staff_unit<'u>(actor: &'u Actor, ctx: &Context) -> Result<&'u UnitId, Refusal> {
        let unit = actor.unit.as_ref().ok_or(Refusal::NoUnit { role: actor.role })?;
        match ctx.units.get(unit) {
            None => Err(Refusal::UnknownUnit { unit: unit.clone() }),
            Some(u) if !u.active => Err(Refusal::InactiveUnit { unit: unit.clone() }),
            Some(_) => Ok(unit),
        }
    }

    /// The dispatch scope of a center-side actor, which must cover the request's office.
    pub(crate) fn center_scope(&self, actor: &Actor, ctx: &Context) -> Result<UnitId, Refusal> {
        let unit = Self::staff_unit(actor, ctx)?;
        let scope = ctx
            .units
            .dispatch_scope(unit)
            .cloned()
            .ok_or(Refusal::UnknownUnit { unit: unit.clone() })?;
        if !ctx.units.is_within(&self.office, &scope) {
            return Err(Refusal::OtherOffice {
                office: self.office.clone(),
                scope,
            });
        }
        Ok(scope)
    }

    /// The active assignment the acting handler works on.
    fn handler_assignment(&self, actor: &Actor, ctx: &Context, action: Action) -> Result<usize, Refusal> {
        let unit = Self::staff_unit(actor, ctx)?;
        self.assignment_index(unit).ok_or_else(|| Refusal::NotAssigned {
            unit: unit.clone(),
            action: action.into(),
        })
    }

    fn assignment_state(&self, i: usize, action: Action) -> Refusal {
        let a = &self.assignments[i];
        match a.status {
            AssignmentStatus::Received => Refusal::NotAcknowledged { unit: a.unit.clone() },
            _ => Refusal::AssignmentState {
                unit: a.unit.clone(),
                action: action.into(),
                status: a.status.code().to_string(),
            },
        }
    }

    /// Role, time, unit, state and window checks for `code`.
    pub(crate) fn guard(
        &self,
        code: CommandCode,
        action: Action,
        actor: &Actor,
        at: DateTime<Utc>,
        ctx: &Context,
    ) -> Result<Access, Refusal> {
        if !code.roles().contains(&actor.role) {
            return Err(Refusal::Role {
                role: actor.role,
                action: action.into(),
            });
        }
        // Read-only, whenever asked (Art. 3); only the requester's personal
        // data still changes: its correction (PIPL Art. 46) and its erasure.
        if self.archived_at.is_some() && !matches!(code, CommandCode::EraseRequesterData | CommandCode::CorrectRequesterData) {
            return Err(Refusal::Archived);
        }
        if at < self.last_event_at {
            return Err(Refusal::TimeBackwards {
                at,
                last: self.last_event_at,
            });
        }
        if matches!(actor.role, Role::Agent | Role::Reviewer) {
            self.center_scope(actor, ctx)?;
        }
        let in_progress = matches!(self.state, State::InProgress);
        let mut access = Access::default();
        match code {
            CommandCode::Reject => {
                let redispatch = in_progress && self.awaiting_redispatch;
                if !(matches!(self.state, State::Registered) || redispatch) {
                    return Err(self.state_refusal(action));
                }
            }
            CommandCode::Answer => {
                if !matches!(self.state, State::Registered) {
                    return Err(self.state_refusal(action));
                }
                if self.request_type != super::types::RequestType::Consultation {
                    return Err(Refusal::NotConsultation);
                }
            }
            CommandCode::Dispatch => match self.state {
                State::Registered => {}
                State::Answered { .. } => {
                    if !self.awaits_answer_review() {
                        return Err(Refusal::AnswerNotDissatisfied);
                    }
                }
                State::InProgress if self.awaiting_redispatch => {}
                _ => return Err(self.state_refusal(action)),
            },
            CommandCode::LinkRelated => {
                if !matches!(
                    self.state,
                    State::Registered | State::InProgress | State::CompletionReview { .. }
                ) {
                    return Err(self.state_refusal(action));
                }
                if let Some(r) = &self.related {
                    return Err(Refusal::AlreadyLinked {
                        original: r.original.to_string(),
                    });
                }
            }
            CommandCode::Acknowledge => {
                if !in_progress {
                    return Err(self.state_refusal(action));
                }
                let i = self.handler_assignment(actor, ctx, action)?;
                if !matches!(self.assignments[i].status, AssignmentStatus::Received) {
                    return Err(self.assignment_state(i, action));
                }
                access.assignment = Some(i);
            }
            CommandCode::RequestReturn => {
                if !in_progress || self.round() != Round::First {
                    return Err(self.state_refusal(action));
                }
                let i = self.handler_assignment(actor, ctx, action)?;
                let a = &self.assignments[i];
                if actor.unit.as_ref() != Some(&a.unit) {
                    return Err(Refusal::NotResponsible {
                        unit: a.unit.clone(),
                        action: action.into(),
                    });
                }
                if !matches!(a.status, AssignmentStatus::Received | AssignmentStatus::Handling { .. }) {
                    return Err(self.assignment_state(i, action));
                }
                if a.fixed {
                    return Err(Refusal::FixedUnit { unit: a.unit.clone() });
                }
                if a.return_refused {
                    return Err(Refusal::ReturnRefusedBefore { unit: a.unit.clone() });
                }
                if at >= a.return_window.due_at() {
                    return Err(Refusal::ReturnWindowClosed {
                        closed_on: a.return_window.last_day,
                    });
                }
                access.assignment = Some(i);
            }
            CommandCode::DecideReturn => {
                let pending = self
                    .assignments
                    .iter()
                    .any(|a| matches!(a.status, AssignmentStatus::ReturnRequested { .. }));
                if !in_progress || !pending {
                    return Err(self.state_refusal(action));
                }
            }
            CommandCode::Coordinate => {
                if !in_progress || self.round() != Round::First || !self.assignments.iter().any(|a| a.is_active()) {
                    return Err(self.state_refusal(action));
                }
            }
            CommandCode::RequestExtension => {
                if !in_progress {
                    return Err(self.state_refusal(action));
                }
                let i = self.handler_assignment(actor, ctx, action)?;
                let a = &self.assignments[i];
                if a.role == AssignmentRole::Co {
                    return Err(Refusal::CoUnit { action: action.into() });
                }
                if !matches!(a.status, AssignmentStatus::Handling { .. }) {
                    return Err(self.assignment_state(i, action));
                }
                if self.round() == Round::Redo {
                    return Err(super::deadline::ExtensionRefused::Redo.into());
                }
                self.limit.extension_step()?;
                if self.extensions.len() >= usize::from(super::deadline::MAX_EXTENSIONS) {
                    return Err(super::deadline::ExtensionRefused::TooMany.into());
                }
                if self.pending_extension.is_some() {
                    return Err(Refusal::ExtensionPending);
                }
                if at >= self.due.due_at() {
                    return Err(Refusal::ExtensionLate { due: self.due.last_day });
                }
                access.assignment = Some(i);
            }
            CommandCode::DecideExtension => {
                if self.pending_extension.is_none() {
                    return Err(Refusal::NoExtensionPending);
                }
                if !matches!(self.state, State::InProgress | State::CompletionReview { .. }) {
                    return Err(self.state_refusal(action));
                }
            }
            CommandCode::Forward => {
                if !in_progress {
                    return Err(self.state_refusal(action));
                }
                let i = self.handler_assignment(actor, ctx, action)?;
                let a = &self.assignments[i];
                if actor.unit.as_ref() != Some(&a.unit) {
                    return Err(Refusal::NotResponsible {
                        unit: a.unit.clone(),
                        action: action.into(),
                    });
                }
                if !matches!(a.status, AssignmentStatus::Handling { .. }) {
                    return Err(self.assignment_state(i, action));
                }
                access.assignment = Some(i);
            }
            CommandCode::GiveOpinion | CommandCode::SubmitResult => {
                if !in_progress {
                    return Err(self.state_refusal(action));
                }
                let i = self.handler_assignment(actor, ctx, action)?;
                let a = &self.assignments[i];
                let wants_co = code == CommandCode::GiveOpinion;
                if wants_co && a.role != AssignmentRole::Co {
                    return Err(Refusal::NotAssigned {
                        unit: a.unit.clone(),
                        action: action.into(),
                    });
                }
                if !wants_co && a.role == AssignmentRole::Co {
                    return Err(Refusal::CoUnit { action: action.into() });
                }
                if !matches!(a.status, AssignmentStatus::Handling { .. }) {
                    return Err(self.assignment_state(i, action));
                }
                access.assignment = Some(i);
            }
            CommandCode::ReviewCompletion => {
                if !matches!(self.state, State::CompletionReview { .. }) {
                    return Err(self.state_refusal(action));
                }
            }
            CommandCode::Object => {
                if !matches!(self.state, State::Closed { .. }) {
                    return Err(self.state_refusal(action));
                }
                if self.supplement.is_some() {
                    return Err(Refusal::SupplementUsed);
                }
                if self.rating_in_round().is_some() {
                    return Err(Refusal::ObjectionAfterRating);
                }
            }
            CommandCode::SupplementaryAnswer => {
                if !matches!(self.state, State::Supplementary { .. }) {
                    return Err(self.state_refusal(action));
                }
                let unit = Self::staff_unit(actor, ctx)?;
                let target = self.supplement.as_ref().map(|s| &s.unit);
                let ok = self
                    .assignments
                    .iter()
                    .any(|a| a.is_active() && Some(&a.unit) == target && a.is_handled_by(unit));
                if !ok {
                    return Err(Refusal::NotAssigned {
                        unit: unit.clone(),
                        action: action.into(),
                    });
                }
            }
            CommandCode::Rate => {
                if !matches!(self.state, State::Answered { .. } | State::Closed { .. }) {
                    return Err(self.state_refusal(action));
                }
                if self.rating_in_round().is_some() {
                    return Err(Refusal::AlreadyRated);
                }
            }
            CommandCode::Callback => {
                if !(matches!(self.state, State::Callback { .. }) || self.awaits_answer_review()) {
                    return Err(self.state_refusal(action));
                }
            }
            CommandCode::Supervise => {
                if matches!(
                    self.state,
                    State::Registered | State::Rejected { .. } | State::Answered { .. }
                ) {
                    return Err(self.state_refusal(action));
                }
            }
            CommandCode::RespondSupervision => {
                let unit = Self::staff_unit(actor, ctx)?;
                if !self
                    .supervisions
                    .iter()
                    .any(|s| s.is_open() && self.acts_for(unit, &s.unit))
                {
                    return Err(Refusal::NotAssigned {
                        unit: unit.clone(),
                        action: action.into(),
                    });
                }
            }
            CommandCode::ConcludeSupervision => {
                if !self.supervisions.iter().any(|s| s.stage() == SupervisionStage::AwaitingVerdict) {
                    return Err(self.state_refusal(action));
                }
            }
            CommandCode::MarkEmergency => {
                let first_round = in_progress && self.round() == Round::First;
                if !(matches!(self.state, State::Registered) || first_round) {
                    return Err(self.state_refusal(action));
                }
                if self.is_emergency() {
                    return Err(Refusal::AlreadyEmergency);
                }
                if !self.extensions.is_empty() || self.pending_extension.is_some() {
                    return Err(Refusal::ExtendedNotEmergency);
                }
            }
            CommandCode::ReportProgress => {
                if !in_progress {
                    return Err(self.state_refusal(action));
                }
                let i = self.handler_assignment(actor, ctx, action)?;
                if !matches!(self.assignments[i].status, AssignmentStatus::Handling { .. }) {
                    return Err(self.assignment_state(i, action));
                }
                access.assignment = Some(i);
            }
            CommandCode::ReportEmergency => {
                if !self.is_emergency() {
                    return Err(Refusal::NotEmergency { action: action.into() });
                }
                if matches!(self.state, State::Rejected { .. }) {
                    return Err(self.state_refusal(action));
                }
            }
            CommandCode::EraseRequesterData => {
                let Some(archived) = self.archived_at else {
                    return Err(self.state_refusal(action));
                };
                if self.erased_at.is_some() {
                    return Err(Refusal::AlreadyErased);
                }
                let years = ctx.retention_years;
                let over = archived.checked_add_months(chrono::Months::new(u32::from(years) * 12)).is_some_and(|end| at >= end);
                if !over {
                    return Err(Refusal::RetentionNotOver { years });
                }
            }
            CommandCode::CorrectRequesterData => {
                if self.erased_at.is_some() {
                    return Err(Refusal::AlreadyErased);
                }
            }
            CommandCode::RateCallService => {
                if self.channel.is_self_service() {
                    return Err(Refusal::NoCallService);
                }
                if self.call_rating.is_some() {
                    return Err(Refusal::CallServiceRated);
                }
            }
            CommandCode::Archive => {
                if !self.has_ended() {
                    return Err(self.state_refusal(action));
                }
                if at < self.last_event_at + chrono::Duration::days(i64::from(ctx.archive_after_days)) {
                    return Err(Refusal::ArchiveTooEarly { days: ctx.archive_after_days });
                }
            }
            CommandCode::FindForceMajeure => {
                let Some(notice) = &self.emergency else {
                    return Err(Refusal::NotEmergency { action: action.into() });
                };
                if notice.force_majeure.is_some() {
                    return Err(Refusal::ForceMajeureRecorded);
                }
                if !matches!(
                    self.state,
                    State::Registered | State::InProgress | State::CompletionReview { .. }
                ) {
                    return Err(self.state_refusal(action));
                }
            }
            CommandCode::Tag => {
                if matches!(self.state, State::Rejected { .. }) {
                    return Err(self.state_refusal(action));
                }
            }
            CommandCode::AddInformation => {
                if !self.is_open() {
                    return Err(self.state_refusal(action));
                }
            }
            CommandCode::AskCallback => {
                if self.is_finished() || matches!(self.state, State::Rejected { .. }) {
                    return Err(self.state_refusal(action));
                }
                if self.callback_asked {
                    return Err(Refusal::CallbackAlreadyAsked);
                }
            }
        }
        Ok(access)
    }

    /// Whether `actor_unit` may act for `unit` on this request: it is the
    /// unit, or the sub-unit the unit's assignment was forwarded to.
    pub(crate) fn acts_for(&self, actor_unit: &UnitId, unit: &UnitId) -> bool {
        actor_unit == unit
            || self
                .assignments
                .iter()
                .any(|a| &a.unit == unit && a.forwarded_to.as_ref() == Some(actor_unit))
    }

    /// Whether the running handling (or redo) clock is past due at `at`.
    pub fn is_overdue(&self, at: DateTime<Utc>) -> bool {
        match (&self.state, &self.redo) {
            (State::InProgress | State::CompletionReview { .. }, Some(redo)) => redo.due.is_overdue(at),
            (State::Registered | State::InProgress | State::CompletionReview { .. }, None) => self.due.is_overdue(at),
            _ => false,
        }
    }
}

//! The request state machine (SPEC §3, §4). Every transition is a typed
//! [`Command`], checked against the actor's role and unit, the state and the
//! time windows before anything changes; an accepted command yields events.
//!
//! Layout: `guard` holds the checks that need no command data (also behind
//! `allowed_commands`); `intake` registration to dispatch; `handling` the
//! units' work up to the completion review; `aftercare` objection, rating,
//! redo, callback and supervision; `clocks` the running deadlines.

use super::{calendar, deadline, request, types, unit};
use deadline::Deadline;

/// A name the pages, the store and the replay carry as text (`text` says
/// it, `parse` reads it back): Display and serde through that text.
macro_rules! as_text {
    ($name:ident, $text:ident, $what:literal) => {
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.$text())
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.$text())
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                $name::parse(&text).ok_or_else(|| serde::de::Error::custom(format!(concat!("unknown ", $what, ": {}"), text)))
            }
        }
    };
}

mod action;
mod actor;
mod aftercare;
mod clocks;
mod command;
mod event;
mod event_words;
mod command_code;
mod guard;
mod handling;
mod intake;
mod marks;
mod refusal;
mod refusal_text;
#[cfg(test)]
pub(crate) mod tests;

pub use action::Action;
pub use actor::{Actor, Context, DEFAULT_ARCHIVE_AFTER_DAYS, DEFAULT_RETENTION_YEARS};
pub use aftercare::AUTO_SUPERVISION_DAYS;
pub use clocks::{Clock, ClockName};
pub use command::{Command, SupervisionOrder, Target};
pub use command_code::CommandCode;
pub use event::{CorrectedField, Event, EventKind};
pub use event_words::{article_words, cn_date_time, redo_words, result_words};
pub use intake::Registration;
pub use refusal::Refusal;
pub use refusal_text::article_cn;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use request::Request;

impl Request {
    /// Applies `cmd`. On refusal nothing changes; on success the request is
    /// updated and the events to store are returned (never empty).
    pub fn apply(
        &mut self,
        cmd: Command,
        actor: &Actor,
        at: DateTime<Utc>,
        ctx: &Context,
    ) -> Result<Vec<Event>, Refusal> {
        let code = cmd.code();
        let access = self.guard(code, cmd.action(), actor, at, ctx)?;
        let ev = EventSink { actor, at };
        let events = match cmd {
            Command::Reject { reason, basis, note, handover } => self.reject(reason, basis, note, handover, &ev)?,
            Command::Answer { entry, answer } => self.answer(entry, answer, &ev)?,
            Command::Dispatch {
                targets,
                for_explanation,
                vertical_exception,
                note,
            } => self.dispatch(targets, for_explanation, vertical_exception, note, &ev, ctx)?,
            Command::LinkRelated { relation } => self.link(relation, &ev)?,
            Command::AddInformation { text, attachments } => self.add_information(text, attachments, &ev)?,
            Command::Acknowledge {} => self.acknowledge(access, &ev, ctx)?,
            Command::RequestReturn { reason, basis } => self.request_return(access, reason, basis, &ev)?,
            Command::DecideReturn { unit, approve, reason } => self.decide_return(unit, approve, reason, &ev)?,
            Command::Coordinate { unit, basis } => self.coordinate(unit, basis, &ev)?,
            Command::RequestExtension { reason } => self.request_extension(access, reason, &ev)?,
            Command::DecideExtension { approve, reason } => self.decide_extension(approve, reason, &ev, ctx)?,
            Command::Forward { to, note } => self.forward(access, to, note, &ev, ctx)?,
            Command::GiveOpinion { opinion } => self.give_opinion(access, opinion, &ev)?,
            Command::SubmitResult {
                result,
                case_filing,
                redo,
            } => self.submit_result(access, result, case_filing, redo, &ev)?,
            Command::ReviewCompletion { approve, reason, units } => {
                self.review_completion(approve, reason, units, &ev, ctx)?
            }
            Command::Object { reason, unit } => self.object(reason, unit, &ev)?,
            Command::SupplementaryAnswer { answer } => self.supplementary_answer(answer, &ev)?,
            Command::Rate { rating, resolution, comment } => self.rate(rating, resolution, comment, &ev, ctx)?,
            Command::Callback {
                reason,
                disposition,
                method,
                supervision,
            } => self.record_callback(reason, disposition, method, supervision, &ev, ctx)?,
            Command::Supervise {
                source,
                unit,
                days,
                instruction,
            } => {
                let order = SupervisionOrder {
                    unit,
                    days,
                    instruction,
                };
                self.supervise(source, order, &ev, ctx)?
            }
            Command::RespondSupervision { id, response } => self.respond_supervision(id, response, &ev)?,
            Command::ConcludeSupervision { id, verdict, days, reason } => {
                self.conclude_supervision(id, verdict, days, reason, &ev, ctx)?
            }
            Command::AskCallback { note } => self.ask_callback(note, &ev),
            Command::MarkEmergency { reason, kind } => self.mark_emergency(reason, kind, &ev, ctx),
            Command::Archive {} => self.archive(&ev),
            Command::RateCallService { rating, comment } => self.rate_call_service(rating, comment, &ev),
            Command::EraseRequesterData {} => self.erase_requester_data(&ev),
            Command::CorrectRequesterData { name, address } => self.correct_requester_data(name, address, &ev)?,
            Command::FindForceMajeure { reason, evidence, attachment } => {
                self.find_force_majeure(reason, evidence, attachment, &ev)
            }
            Command::ReportProgress { progress } => self.report_progress(access, progress, &ev, ctx)?,
            Command::ReportEmergency { to, report } => self.report_emergency(to, report, &ev),
            Command::Tag { tag } => self.tag(tag, &ev)?,
        };
        // Any other staff action on the matter answers a pending callback
        // request; a correction of the requester's data is not one.
        if actor.role != types::Role::Citizen && !matches!(code, CommandCode::AskCallback | CommandCode::CorrectRequesterData) {
            self.callback_asked = false;
        }
        self.last_event_at = at;
        Ok(events)
    }
}

/// Builds the events of one command: same actor, same instant.
pub(crate) struct EventSink<'a> {
    pub actor: &'a Actor,
    pub at: DateTime<Utc>,
}

impl EventSink<'_> {
    pub fn event(&self, kind: EventKind, public_text: Option<String>, internal_note: Option<String>) -> Event {
        Event {
            at: self.at,
            actor: self.actor.clone(),
            kind,
            public_text,
            internal_note,
        }
    }
}

/// `2024年10月16日`.
pub fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A deadline's last day as told to the requester; when it was counted in a
/// year whose holiday notice is not loaded, says so (SPEC §4: such a year
/// must be visible as a warning, never presented as certain).
pub(crate) fn cn_due(due: &Deadline) -> String {
    let day = cn_date(due.last_day);
    match deadline::assumed_years_text(&due.assumed_years) {
        Some(warning) => format!("{day}（{warning}）"),
        None => day,
    }
}

/// The staff's note on such a deadline.
pub(crate) fn calendar_note(due: &Deadline) -> Option<String> {
    (!due.is_certain()).then(|| {
        let years: Vec<String> = due.assumed_years.iter().map(i32::to_string).collect();
        format!("未载入{}年的节假日安排，按周末和固定日期的节日推算", years.join("、"))
    })
}

/// Chinese numerals for the items of an article (一 … 十).
pub(crate) fn cn_number(n: u8) -> &'static str {
    ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        .get(usize::from(n))
        .copied()
        .unwrap_or("")
}

/// Joins optional notes into one internal note.
pub(crate) fn notes<I: IntoIterator<Item = Option<String>>>(parts: I) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().flatten().filter(|s| !s.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join("；"))
}

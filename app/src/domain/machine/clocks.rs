//! The running clocks of a request (SPEC §4) with their warnings (Art. 32).

use super::actor::Context;
use super::deadline::{cst, cst_date, festival_note, warning, Deadline, Warning};
use super::request::{AssignmentStatus, Request, Round, State};
use super::unit::UnitId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockName {
    /// Art. 19, 20: the handling deadline (with extensions).
    Handling,
    /// Art. 29: the center notifies the units within 30 minutes.
    EmergencyNotify,
    /// Art. 32: a unit has not acknowledged; shown until its return window ends.
    Acknowledge,
    /// Art. 16(2): a unit may ask to return the request.
    ReturnWindow,
    /// Art. 21: an extension request awaits the center, before the current deadline.
    ExtensionDecision,
    /// Art. 25: the redo period.
    Redo,
    /// Art. 31: a supervision's own deadline.
    Supervision,
}

impl ClockName {
    pub fn code(self) -> &'static str {
        match self {
            ClockName::Handling => "handling",
            ClockName::EmergencyNotify => "emergency_notify",
            ClockName::Acknowledge => "acknowledge",
            ClockName::ReturnWindow => "return_window",
            ClockName::ExtensionDecision => "extension_decision",
            ClockName::Redo => "redo",
            ClockName::Supervision => "supervision",
        }
    }
    /// What the clock is for, in the staff's words.
    pub fn label(self) -> &'static str {
        match self {
            ClockName::Handling => "办理期限",
            ClockName::EmergencyNotify => "突发事项 30 分钟内通知",
            ClockName::Acknowledge => "签收",
            ClockName::ReturnWindow => "申请退回",
            ClockName::ExtensionDecision => "延期审批",
            ClockName::Redo => "重新办理期限",
            ClockName::Supervision => "督办期限",
        }
    }

    pub fn article(self) -> &'static str {
        match self {
            ClockName::Handling => "Art. 19",
            ClockName::EmergencyNotify => "Art. 29",
            ClockName::Acknowledge => "Art. 32",
            ClockName::ReturnWindow => "Art. 16(2)",
            ClockName::ExtensionDecision => "Art. 21",
            ClockName::Redo => "Art. 25",
            ClockName::Supervision => "Art. 31",
        }
    }
}

/// One running clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    pub name: ClockName,
    /// The unit the clock runs for (acknowledge, return window, supervision).
    pub unit: Option<UnitId>,
    /// The supervision's id.
    pub supervision: Option<u32>,
    /// The instant the clock runs out.
    pub due_at: DateTime<Utc>,
    /// The last working day, for working-day clocks.
    pub last_day: Option<NaiveDate>,
    /// The day the period started, for working-day clocks.
    pub from: Option<NaiveDate>,
    pub warning: Warning,
    /// Years counted as plain weeks for lack of a holiday notice (SPEC §4).
    pub assumed_years: BTreeSet<i32>,
}

impl Clock {
    fn of(name: ClockName, from: DateTime<Utc>, due: &Deadline, now: DateTime<Utc>, ctx: &Context) -> Clock {
        Clock {
            name,
            unit: None,
            supervision: None,
            due_at: due.due_at(),
            last_day: Some(due.last_day),
            from: Some(cst_date(from)),
            warning: warning(ctx.calendar, due, now),
            assumed_years: due.assumed_years.clone(),
        }
    }

    /// A unique key: the name, and the unit or supervision id where there may be several.
    pub fn key(&self) -> String {
        match (&self.unit, self.supervision) {
            (_, Some(id)) => format!("{}:{}", self.name.code(), id),
            (Some(u), None) => format!("{}:{}", self.name.code(), u),
            (None, None) => self.name.code().to_string(),
        }
    }

    /// The regional festivals the period was counted across, in words.
    pub fn explanation(&self, ctx: &Context) -> Option<String> {
        festival_note(ctx.calendar, self.from?, self.last_day?)
    }

    /// How the due time is shown: the end of the last day as 23:59:59+08:00,
    /// or the exact instant in China time for clock-time limits.
    pub fn due_text(&self) -> String {
        match self.last_day {
            Some(d) => format!("{}T23:59:59+08:00", d.format("%Y-%m-%d")),
            None => self.due_at.with_timezone(&cst()).to_rfc3339(),
        }
    }
}

impl Request {
    /// Every clock running at `now`.
    pub fn clocks(&self, now: DateTime<Utc>, ctx: &Context) -> Vec<Clock> {
        let mut out = Vec::new();
        let working = matches!(
            self.state,
            State::Registered | State::InProgress | State::CompletionReview { .. }
        );
        if working {
            match &self.redo {
                None => out.push(Clock::of(ClockName::Handling, self.registered_at, &self.due, now, ctx)),
                Some(redo) => out.push(Clock::of(ClockName::Redo, redo.started_at, &redo.due, now, ctx)),
            }
        }
        if let (Some(notice), State::Registered) = (&self.emergency, &self.state) {
            if notice.notified_at.is_none() {
                out.push(Clock {
                    name: ClockName::EmergencyNotify,
                    unit: None,
                    supervision: None,
                    due_at: notice.notify_by,
                    last_day: None,
                    from: None,
                    // Thirty minutes are always short: amber until missed.
                    warning: if now >= notice.notify_by {
                        Warning::Red
                    } else {
                        Warning::Amber
                    },
                    assumed_years: BTreeSet::new(),
                });
            }
        }
        if matches!(self.state, State::InProgress) && self.round() == Round::First {
            for a in self.assignments.iter().filter(|a| a.is_active()) {
                if matches!(a.status, AssignmentStatus::Received) {
                    let mut c = Clock::of(ClockName::Acknowledge, a.received_at, &a.return_window, now, ctx);
                    c.unit = Some(a.unit.clone());
                    out.push(c);
                }
                let may_return = matches!(a.status, AssignmentStatus::Received | AssignmentStatus::Handling { .. })
                    && !a.fixed
                    && !a.return_refused;
                if may_return && now < a.return_window_end() {
                    let mut c = Clock::of(ClockName::ReturnWindow, a.received_at, &a.return_window, now, ctx);
                    c.unit = Some(a.unit.clone());
                    out.push(c);
                }
            }
        }
        if self.pending_extension.is_some() && working {
            out.push(Clock::of(ClockName::ExtensionDecision, self.registered_at, &self.due, now, ctx));
        }
        for s in self.supervisions.iter().filter(|s| s.is_open()) {
            let mut c = Clock::of(ClockName::Supervision, s.opened_at, &s.due, now, ctx);
            c.unit = Some(s.unit.clone());
            c.supervision = Some(s.id);
            out.push(c);
        }
        out
    }
}

//! A request's events turned into counted facts (SPEC §7): each fact is
//! attributed to the CST day of the event that decides it.

use super::Counter;
use crate::domain::calendar::WorkCalendar;
use crate::domain::deadline::{cst_date, end_of_day};
use super::CountedEvent;
use crate::domain::request::Round;
use crate::domain::types::{Rating, RequestType, Resolution};
use crate::domain::unit::UnitId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One count on one day, for the request as a whole (`unit: None`) or for
/// one unit's assignment as lead or separate unit.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Fact {
    pub day: NaiveDate,
    pub unit: Option<UnitId>,
    pub counter: Counter,
    pub amount: u64,
}

/// The facts of one request's events (in order, with their instants), as
/// they stand at `as_of`: only whether a still-open request has gone past
/// its deadline depends on it. Return windows are counted on the day they
/// end, also when that day is still to come.
pub fn facts<'a>(
    events: impl IntoIterator<Item = (DateTime<Utc>, &'a CountedEvent)>,
    calendar: &WorkCalendar,
    as_of: DateTime<Utc>,
) -> Vec<Fact> {
    facts_until_next_change(events, calendar, as_of).0
}

/// The facts as of `as_of`, and the instant after which time alone will
/// change them (an open request's deadline ending), if any: until then,
/// only a new event does.
pub fn facts_until_next_change<'a>(
    events: impl IntoIterator<Item = (DateTime<Utc>, &'a CountedEvent)>,
    calendar: &WorkCalendar,
    as_of: DateTime<Utc>,
) -> (Vec<Fact>, Option<DateTime<Utc>>) {
    let mut walk = Walk::default();
    for (at, e) in events {
        walk.pass_time(at);
        walk.apply(at, e);
    }
    walk.pass_time(as_of);
    let next_change = match (walk.pending, &walk.overdue, walk.due) {
        (true, None, Some(due)) => Some(end_of_day(due)),
        _ => None,
    };
    (walk.finish(calendar), next_change)
}

/// A unit's assignment as lead or separate unit (the ones that submit).
struct Held {
    unit: UnitId,
    received_at: DateTime<Utc>,
    acknowledged_at: Option<DateTime<Utc>>,
    /// Still the unit's: not returned.
    active: bool,
    /// The unit's latest result in the running round.
    result_at: Option<DateTime<Utc>>,
}

struct Given {
    at: DateTime<Utc>,
    round: Round,
    rating: Rating,
    resolution: Option<Resolution>,
    /// The units whose results were rated.
    units: Vec<UnitId>,
}

#[derive(Default)]
struct Walk {
    out: Vec<Fact>,
    /// The last day of the deadline in force.
    due: Option<NaiveDate>,
    /// The handling clock runs (registered, in progress, in completion review).
    pending: bool,
    consultation_day: Option<NaiveDate>,
    held: Vec<Held>,
    completion_requested_at: Option<DateTime<Utc>>,
    extension_unit: Option<UnitId>,
    /// The units whose results the last approved completion closed.
    closing_units: Vec<UnitId>,
    ratings: Vec<Given>,
    /// The first day overdue and the units then late, once per request.
    overdue: Option<(NaiveDate, Vec<UnitId>)>,
    force_majeure: bool,
    emergency_day: Option<NaiveDate>,
}

impl Walk {
    fn count(&mut self, day: NaiveDate, unit: Option<&UnitId>, counter: Counter, amount: u64) {
        self.out.push(Fact { day, unit: unit.cloned(), counter, amount });
    }

    /// Counts for the request and for each of `units`.
    fn count_all<'a>(&mut self, day: NaiveDate, units: impl IntoIterator<Item = &'a UnitId>, counter: Counter) {
        self.count(day, None, counter, 1);
        for u in units {
            self.count(day, Some(u), counter, 1);
        }
    }

    fn holding(&mut self, unit: &UnitId) -> Option<&mut Held> {
        self.held.iter_mut().rev().find(|h| h.active && &h.unit == unit)
    }

    /// The clock went past the deadline's end before `now`: overdue from the next day.
    fn pass_time(&mut self, now: DateTime<Utc>) {
        let Some(due) = self.due else { return };
        if !self.pending || self.overdue.is_some() || now < end_of_day(due) {
            return;
        }
        let late: Vec<UnitId> =
            self.held.iter().filter(|h| h.active && h.result_at.is_none()).map(|h| h.unit.clone()).collect();
        self.overdue = Some((due.succ_opt().unwrap_or(due), late));
    }

    fn apply(&mut self, at: DateTime<Utc>, e: &CountedEvent) {
        let day = cst_date(at);
        match e {
            CountedEvent::Registered { request_type, emergency, due, .. } => {
                self.due = Some(*due);
                self.pending = true;
                self.count(day, None, Counter::Registered, 1);
                if *request_type == RequestType::Consultation {
                    self.consultation_day = Some(day);
                    self.count(day, None, Counter::Consultations, 1);
                }
                if *emergency {
                    self.emergency_day = Some(day);
                    self.count(day, None, Counter::Emergencies, 1);
                }
            }
            CountedEvent::EmergencyMarked { due } => {
                self.due = Some(*due);
                if self.emergency_day.is_none() {
                    self.emergency_day = Some(day);
                    self.count(day, None, Counter::Emergencies, 1);
                }
            }
            CountedEvent::EmergencyNotified { within_30_minutes: true } => {
                let flagged = self.emergency_day.unwrap_or(day);
                self.count(flagged, None, Counter::EmergenciesNotifiedInTime, 1);
            }
            CountedEvent::Rejected => self.pending = false,
            CountedEvent::Answered => {
                self.pending = false;
                if let Some(registered) = self.consultation_day {
                    self.count(registered, None, Counter::AnsweredDirectly, 1);
                }
            }
            CountedEvent::Dispatched { targets } => {
                self.pending = true;
                for t in targets.iter().filter(|t| t.role.submits()) {
                    self.held.push(Held {
                        unit: t.unit.clone(),
                        received_at: at,
                        acknowledged_at: None,
                        active: true,
                        result_at: None,
                    });
                    self.count_all(day, [&t.unit], Counter::Dispatched);
                }
            }
            CountedEvent::Acknowledged { unit } => {
                if let Some(h) = self.holding(unit).filter(|h| h.acknowledged_at.is_none()) {
                    h.acknowledged_at = Some(at);
                }
            }
            CountedEvent::ReturnApproved { unit } => {
                if let Some(h) = self.holding(unit) {
                    h.active = false;
                }
                self.count_all(day, [unit], Counter::ReturnsApproved);
            }
            CountedEvent::ExtensionRequested { unit } => self.extension_unit = Some(unit.clone()),
            CountedEvent::ExtensionApproved { to } => {
                self.due = Some(*to);
                let unit = self.extension_unit.take();
                self.count_all(day, unit.as_ref(), Counter::ExtensionsApproved);
            }
            CountedEvent::ResultSubmitted { unit } => {
                if let Some(h) = self.holding(unit) {
                    h.result_at = Some(at);
                }
            }
            CountedEvent::CompletionRequested => self.completion_requested_at = Some(at),
            CountedEvent::CompletionRefused { units } => {
                self.completion_requested_at = None;
                for u in units {
                    if let Some(h) = self.holding(u) {
                        h.result_at = None;
                    }
                }
            }
            CountedEvent::CompletionApproved => self.close(day),
            CountedEvent::Rated { round, rating, resolution } => {
                let units = if *round == Round::Answer { Vec::new() } else { self.closing_units.clone() };
                self.ratings.push(Given { at, round: *round, rating: *rating, resolution: *resolution, units });
            }
            CountedEvent::RedoStarted { due, units } => {
                self.due = Some(*due);
                self.pending = true;
                self.completion_requested_at = None;
                for u in units {
                    if let Some(h) = self.holding(u) {
                        h.result_at = None;
                    }
                }
                self.count_all(day, units, Counter::RedoRounds);
            }
            CountedEvent::SupervisionOpened { unit } => self.count_all(day, [unit], Counter::Supervisions),
            CountedEvent::ForceMajeureFound => self.force_majeure = true,
            CountedEvent::MediaExposed => {
                let units: Vec<UnitId> = self.held.iter().filter(|h| h.active).map(|h| h.unit.clone()).collect();
                self.count_all(day, &units, Counter::MediaExposed);
            }
            _ => {}
        }
    }

    /// A completion approved: on time when the results came in before the
    /// end of the deadline in force — for the request, when the last one
    /// came in; for each unit, its own.
    fn close(&mut self, day: NaiveDate) {
        self.pending = false;
        let end = self.due.map(end_of_day);
        // Ahead of time (Art. 37): in before the deadline's last day began.
        let last_day_begins = self.due.and_then(|d| d.pred_opt()).map(end_of_day);
        let before = |at: Option<DateTime<Utc>>, end: Option<DateTime<Utc>>| matches!((at, end), (Some(at), Some(end)) if at < end);
        let closing = |at: Option<DateTime<Utc>>| (before(at, end), before(at, last_day_begins));
        self.count(day, None, Counter::Closed, 1);
        let (on_time, early) = closing(self.completion_requested_at);
        if on_time {
            self.count(day, None, Counter::ClosedOnTime, 1);
        }
        if early {
            self.count(day, None, Counter::ClosedEarly, 1);
        }
        let units: Vec<(UnitId, (bool, bool))> = self
            .held
            .iter()
            .filter(|h| h.active && h.result_at.is_some())
            .map(|h| (h.unit.clone(), closing(h.result_at)))
            .collect();
        for (unit, (on_time, early)) in &units {
            self.count(day, Some(unit), Counter::Closed, 1);
            if *on_time {
                self.count(day, Some(unit), Counter::ClosedOnTime, 1);
            }
            if *early {
                self.count(day, Some(unit), Counter::ClosedEarly, 1);
            }
        }
        self.closing_units = units.into_iter().map(|(u, _)| u).collect();
    }

    fn finish(mut self, calendar: &WorkCalendar) -> Vec<Fact> {
        // Art. 16(2): 1 working day from receipt, counting the receipt day.
        let windows: Vec<(NaiveDate, UnitId, bool)> = self
            .held
            .iter()
            .map(|h| {
                let last = calendar.nth_working_day(cst_date(h.received_at), 1).date;
                (last, h.unit.clone(), h.acknowledged_at.is_some_and(|at| at < end_of_day(last)))
            })
            .collect();
        for (last, unit, acknowledged) in &windows {
            self.count_all(*last, [unit], Counter::WindowsEnded);
            if *acknowledged {
                self.count_all(*last, [unit], Counter::AcknowledgedInWindow);
            }
        }
        if let Some((day, late)) = self.overdue.take() {
            let counter = if self.force_majeure { Counter::OverdueForceMajeure } else { Counter::Overdue };
            self.count_all(day, &late, counter);
        }
        let ratings = std::mem::take(&mut self.ratings);
        for given in deciding(&ratings) {
            let day = cst_date(given.at);
            self.count_all(day, &given.units, Counter::rated(given.rating));
            if let Some(r) = given.resolution {
                self.count_all(day, &given.units, Counter::ResolutionAnswered);
                for u in std::iter::once(None).chain(given.units.iter().map(Some)) {
                    if r.halves() > 0 {
                        self.count(day, u, Counter::ResolutionHalves, r.halves());
                    }
                }
            }
        }
        self.out.sort();
        self.out
    }
}

/// The ratings that decide (Art. 27): the redo's rating; a first rating
/// that was not dissatisfied (a dissatisfied one starts the redo); an
/// instant answer's rating unless a redo's rating followed it.
fn deciding(ratings: &[Given]) -> impl Iterator<Item = &Given> {
    let redo_rated = ratings.iter().any(|g| g.round == Round::Redo);
    ratings.iter().filter(move |g| match g.round {
        Round::Redo => true,
        Round::First => !g.rating.is_dissatisfied(),
        Round::Answer => !redo_rated,
    })
}

//! The counts behind the indicators, and the indicators computed from them.

use super::Indicator;
use crate::domain::types::Rating;
use serde::{Deserialize, Serialize};

/// One count a request's events contribute to (SPEC §7's numerators and
/// denominators). The rollups keep one column per counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counter {
    /// Return windows (Art. 16(2)) that ended on the day.
    WindowsEnded,
    /// … of which the unit had acknowledged (签收) before the end.
    AcknowledgedInWindow,
    /// Closings: a completion approved (the first handling or the redo).
    Closed,
    /// … whose result came in before the end of the deadline in force.
    ClosedOnTime,
    /// Deciding ratings (Art. 27: the second when there is one), by level.
    RatedVerySatisfied,
    RatedSatisfied,
    RatedBasicallySatisfied,
    RatedDissatisfied,
    RatedVeryDissatisfied,
    /// Deciding ratings that answer 问题是否解决.
    ResolutionAnswered,
    /// Their answers in halves: resolved 2, partly 1, not resolved 0.
    ResolutionHalves,
    /// Consultations registered.
    Consultations,
    /// … answered at intake from the knowledge base (Art. 14(1)).
    AnsweredDirectly,
    /// Assignments (lead or separate unit) dispatched.
    Dispatched,
    /// Returns approved (Art. 17).
    ReturnsApproved,
    /// Extensions approved (Art. 21).
    ExtensionsApproved,
    /// Redo rounds started (Art. 25).
    RedoRounds,
    /// Requests that went past their deadline, on their first day overdue.
    Overdue,
    /// … of those, requests with a force-majeure finding (Art. 29), counted apart.
    OverdueForceMajeure,
    /// Supervisions opened (Art. 31).
    Supervisions,
    /// Emergencies (Art. 29), on the day they were registered or marked.
    Emergencies,
    /// … whose units were notified within 30 minutes.
    EmergenciesNotifiedInTime,
    /// Requests registered (the volume the center received).
    Registered,
    /// Closings whose result came in before the deadline's last day began
    /// (Art. 37: completed ahead of time).
    ClosedEarly,
    /// Requests the center marked as exposed by the media, for the units at work on them.
    MediaExposed,
}

impl Counter {
    pub const ALL: &'static [Counter] = &[
        Counter::WindowsEnded,
        Counter::AcknowledgedInWindow,
        Counter::Closed,
        Counter::ClosedOnTime,
        Counter::RatedVerySatisfied,
        Counter::RatedSatisfied,
        Counter::RatedBasicallySatisfied,
        Counter::RatedDissatisfied,
        Counter::RatedVeryDissatisfied,
        Counter::ResolutionAnswered,
        Counter::ResolutionHalves,
        Counter::Consultations,
        Counter::AnsweredDirectly,
        Counter::Dispatched,
        Counter::ReturnsApproved,
        Counter::ExtensionsApproved,
        Counter::RedoRounds,
        Counter::Overdue,
        Counter::OverdueForceMajeure,
        Counter::Supervisions,
        Counter::Emergencies,
        Counter::EmergenciesNotifiedInTime,
        Counter::Registered,
        Counter::ClosedEarly,
        Counter::MediaExposed,
    ];

    /// The code the rollups and the stored facts use (the serde name).
    pub fn code(self) -> &'static str {
        match self {
            Counter::WindowsEnded => "windows_ended",
            Counter::AcknowledgedInWindow => "acknowledged_in_window",
            Counter::Closed => "closed",
            Counter::ClosedOnTime => "closed_on_time",
            Counter::RatedVerySatisfied => "rated_very_satisfied",
            Counter::RatedSatisfied => "rated_satisfied",
            Counter::RatedBasicallySatisfied => "rated_basically_satisfied",
            Counter::RatedDissatisfied => "rated_dissatisfied",
            Counter::RatedVeryDissatisfied => "rated_very_dissatisfied",
            Counter::ResolutionAnswered => "resolution_answered",
            Counter::ResolutionHalves => "resolution_halves",
            Counter::Consultations => "consultations",
            Counter::AnsweredDirectly => "answered_directly",
            Counter::Dispatched => "dispatched",
            Counter::ReturnsApproved => "returns_approved",
            Counter::ExtensionsApproved => "extensions_approved",
            Counter::RedoRounds => "redo_rounds",
            Counter::Overdue => "overdue",
            Counter::OverdueForceMajeure => "overdue_force_majeure",
            Counter::Supervisions => "supervisions",
            Counter::Emergencies => "emergencies",
            Counter::EmergenciesNotifiedInTime => "emergencies_notified_in_time",
            Counter::Registered => "registered",
            Counter::ClosedEarly => "closed_early",
            Counter::MediaExposed => "media_exposed",
        }
    }

    pub fn parse(code: &str) -> Option<Counter> {
        Counter::ALL.iter().copied().find(|c| c.code() == code)
    }

    /// What it counts, in the staff's words (`办结 3 件`).
    pub fn label(self) -> &'static str {
        match self {
            Counter::WindowsEnded => "签收时限届满",
            Counter::AcknowledgedInWindow => "时限内签收",
            Counter::Closed => "办结",
            Counter::ClosedOnTime => "按时办结",
            Counter::RatedVerySatisfied => "评价非常满意",
            Counter::RatedSatisfied => "评价满意",
            Counter::RatedBasicallySatisfied => "评价基本满意",
            Counter::RatedDissatisfied => "评价不满意",
            Counter::RatedVeryDissatisfied => "评价非常不满意",
            Counter::ResolutionAnswered => "回答问题是否解决",
            Counter::ResolutionHalves => "已解决（部分解决计半件）×2",
            Counter::Consultations => "咨询",
            Counter::AnsweredDirectly => "受理时直接答复",
            Counter::Dispatched => "派单",
            Counter::ReturnsApproved => "退单",
            Counter::ExtensionsApproved => "延期",
            Counter::RedoRounds => "重办",
            Counter::Overdue => "超期",
            Counter::OverdueForceMajeure => "因不可抗力超期",
            Counter::Supervisions => "督办",
            Counter::Emergencies => "紧急诉求",
            Counter::EmergenciesNotifiedInTime => "30分钟内通知",
            Counter::Registered => "登记",
            Counter::ClosedEarly => "提前办结",
            Counter::MediaExposed => "媒体曝光",
        }
    }

    /// Whether it counts deciding ratings at one level.
    pub fn is_rating(self) -> bool {
        Rating::ALL.iter().any(|r| Counter::rated(*r) == self)
    }

    /// The counter of a deciding rating at `level`.
    pub fn rated(level: Rating) -> Counter {
        match level {
            Rating::VerySatisfied => Counter::RatedVerySatisfied,
            Rating::Satisfied => Counter::RatedSatisfied,
            Rating::BasicallySatisfied => Counter::RatedBasicallySatisfied,
            Rating::Dissatisfied => Counter::RatedDissatisfied,
            Rating::VeryDissatisfied => Counter::RatedVeryDissatisfied,
        }
    }

    /// Its place in [`Counters`]: the declaration order, which `ALL` follows.
    fn index(self) -> usize {
        self as usize
    }
}

/// The points of each rating level in the satisfaction score (SPEC §7;
/// configurable, default 100, 90, 75, 30, 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingPoints(pub [u32; 5]);

impl Default for RatingPoints {
    fn default() -> Self {
        RatingPoints([100, 90, 75, 30, 0])
    }
}

impl RatingPoints {
    pub fn of(&self, level: Rating) -> u32 {
        let i = Rating::ALL.iter().position(|r| *r == level).unwrap_or_default();
        self.0[i]
    }
}

const COUNTERS: usize = Counter::ALL.len();

/// Every counter of a period and scope.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters([u64; COUNTERS]);

impl Counters {
    pub fn get(&self, c: Counter) -> u64 {
        self.0[c.index()]
    }

    pub fn add(&mut self, c: Counter, amount: u64) {
        self.0[c.index()] += amount;
    }

    /// Adds every counter of `other`.
    pub fn absorb(&mut self, other: &Counters) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0.iter()) {
            *mine += theirs;
        }
    }

    /// These counters less `other`'s (never below zero).
    pub fn without(&self, other: &Counters) -> Counters {
        let mut out = self.clone();
        for (mine, theirs) in out.0.iter_mut().zip(other.0.iter()) {
            *mine = mine.saturating_sub(*theirs);
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|n| *n == 0)
    }

    fn deciding_ratings(&self) -> u64 {
        Rating::ALL.iter().map(|r| self.get(Counter::rated(*r))).sum()
    }

    /// One indicator as numerator over denominator.
    pub fn tally(&self, indicator: Indicator, points: &RatingPoints) -> Tally {
        use Counter as C;
        let ratio = |n: C, d: C| Tally::ratio(self.get(n) as f64, self.get(d));
        match indicator {
            Indicator::ResponseRate => ratio(C::AcknowledgedInWindow, C::WindowsEnded),
            Indicator::OnTimeRate => ratio(C::ClosedOnTime, C::Closed),
            Indicator::SatisfactionRate => {
                let content = [Rating::VerySatisfied, Rating::Satisfied, Rating::BasicallySatisfied];
                let n: u64 = content.iter().map(|r| self.get(C::rated(*r))).sum();
                Tally::ratio(n as f64, self.deciding_ratings())
            }
            Indicator::SatisfactionScore => {
                let n: u64 = Rating::ALL.iter().map(|r| self.get(C::rated(*r)) * u64::from(points.of(*r))).sum();
                Tally::ratio(n as f64, self.deciding_ratings())
            }
            Indicator::ResolutionRate => Tally::ratio(self.get(C::ResolutionHalves) as f64 / 2.0, self.get(C::ResolutionAnswered)),
            Indicator::DirectAnswerRate => ratio(C::AnsweredDirectly, C::Consultations),
            Indicator::ReturnRate => ratio(C::ReturnsApproved, C::Dispatched),
            Indicator::ExtensionRate => ratio(C::ExtensionsApproved, C::Dispatched),
            Indicator::RedoRate => Tally::ratio(self.get(C::RedoRounds) as f64, self.deciding_ratings()),
            Indicator::Overdue => Tally::count(self.get(C::Overdue)),
            Indicator::Supervised => Tally::count(self.get(C::Supervisions)),
        }
    }
}

impl Indicator {
    /// The counters an indicator is computed from (numerator and
    /// denominator): what leaves it when a request is excluded from it.
    pub fn counters(self) -> Vec<Counter> {
        use Counter as C;
        let ratings = || Rating::ALL.iter().map(|r| C::rated(*r));
        match self {
            Indicator::ResponseRate => vec![C::WindowsEnded, C::AcknowledgedInWindow],
            Indicator::OnTimeRate => vec![C::Closed, C::ClosedOnTime],
            Indicator::SatisfactionRate | Indicator::SatisfactionScore => ratings().collect(),
            Indicator::ResolutionRate => vec![C::ResolutionAnswered, C::ResolutionHalves],
            Indicator::DirectAnswerRate => vec![C::Consultations, C::AnsweredDirectly],
            Indicator::ReturnRate => vec![C::ReturnsApproved, C::Dispatched],
            Indicator::ExtensionRate => vec![C::ExtensionsApproved, C::Dispatched],
            Indicator::RedoRate => ratings().chain([C::RedoRounds]).collect(),
            Indicator::Overdue => vec![C::Overdue],
            Indicator::Supervised => vec![C::Supervisions],
        }
    }
}

impl Indicator {
    /// What counting one request as meeting the indicator changes in its
    /// counts `counted` (an upheld appeal's recount, Art. 38): the counts
    /// to take out and to add. A rate where higher is better gets the
    /// request's numerator lifted to its denominator (acknowledged in time,
    /// closed on time); one where lower is better loses the request's
    /// numerator (the return, the extension, the redo round). `None` where
    /// meeting has no single meaning — ratings, the direct-answer rate, the
    /// counts — which are corrected by leaving the request out instead.
    pub fn recount(self, counted: &Counters) -> Option<(Counters, Counters)> {
        use Counter as C;
        let (mut removed, mut added) = (Counters::default(), Counters::default());
        let mut lift = |n: C, d: C| added.add(n, counted.get(d).saturating_sub(counted.get(n)));
        match self {
            Indicator::ResponseRate => lift(C::AcknowledgedInWindow, C::WindowsEnded),
            Indicator::OnTimeRate => lift(C::ClosedOnTime, C::Closed),
            Indicator::ReturnRate => removed.add(C::ReturnsApproved, counted.get(C::ReturnsApproved)),
            Indicator::ExtensionRate => removed.add(C::ExtensionsApproved, counted.get(C::ExtensionsApproved)),
            Indicator::RedoRate => removed.add(C::RedoRounds, counted.get(C::RedoRounds)),
            _ => return None,
        }
        Some((removed, added))
    }

    /// Whether an upheld appeal may recount a request in this indicator (see [`Indicator::recount`]).
    pub fn can_recount(self) -> bool {
        self.recount(&Counters::default()).is_some()
    }
}

/// An indicator's value with what it was computed from. A ratio with no
/// denominator has no value (nothing to rate, not 0 %); a count has no
/// denominator and its value is the count.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub numerator: f64,
    pub denominator: Option<u64>,
    pub value: Option<f64>,
}

impl Tally {
    fn ratio(numerator: f64, denominator: u64) -> Tally {
        let value = (denominator > 0).then(|| round4(numerator / denominator as f64));
        Tally { numerator, denominator: Some(denominator), value }
    }

    fn count(n: u64) -> Tally {
        Tally { numerator: n as f64, denominator: None, value: Some(n as f64) }
    }
}

#[cfg(test)]
#[test]
fn all_counters_are_listed_in_declaration_order_with_their_serde_codes() {
    for (i, c) in Counter::ALL.iter().enumerate() {
        assert_eq!(c.index(), i, "{c:?}");
        assert_eq!(serde_json::to_value(c).unwrap(), c.code());
        assert_eq!(Counter::parse(c.code()), Some(*c));
    }
}

/// Four decimals: a rate to a hundredth of a percent, a score to 0.0001.
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
#[test]
fn an_indicator_reads_only_the_counters_it_names() {
    // Every counter set: keeping only an indicator's own counters leaves its tally unchanged.
    let mut all = Counters::default();
    for (i, c) in Counter::ALL.iter().enumerate() {
        all.add(*c, 3 + i as u64);
    }
    let points = RatingPoints::default();
    for indicator in Indicator::ALL {
        let mut own = Counters::default();
        for c in indicator.counters() {
            own.add(c, all.get(c));
        }
        assert_eq!(own.tally(*indicator, &points), all.tally(*indicator, &points), "{indicator:?}");
        // And each named counter matters: without it the tally changes.
        for c in indicator.counters() {
            let mut less = own.clone();
            less.add(c, 1);
            assert_ne!(less.tally(*indicator, &points), own.tally(*indicator, &points), "{indicator:?} {c:?}");
        }
    }
}

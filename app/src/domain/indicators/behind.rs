//! What a number on the dashboard counts, as counters: an indicator's
//! numerator or denominator, or one counter (a volume, a day's closings).
//! The requests behind the number are those with a fact of one of them in
//! the period and scope (issue 15 §3: every number opens its requests).

use super::{Counter, Indicator};
use crate::domain::types::Rating;

/// The two sides of a rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Numerator,
    Denominator,
}

impl Side {
    fn code(self) -> &'static str {
        match self {
            Side::Numerator => "numerator",
            Side::Denominator => "denominator",
        }
    }
}

/// A number of the dashboard, by what it counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behind {
    Side(Indicator, Side),
    Counter(Counter),
}

impl Behind {
    /// `on_time_rate:numerator`, or a counter's code (`closed`).
    pub fn code(self) -> String {
        match self {
            Behind::Side(i, side) => format!("{}:{}", i.code(), side.code()),
            Behind::Counter(c) => c.code().to_string(),
        }
    }

    /// Its code read back; `None` for anything else, and for the
    /// denominator of a count (overdue, supervised), which has none.
    pub fn parse(code: &str) -> Option<Behind> {
        let behind = match code.split_once(':') {
            Some((i, "numerator")) => Behind::Side(Indicator::parse(i)?, Side::Numerator),
            Some((i, "denominator")) => Behind::Side(Indicator::parse(i)?, Side::Denominator),
            Some(_) => return None,
            None => Behind::Counter(Counter::parse(code)?),
        };
        (!behind.counters().is_empty()).then_some(behind)
    }

    /// The counters whose facts make up the number.
    pub fn counters(self) -> Vec<Counter> {
        use Counter as C;
        let ratings = || Rating::ALL.iter().map(|r| C::rated(*r)).collect::<Vec<_>>();
        let content = || [Rating::VerySatisfied, Rating::Satisfied, Rating::BasicallySatisfied].iter().map(|r| C::rated(*r)).collect();
        match self {
            Behind::Counter(c) => vec![c],
            Behind::Side(i, side) => match (i, side) {
                (Indicator::ResponseRate, Side::Numerator) => vec![C::AcknowledgedInWindow],
                (Indicator::ResponseRate, Side::Denominator) => vec![C::WindowsEnded],
                (Indicator::OnTimeRate, Side::Numerator) => vec![C::ClosedOnTime],
                (Indicator::OnTimeRate, Side::Denominator) => vec![C::Closed],
                (Indicator::SatisfactionRate, Side::Numerator) => content(),
                // The score's numerator is the points of every deciding rating.
                (Indicator::SatisfactionRate | Indicator::SatisfactionScore | Indicator::RedoRate, Side::Denominator)
                | (Indicator::SatisfactionScore, Side::Numerator) => ratings(),
                (Indicator::ResolutionRate, Side::Numerator) => vec![C::ResolutionHalves],
                (Indicator::ResolutionRate, Side::Denominator) => vec![C::ResolutionAnswered],
                (Indicator::DirectAnswerRate, Side::Numerator) => vec![C::AnsweredDirectly],
                (Indicator::DirectAnswerRate, Side::Denominator) => vec![C::Consultations],
                (Indicator::ReturnRate, Side::Numerator) => vec![C::ReturnsApproved],
                (Indicator::ExtensionRate, Side::Numerator) => vec![C::ExtensionsApproved],
                (Indicator::ReturnRate | Indicator::ExtensionRate, Side::Denominator) => vec![C::Dispatched],
                (Indicator::RedoRate, Side::Numerator) => vec![C::RedoRounds],
                (Indicator::Overdue, Side::Numerator) => vec![C::Overdue],
                (Indicator::Supervised, Side::Numerator) => vec![C::Supervisions],
                (Indicator::Overdue | Indicator::Supervised, Side::Denominator) => Vec::new(),
            },
        }
    }

    /// In the staff's words: `按时办结率的分母：办结`, `派单`.
    pub fn label(self) -> String {
        let counted = |cs: Vec<Counter>| {
            if cs.len() == Rating::ALL.len() {
                "参与评价".to_string()
            } else if cs.iter().all(|c| c.is_rating()) {
                "评价满意（含非常满意、基本满意）".to_string()
            } else {
                cs.iter().map(|c| c.label()).collect::<Vec<_>>().join("、")
            }
        };
        match self {
            Behind::Counter(c) => c.label().to_string(),
            Behind::Side(i, Side::Numerator) if matches!(i, Indicator::Overdue | Indicator::Supervised) => i.label().to_string(),
            Behind::Side(i, side) => {
                let which = if side == Side::Numerator { "分子" } else { "分母" };
                format!("{}的{which}：{}", i.label(), counted(self.counters()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicators::{Counters, RatingPoints};

    /// Counters with every counter at a different value.
    fn spread(seed: u64) -> Counters {
        let mut c = Counters::default();
        let mut x = seed;
        for counter in Counter::ALL {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            c.add(*counter, (x >> 33) % 97 + 1);
        }
        c
    }

    #[test]
    fn each_side_sums_to_the_number_the_dashboard_shows() {
        let points = RatingPoints::default();
        for seed in 0..200 {
            let c = spread(seed);
            for i in Indicator::ALL {
                let t = c.tally(*i, &points);
                let sum = |side| Behind::Side(*i, side).counters().iter().map(|k| c.get(*k)).sum::<u64>();
                match t.denominator {
                    Some(d) => assert_eq!(d, sum(Side::Denominator), "{i:?}"),
                    None => assert!(Behind::Side(*i, Side::Denominator).counters().is_empty(), "{i:?}: a count has no denominator"),
                }
                match i {
                    // Weighted: the same requests, counted in points or halves.
                    Indicator::SatisfactionScore | Indicator::ResolutionRate => assert!(sum(Side::Numerator) > 0),
                    _ => assert_eq!(t.numerator, sum(Side::Numerator) as f64, "{i:?}"),
                }
            }
        }
    }

    #[test]
    fn codes_read_back_and_nothing_else_does() {
        for i in Indicator::ALL {
            for side in [Side::Numerator, Side::Denominator] {
                let b = Behind::Side(*i, side);
                let expected = (!b.counters().is_empty()).then_some(b);
                assert_eq!(Behind::parse(&b.code()), expected, "{}", b.code());
            }
        }
        for c in Counter::ALL {
            assert_eq!(Behind::parse(c.code()), Some(Behind::Counter(*c)));
        }
        for bad in ["", "on_time_rate", "on_time_rate:", "on_time_rate:both", "speed:numerator", "overdue:denominator", "closed:numerator"] {
            assert_eq!(Behind::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn labels_say_what_is_counted() {
        assert_eq!(Behind::parse("on_time_rate:denominator").unwrap().label(), "按时办结率的分母：办结");
        assert_eq!(Behind::parse("satisfaction_rate:numerator").unwrap().label(), "满意率的分子：评价满意（含非常满意、基本满意）");
        assert_eq!(Behind::parse("redo_rate:denominator").unwrap().label(), "重办率的分母：参与评价");
        assert_eq!(Behind::parse("overdue:numerator").unwrap().label(), "超期数");
        assert_eq!(Behind::parse("dispatched").unwrap().label(), "派单");
    }
}

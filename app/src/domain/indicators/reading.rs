//! The indicators as people read them: each with its numerator and
//! denominator beside the period before and the same period a year earlier
//! (the dashboard's tiles and the reports' first table).

use super::{Counters, Indicator, RatingPoints};
use serde::{Deserialize, Serialize};

/// One indicator: its value with numerator and denominator, and the values
/// of the period before and a year earlier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRow {
    pub code: String,
    pub label: String,
    pub numerator: f64,
    pub denominator: Option<u64>,
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub last_year: Option<f64>,
    pub kind: ValueKind,
}

impl IndicatorRow {
    /// Every indicator of SPEC §7, in order, from three periods' counters.
    pub fn all(current: &Counters, previous: &Counters, last_year: &Counters, points: &RatingPoints) -> Vec<IndicatorRow> {
        Indicator::ALL
            .iter()
            .map(|i| {
                let t = current.tally(*i, points);
                IndicatorRow {
                    code: i.code().into(),
                    label: i.label().into(),
                    numerator: t.numerator,
                    denominator: t.denominator,
                    value: t.value,
                    previous: previous.tally(*i, points).value,
                    last_year: last_year.tally(*i, points).value,
                    kind: ValueKind::of(*i),
                }
            })
            .collect()
    }

    /// The numerator as read: `3`, or `2.5` where a partly resolved answer counts half.
    pub fn numerator_text(&self) -> String {
        let x = self.numerator;
        if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x}") }
    }
}

/// How a value reads: a rate (shown in per cent), a score (分) or a count (件).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    Rate,
    Score,
    Count,
}

impl ValueKind {
    pub fn of(indicator: Indicator) -> ValueKind {
        match indicator {
            Indicator::SatisfactionScore => ValueKind::Score,
            i if i.is_count() => ValueKind::Count,
            _ => ValueKind::Rate,
        }
    }

    /// The value as people read it: `93.3%`, `87.5分`, `12件`; `—` for none.
    pub fn show(self, value: Option<f64>) -> String {
        match (self, value) {
            (_, None) => "—".into(),
            (ValueKind::Rate, Some(v)) => format!("{:.1}%", v * 100.0),
            (ValueKind::Score, Some(v)) => format!("{v:.1}分"),
            (ValueKind::Count, Some(v)) => format!("{v}件"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicators::Counter;

    #[test]
    fn rows_carry_every_indicator_in_order_with_the_periods_beside() {
        let mut now = Counters::default();
        now.add(Counter::WindowsEnded, 4);
        now.add(Counter::AcknowledgedInWindow, 3);
        let mut before = Counters::default();
        before.add(Counter::WindowsEnded, 2);
        before.add(Counter::AcknowledgedInWindow, 2);
        let rows = IndicatorRow::all(&now, &before, &Counters::default(), &RatingPoints::default());
        assert_eq!(rows.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), Indicator::ALL.iter().map(|i| i.code()).collect::<Vec<_>>());
        let response = &rows[0];
        assert_eq!((response.numerator, response.denominator, response.value), (3.0, Some(4), Some(0.75)));
        assert_eq!((response.previous, response.last_year), (Some(1.0), None));
        assert_eq!(ValueKind::Rate.show(response.value), "75.0%");
        assert_eq!(response.numerator_text(), "3");
        assert_eq!(IndicatorRow { numerator: 2.5, ..response.clone() }.numerator_text(), "2.5");
        assert_eq!(ValueKind::of(Indicator::SatisfactionScore).show(Some(87.5)), "87.5分");
        assert_eq!(ValueKind::of(Indicator::Overdue).show(Some(12.0)), "12件");
        assert_eq!(ValueKind::Count.show(None), "—");
    }
}

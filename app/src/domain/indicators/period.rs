//! A statistics period: CST calendar days `from..=to` (SPEC §7).

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The longest period a statistic spans: five years.
pub const MAX_PERIOD_DAYS: i64 = 5 * 366;

/// Days `from..=to`, both included; never empty, never longer than five years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "(NaiveDate, NaiveDate)", into = "(NaiveDate, NaiveDate)")]
pub struct Period {
    from: NaiveDate,
    to: NaiveDate,
}

/// Why a period was refused; `message` says it in Chinese, beside the field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("{field}: {value:?} is not a date (YYYY-MM-DD)")]
    NotADate { field: &'static str, value: String },
    #[error("the period ends ({to}) before it starts ({from})")]
    EndsBeforeStart { from: NaiveDate, to: NaiveDate },
    #[error("the period spans {days} days, more than five years")]
    TooLong { days: i64 },
}

impl PeriodError {
    /// The form field the error belongs beside.
    pub fn field(&self) -> &'static str {
        match self {
            PeriodError::NotADate { field, .. } => field,
            PeriodError::EndsBeforeStart { .. } | PeriodError::TooLong { .. } => "to",
        }
    }

    pub fn message(&self) -> String {
        match self {
            PeriodError::NotADate { field, .. } => {
                format!("请按“年-月-日”填写{}", if *field == "from" { "开始日期" } else { "结束日期" })
            }
            PeriodError::EndsBeforeStart { .. } => "结束日期不能早于开始日期".into(),
            PeriodError::TooLong { .. } => "统计期间最长五年".into(),
        }
    }
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodError> {
        if to < from {
            return Err(PeriodError::EndsBeforeStart { from, to });
        }
        let days = (to - from).num_days() + 1;
        if days > MAX_PERIOD_DAYS {
            return Err(PeriodError::TooLong { days });
        }
        Ok(Period { from, to })
    }

    /// Reads `YYYY-MM-DD` texts.
    pub fn parse(from: &str, to: &str) -> Result<Period, PeriodError> {
        let date = |field: &'static str, value: &str| {
            NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| PeriodError::NotADate { field, value: value.into() })
        };
        Period::new(date("from", from)?, date("to", to)?)
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// The period as whole calendar months and the loose days around them,
    /// so that a sum over it reads month totals where it can.
    pub fn split_by_months(&self) -> Split {
        let first_of = |d: NaiveDate| d.with_day(1).unwrap_or(d);
        let next_month = |d: NaiveDate| first_of(d).checked_add_months(Months::new(1)).unwrap_or(d);
        // Whole months run from `start` up to (not including) `end`.
        let start = if self.from.day() == 1 { self.from } else { next_month(self.from) };
        let to_ends_month = self.to.succ_opt().is_some_and(|d| d.day() == 1);
        let end = if to_ends_month { next_month(self.to) } else { first_of(self.to) };
        if start >= end {
            return Split { months: None, days: vec![(self.from, self.to)] };
        }
        let mut days = Vec::new();
        if self.from < start {
            days.push((self.from, start.pred_opt().unwrap_or(start)));
        }
        if end <= self.to {
            days.push((end, self.to));
        }
        let last = end.checked_sub_months(Months::new(1)).unwrap_or(start);
        Split { months: Some((start, last)), days }
    }
}

/// A period as whole months (`months`: the first days of the first and
/// last whole month) and loose day ranges, all inclusive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    pub months: Option<(NaiveDate, NaiveDate)>,
    pub days: Vec<(NaiveDate, NaiveDate)>,
}

impl TryFrom<(NaiveDate, NaiveDate)> for Period {
    type Error = PeriodError;
    fn try_from((from, to): (NaiveDate, NaiveDate)) -> Result<Period, PeriodError> {
        Period::new(from, to)
    }
}

impl From<Period> for (NaiveDate, NaiveDate) {
    fn from(p: Period) -> Self {
        (p.from, p.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_ends_on_or_after_its_start_and_spans_at_most_five_years() {
        let p = Period::parse("2024-09-01", "2024-09-30").unwrap();
        assert!(p.contains(NaiveDate::from_ymd_opt(2024, 9, 30).unwrap()));
        assert!(!p.contains(NaiveDate::from_ymd_opt(2024, 10, 1).unwrap()));
        assert!(Period::parse("2024-09-01", "2024-09-01").is_ok(), "one day");
        let e = Period::parse("2024-09-30", "2024-09-01").unwrap_err();
        assert_eq!((e.field(), e.message().as_str()), ("to", "结束日期不能早于开始日期"));
        assert!(Period::parse("2020-01-01", "2024-12-31").is_ok(), "five calendar years");
        assert!(matches!(Period::parse("2020-01-01", "2025-01-06"), Err(PeriodError::TooLong { .. })));
        let e = Period::parse("2024-9-x", "2024-09-30").unwrap_err();
        assert_eq!((e.field(), e.message().as_str()), ("from", "请按“年-月-日”填写开始日期"));
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_period_splits_into_whole_months_and_loose_days() {
        let split = |from: &str, to: &str| Period::parse(from, to).unwrap().split_by_months();
        assert_eq!(split("2024-09-01", "2024-09-30"), Split { months: Some((d("2024-09-01"), d("2024-09-01"))), days: vec![] });
        assert_eq!(
            split("2024-09-15", "2024-12-10"),
            Split { months: Some((d("2024-10-01"), d("2024-11-01"))), days: vec![(d("2024-09-15"), d("2024-09-30")), (d("2024-12-01"), d("2024-12-10"))] }
        );
        assert_eq!(split("2024-09-02", "2024-09-29"), Split { months: None, days: vec![(d("2024-09-02"), d("2024-09-29"))] });
        assert_eq!(split("2024-09-15", "2024-10-14"), Split { months: None, days: vec![(d("2024-09-15"), d("2024-10-14"))] });
        assert_eq!(split("2024-02-01", "2024-02-29").months, Some((d("2024-02-01"), d("2024-02-01"))), "a leap February");
        assert_eq!(split("2024-12-01", "2025-01-31").months, Some((d("2024-12-01"), d("2025-01-01"))));
        // Whatever the split, it covers each day of the period exactly once.
        for (from, to) in [("2024-01-31", "2024-03-01"), ("2024-09-15", "2026-02-03"), ("2025-03-01", "2025-03-01"), ("2025-12-31", "2026-01-01")] {
            let p = Period::parse(from, to).unwrap();
            let s = p.split_by_months();
            let mut covered = Vec::new();
            if let Some((first, last)) = s.months {
                let mut m = first;
                while m <= last {
                    let next = m.checked_add_months(Months::new(1)).unwrap();
                    covered.extend(m.iter_days().take_while(|x| *x < next));
                    m = next;
                }
            }
            for (a, b) in &s.days {
                covered.extend(a.iter_days().take_while(|x| x <= b));
            }
            covered.sort();
            let want: Vec<NaiveDate> = p.from().iter_days().take_while(|x| *x <= p.to()).collect();
            assert_eq!(covered, want, "{from} {to}");
        }
    }
}

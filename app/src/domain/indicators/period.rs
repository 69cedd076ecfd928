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
            PeriodError::NotADate { field: "period", .. } => "请选择统计期间：某月、某季度、某年或起止日期".into(),
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

    /// Every day of the period, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        let to = self.to;
        self.from.iter_days().take_while(move |d| *d <= to)
    }

    /// A period as pages name it: `2026-11` a month, `2026-Q4` a quarter,
    /// `2026` a year, `2026-11-01..2026-11-15` any days.
    pub fn parse_code(code: &str) -> Result<Period, PeriodError> {
        let code = code.trim();
        let bad = || PeriodError::NotADate { field: "period", value: code.into() };
        if let Some((from, to)) = code.split_once("..") {
            return Period::parse(from, to);
        }
        let month_span = |year: i32, first: u32, months: u32| -> Result<Period, PeriodError> {
            let from = NaiveDate::from_ymd_opt(year, first, 1).ok_or_else(bad)?;
            let to = from.checked_add_months(Months::new(months)).and_then(|d| d.pred_opt()).ok_or_else(bad)?;
            Period::new(from, to)
        };
        match code.split_once('-') {
            None => month_span(code.parse().map_err(|_| bad())?, 1, 12),
            Some((year, rest)) => {
                let year: i32 = year.parse().map_err(|_| bad())?;
                match rest.strip_prefix('Q') {
                    Some(q) => match q.parse::<u32>() {
                        Ok(q @ 1..=4) => month_span(year, 3 * q - 2, 3),
                        _ => Err(bad()),
                    },
                    None => month_span(year, rest.parse().map_err(|_| bad())?, 1),
                }
            }
        }
    }

    /// What kind of period it is, for its name and the one before it.
    fn kind(&self) -> Kind {
        let ends_month = self.to.succ_opt().is_some_and(|d| d.day() == 1);
        let months = (self.to.year() - self.from.year()) * 12 + self.to.month() as i32 - self.from.month() as i32 + 1;
        match (self.from.day() == 1 && ends_month, months, self.from.month()) {
            (true, 1, _) => Kind::Month,
            (true, 3, m) if m % 3 == 1 => Kind::Quarter,
            (true, 12, 1) => Kind::Year,
            _ => Kind::Days,
        }
    }

    /// The text `parse_code` reads back.
    pub fn code(&self) -> String {
        match self.kind() {
            Kind::Month => self.from.format("%Y-%m").to_string(),
            Kind::Quarter => format!("{}-Q{}", self.from.year(), self.from.month().div_ceil(3)),
            Kind::Year => self.from.year().to_string(),
            Kind::Days => format!("{}..{}", self.from, self.to),
        }
    }

    /// The name people read: 2026年11月, 2026年第四季度, 2026年, 2026年11月1日至11月15日.
    pub fn name(&self) -> String {
        match self.kind() {
            Kind::Month => format!("{}年{}月", self.from.year(), self.from.month()),
            Kind::Quarter => format!("{}年第{}季度", self.from.year(), ["一", "二", "三", "四"][(self.from.month() / 3) as usize]),
            Kind::Year => format!("{}年", self.from.year()),
            Kind::Days if self.from == self.to => self.from.format("%Y年%-m月%-d日").to_string(),
            Kind::Days if self.from.year() == self.to.year() => {
                format!("{}年{}月{}日至{}月{}日", self.from.year(), self.from.month(), self.from.day(), self.to.month(), self.to.day())
            }
            Kind::Days => format!("{}至{}", self.from.format("%Y年%-m月%-d日"), self.to.format("%Y年%-m月%-d日")),
        }
    }

    /// The period before: the month, quarter or year before, or as many days just before.
    pub fn previous(&self) -> Period {
        let back = |months: u32| Period {
            from: self.from.checked_sub_months(Months::new(months)).unwrap_or(self.from),
            to: self.from.pred_opt().unwrap_or(self.from),
        };
        match self.kind() {
            Kind::Month => back(1),
            Kind::Quarter => back(3),
            Kind::Year => back(12),
            Kind::Days => {
                let days = self.to - self.from;
                let to = self.from.pred_opt().unwrap_or(self.from);
                Period { from: to - days, to }
            }
        }
    }

    /// The period after: the next month, quarter or year, or as many days just after.
    pub fn next(&self) -> Period {
        let forward = |months: u32| {
            let from = self.to.succ_opt().unwrap_or(self.to);
            Period { from, to: from.checked_add_months(Months::new(months)).and_then(|d| d.pred_opt()).unwrap_or(from) }
        };
        match self.kind() {
            Kind::Month => forward(1),
            Kind::Quarter => forward(3),
            Kind::Year => forward(12),
            Kind::Days => {
                let days = self.to - self.from;
                let from = self.to.succ_opt().unwrap_or(self.to);
                Period { from, to: from + days }
            }
        }
    }

    /// The same period a year earlier (同比); 29 February becomes the 28th.
    pub fn a_year_before(&self) -> Period {
        let back = |d: NaiveDate| d.checked_sub_months(Months::new(12)).unwrap_or(d);
        let to = if self.kind() == Kind::Days { back(self.to) } else { back(self.to.with_day(1).unwrap_or(self.to)).checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(self.to) };
        Period { from: back(self.from), to }
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Month,
    Quarter,
    Year,
    Days,
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

    #[test]
    fn named_periods_read_back_and_step() {
        let p = |code: &str| Period::parse_code(code).unwrap();
        assert_eq!((p("2026-11").from(), p("2026-11").to()), (d("2026-11-01"), d("2026-11-30")));
        assert_eq!((p("2024-02").name(), p("2024-02").to()), ("2024年2月".to_string(), d("2024-02-29")));
        assert_eq!((p("2026-Q4").from(), p("2026-Q4").to(), p("2026-Q4").name()), (d("2026-10-01"), d("2026-12-31"), "2026年第四季度".to_string()));
        assert_eq!((p("2026").from(), p("2026").to(), p("2026").name()), (d("2026-01-01"), d("2026-12-31"), "2026年".to_string()));
        assert_eq!(p("2026-11-03..2026-11-09").name(), "2026年11月3日至11月9日");
        assert_eq!(p("2026-11-30..2026-11-30").name(), "2026年11月30日");
        for code in ["2026-11", "2026-Q1", "2026", "2026-11-03..2026-11-09", "2025-12-30..2026-01-02"] {
            assert_eq!(p(code).code(), code);
        }
        assert_eq!(p("2026-03").previous(), p("2026-02"));
        assert_eq!(p("2026-01").previous(), p("2025-12"));
        assert_eq!(p("2026-Q1").previous(), p("2025-Q4"));
        assert_eq!(p("2026").previous(), p("2025"));
        assert_eq!(p("2026-11-03..2026-11-09").previous(), p("2026-10-27..2026-11-02"));
        assert_eq!(p("2026-02").next(), p("2026-03"));
        assert_eq!(p("2026-Q4").next(), p("2027-Q1"));
        assert_eq!(p("2026-11-03..2026-11-09").next(), p("2026-11-10..2026-11-16"));
        assert_eq!(p("2024-02").a_year_before(), p("2023-02"));
        assert_eq!(p("2025-02").a_year_before(), p("2024-02"), "a leap February in full");
        assert_eq!(p("2024-02-10..2024-02-29").a_year_before(), p("2023-02-10..2023-02-28"));
        for bad in ["2026-13", "2026-Q5", "x", "2026-11-31..2026-12-01", ""] {
            assert!(Period::parse_code(bad).is_err(), "{bad}");
        }
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

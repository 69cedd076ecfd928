//! The citizen's countdown to a deadline (SPEC §4): how many working days
//! are left, counting today when it is a working day (含本数), and the last
//! day in plain words. Pure: the server renders it, the browser re-computes
//! it every tick with the same calendar.

use super::calendar::WorkCalendar;
use super::deadline::{cst, cst_date, end_of_day};
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Countdown {
    /// Working days left including today; at least 2.
    Days { left: u32, last_day: NaiveDate },
    /// Today is the last day: hours and minutes until midnight (CST).
    LastDay { hours: u32, minutes: u32, last_day: NaiveDate },
    /// The deadline has passed: working days since the last day.
    Overdue { days: u32, last_day: NaiveDate },
}

/// Where `now` stands against a period ending on `last_day`.
pub fn countdown(cal: &WorkCalendar, last_day: NaiveDate, now: DateTime<Utc>) -> Countdown {
    let today = cst_date(now);
    if now >= end_of_day(last_day) {
        let days = match last_day.succ_opt() {
            Some(after) => cal.working_days_between(after, today).max(1),
            None => 1,
        };
        return Countdown::Overdue { days, last_day };
    }
    let left = cal.working_days_between(today, last_day);
    if left >= 2 {
        return Countdown::Days { left, last_day };
    }
    let local = now.with_timezone(&cst());
    let minutes_left = if today == last_day {
        (24 * 60 - (local.hour() * 60 + local.minute())).saturating_sub(1)
    } else {
        // The last day is ahead but only holidays lie between: a whole day.
        24 * 60 - 1
    };
    Countdown::LastDay { hours: minutes_left / 60, minutes: minutes_left % 60, last_day }
}

impl Countdown {
    /// "3 个工作日内答复，截止 10月12日" and its siblings, for `what` (答复, 签收 …).
    pub fn text(&self, what: &str) -> String {
        match self {
            Countdown::Days { left, last_day } => {
                format!("{left} 个工作日内{what}，截止 {}", month_day(*last_day))
            }
            Countdown::LastDay { hours, minutes, last_day } => {
                format!("今天（{}）是{what}的最后一天，还剩 {hours} 小时 {minutes} 分", month_day(*last_day))
            }
            Countdown::Overdue { days, last_day } => {
                format!("已超过{what}期限 {days} 个工作日（截止 {}）", month_day(*last_day))
            }
        }
    }

    pub fn is_overdue(&self) -> bool {
        matches!(self, Countdown::Overdue { .. })
    }
}

/// `10月12日`.
pub fn month_day(d: NaiveDate) -> String {
    format!("{}月{}日", d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        cst().with_ymd_and_hms(y, m, d, h, min, 0).unwrap().with_timezone(&Utc)
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn counts_today_and_skips_the_national_day_week() {
        let cal = WorkCalendar::builtin();
        // Mon 2024-09-30 is a working day; 1–7 Oct are off; 8–11 Oct work (12 Oct is a make-up Saturday).
        let c = countdown(&cal, day(2024, 10, 12), at(2024, 9, 30, 9, 0));
        assert_eq!(c, Countdown::Days { left: 6, last_day: day(2024, 10, 12) });
        assert_eq!(c.text("答复"), "6 个工作日内答复，截止 10月12日");
    }

    #[test]
    fn the_last_day_counts_hours_until_midnight_china_time() {
        let cal = WorkCalendar::builtin();
        let c = countdown(&cal, day(2024, 10, 16), at(2024, 10, 16, 21, 30));
        assert_eq!(c, Countdown::LastDay { hours: 2, minutes: 29, last_day: day(2024, 10, 16) });
        assert!(c.text("答复").contains("最后一天"));
    }

    #[test]
    fn a_weekend_before_the_last_day_is_still_the_last_day() {
        let cal = WorkCalendar::builtin();
        // Saturday 2024-10-19 with the last day on Monday the 21st: one working day left.
        let c = countdown(&cal, day(2024, 10, 21), at(2024, 10, 19, 10, 0));
        assert!(matches!(c, Countdown::LastDay { hours: 23, minutes: 59, .. }), "{c:?}");
    }

    #[test]
    fn overdue_counts_working_days_after_the_last_day() {
        let cal = WorkCalendar::builtin();
        // Last day Fri 2024-10-18; Mon 21 and Tue 22 are the 1st and 2nd overdue working days.
        let c = countdown(&cal, day(2024, 10, 18), at(2024, 10, 22, 8, 0));
        assert_eq!(c, Countdown::Overdue { days: 2, last_day: day(2024, 10, 18) });
        assert!(c.is_overdue());
        // Just after midnight on Saturday: overdue by at least one day.
        let c = countdown(&cal, day(2024, 10, 18), at(2024, 10, 19, 0, 1));
        assert_eq!(c, Countdown::Overdue { days: 1, last_day: day(2024, 10, 18) });
    }
}

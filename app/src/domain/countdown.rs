//! The citizen's countdown to a deadline (SPEC §4): how many working days
//! are left, counting today when it is a working day (含本数), and the last
//! day in plain words. Pure: the server renders it, the browser re-computes
//! it every tick with the same calendar.

use super::calendar::WorkCalendar;
use super::deadline::{cst_date, end_of_day};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Countdown {
    /// Working days left including today; at least 2.
    Days { left: u32, last_day: NaiveDate },
    /// Today is the last day: hours and minutes until midnight (CST).
    LastDay { hours: u32, minutes: u32, last_day: NaiveDate },
    /// Today is not a working day (a weekend, a holiday) and the next
    /// working day is the last one: one working day left, `days_ahead`
    /// calendar days away.
    NextWorkingDay { days_ahead: u32, last_day: NaiveDate },
    /// The deadline has passed: working days since the last day.
    Overdue { days: u32, last_day: NaiveDate },
}

/// Where `now` stands against a period ending on `last_day`. Agrees with
/// the server's clocks: overdue exactly when [`Deadline::is_overdue`], the
/// days left are [`Deadline::working_days_left`], and "today" is today in
/// China (property-tested in `countdown_props`).
///
/// [`Deadline::is_overdue`]: super::deadline::Deadline::is_overdue
/// [`Deadline::working_days_left`]: super::deadline::Deadline::working_days_left
pub fn countdown(cal: &WorkCalendar, last_day: NaiveDate, now: DateTime<Utc>) -> Countdown {
    let today = cst_date(now);
    let end = end_of_day(last_day);
    if now >= end {
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
    if today == last_day {
        let minutes_left = u32::try_from((end - now).num_minutes()).unwrap_or(0);
        return Countdown::LastDay { hours: minutes_left / 60, minutes: minutes_left % 60, last_day };
    }
    // Only non-working days lie between today and the last day.
    let days_ahead = u32::try_from((last_day - today).num_days()).unwrap_or(1);
    Countdown::NextWorkingDay { days_ahead, last_day }
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
            Countdown::NextWorkingDay { days_ahead, last_day } => {
                let when = if *days_ahead == 1 {
                    format!("明天（{}）", month_day(*last_day))
                } else {
                    format!("{}（{}）", month_day(*last_day), weekday_cn(*last_day))
                };
                format!("还剩 1 个工作日：{what}的最后一天是{when}，当天 24 时截止")
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

/// 周一 … 周日.
fn weekday_cn(d: NaiveDate) -> &'static str {
    crate::domain::indicators::WEEKDAYS[d.weekday().num_days_from_monday() as usize]
}

/// `10月12日`.
pub fn month_day(d: NaiveDate) -> String {
    format!("{}月{}日", d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deadline::cst;
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
        assert_eq!(c, Countdown::LastDay { hours: 2, minutes: 30, last_day: day(2024, 10, 16) });
        assert!(c.text("答复").contains("最后一天"));
    }

    #[test]
    fn a_weekend_before_the_last_day_is_not_the_last_day() {
        let cal = WorkCalendar::builtin();
        // Saturday 2024-10-19 with the last day on Monday the 21st: one working day left, not "today".
        let c = countdown(&cal, day(2024, 10, 21), at(2024, 10, 19, 10, 0));
        assert_eq!(c, Countdown::NextWorkingDay { days_ahead: 2, last_day: day(2024, 10, 21) });
        assert_eq!(c.text("签收"), "还剩 1 个工作日：签收的最后一天是10月21日（周一），当天 24 时截止");
        // Issue 14 §1.3: Sunday 29 November 2026 at 21:55, the return window closing on Monday 30th.
        let c = countdown(&cal, day(2026, 11, 30), at(2026, 11, 29, 21, 55));
        assert_eq!(c.text("申请退回"), "还剩 1 个工作日：申请退回的最后一天是明天（11月30日），当天 24 时截止");
        // The same on Monday itself: today, with the hours truly left.
        let c = countdown(&cal, day(2026, 11, 30), at(2026, 11, 30, 21, 55));
        assert_eq!(c.text("申请退回"), "今天（11月30日）是申请退回的最后一天，还剩 2 小时 5 分");
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

    mod props {
        use super::super::*;
        use crate::domain::deadline::{cst, deadline};
        use crate::domain::deadline::TimeLimit;
        use chrono::{Duration, TimeZone};
        use proptest::prelude::*;
        use std::sync::OnceLock;

        fn cal() -> &'static WorkCalendar {
            static CAL: OnceLock<WorkCalendar> = OnceLock::new();
            CAL.get_or_init(WorkCalendar::builtin)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]

            /// The browser's countdown says what the server's clock computes,
            /// on weekends, holidays and make-up working days alike: overdue at
            /// the same instant, the same working days left, "today" only on the
            /// last day itself, and the minutes truly left until its midnight.
            #[test]
            fn the_countdown_agrees_with_the_servers_clock(
                // 2021–2026: the years whose national and regional notices are both loaded.
                start_minute in 0i64..((6 * 365 - 60) * 24 * 60),
                days in 1u16..=20,
                later_minutes in 0i64..(40 * 24 * 60),
            ) {
                let start = cst().with_ymd_and_hms(2021, 1, 1, 0, 0, 0).unwrap().with_timezone(&Utc) + Duration::minutes(start_minute);
                let due = deadline(cal(), TimeLimit::Statutory { days }, start);
                let now = start + Duration::minutes(later_minutes);
                let c = countdown(cal(), due.last_day, now);
                let today = cst_date(now);
                prop_assert_eq!(c.is_overdue(), due.is_overdue(now));
                match c {
                    Countdown::Days { left, .. } => {
                        prop_assert!(left >= 2);
                        prop_assert_eq!(left, due.working_days_left(cal(), now));
                    }
                    Countdown::LastDay { hours, minutes, .. } => {
                        prop_assert_eq!(today, due.last_day);
                        prop_assert_eq!(i64::from(hours * 60 + minutes), (due.due_at() - now).num_minutes());
                        prop_assert!(c.text("答复").starts_with("今天"));
                    }
                    Countdown::NextWorkingDay { days_ahead, .. } => {
                        prop_assert!(today < due.last_day);
                        prop_assert_eq!(cal().is_working_day(today), Ok(false));
                        prop_assert_eq!(due.working_days_left(cal(), now), 1);
                        prop_assert_eq!(today + Duration::days(i64::from(days_ahead)), due.last_day);
                        prop_assert!(!c.text("答复").contains("今天"));
                    }
                    Countdown::Overdue { days, .. } => {
                        prop_assert!(days >= 1);
                        prop_assert_eq!(due.working_days_left(cal(), now), 0);
                    }
                }
            }
        }
    }
}

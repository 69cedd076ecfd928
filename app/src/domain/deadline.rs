//! Every clock of SPEC §4, counted in working days with the first day
//! included (含本数), in China Standard Time.

use super::calendar::{Counted, NoCalendarData, WorkCalendar};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// China Standard Time, UTC+8, no daylight saving.
pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// An instant in China Standard Time, to the minute: `2024-10-16 09:30`.
pub fn cst_minute(at: DateTime<Utc>) -> String {
    at.with_timezone(&cst()).format("%Y-%m-%d %H:%M").to_string()
}

/// The calendar day in China of an instant.
pub fn cst_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&cst()).date_naive()
}

/// The instant a deadline day ends: 24:00 CST, i.e. the next midnight.
pub fn end_of_day(day: NaiveDate) -> DateTime<Utc> {
    let next = day.succ_opt().unwrap_or(day);
    cst()
        .from_local_datetime(&next.and_time(NaiveTime::MIN))
        .single()
        .expect("a fixed offset has no gaps")
        .with_timezone(&Utc)
}

/// A deadline as a work list reads it (SPEC §4): its last day as the
/// Measures count it, never the instant after it ("12-19 00:00" reads as
/// the 19th to an official), with the working days left counting today
/// (含本数). A deadline at another instant (not a day's end) shows its time.
pub fn due_in_words(cal: &WorkCalendar, due_at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let local = due_at.with_timezone(&cst());
    if local.time() != NaiveTime::MIN {
        return format!("{}月{}日 {:02}:{:02}前", local.month(), local.day(), local.hour(), local.minute());
    }
    let last_day = local.date_naive().pred_opt().unwrap_or(local.date_naive());
    let day = format!("{}月{}日", last_day.month(), last_day.day());
    let today = cst_date(now);
    if now >= due_at {
        format!("截止{day}")
    } else if last_day == today {
        format!("截止今天（{day}）")
    } else {
        format!("截止{day}（还剩 {} 个工作日）", cal.working_days_between(today, last_day))
    }
}

/// What people are told of a deadline counted in years whose holiday notice
/// is not loaded (SPEC §4: visible as a warning, never presented as certain).
pub fn assumed_years_text<'a>(years: impl IntoIterator<Item = &'a i32>) -> Option<String> {
    let years: Vec<String> = years.into_iter().map(|y| format!("{y}年")).collect();
    (!years.is_empty()).then(|| format!("{}节假日安排尚未公布，按常规工作日推算，如有调整另行告知", years.join("、")))
}

/// How a period counted across regional festivals is explained: "含古尔邦节放假
/// （6月6日至6月10日）" — a Xinjiang deadline is later than the national
/// calendar alone would say, and people must see why.
pub fn festival_note(cal: &WorkCalendar, from: NaiveDate, to: NaiveDate) -> Option<String> {
    use chrono::Datelike;
    let mut spans: Vec<(&str, NaiveDate, NaiveDate)> = Vec::new();
    for d in cal.regional_days_off(from, to) {
        match spans.last_mut() {
            Some((name, _, end)) if *name == d.name.as_str() && end.succ_opt() == Some(d.date) => *end = d.date,
            _ => spans.push((d.name.as_str(), d.date, d.date)),
        }
    }
    let md = |d: NaiveDate| format!("{}月{}日", d.month(), d.day());
    let parts: Vec<String> = spans
        .iter()
        .map(|(name, a, b)| {
            if a == b {
                format!("{name}放假（{}）", md(*a))
            } else {
                format!("{name}放假（{}至{}）", md(*a), md(*b))
            }
        })
        .collect();
    (!parts.is_empty()).then(|| format!("期间含{}", parts.join("、")))
}

/// The time limits of the Measures, each with its length and whether it may be extended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeLimit {
    /// Art. 19(1): 5 working days.
    Consultation,
    /// Art. 19(2): 15 working days.
    Complaint,
    Help,
    Suggestion,
    /// Art. 19(3): a stricter statutory limit configured per category.
    Statutory { days: u16 },
    /// Art. 29: answer within 2 working days (notify within 30 minutes).
    Emergency,
    /// Art. 16(2): return request within 1 working day of receipt.
    Return,
    /// Art. 25: redo within 5 working days.
    Redo,
    /// Art. 38: appeal within 3 working days of publication.
    Appeal,
    /// Art. 31: a supervision's own deadline.
    Supervision { days: u16 },
}

/// Why an extension is not allowed (Art. 20).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ExtensionRefused {
    #[error("Art. 20: at most 2 extensions")]
    TooMany,
    #[error("Art. 20: emergency items cannot be extended")]
    Emergency,
    #[error("Art. 20: only handling periods can be extended, not the return window (Art. 16)")]
    ReturnWindow,
    #[error("Art. 20: only handling periods can be extended, not the redo period (Art. 25)")]
    Redo,
    #[error("Art. 20: only handling periods can be extended, not the appeal period (Art. 38)")]
    Appeal,
    #[error("Art. 20: only handling periods can be extended, not a supervision deadline (Art. 31)")]
    Supervision,
}

/// At most two extensions (Art. 20).
pub const MAX_EXTENSIONS: u8 = 2;

/// Minutes within which the center notifies units of an emergency (Art. 29).
pub const EMERGENCY_NOTIFY_MINUTES: i64 = 30;

impl TimeLimit {
    pub const RULE_CODES: [&'static str; 8] =
        ["consultation", "complaint", "help", "suggestion", "emergency", "return", "redo", "appeal"];

    /// Parses the rule names of `hotline deadline --rule`.
    pub fn parse(code: &str) -> Option<TimeLimit> {
        Some(match code {
            "consultation" => TimeLimit::Consultation,
            "complaint" => TimeLimit::Complaint,
            "help" => TimeLimit::Help,
            "suggestion" => TimeLimit::Suggestion,
            "emergency" => TimeLimit::Emergency,
            "return" => TimeLimit::Return,
            "redo" => TimeLimit::Redo,
            "appeal" => TimeLimit::Appeal,
            _ => return None,
        })
    }

    /// The length in working days.
    pub fn working_days(self) -> u32 {
        match self {
            TimeLimit::Consultation | TimeLimit::Redo => 5,
            TimeLimit::Complaint | TimeLimit::Help | TimeLimit::Suggestion => 15,
            TimeLimit::Statutory { days } | TimeLimit::Supervision { days } => u32::from(days.max(1)),
            TimeLimit::Emergency => 2,
            TimeLimit::Return => 1,
            TimeLimit::Appeal => 3,
        }
    }

    /// The article that sets this limit.
    pub fn article(self) -> &'static str {
        match self {
            TimeLimit::Consultation => "Art. 19(1)",
            TimeLimit::Complaint | TimeLimit::Help | TimeLimit::Suggestion => "Art. 19(2)",
            TimeLimit::Statutory { .. } => "Art. 19(3)",
            TimeLimit::Emergency => "Art. 29",
            TimeLimit::Return => "Art. 16(2)",
            TimeLimit::Redo => "Art. 25",
            TimeLimit::Appeal => "Art. 38",
            TimeLimit::Supervision { .. } => "Art. 31",
        }
    }

    /// Working days one extension adds (Art. 20): 5 for 15-day items, the
    /// item's own limit otherwise; or why this limit cannot be extended.
    pub fn extension_step(self) -> Result<u32, ExtensionRefused> {
        match self {
            TimeLimit::Emergency => Err(ExtensionRefused::Emergency),
            TimeLimit::Return => Err(ExtensionRefused::ReturnWindow),
            TimeLimit::Redo => Err(ExtensionRefused::Redo),
            TimeLimit::Appeal => Err(ExtensionRefused::Appeal),
            TimeLimit::Supervision { .. } => Err(ExtensionRefused::Supervision),
            TimeLimit::Complaint | TimeLimit::Help | TimeLimit::Suggestion => Ok(5),
            TimeLimit::Consultation | TimeLimit::Statutory { .. } => {
                if self.working_days() == 15 {
                    Ok(5)
                } else {
                    Ok(self.working_days())
                }
            }
        }
    }

    /// Checks that `extensions` more extensions are allowed and returns the total days they add.
    pub fn extension_days(self, extensions: u8) -> Result<u32, ExtensionRefused> {
        if extensions == 0 {
            return Ok(0);
        }
        let step = self.extension_step()?;
        if extensions > MAX_EXTENSIONS {
            return Err(ExtensionRefused::TooMany);
        }
        Ok(step * u32::from(extensions))
    }
}

/// A computed deadline: the last allowed day and the instant it ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// The last working day of the period.
    pub last_day: NaiveDate,
    /// Years for which no calendar data was loaded and plain weeks were
    /// assumed; empty when the deadline rests entirely on published notices.
    pub assumed_years: BTreeSet<i32>,
}

impl Deadline {
    fn from_counted(c: Counted) -> Deadline {
        Deadline { last_day: c.date, assumed_years: c.assumed_years }
    }

    /// The instant the period ends (24:00 CST of the last day).
    pub fn due_at(&self) -> DateTime<Utc> {
        end_of_day(self.last_day)
    }

    /// The end of the last day as shown to people: `YYYY-MM-DDT23:59:59+08:00`.
    pub fn due_rfc3339(&self) -> String {
        format!("{}T23:59:59+08:00", self.last_day.format("%Y-%m-%d"))
    }

    /// Whether the deadline rests only on published calendar data.
    pub fn is_certain(&self) -> bool {
        self.assumed_years.is_empty()
    }

    pub fn strict(self) -> Result<Deadline, NoCalendarData> {
        match self.assumed_years.iter().next() {
            Some(&y) => Err(NoCalendarData(y)),
            None => Ok(self),
        }
    }

    /// Moves the deadline `days` working days later (an approved extension).
    pub fn extended(&self, cal: &WorkCalendar, days: u32) -> Deadline {
        if days == 0 {
            return self.clone();
        }
        let c = cal.working_days_after(self.last_day, days);
        let mut assumed = self.assumed_years.clone();
        assumed.extend(c.assumed_years);
        Deadline { last_day: c.date, assumed_years: assumed }
    }

    /// Whether the instant `now` is past the end of the last day.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        now >= self.due_at()
    }

    /// Working days left counting today (含本数): 1 on the last day itself, 0 when overdue.
    pub fn working_days_left(&self, cal: &WorkCalendar, now: DateTime<Utc>) -> u32 {
        cal.working_days_between(cst_date(now), self.last_day)
    }
}

/// The deadline of a period of `limit` that starts at `from`.
pub fn deadline(cal: &WorkCalendar, limit: TimeLimit, from: DateTime<Utc>) -> Deadline {
    Deadline::from_counted(cal.nth_working_day(cst_date(from), limit.working_days()))
}

/// The deadline after `extensions` approved extensions (Art. 20).
pub fn deadline_with_extensions(
    cal: &WorkCalendar,
    limit: TimeLimit,
    from: DateTime<Utc>,
    extensions: u8,
) -> Result<Deadline, ExtensionRefused> {
    let days = limit.extension_days(extensions)?;
    Ok(deadline(cal, limit, from).extended(cal, days))
}

/// The emergency notification deadline: 30 minutes of clock time (Art. 29).
pub fn notify_by(from: DateTime<Utc>) -> DateTime<Utc> {
    from + Duration::minutes(EMERGENCY_NOTIFY_MINUTES)
}

/// The warning level of a running clock (SPEC §4, Art. 32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    /// More than one working day left.
    Normal,
    /// Due within one working day (today is the last day).
    Amber,
    /// Past due.
    Red,
}

/// The warning for a deadline at `now`.
pub fn warning(cal: &WorkCalendar, due: &Deadline, now: DateTime<Utc>) -> Warning {
    if due.is_overdue(now) {
        Warning::Red
    } else if due.working_days_left(cal, now) <= 1 {
        Warning::Amber
    } else {
        Warning::Normal
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }
    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn complaint_before_national_day_2024() {
        let cal = WorkCalendar::builtin();
        // Mon 23 Sep 2024: 23,24,25,26,27(5), 29 Sun(6), 30(7), 8,9,10,11(11), 12 Sat(12), 14,15,16(15).
        let due = deadline(&cal, TimeLimit::Complaint, at("2024-09-23T09:00:00+08:00"));
        assert_eq!(due.last_day, d("2024-10-16"));
        assert_eq!(due.due_rfc3339(), "2024-10-16T23:59:59+08:00");
        assert!(due.is_certain());
    }

    #[test]
    fn the_day_is_taken_in_china_time() {
        let cal = WorkCalendar::builtin();
        // 17:00 UTC Friday is 01:00 Saturday in China: day 1 is Monday.
        let due = deadline(&cal, TimeLimit::Return, at("2024-12-06T17:00:00Z"));
        assert_eq!(due.last_day, d("2024-12-09"));
        let due = deadline(&cal, TimeLimit::Return, at("2024-12-06T15:59:59Z"));
        assert_eq!(due.last_day, d("2024-12-06"));
    }

    #[test]
    fn consultation_in_spring_festival_2026() {
        let cal = WorkCalendar::builtin();
        // Fri 13 Feb 2026 (1), Sat 14 Feb working (2), 24,25,26 (5).
        let due = deadline(&cal, TimeLimit::Consultation, at("2026-02-13T10:00:00+08:00"));
        assert_eq!(due.last_day, d("2026-02-26"));
    }

    #[test]
    fn extensions_follow_article_20() {
        let cal = WorkCalendar::builtin();
        let from = at("2024-03-01T10:00:00+08:00");
        let base = deadline(&cal, TimeLimit::Complaint, from);
        let one = deadline_with_extensions(&cal, TimeLimit::Complaint, from, 1).unwrap();
        assert_eq!(cal.working_days_between(base.last_day.succ_opt().unwrap(), one.last_day), 5);
        assert_eq!(TimeLimit::Consultation.extension_days(2), Ok(10));
        assert_eq!(TimeLimit::Statutory { days: 7 }.extension_days(1), Ok(7));
        assert_eq!(TimeLimit::Complaint.extension_days(3), Err(ExtensionRefused::TooMany));
        assert_eq!(TimeLimit::Emergency.extension_days(1), Err(ExtensionRefused::Emergency));
        assert_eq!(TimeLimit::Return.extension_days(1), Err(ExtensionRefused::ReturnWindow));
        assert_eq!(TimeLimit::Redo.extension_days(1), Err(ExtensionRefused::Redo));
        assert_eq!(TimeLimit::Appeal.extension_days(1), Err(ExtensionRefused::Appeal));
        assert_eq!(TimeLimit::Emergency.extension_days(0), Ok(0));
        assert!(ExtensionRefused::TooMany.to_string().starts_with("Art. 20"));
    }

    #[test]
    fn emergency_notify_is_clock_time() {
        assert_eq!(notify_by(at("2024-10-01T23:45:00+08:00")), at("2024-10-02T00:15:00+08:00"));
    }

    #[test]
    fn warnings() {
        let cal = WorkCalendar::builtin();
        let due = Deadline { last_day: d("2024-10-09"), assumed_years: BTreeSet::new() };
        assert_eq!(warning(&cal, &due, at("2024-09-30T10:00:00+08:00")), Warning::Normal);
        // 8 Oct: two working days left (8, 9) → normal; on 9 Oct amber.
        assert_eq!(warning(&cal, &due, at("2024-10-08T10:00:00+08:00")), Warning::Normal);
        assert_eq!(warning(&cal, &due, at("2024-10-09T23:00:00+08:00")), Warning::Amber);
        // During the holiday before a last working day: only 1 working day remains.
        let due2 = Deadline { last_day: d("2024-10-08"), assumed_years: BTreeSet::new() };
        assert_eq!(warning(&cal, &due2, at("2024-10-03T10:00:00+08:00")), Warning::Amber);
        assert_eq!(warning(&cal, &due, at("2024-10-10T00:00:00+08:00")), Warning::Red);
    }

    #[test]
    fn a_work_list_reads_the_last_day_and_the_working_days_left() {
        let cal = WorkCalendar::builtin();
        // Due at the end of Friday 18 December 2026: 24:00, i.e. the 19th's midnight.
        let due = end_of_day(NaiveDate::from_ymd_opt(2026, 12, 18).unwrap());
        // Wednesday 16th: the 16th, 17th and 18th are left (含本数).
        assert_eq!(due_in_words(&cal, due, at("2026-12-16T10:00:00+08:00")), "截止12月18日（还剩 3 个工作日）");
        // From the weekend before, Monday to Friday are left.
        assert_eq!(due_in_words(&cal, due, at("2026-12-13T21:50:00+08:00")), "截止12月18日（还剩 5 个工作日）");
        assert_eq!(due_in_words(&cal, due, at("2026-12-18T23:59:00+08:00")), "截止今天（12月18日）");
        assert_eq!(due_in_words(&cal, due, at("2026-12-19T00:00:00+08:00")), "截止12月18日");
        // Not a day's end: the time is shown (an emergency's 30-minute notice).
        assert_eq!(due_in_words(&cal, at("2026-12-16T10:30:00+08:00"), at("2026-12-16T10:00:00+08:00")), "12月16日 10:30前");
    }
}

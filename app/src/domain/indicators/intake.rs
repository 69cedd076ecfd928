//! When requests come in (SPEC §7: volume by day and hour): the weekday and
//! the hour, China time, a registration falls in — as the rollups key it
//! (`3-09`: a Wednesday, 09:00–09:59) and as the heat map shows it.

use crate::domain::deadline::cst;
use chrono::{DateTime, Datelike, Timelike, Utc};

/// 周一 … 周日, Monday first.
pub const WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// One hour of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct IntakeHour {
    /// 0 = Monday … 6 = Sunday.
    weekday: u8,
    /// 0–23.
    hour: u8,
}

impl IntakeHour {
    /// The hours of a week.
    pub const COUNT: usize = 7 * 24;

    pub fn of(at: DateTime<Utc>) -> IntakeHour {
        let local = at.with_timezone(&cst());
        IntakeHour { weekday: local.weekday().num_days_from_monday() as u8, hour: local.hour() as u8 }
    }

    /// `3-09` (weekdays counted from 1 = Monday, as people do).
    pub fn key(&self) -> String {
        format!("{}-{:02}", self.weekday + 1, self.hour)
    }

    pub fn parse(key: &str) -> Option<IntakeHour> {
        let (day, hour) = key.split_once('-')?;
        let (day, hour) = (day.parse::<u8>().ok()?, hour.parse::<u8>().ok()?);
        ((1..=7).contains(&day) && hour < 24 && key.len() == 4).then(|| IntakeHour { weekday: day - 1, hour })
    }

    /// `周三 9时`.
    pub fn label(&self) -> String {
        format!("{} {}时", WEEKDAYS[usize::from(self.weekday)], self.hour)
    }

    /// Its place in a week's hours, Monday 0时 first.
    pub fn index(&self) -> usize {
        usize::from(self.weekday) * 24 + usize::from(self.hour)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_falls_in_its_china_hour_and_keys_read_back() {
        // 2026-11-30 is a Monday; 01:30 UTC is 09:30 in China.
        let at = DateTime::parse_from_rfc3339("2026-11-30T01:30:00Z").unwrap().with_timezone(&Utc);
        let h = IntakeHour::of(at);
        assert_eq!((h.key().as_str(), h.label().as_str(), h.index()), ("1-09", "周一 9时", 9));
        // Sunday 23:59 in China is Sunday, not Monday, though UTC says 15:59.
        let late = DateTime::parse_from_rfc3339("2026-11-29T15:59:00Z").unwrap().with_timezone(&Utc);
        assert_eq!((IntakeHour::of(late).key().as_str(), IntakeHour::of(late).index()), ("7-23", IntakeHour::COUNT - 1));
        for i in 0..IntakeHour::COUNT {
            let h = IntakeHour { weekday: (i / 24) as u8, hour: (i % 24) as u8 };
            assert_eq!(IntakeHour::parse(&h.key()), Some(h));
            assert_eq!(h.index(), i);
        }
        for bad in ["", "0-09", "8-01", "1-24", "1-9", "x-01", "1-0x", "1_09"] {
            assert_eq!(IntakeHour::parse(bad), None, "{bad}");
        }
    }
}

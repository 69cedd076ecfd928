//! The working-day calendar (SPEC §4): a national layer from the State
//! Council's yearly notice and a regional layer on top that overrides it.
//!
//! A date is a working day when it is Monday–Friday and not declared off, or
//! when it is declared an adjusted working day (调休上班). A year without
//! national data is never silently treated as plain weeks: the strict API
//! returns [`NoCalendarData`], the lenient one reports the years it assumed.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The first year for which the national notice ships with the product.
pub const BUILTIN_FIRST_YEAR: i32 = 2020;

/// The State Council notices 2020–2026, in the holiday-cn format.
const BUILTIN_NOTICES: [&str; 7] = [
    include_str!("../../calendar/cn/2020.json"),
    include_str!("../../calendar/cn/2021.json"),
    include_str!("../../calendar/cn/2022.json"),
    include_str!("../../calendar/cn/2023.json"),
    include_str!("../../calendar/cn/2024.json"),
    include_str!("../../calendar/cn/2025.json"),
    include_str!("../../calendar/cn/2026.json"),
];

/// The first year for which Xinjiang's regional notice ships. 2020's was not
/// found (see `calendar/xj/SOURCES.md`): 2020 counts carry the warning.
pub const REGIONAL_FIRST_YEAR: i32 = 2021;

/// The Xinjiang Uygur Autonomous Region's notices 2021–2026: 肉孜节 and
/// 古尔邦节 (自治区人民政府令第174号), one file a year in the holiday-cn
/// format, each naming the notice (or its relays) in `papers`.
const REGIONAL_NOTICES: [&str; 6] = [
    include_str!("../../calendar/xj/2021.json"),
    include_str!("../../calendar/xj/2022.json"),
    include_str!("../../calendar/xj/2023.json"),
    include_str!("../../calendar/xj/2024.json"),
    include_str!("../../calendar/xj/2025.json"),
    include_str!("../../calendar/xj/2026.json"),
];

/// The public holidays the State Council's holiday rules (全国年节及纪念日放假办法,
/// as amended in 2024) fix by Gregorian date: 1 January, 1–2 May, 1–3 October.
/// The lunar ones (春节, 清明, 端午, 中秋) and the adjusted days come only from
/// the yearly notice. Used for a year whose notice is not loaded yet.
pub fn is_fixed_statutory_holiday(date: NaiveDate) -> bool {
    matches!((date.month(), date.day()), (1, 1) | (5, 1) | (5, 2) | (10, 1) | (10, 2) | (10, 3))
}

/// Which layer a declaration belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    National,
    Regional,
}

impl Layer {
    pub fn code(self) -> &'static str {
        match self {
            Layer::National => "national",
            Layer::Regional => "regional",
        }
    }
    pub fn parse(s: &str) -> Option<Layer> {
        match s {
            "national" => Some(Layer::National),
            "regional" => Some(Layer::Regional),
            _ => None,
        }
    }
}

/// One declared day: a holiday (off) or an adjusted working day (on).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredDay {
    pub date: NaiveDate,
    pub name: String,
    pub off: bool,
}

/// The "no calendar data for year Y" signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("no calendar data for year {0}")]
pub struct NoCalendarData(pub i32);

/// Why a holiday notice file could not be read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    #[error("not a holiday-cn calendar file: {0}")]
    Format(String),
    #[error("invalid date {0:?} in calendar file")]
    Date(String),
    #[error("date {date} is listed twice with different meanings")]
    Conflict { date: NaiveDate },
    #[error("year {0} is out of the supported range")]
    Year(i32),
}

/// A yearly notice in the holiday-cn format (`{year, papers, days: [{name, date, isOffDay}]}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayNotice {
    pub year: i32,
    pub papers: Vec<String>,
    pub days: Vec<DeclaredDay>,
}

#[derive(Deserialize)]
struct RawNotice {
    year: i32,
    #[serde(default)]
    papers: Vec<String>,
    days: Vec<RawDay>,
}

#[derive(Deserialize)]
struct RawDay {
    name: String,
    date: String,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

impl HolidayNotice {
    /// Parses a holiday-cn JSON document, rejecting bad dates and contradictions.
    pub fn parse(json: &str) -> Result<HolidayNotice, NoticeError> {
        let raw: RawNotice =
            serde_json::from_str(json).map_err(|e| NoticeError::Format(e.to_string()))?;
        if !(1900..=2200).contains(&raw.year) {
            return Err(NoticeError::Year(raw.year));
        }
        let mut seen: BTreeMap<NaiveDate, bool> = BTreeMap::new();
        let mut days = Vec::with_capacity(raw.days.len());
        for d in raw.days {
            let date = NaiveDate::parse_from_str(&d.date, "%Y-%m-%d")
                .map_err(|_| NoticeError::Date(d.date.clone()))?;
            if let Some(prev) = seen.insert(date, d.is_off_day) {
                if prev != d.is_off_day {
                    return Err(NoticeError::Conflict { date });
                }
                continue;
            }
            days.push(DeclaredDay { date, name: d.name, off: d.is_off_day });
        }
        Ok(HolidayNotice { year: raw.year, papers: raw.papers, days })
    }

    /// The notice as holiday-cn JSON (the inverse of [`HolidayNotice::parse`]).
    pub fn to_json(&self) -> String {
        let days: Vec<serde_json::Value> = self
            .days
            .iter()
            .map(|d| {
                serde_json::json!({"name": d.name, "date": d.date.to_string(), "isOffDay": d.off})
            })
            .collect();
        serde_json::to_string_pretty(&serde_json::json!({
            "year": self.year, "papers": self.papers, "days": days
        }))
        .unwrap_or_default()
    }
}

/// A working-day calendar: national notices plus regional overrides.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkCalendar {
    /// Years covered by a national notice.
    national_years: BTreeSet<i32>,
    national: BTreeMap<NaiveDate, DeclaredDay>,
    regional: BTreeMap<NaiveDate, DeclaredDay>,
    /// Years covered by a regional notice.
    #[serde(default)]
    regional_years: BTreeSet<i32>,
    /// Whether a year also needs its regional notice to be known (Xinjiang
    /// announces its festivals yearly; without the notice a count is a guess).
    #[serde(default)]
    regional_required: bool,
}

/// The result of a lenient count: the date, and the years for which plain
/// weeks had to be assumed because no notice was loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counted {
    pub date: NaiveDate,
    pub assumed_years: BTreeSet<i32>,
}

impl Counted {
    /// Turns a count into the strict answer: an error names the first year without data.
    pub fn strict(self) -> Result<NaiveDate, NoCalendarData> {
        match self.assumed_years.iter().next() {
            Some(&y) => Err(NoCalendarData(y)),
            None => Ok(self.date),
        }
    }
}

impl WorkCalendar {
    /// An empty calendar: every year is unknown.
    pub fn empty() -> WorkCalendar {
        WorkCalendar::default()
    }

    /// The calendar of this prefecture as shipped: the State Council notices
    /// 2020–2026 and Xinjiang's regional notices 2021–2026 on top. A year
    /// needs both to be known.
    pub fn builtin() -> WorkCalendar {
        let mut cal = WorkCalendar::national_only();
        for json in REGIONAL_NOTICES {
            let notice = HolidayNotice::parse(json).expect("built-in calendar data is valid");
            cal.import(&notice, Layer::Regional);
        }
        cal.regional_required = true;
        cal
    }

    /// The national layer alone (a region without notices of its own).
    pub fn national_only() -> WorkCalendar {
        let mut cal = WorkCalendar::empty();
        for json in BUILTIN_NOTICES {
            // The shipped files are checked by the tests; a broken one is a build defect.
            let notice = HolidayNotice::parse(json).expect("built-in calendar data is valid");
            cal.import(&notice, Layer::National);
        }
        cal
    }

    /// Adds a notice to a layer. A national notice marks its year as covered;
    /// later declarations of the same date replace earlier ones.
    pub fn import(&mut self, notice: &HolidayNotice, layer: Layer) {
        let map = match layer {
            Layer::National => {
                self.national_years.insert(notice.year);
                &mut self.national
            }
            Layer::Regional => {
                self.regional_years.insert(notice.year);
                &mut self.regional
            }
        };
        for d in &notice.days {
            map.insert(d.date, d.clone());
        }
    }

    /// Declares or replaces a single day in a layer (admins' regional holidays).
    pub fn declare(&mut self, layer: Layer, day: DeclaredDay) {
        match layer {
            Layer::National => self.national.insert(day.date, day),
            Layer::Regional => self.regional.insert(day.date, day),
        };
    }

    /// Marks a year as covered by the national layer (e.g. loaded from the store).
    pub fn cover_year(&mut self, year: i32) {
        self.national_years.insert(year);
    }

    pub fn covered_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.national_years.iter().copied()
    }

    pub fn covers(&self, year: i32) -> bool {
        self.national_years.contains(&year)
    }

    /// Whether counts in `year` rest on every notice they need: the national
    /// one, and the regional one where the region publishes its own.
    pub fn is_known(&self, year: i32) -> bool {
        self.national_years.contains(&year) && (!self.regional_required || self.regional_years.contains(&year))
    }

    /// Marks a year as covered by the regional layer (e.g. loaded from the store).
    pub fn cover_regional_year(&mut self, year: i32) {
        self.regional_years.insert(year);
    }

    /// Every declaration of a year, regional overriding national, in date order.
    pub fn declared_in(&self, year: i32) -> Vec<(Layer, DeclaredDay)> {
        let (from, to) = match (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) {
            (Some(f), Some(t)) => (f, t),
            _ => return Vec::new(),
        };
        let mut out: BTreeMap<NaiveDate, (Layer, DeclaredDay)> = BTreeMap::new();
        for (d, day) in self.national.range(from..=to) {
            out.insert(*d, (Layer::National, day.clone()));
        }
        for (d, day) in self.regional.range(from..=to) {
            out.insert(*d, (Layer::Regional, day.clone()));
        }
        out.into_values().collect()
    }

    /// Whether `date` is a working day, or which year lacks data.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, NoCalendarData> {
        let (working, known) = self.lookup(date);
        if known {
            Ok(working)
        } else {
            Err(NoCalendarData(date.year()))
        }
    }

    /// Working or not, and whether the answer rests on data (false: a guess, see below).
    fn lookup(&self, date: NaiveDate) -> (bool, bool) {
        // A date a notice declares is known to that layer even outside the
        // notice's year (2023's notice declares 31 Dec 2022).
        let year = date.year();
        let known = (self.national_years.contains(&year) || self.national.contains_key(&date))
            && (!self.regional_required || self.regional_years.contains(&year) || self.regional.contains_key(&date));
        if let Some(d) = self.regional.get(&date) {
            return (!d.off, known);
        }
        if let Some(d) = self.national.get(&date) {
            return (!d.off, known);
        }
        let weekday = !matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        if self.national_years.contains(&date.year()) {
            // Without the regional notice the national answer stands, flagged.
            (weekday, known)
        } else {
            // No notice for this year yet: the best guess, flagged by the
            // caller, is a plain week minus the holidays fixed by date in law.
            (weekday && !is_fixed_statutory_holiday(date), false)
        }
    }

    /// Day `n` (n ≥ 1) of a period that starts on `start`, counting the first
    /// day (含本数): day 1 is `start` if it is a working day, else the first
    /// working day after it.
    pub fn nth_working_day(&self, start: NaiveDate, n: u32) -> Counted {
        let mut assumed = BTreeSet::new();
        let mut day = start;
        let mut count = 0;
        let n = n.max(1);
        loop {
            let (working, known) = self.lookup(day);
            if !known {
                assumed.insert(day.year());
            }
            if working {
                count += 1;
                if count == n {
                    return Counted { date: day, assumed_years: assumed };
                }
            }
            day = match day.checked_add_days(Days::new(1)) {
                Some(next) => next,
                // The end of chrono's range: nothing sensible lies beyond it.
                None => return Counted { date: day, assumed_years: assumed },
            };
        }
    }

    /// The day `n` working days after `day` (not counting `day` itself): how an
    /// extension of `n` moves a deadline (SPEC §4, "Extend by N").
    pub fn working_days_after(&self, day: NaiveDate, n: u32) -> Counted {
        match day.succ_opt() {
            Some(next) => self.nth_working_day(next, n),
            None => Counted { date: day, assumed_years: BTreeSet::new() },
        }
    }

    /// The regional days off in `from..=to`, in date order: the festivals a
    /// period counted across (Xinjiang's 肉孜节, 古尔邦节).
    pub fn regional_days_off(&self, from: NaiveDate, to: NaiveDate) -> Vec<&DeclaredDay> {
        if to < from {
            return Vec::new();
        }
        self.regional.range(from..=to).map(|(_, d)| d).filter(|d| d.off).collect()
    }

    /// How many working days lie in `from..=to` (0 when `to < from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days()
            .take_while(|d| *d <= to)
            .filter(|d| self.lookup(*d).0)
            .count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn builtin_covers_2020_to_2026_only() {
        let cal = WorkCalendar::builtin();
        assert_eq!(cal.covered_years().collect::<Vec<_>>(), (2020..=2026).collect::<Vec<_>>());
        // Xinjiang's 2020 notice did not ship: 2020 is national data only, flagged.
        assert!((2021..=2026).all(|y| cal.is_known(y)));
        assert!(!cal.is_known(2020));
        assert_eq!(cal.is_working_day(d("2020-06-01")), Err(NoCalendarData(2020)));
        let c = cal.nth_working_day(d("2020-06-01"), 5);
        assert_eq!((c.date, c.assumed_years.into_iter().collect::<Vec<_>>()), (d("2020-06-05"), vec![2020]));
        assert!(WorkCalendar::national_only().is_known(2020));
        assert_eq!(cal.is_working_day(d("2027-01-04")), Err(NoCalendarData(2027)));
        assert_eq!(cal.is_working_day(d("2019-12-31")), Err(NoCalendarData(2019)));
    }

    #[test]
    fn national_day_2024_with_working_weekend_days() {
        let cal = WorkCalendar::builtin();
        // Sunday 29 Sep and Saturday 12 Oct 2024 are adjusted working days.
        assert_eq!(cal.is_working_day(d("2024-09-29")), Ok(true));
        assert_eq!(cal.is_working_day(d("2024-10-12")), Ok(true));
        for day in 1..=7 {
            assert_eq!(cal.is_working_day(d(&format!("2024-10-0{day}"))), Ok(false));
        }
        assert_eq!(cal.is_working_day(d("2024-10-08")), Ok(true));
        assert_eq!(cal.is_working_day(d("2024-09-28")), Ok(false));
        assert_eq!(cal.is_working_day(d("2024-10-13")), Ok(false));
    }

    #[test]
    fn spring_festival_2026() {
        let cal = WorkCalendar::builtin();
        // 15–23 Feb 2026 off; Saturday 14 Feb and Saturday 28 Feb are working.
        for day in 15..=23 {
            assert_eq!(cal.is_working_day(d(&format!("2026-02-{day}"))), Ok(false), "{day}");
        }
        assert_eq!(cal.is_working_day(d("2026-02-14")), Ok(true));
        assert_eq!(cal.is_working_day(d("2026-02-28")), Ok(true));
        assert_eq!(cal.is_working_day(d("2026-02-24")), Ok(true));
    }

    #[test]
    fn counting_includes_the_first_day() {
        let cal = WorkCalendar::builtin();
        // Monday 2 Dec 2024: day 1 is the same day; day 5 is Friday.
        assert_eq!(cal.nth_working_day(d("2024-12-02"), 1).strict(), Ok(d("2024-12-02")));
        assert_eq!(cal.nth_working_day(d("2024-12-02"), 5).strict(), Ok(d("2024-12-06")));
        // Saturday: day 1 is the next Monday.
        assert_eq!(cal.nth_working_day(d("2024-12-07"), 1).strict(), Ok(d("2024-12-09")));
    }

    #[test]
    fn count_across_national_day_2024() {
        let cal = WorkCalendar::builtin();
        // Friday 27 Sep: 27(1), 29 Sun(2), 30(3), 8 Oct(4), 9 Oct(5).
        assert_eq!(cal.nth_working_day(d("2024-09-27"), 5).strict(), Ok(d("2024-10-09")));
        // 12 Oct (Sat) is a working day: from Thu 10 Oct, day 3 is 12 Oct.
        assert_eq!(cal.nth_working_day(d("2024-10-10"), 3).strict(), Ok(d("2024-10-12")));
    }

    #[test]
    fn year_end_crossing_into_known_and_unknown_years() {
        let cal = WorkCalendar::builtin();
        // 31 Dec 2024 (Tue) day 1; 1 Jan 2025 off; 2 Jan day 2.
        assert_eq!(cal.nth_working_day(d("2024-12-31"), 2).strict(), Ok(d("2025-01-02")));
        // Into 2027: no data, signalled.
        let c = cal.nth_working_day(d("2026-12-28"), 10);
        assert_eq!(c.assumed_years.iter().copied().collect::<Vec<_>>(), vec![2027]);
        assert_eq!(c.clone().strict(), Err(NoCalendarData(2027)));
    }

    #[test]
    fn a_year_without_a_notice_still_keeps_the_fixed_date_holidays() {
        let cal = WorkCalendar::national_only();
        // Thu 31 Dec 2026 is day 1; Fri 1 Jan 2027 is New Year's Day in any
        // year; Mon 4 Jan 2027 is day 2 — flagged as resting on no notice.
        let c = cal.nth_working_day(d("2026-12-31"), 2);
        assert_eq!(c.date, d("2027-01-04"));
        assert!(c.assumed_years.contains(&2027));
        assert!(is_fixed_statutory_holiday(d("2027-10-02")));
        assert!(!is_fixed_statutory_holiday(d("2027-10-04")));
        // The shipped years agree with the rule on every fixed date that is a weekday off.
        for year in 2020..=2026 {
            for (m, day) in [(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)] {
                let date = NaiveDate::from_ymd_opt(year, m, day).unwrap();
                assert_eq!(cal.is_working_day(date), Ok(false), "{date}");
            }
        }
    }

    #[test]
    fn regional_layer_overrides_national() {
        // Made-up declarations on the national layer alone: a weekday off and
        // a working Saturday (Xinjiang did this in 2016), and a national
        // make-up working day turned into a day off (Xinjiang, 2014).
        let mut cal = WorkCalendar::national_only();
        assert_eq!(cal.is_working_day(d("2024-12-03")), Ok(true));
        cal.declare(Layer::Regional, DeclaredDay { date: d("2024-12-03"), name: "地区休息日".into(), off: true });
        assert_eq!(cal.is_working_day(d("2024-12-03")), Ok(false));
        cal.declare(Layer::Regional, DeclaredDay { date: d("2024-12-07"), name: "调休".into(), off: false });
        assert_eq!(cal.is_working_day(d("2024-12-07")), Ok(true));
        assert_eq!(cal.is_working_day(d("2024-10-12")), Ok(true));
        cal.declare(Layer::Regional, DeclaredDay { date: d("2024-10-12"), name: "正常休息".into(), off: true });
        assert_eq!(cal.is_working_day(d("2024-10-12")), Ok(false));
        let listed = cal.declared_in(2024);
        assert!(listed.iter().any(|(l, day)| *l == Layer::Regional && day.date == d("2024-12-03")));
    }

    #[test]
    fn xinjiang_festivals_as_shipped() {
        // From the regional notices named in calendar/xj/*.json.
        let cal = WorkCalendar::builtin();
        let national = WorkCalendar::national_only();
        for (day, name) in [
            ("2022-05-05", "肉孜节"),     // Thu: the festival (3 May) fell inside 劳动节
            ("2022-07-11", "古尔邦节"),   // Mon of 9–13 Jul
            ("2022-07-13", "古尔邦节"),
            ("2023-04-21", "肉孜节"),     // Fri; Sun 23 Apr stays a national working day
            ("2023-06-28", "古尔邦节"),
            ("2023-06-30", "古尔邦节"),
            ("2025-03-31", "肉孜节"),     // Mon of 29–31 Mar
            ("2025-06-09", "古尔邦节"),   // Mon, Tue of 6–10 Jun
            ("2025-06-10", "古尔邦节"),
        ] {
            assert_eq!(national.is_working_day(d(day)), Ok(true), "{day} is a national working day");
            assert_eq!(cal.is_working_day(d(day)), Ok(false), "{day} is off in Xinjiang");
            let declared = cal.regional_days_off(d(day), d(day));
            assert_eq!(declared.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), [name]);
        }
        assert_eq!(cal.is_working_day(d("2023-04-23")), Ok(true));
        // Two working days from Thu 5 Jun 2025: 5 Jun and, after 古尔邦节, Wed 11 Jun.
        assert_eq!(cal.nth_working_day(d("2025-06-05"), 2).strict(), Ok(d("2025-06-11")));
        assert_eq!(national.nth_working_day(d("2025-06-05"), 2).strict(), Ok(d("2025-06-06")));
        // Five from Tue 27 Jun 2023: 27, 3, 4, 5, 6 Jul.
        assert_eq!(cal.nth_working_day(d("2023-06-27"), 5).strict(), Ok(d("2023-07-06")));
    }

    #[test]
    fn import_new_year_from_holiday_cn_json() {
        let mut cal = WorkCalendar::national_only();
        let json = r#"{"year": 2027, "papers": [], "days": [
            {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#;
        let notice = HolidayNotice::parse(json).unwrap();
        cal.import(&notice, Layer::National);
        assert!(cal.covers(2027));
        assert_eq!(cal.is_working_day(d("2027-01-01")), Ok(false));
        assert_eq!(cal.is_working_day(d("2027-01-04")), Ok(true));
        let back = HolidayNotice::parse(&notice.to_json()).unwrap();
        assert_eq!(back, notice);
        // In Xinjiang the year needs its regional notice too.
        let mut cal = WorkCalendar::builtin();
        cal.import(&notice, Layer::National);
        assert_eq!(cal.is_working_day(d("2027-01-04")), Err(NoCalendarData(2027)));
        let regional = r#"{"year": 2027, "papers": [], "days": [
            {"name": "肉孜节", "date": "2027-03-10", "isOffDay": true}]}"#;
        cal.import(&HolidayNotice::parse(regional).unwrap(), Layer::Regional);
        assert_eq!(cal.is_working_day(d("2027-01-04")), Ok(true));
        assert_eq!(cal.is_working_day(d("2027-03-10")), Ok(false));
    }

    #[test]
    fn malformed_notices_are_refused() {
        assert!(matches!(HolidayNotice::parse("{}"), Err(NoticeError::Format(_))));
        assert!(matches!(HolidayNotice::parse("not json"), Err(NoticeError::Format(_))));
        let bad_date = r#"{"year":2027,"papers":[],"days":[{"name":"x","date":"2027-02-30","isOffDay":true}]}"#;
        assert_eq!(HolidayNotice::parse(bad_date), Err(NoticeError::Date("2027-02-30".into())));
        let conflict = r#"{"year":2027,"papers":[],"days":[
            {"name":"x","date":"2027-02-01","isOffDay":true},
            {"name":"x","date":"2027-02-01","isOffDay":false}]}"#;
        assert!(matches!(HolidayNotice::parse(conflict), Err(NoticeError::Conflict { .. })));
        let year = r#"{"year":99999,"papers":[],"days":[]}"#;
        assert_eq!(HolidayNotice::parse(year), Err(NoticeError::Year(99999)));
    }

    #[test]
    fn every_shipped_regional_notice_names_its_sources() {
        let mut years = Vec::new();
        for json in REGIONAL_NOTICES {
            let n = HolidayNotice::parse(json).unwrap();
            years.push(n.year);
            assert!(!n.papers.is_empty(), "{}: no notice named", n.year);
            assert!(!n.days.is_empty(), "{}", n.year);
            for day in &n.days {
                assert_eq!(day.date.year(), n.year, "{day:?}");
                assert!(matches!(day.name.as_str(), "肉孜节" | "古尔邦节"), "{day:?}");
            }
        }
        assert_eq!(years, (REGIONAL_FIRST_YEAR..=2026).collect::<Vec<_>>());
    }

    #[test]
    fn every_shipped_notice_is_consistent() {
        for json in BUILTIN_NOTICES {
            let n = HolidayNotice::parse(json).unwrap();
            assert!(n.days.iter().all(|d| (d.date.year() - n.year).abs() <= 1));
            // Adjusted working days fall on weekends; holidays listed are never plain weekdays-only noise.
            for day in n.days.iter().filter(|d| !d.off) {
                assert!(
                    matches!(day.date.weekday(), Weekday::Sat | Weekday::Sun) || day.date == d("2020-02-03"),
                    "{:?}",
                    day
                );
            }
        }
    }
}

//! Property tests for the working-day calendar and the deadline rules of
//! SPEC §4 (Art. 16, 19, 20, 25, 29, 38): counting with the first day
//! included (含本数), extensions, the regional layer, China Standard Time.
//!
//! The expected working days come from an independent reading of the shipped
//! holiday-cn files (plain `serde_json::Value`, not `HolidayNotice`), so a
//! bug in the parser or in the layer logic cannot hide itself.

use super::calendar::{DeclaredDay, HolidayNotice, Layer, NoCalendarData, WorkCalendar};
use super::deadline::{
    cst, cst_date, deadline, deadline_with_extensions, end_of_day, notify_by, warning,
    ExtensionRefused, TimeLimit, Warning, MAX_EXTENSIONS,
};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

// ---------------------------------------------------------------------------
// The independent model
// ---------------------------------------------------------------------------

const FILES: [&str; 7] = [
    include_str!("../../calendar/cn/2020.json"),
    include_str!("../../calendar/cn/2021.json"),
    include_str!("../../calendar/cn/2022.json"),
    include_str!("../../calendar/cn/2023.json"),
    include_str!("../../calendar/cn/2024.json"),
    include_str!("../../calendar/cn/2025.json"),
    include_str!("../../calendar/cn/2026.json"),
];

/// Xinjiang's regional notices, which override the national ones.
const REGIONAL_FILES: [&str; 6] = [
    include_str!("../../calendar/xj/2021.json"),
    include_str!("../../calendar/xj/2022.json"),
    include_str!("../../calendar/xj/2023.json"),
    include_str!("../../calendar/xj/2024.json"),
    include_str!("../../calendar/xj/2025.json"),
    include_str!("../../calendar/xj/2026.json"),
];

/// date → isOffDay, read straight from the JSON, regional over national.
fn declared() -> &'static BTreeMap<NaiveDate, bool> {
    static MAP: OnceLock<BTreeMap<NaiveDate, bool>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = read_days(&FILES);
        map.extend(read_days(&REGIONAL_FILES));
        map
    })
}

fn read_days(files: &[&str]) -> BTreeMap<NaiveDate, bool> {
    let mut map = BTreeMap::new();
    for text in files {
        let v: serde_json::Value = serde_json::from_str(text).expect("calendar JSON");
        for day in v["days"].as_array().expect("days array") {
            let date = NaiveDate::parse_from_str(day["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
            let off = day["isOffDay"].as_bool().unwrap();
            if let Some(prev) = map.insert(date, off) {
                assert_eq!(prev, off, "{date} declared both ways in the shipped files");
            }
        }
    }
    map
}

fn calendar() -> &'static WorkCalendar {
    static CAL: OnceLock<WorkCalendar> = OnceLock::new();
    CAL.get_or_init(WorkCalendar::builtin)
}

fn is_weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// "Monday–Friday and not declared off, or declared on".
fn model_working(d: NaiveDate) -> bool {
    match declared().get(&d) {
        Some(&off) => !off,
        None => is_weekday(d),
    }
}

/// Day `n` counting `start` itself when it is a working day (含本数).
fn model_nth(start: NaiveDate, n: u32) -> NaiveDate {
    let mut day = start;
    let mut count = 0;
    loop {
        if model_working(day) {
            count += 1;
            if count == n {
                return day;
            }
        }
        day = day.succ_opt().unwrap();
    }
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

// ---------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------

/// 2020 has no shipped regional notice (its counts are flagged), so the
/// properties start with 2021.
const FIRST: (i32, u32, u32) = (2021, 1, 1);
const LAST: (i32, u32, u32) = (2026, 10, 31);

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(FIRST.0, FIRST.1, FIRST.2).unwrap()
}
fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(LAST.0, LAST.1, LAST.2).unwrap()
}

/// A date in 2021-01-01..=2026-10-31.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    date_until(last_day())
}

/// A date from 2021-01-01 up to `end`.
fn date_until(end: NaiveDate) -> impl Strategy<Value = NaiveDate> {
    let span = (end - first_day()).num_days() as u64;
    (0..=span).prop_map(|k| first_day() + chrono::Days::new(k))
}

/// A date of any year with shipped data, 2021-01-01..=2026-12-31.
fn any_covered_date() -> impl Strategy<Value = NaiveDate> {
    let end = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let span = (end - first_day()).num_days() as u64;
    (0..=span).prop_map(|k| first_day() + chrono::Days::new(k))
}

/// UTC offsets in minutes, including odd ones (+05:45, +05:30) and the extremes.
const OFFSETS: [i32; 12] = [-720, -300, -180, -30, 0, 60, 330, 345, 480, 540, 765, 840];

/// An instant whose China date is in range, written in a random offset and
/// parsed back from RFC 3339 (the way the CLI and the API receive it).
/// Returns the instant and its China date computed independently.
fn any_start() -> impl Strategy<Value = (DateTime<Utc>, NaiveDate)> {
    start_until(last_day())
}

/// The longest extended deadline (a 20-day statutory limit, extended twice by
/// 20: 60 working days) started on this day still ends inside the shipped
/// calendar data (2026 National Day included).
fn last_extendable_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 8, 31).unwrap()
}

/// A start instant (as `any_start`) whose China date is at most `end`.
fn start_until(end: NaiveDate) -> impl Strategy<Value = (DateTime<Utc>, NaiveDate)> {
    (date_until(end), 0u32..86_400, prop::sample::select(OFFSETS.to_vec())).prop_map(|(day, secs, off)| {
        let local = day.and_time(NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap());
        let instant = cst().from_local_datetime(&local).single().unwrap();
        let shown = instant.with_timezone(&FixedOffset::east_opt(off * 60).unwrap());
        let text = shown.to_rfc3339();
        let parsed = DateTime::parse_from_rfc3339(&text).unwrap().with_timezone(&Utc);
        // Independent: UTC wall clock + 8 h.
        let china = (parsed.naive_utc() + Duration::hours(8)).date();
        (parsed, china)
    })
}

fn any_limit() -> impl Strategy<Value = TimeLimit> {
    prop_oneof![
        Just(TimeLimit::Consultation),
        Just(TimeLimit::Complaint),
        Just(TimeLimit::Help),
        Just(TimeLimit::Suggestion),
        Just(TimeLimit::Emergency),
        Just(TimeLimit::Return),
        Just(TimeLimit::Redo),
        Just(TimeLimit::Appeal),
        (1u16..=20).prop_map(|days| TimeLimit::Statutory { days }),
        (1u16..=20).prop_map(|days| TimeLimit::Supervision { days }),
    ]
}

/// The limits Art. 20 lets be extended.
fn extendable_limit() -> impl Strategy<Value = TimeLimit> {
    prop_oneof![
        Just(TimeLimit::Consultation),
        Just(TimeLimit::Complaint),
        Just(TimeLimit::Help),
        Just(TimeLimit::Suggestion),
        (1u16..=20).prop_map(|days| TimeLimit::Statutory { days }),
    ]
}

/// The step of one extension per Art. 20, stated independently.
fn expected_step(limit: TimeLimit) -> u32 {
    match limit {
        TimeLimit::Consultation => 5,
        TimeLimit::Complaint | TimeLimit::Help | TimeLimit::Suggestion => 5,
        TimeLimit::Statutory { days: 15 } => 5,
        TimeLimit::Statutory { days } => u32::from(days),
        other => panic!("{other:?} is not extendable"),
    }
}

fn expected_length(limit: TimeLimit) -> u32 {
    match limit {
        TimeLimit::Consultation | TimeLimit::Redo => 5,
        TimeLimit::Complaint | TimeLimit::Help | TimeLimit::Suggestion => 15,
        TimeLimit::Emergency => 2,
        TimeLimit::Return => 1,
        TimeLimit::Appeal => 3,
        TimeLimit::Statutory { days } | TimeLimit::Supervision { days } => u32::from(days),
    }
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The due day is a working day, and it is exactly working day N counted
    /// from the China date of the start (含本数), per the independent model.
    #[test]
    fn due_day_is_working_day_n((from, china) in any_start(), limit in any_limit()) {
        let cal = calendar();
        let n = expected_length(limit);
        prop_assert_eq!(limit.working_days(), n);
        prop_assert_eq!(cst_date(from), china);
        let due = deadline(cal, limit, from);
        prop_assert_eq!(cal.is_working_day(due.last_day), Ok(true));
        prop_assert!(model_working(due.last_day));
        prop_assert_eq!(cal.working_days_between(china, due.last_day), n);
        // Not one day earlier: the count reaches N only on the due day itself.
        prop_assert_eq!(cal.working_days_between(china, due.last_day.pred_opt().unwrap()), n - 1);
        prop_assert_eq!(due.last_day, model_nth(china, n));
    }

    /// Day 1 is the start date when it is a working day, else the first
    /// working day after it; everything in between is off.
    #[test]
    fn day_one_rule(start in any_date()) {
        let cal = calendar();
        let one = cal.nth_working_day(start, 1).strict().unwrap();
        prop_assert!(one >= start);
        if model_working(start) {
            prop_assert_eq!(one, start);
        } else {
            prop_assert!(one > start);
            let mut day = start;
            while day < one {
                prop_assert_eq!(cal.is_working_day(day), Ok(false));
                day = day.succ_opt().unwrap();
            }
        }
        prop_assert_eq!(cal.is_working_day(one), Ok(true));
    }

    /// Each extension moves the due day strictly later by exactly its
    /// working days (5 for 15-day items, the item's own limit otherwise),
    /// counted after the current deadline's day; two steps equal one double.
    #[test]
    fn extension_moves_due_by_exactly_n_working_days(
        (from, _china) in start_until(last_extendable_start()),
        limit in extendable_limit(),
        extensions in 1u8..=MAX_EXTENSIONS,
    ) {
        let cal = calendar();
        let step = expected_step(limit);
        prop_assert_eq!(limit.extension_step(), Ok(step));
        let base = deadline(cal, limit, from);
        let ext = deadline_with_extensions(cal, limit, from, extensions).unwrap();
        let added = step * u32::from(extensions);
        prop_assert!(ext.last_day > base.last_day);
        prop_assert!(ext.due_at() > base.due_at());
        prop_assert_eq!(cal.is_working_day(ext.last_day), Ok(true));
        let after = base.last_day.succ_opt().unwrap();
        prop_assert_eq!(cal.working_days_between(after, ext.last_day), added);
        prop_assert_eq!(ext.last_day, model_nth(after, added));
        // One extension at a time gives the same day.
        let mut stepwise = base.clone();
        for _ in 0..extensions {
            let before = stepwise.last_day;
            stepwise = stepwise.extended(cal, step);
            prop_assert_eq!(cal.working_days_between(before.succ_opt().unwrap(), stepwise.last_day), step);
        }
        prop_assert_eq!(stepwise, ext.clone());
        // Zero extensions change nothing.
        prop_assert_eq!(deadline_with_extensions(cal, limit, from, 0).unwrap(), base);
    }

    /// More than two extensions, or any for non-handling periods, are refused
    /// with an Art. 20 message.
    #[test]
    fn forbidden_extensions_are_refused((from, _c) in any_start(), limit in any_limit(), extensions in 1u8..=5) {
        let cal = calendar();
        let result = deadline_with_extensions(cal, limit, from, extensions);
        let extendable = matches!(
            limit,
            TimeLimit::Consultation | TimeLimit::Complaint | TimeLimit::Help
                | TimeLimit::Suggestion | TimeLimit::Statutory { .. }
        );
        if extendable && extensions <= MAX_EXTENSIONS {
            prop_assert!(result.is_ok());
        } else {
            let err = result.unwrap_err();
            prop_assert!(err.to_string().starts_with("Art. 20"), "{}", err);
            if extendable {
                prop_assert_eq!(err, ExtensionRefused::TooMany);
            }
            if limit == TimeLimit::Emergency {
                prop_assert_eq!(err, ExtensionRefused::Emergency);
            }
        }
    }

    /// is_working_day agrees with "weekday and not declared off, or declared on".
    #[test]
    fn is_working_day_matches_the_model(day in any_covered_date()) {
        prop_assert_eq!(calendar().is_working_day(day), Ok(model_working(day)));
    }

    /// The regional layer overrides the national one, by `declare` and by
    /// `import`, whatever the national layer says and in whichever order.
    #[test]
    fn regional_layer_overrides_national(day in any_covered_date(), off in any::<bool>(), national_later in any::<bool>()) {
        let mut cal = WorkCalendar::builtin();
        cal.declare(Layer::Regional, DeclaredDay { date: day, name: "古尔邦节".into(), off });
        prop_assert_eq!(cal.is_working_day(day), Ok(!off));
        // A national notice that says the opposite does not win.
        if national_later {
            let notice = HolidayNotice {
                year: day.year(),
                papers: vec![],
                days: vec![DeclaredDay { date: day, name: "national".into(), off: !off }],
            };
            cal.import(&notice, Layer::National);
        } else {
            cal.declare(Layer::National, DeclaredDay { date: day, name: "national".into(), off: !off });
        }
        prop_assert_eq!(cal.is_working_day(day), Ok(!off));
        // Neighbours are untouched.
        for other in [day.pred_opt().unwrap(), day.succ_opt().unwrap()] {
            if other.year() <= 2026 && other.year() >= FIRST.0 {
                prop_assert_eq!(cal.is_working_day(other), Ok(model_working(other)));
            }
        }
        // The listing shows the regional declaration.
        let listed = cal.declared_in(day.year());
        let entry = listed.iter().find(|(_, x)| x.date == day).unwrap();
        prop_assert_eq!(entry.0, Layer::Regional);
        prop_assert_eq!(entry.1.off, off);

        // The same through a regional notice import.
        let mut cal2 = WorkCalendar::builtin();
        let regional = HolidayNotice {
            year: day.year(),
            papers: vec![],
            days: vec![DeclaredDay { date: day, name: "肉孜节".into(), off }],
        };
        cal2.import(&regional, Layer::Regional);
        prop_assert_eq!(cal2.is_working_day(day), Ok(!off));

        // A regional day off pushes a 1-day window starting that day later.
        if off && day <= last_day() {
            let from = cst().from_local_datetime(&day.and_hms_opt(10, 0, 0).unwrap()).single().unwrap().with_timezone(&Utc);
            let due = deadline(&cal, TimeLimit::Return, from);
            prop_assert!(due.last_day > day);
        }
    }

    /// Later starts never give earlier deadlines (same rule, same extensions).
    #[test]
    fn deadlines_are_monotone_in_the_start(
        (a, _ca) in any_start(),
        (b, _cb) in any_start(),
        limit in any_limit(),
        extensions in 0u8..=2,
    ) {
        let cal = calendar();
        let (early, late) = if a <= b { (a, b) } else { (b, a) };
        let (x, y) = match (
            deadline_with_extensions(cal, limit, early, extensions),
            deadline_with_extensions(cal, limit, late, extensions),
        ) {
            (Ok(x), Ok(y)) => (x, y),
            (Err(e1), Err(e2)) => { prop_assert_eq!(e1, e2); return Ok(()); }
            other => return Err(TestCaseError::fail(format!("inconsistent refusal: {other:?}"))),
        };
        prop_assert!(x.last_day <= y.last_day, "{:?} {:?} -> {} {}", early, late, x.last_day, y.last_day);
        prop_assert!(x.due_at() <= y.due_at());
    }

    /// Monotone also day by day: the next start date never moves the due earlier.
    #[test]
    fn deadlines_are_monotone_day_by_day(start in any_date(), limit in any_limit()) {
        let cal = calendar();
        let n = limit.working_days();
        let today = cal.nth_working_day(start, n).strict().unwrap();
        let tomorrow = cal.nth_working_day(start.succ_opt().unwrap(), n).strict().unwrap();
        prop_assert!(today <= tomorrow);
        // And it moves exactly when the start day was a working day.
        prop_assert_eq!(today < tomorrow, model_working(start));
    }

    /// The due instant (24:00 CST of the last day) lies after the start
    /// instant; its displayed form is one second before it; warnings follow.
    #[test]
    fn due_instant_is_after_the_start((from, _c) in any_start(), limit in any_limit(), extensions in 0u8..=2) {
        let cal = calendar();
        let Ok(due) = deadline_with_extensions(cal, limit, from, extensions) else { return Ok(()) };
        let due_at = due.due_at();
        prop_assert!(due_at > from);
        prop_assert_eq!(due_at, end_of_day(due.last_day));
        // 24:00 CST: the next day's midnight in China.
        let local = due_at.with_timezone(&cst());
        prop_assert_eq!(local.date_naive(), due.last_day.succ_opt().unwrap());
        prop_assert_eq!(local.time(), NaiveTime::MIN);
        let shown = DateTime::parse_from_rfc3339(&due.due_rfc3339()).unwrap();
        prop_assert_eq!(shown.offset().local_minus_utc(), 8 * 3600);
        prop_assert_eq!(shown.with_timezone(&Utc) + Duration::seconds(1), due_at);
        // Overdue exactly from 24:00; amber in the last second; the start is
        // amber only for a one-day window.
        prop_assert!(!due.is_overdue(due_at - Duration::seconds(1)));
        prop_assert!(due.is_overdue(due_at));
        prop_assert_eq!(warning(cal, &due, due_at), Warning::Red);
        prop_assert_eq!(warning(cal, &due, due_at - Duration::seconds(1)), Warning::Amber);
        let left = due.working_days_left(cal, from);
        prop_assert_eq!(left, limit.working_days() + limit.extension_days(extensions).unwrap());
        prop_assert_eq!(warning(cal, &due, from), if left <= 1 { Warning::Amber } else { Warning::Normal });
    }

    /// Everything started in range (early enough for the longest extended
    /// deadline) rests on published data: no assumed years.
    #[test]
    fn nothing_in_range_reports_assumed_years(
        (from, _c) in start_until(last_extendable_start()),
        limit in any_limit(),
        extensions in 0u8..=2,
    ) {
        let cal = calendar();
        let Ok(due) = deadline_with_extensions(cal, limit, from, extensions) else { return Ok(()) };
        prop_assert!(due.is_certain(), "{:?}", due.assumed_years);
        prop_assert!(due.clone().strict().is_ok());
    }

    /// The emergency notification clock is 30 minutes of clock time,
    /// holidays and nights included.
    #[test]
    fn emergency_notify_is_thirty_minutes((from, _c) in any_start()) {
        prop_assert_eq!(notify_by(from) - from, Duration::minutes(30));
    }
}

// ---------------------------------------------------------------------------
// Exhaustive and unit tests
// ---------------------------------------------------------------------------

#[test]
fn every_covered_day_matches_the_model() {
    let cal = calendar();
    let mut day = first_day();
    let end = d("2026-12-31");
    while day <= end {
        assert_eq!(cal.is_working_day(day), Ok(model_working(day)), "{day}");
        day = day.succ_opt().unwrap();
    }
}

#[test]
fn every_start_day_and_rule_matches_the_model() {
    let cal = calendar();
    let mut day = first_day();
    while day <= last_day() {
        for n in [1, 2, 3, 5, 15, 20, 25] {
            let got = cal.nth_working_day(day, n).strict().unwrap();
            assert_eq!(got, model_nth(day, n), "{day} n={n}");
        }
        day = day.succ_opt().unwrap();
    }
}

/// 31 Dec → January of the next year, 2020→2021 … 2025→2026, hand-checked
/// against the notices (consultation, 5 working days, 含本数).
#[test]
fn year_ends_consultation() {
    let cal = calendar();
    // Thu 31 Dec 2020 (1); 1–3 Jan off; 4,5,6,7 → Thu 7 Jan — flagged: no
    // regional notice of 2020 ships.
    let due = deadline(cal, TimeLimit::Consultation, at("2020-12-31T10:00:00+08:00"));
    assert_eq!(due.last_day, d("2021-01-07"));
    assert_eq!(due.strict(), Err(NoCalendarData(2020)));
    let cases = [
        // Fri 31 Dec 2021 (1); 1–3 Jan off; 4,5,6,7 → Fri 7 Jan.
        ("2021-12-31T10:00:00+08:00", "2022-01-07"),
        // Sat 31 Dec 2022 off (declared); 1–2 Jan off; 3,4,5,6,9 → Mon 9 Jan.
        ("2022-12-31T10:00:00+08:00", "2023-01-09"),
        // Sun 31 Dec 2023; 1 Jan off; 2,3,4,5,8 → Mon 8 Jan.
        ("2023-12-31T10:00:00+08:00", "2024-01-08"),
        // Tue 31 Dec 2024 (1); 1 Jan off; 2,3,6,7 → Tue 7 Jan.
        ("2024-12-31T10:00:00+08:00", "2025-01-07"),
        // Wed 31 Dec 2025 (1); 1–3 Jan off; Sun 4 Jan working; 4,5,6,7 → Wed 7 Jan.
        ("2025-12-31T10:00:00+08:00", "2026-01-07"),
    ];
    for (from, want) in cases {
        let due = deadline(cal, TimeLimit::Consultation, at(from));
        assert_eq!(due.last_day, d(want), "{from}");
        assert!(due.is_certain(), "{from}");
        assert_eq!(due.due_rfc3339(), format!("{want}T23:59:59+08:00"));
    }
}

#[test]
fn year_ends_other_rules() {
    let cal = calendar();
    // Return window from Sat 31 Dec 2022: 1–2 Jan off → Tue 3 Jan 2023.
    assert_eq!(deadline(cal, TimeLimit::Return, at("2022-12-31T09:00:00+08:00")).last_day, d("2023-01-03"));
    // From Sun 31 Dec 2023 → Tue 2 Jan 2024.
    assert_eq!(deadline(cal, TimeLimit::Return, at("2023-12-31T09:00:00+08:00")).last_day, d("2024-01-02"));
    // Emergency from Tue 31 Dec 2024: 31 (1), 2 Jan (2).
    assert_eq!(deadline(cal, TimeLimit::Emergency, at("2024-12-31T09:00:00+08:00")).last_day, d("2025-01-02"));
    // 20:00 on 31 Dec in New York is 09:00 on 1 Jan 2025 in China (off): day 1 is 2 Jan.
    assert_eq!(deadline(cal, TimeLimit::Return, at("2024-12-31T20:00:00-05:00")).last_day, d("2025-01-02"));
    // 23:59:59 UTC+8 on 31 Dec 2024 still counts 31 Dec as day 1.
    assert_eq!(deadline(cal, TimeLimit::Return, at("2024-12-31T15:59:59Z")).last_day, d("2024-12-31"));
    // Complaint from Wed 31 Dec 2025: 31 (1), 4–9 Jan (7), 12–16 (12), 19,20,21 (15).
    assert_eq!(deadline(cal, TimeLimit::Complaint, at("2025-12-31T09:00:00+08:00")).last_day, d("2026-01-21"));
    // Complaint from Tue 31 Dec 2024, then with two extensions (+10).
    let base = deadline(cal, TimeLimit::Complaint, at("2024-12-31T09:00:00+08:00"));
    // 31 (1), 2,3 (3), 6–10 (8), 13–17 (13), 20,21 (15).
    assert_eq!(base.last_day, d("2025-01-21"));
    let two = deadline_with_extensions(cal, TimeLimit::Complaint, at("2024-12-31T09:00:00+08:00"), 2).unwrap();
    // After 21 Jan: 22,23,24 (3), Sun 26 Jan working (4), 27 (5), 28 Jan–4 Feb off, 5,6,7 (8), Sat 8 Feb working (9), 10 (10).
    assert_eq!(two.last_day, d("2025-02-10"));
}

#[test]
fn past_the_data_the_missing_year_is_signalled() {
    let cal = calendar();
    // 31 Dec 2026 (Thu) + 5 working days runs into 2027: no data.
    let due = deadline(cal, TimeLimit::Consultation, at("2026-12-31T10:00:00+08:00"));
    assert!(!due.is_certain());
    assert_eq!(due.clone().strict(), Err(NoCalendarData(2027)));
    assert_eq!(NoCalendarData(2027).to_string(), "no calendar data for year 2027");
    // The last start of the property range never reaches 2027, even extended twice.
    let late = deadline_with_extensions(cal, TimeLimit::Complaint, at("2026-10-31T23:59:59+08:00"), 2).unwrap();
    assert!(late.is_certain());
    assert!(late.last_day.year() == 2026);
    // The hand-checked examples of the brief.
    assert_eq!(deadline(cal, TimeLimit::Complaint, at("2024-09-23T09:00:00+08:00")).last_day, d("2024-10-16"));
    assert_eq!(deadline(cal, TimeLimit::Consultation, at("2026-02-13T10:00:00+08:00")).last_day, d("2026-02-26"));
    assert_eq!(deadline(cal, TimeLimit::Return, at("2024-12-07T10:00:00+08:00")).last_day, d("2024-12-09"));
}

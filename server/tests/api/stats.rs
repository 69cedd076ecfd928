//! The indicators of SPEC §7 over a real store (the demo data, on both
//! backends): the full recount, recomputed from the export alone, and the
//! scopes that split it.

use crate::support::TestDb;
use app::domain::deadline::cst_date;
use app::domain::indicators::{facts, Counter, CountedLine, Counters, Indicator, Period, RatingPoints};
use app::domain::unit::UnitId;
use chrono::{Duration, Utc};
use server::service::stats::StatsScope;
use server::service::Service;
use app::api::auth::StaffUser;
use std::collections::BTreeMap;

on_both_backends!(the_recount_equals_a_recomputation_from_the_export);

async fn the_recount_equals_a_recomputation_from_the_export(db: TestDb) {
    server::seed::seed_demo(&db.url, 0).await.unwrap();
    let service = Service::new(db.store.clone()).await.unwrap();
    let as_of = Utc::now() + Duration::days(1);
    let today = cst_date(Utc::now());
    let period = Period::new(today - Duration::days(120), today + Duration::days(30)).unwrap();
    let whole = service.recount(period, &StatsScope::default(), as_of).await.unwrap();
    // The demo has requests at every stage: these are not empty.
    for c in [Counter::Dispatched, Counter::WindowsEnded, Counter::Closed, Counter::RatedSatisfied, Counter::Consultations] {
        assert!(whole.get(c) > 0, "{}: {c:?} is 0 in {whole:?}", db.name);
    }

    // An independent checker: the export's lines, grouped by request, through the domain's facts.
    let mut lines: Vec<CountedLine> = Vec::new();
    let written = service
        .export_counted(period, as_of, |l| {
            lines.push(serde_json::from_str(&serde_json::to_string(l)?)?);
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(written as usize, lines.len());
    let mut by_request: BTreeMap<String, Vec<CountedLine>> = BTreeMap::new();
    for l in lines {
        by_request.entry(l.request.clone()).or_default().push(l);
    }
    let calendar = &service.world().calendar;
    let mut again = Counters::default();
    for timeline in by_request.values() {
        assert!(timeline.windows(2).all(|w| w[0].seq < w[1].seq), "in timeline order");
        for f in facts(timeline.iter().map(|l| (l.at, &l.event)), calendar, as_of) {
            if f.unit.is_none() && period.contains(f.day) {
                again.add(f.counter, f.amount);
            }
        }
    }
    assert_eq!(again, whole, "{}: the export recomputes the recount", db.name);

    // A unit's subtree counts its assignments; the root's subtree holds them all.
    let root = service.world().units.root().unwrap().id.clone();
    let all_units = service.recount(period, &StatsScope { unit: Some(root), county: None }, as_of).await.unwrap();
    let points = RatingPoints::default();
    for i in [Indicator::ResponseRate, Indicator::ReturnRate, Indicator::ExtensionRate, Indicator::Supervised] {
        assert_eq!(all_units.tally(i, &points), whole.tally(i, &points), "{}: {}", db.name, i.code());
    }
    // Split by county, the requests add up to the whole (requests without a county aside).
    let counties: Vec<String> = {
        let mut seen: Vec<String> = by_request
            .values()
            .filter_map(|t| t.iter().find_map(|l| l.county.clone()))
            .collect();
        seen.sort();
        seen.dedup();
        seen
    };
    assert!(counties.len() >= 2, "{}: {counties:?}", db.name);
    let mut split = Counters::default();
    for county in &counties {
        split.absorb(&service.recount(period, &StatsScope { unit: None, county: Some(county.clone()) }, as_of).await.unwrap());
    }
    assert!(split.get(Counter::Dispatched) <= whole.get(Counter::Dispatched));
    assert!(split.get(Counter::Dispatched) > 0);

    // An unknown unit is refused, not counted as nothing.
    let nowhere = StatsScope { unit: Some(UnitId::parse("nowhere").unwrap()), county: None };
    let err = service.recount(period, &nowhere, as_of).await.unwrap_err();
    assert!(err.to_string().contains("unknown unit"), "{err}");
    db.drop_db().await;
}

on_both_backends!(the_rollups_equal_the_recount_after_changes_and_as_time_passes);

/// The rollups, the full recount and a rebuild agree: on the demo data (a
/// scripted sequence of several hundred requests through every stage), after
/// more commands (supervisions of everything overdue, a new complaint
/// dispatched late), and after time alone has made open requests overdue.
async fn the_rollups_equal_the_recount_after_changes_and_as_time_passes(db: TestDb) {
    use server::service::stats::{Breakdown, RollupScope};
    server::seed::seed_demo(&db.url, 0).await.unwrap();
    let service = Service::new(db.store.clone()).await.unwrap();
    let today = cst_date(Utc::now());
    // Months and loose days: the sums read both grains.
    let periods = [
        Period::new(today - Duration::days(200), today + Duration::days(40)).unwrap(),
        Period::new(today - Duration::days(9), today).unwrap(),
    ];
    let name = db.name;
    let now = Utc::now();
    sync(&service, now).await;
    agree(&service, &periods, now, name, "after the demo").await;

    // More commands: every overdue request supervised; a complaint of 40 days ago dispatched late.
    assert!(service.supervise_overdue(now).await.unwrap() > 0, "{name}: the demo has overdue requests");
    let agent = crate::support::center_agent();
    let draft = serde_json::from_value(serde_json::json!({
        "channel": "phone", "type": "complaint", "category": "environment.noise", "title": "夜间施工噪音扰民",
        "content": "小区旁工地每天夜里十一点后仍在施工。",
        "location": {"county": "伊宁市", "township": "墩买里街道", "address": "解放路1号"},
        "requester": {"name": "张三", "phone": "13812345678"}
    }))
    .unwrap();
    let then = now - Duration::days(40);
    let view = service.register_request_at(&agent, draft, then).await.unwrap();
    let dispatch = serde_json::from_value(serde_json::json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]})).unwrap();
    service.apply_command_at(&agent, &view.number, dispatch, now).await.unwrap();
    let now = Utc::now();
    sync(&service, now).await;
    agree(&service, &periods, now, name, "after more commands").await;

    // Time alone: a month on, the open requests past their deadline are recounted as overdue.
    let later = now + Duration::days(30);
    let before = service.rollup(periods[0], &RollupScope::Prefecture, Breakdown::All).await.unwrap().remove("").unwrap_or_default();
    sync(&service, later).await;
    agree(&service, &periods, later, name, "a month later").await;
    let after = service.rollup(periods[0], &RollupScope::Prefecture, Breakdown::All).await.unwrap().remove("").unwrap_or_default();
    assert!(after.get(Counter::Overdue) > before.get(Counter::Overdue), "{name}: time made some overdue");

    // A rebuild from the events gives the same numbers.
    assert!(service.rebuild_rollups(later).await.unwrap() > 300);
    agree(&service, &periods, later, name, "after a rebuild").await;
    db.drop_db().await;
}

/// Takes in every queued change as of `at`.
async fn sync(service: &Service, at: chrono::DateTime<Utc>) {
    service.catch_up_rollups(at, usize::MAX).await.unwrap();
}

/// The rollups equal the recount as of `as_of`: for the prefecture, every
/// unit's subtree and every county, and each breakdown adds up to the whole.
async fn agree(service: &Service, periods: &[Period], as_of: chrono::DateTime<Utc>, name: &str, when: &str) {
    use server::service::stats::{Breakdown, RollupScope};
    for &period in periods {
        let whole = |by: Breakdown| async move { service.rollup(period, &RollupScope::Prefecture, by).await.unwrap() };
        let recount = service.recount(period, &StatsScope::default(), as_of).await.unwrap();
        let all = whole(Breakdown::All).await.remove("").unwrap_or_default();
        assert_eq!(all, recount, "{name} {when}: the prefecture, {period:?}");
        assert!(recount.get(Counter::Dispatched) > 0, "{name} {when}");
        let units: Vec<UnitId> = service.world().units.iter().map(|u| u.id.clone()).collect();
        for unit in units {
            let scope = StatsScope { unit: Some(unit.clone()), county: None };
            let recount = service.recount(period, &scope, as_of).await.unwrap();
            let rolled = service.rollup(period, &RollupScope::Unit(unit.clone()), Breakdown::All).await.unwrap();
            assert_eq!(rolled.get("").cloned().unwrap_or_default(), recount, "{name} {when}: {unit}, {period:?}");
        }
        for (county, counters) in whole(Breakdown::County).await {
            if !county.is_empty() {
                let scope = StatsScope { unit: None, county: Some(county.clone()) };
                assert_eq!(counters, service.recount(period, &scope, as_of).await.unwrap(), "{name} {when}: {county}");
            }
        }
        for by in [Breakdown::County, Breakdown::Category, Breakdown::Type, Breakdown::Channel] {
            let mut sum = Counters::default();
            whole(by).await.values().for_each(|c| sum.absorb(c));
            assert_eq!(sum, all, "{name} {when}: {by:?} adds up to the whole");
        }
        // The hours of intake break down the registrations, and only them.
        let mut hours = Counters::default();
        whole(Breakdown::Intake).await.values().for_each(|c| hours.absorb(c));
        assert_eq!((hours.get(Counter::Registered), hours.get(Counter::Dispatched)), (all.get(Counter::Registered), 0), "{name} {when}: intake hours");
    }
}

on_both_backends!(the_dashboard_draws_each_day_and_each_hour_of_intake);

/// The dashboard's daily trend and hour-of-week heat map: registrations at
/// known China times land on their day and in their hour (Sunday 23:30 in
/// China is Sunday, though UTC says 15:30); a unit sees its dispatches by
/// day and no intake hours. Every number — a bar, a heat-map cell, a trend
/// day, a unit's row, each side of each tile — lists exactly its requests,
/// within the viewer's scope.
async fn the_dashboard_draws_each_day_and_each_hour_of_intake(db: TestDb) {
    use app::api::dashboard::{CountedQuery, DashboardBackend};
    use app::api::AppError;
    use app::domain::deadline::cst;
    use app::domain::indicators::IntakeHour;
    use chrono::{Datelike, NaiveTime, Weekday};
    let name = db.name;
    server::seed::seed_reference_data(&db.store).await.unwrap();
    let service = Service::new(db.store.clone()).await.unwrap();
    let agent = crate::support::center_agent();
    let mut wednesday = cst_date(Utc::now()) - Duration::days(14);
    while wednesday.weekday() != Weekday::Wed {
        wednesday = wednesday.pred_opt().unwrap();
    }
    let at = |day: chrono::NaiveDate, h: u32, m: u32| day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap()).and_local_timezone(cst()).single().unwrap().with_timezone(&Utc);
    let sunday = wednesday + Duration::days(4);
    let mut numbers = Vec::new();
    for (when, category) in [(at(wednesday, 10, 15), Some("environment.noise")), (at(wednesday, 10, 40), Some("environment.noise")), (at(sunday, 23, 30), None)] {
        let mut draft = serde_json::json!({
            "channel": "phone", "type": "complaint", "title": "夜间施工噪音扰民", "content": "小区旁工地每天夜里十一点后仍在施工。",
            "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
        });
        if let Some(c) = category {
            draft["category"] = serde_json::json!(c);
        }
        let draft = serde_json::from_value(draft).unwrap();
        numbers.push(service.register_request_at(&agent, draft, when).await.unwrap().number);
    }
    let dispatch = serde_json::from_value(serde_json::json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]})).unwrap();
    service.apply_command_at(&agent, &numbers[0], dispatch, at(wednesday, 11, 0)).await.unwrap();

    let period = format!("{}..{}", wednesday - Duration::days(2), sunday + Duration::days(1));
    let analyst = StaffUser { username: "analyst".into(), role: app::domain::types::Role::Analyst, ..agent.clone() };
    let d = service.dashboard(&analyst, period.clone()).await.unwrap();
    assert_eq!(d.trend.len(), 8, "{name}: every day of the period, the empty ones too");
    let on = |day: chrono::NaiveDate| d.trend.iter().find(|t| t.day == day.to_string()).map(|t| t.volume);
    assert_eq!((on(wednesday), on(sunday), on(wednesday - Duration::days(1))), (Some(2), Some(1), Some(0)), "{name}: {:?}", d.trend);
    let hour = |h: chrono::DateTime<Utc>| d.intake_hours[IntakeHour::of(h).index()];
    assert_eq!((hour(at(wednesday, 10, 0)), hour(at(sunday, 23, 0)), d.intake_hours.iter().sum::<u64>()), (2, 1, 3), "{name}");
    assert_eq!(d.intake_hours[IntakeHour::COUNT - 1], 1, "{name}: Sunday 23时 is the week's last hour");
    // The top categories, largest first, each bar with its key.
    let top: Vec<(u64, &str)> = d.by_category.iter().map(|b| (b.value, b.key.as_str())).collect();
    assert_eq!(top, [(2, "environment.noise"), (1, "")], "{name}: {:?}", d.by_category);
    assert_eq!((d.by_category[1].label.as_str(), d.volume_code.as_str()), ("未分类", "registered"), "{name}");

    // Every number opens exactly the requests behind it (issue 15 §3).
    let q = |what: &str| CountedQuery { period: period.clone(), what: what.into(), ..CountedQuery::default() };
    let listed = |p: &app::api::dashboard::CountedPage| p.lines.iter().map(|l| l.number.clone()).collect::<Vec<_>>();
    let noise = service.counted(&analyst, CountedQuery { by: "category".into(), key: "environment.noise".into(), ..q("registered") }).await.unwrap();
    assert_eq!((noise.total, listed(&noise)), (2, vec![numbers[1].clone(), numbers[0].clone()]), "{name}: newest first");
    assert!(noise.title.ends_with("全州 · 登记 · 类别：噪音扰民"), "{name}: {}", noise.title);
    let uncategorised = service.counted(&analyst, CountedQuery { by: "category".into(), ..q("registered") }).await.unwrap();
    assert_eq!(listed(&uncategorised), vec![numbers[2].clone()], "{name}: the bar without a category");
    let late_sunday = CountedQuery { by: "intake".into(), key: IntakeHour::of(at(sunday, 23, 0)).key(), ..q("registered") };
    assert_eq!(listed(&service.counted(&analyst, late_sunday).await.unwrap()), vec![numbers[2].clone()], "{name}: a heat-map cell");
    let day = service.counted(&analyst, CountedQuery { day: wednesday.to_string(), ..q("registered") }).await.unwrap();
    assert_eq!((day.total, day.lines.len()), (2, 2), "{name}: a trend day");
    let yining = service.counted(&analyst, CountedQuery { unit: "yining".into(), ..q("dispatched") }).await.unwrap();
    assert_eq!(listed(&yining), vec![numbers[0].clone()], "{name}: a row of the unit table");
    assert!(yining.lines[0].unit.starts_with("伊宁市"), "{name}: {:?}", yining.lines[0]);
    // Each tile's sides sum to what the tile shows.
    for i in &d.indicators {
        let side = |s: &str| format!("{}:{s}", i.code);
        if let Some(den) = i.denominator {
            assert_eq!(service.counted(&analyst, q(&side("denominator"))).await.unwrap().total, den, "{name}: {}", i.code);
        }
        if !matches!(i.code.as_str(), "satisfaction_score" | "resolution_rate") {
            assert_eq!(service.counted(&analyst, q(&side("numerator"))).await.unwrap().total as f64, i.numerator, "{name}: {}", i.code);
        }
    }
    // Bad queries are told, beside what is wrong.
    for (bad, field) in [
        (q("speed"), "what"),
        (q("overdue:denominator"), "what"),
        (CountedQuery { day: (sunday + Duration::days(30)).to_string(), ..q("registered") }, "day"),
        (CountedQuery { by: "colour".into(), ..q("registered") }, "by"),
        (CountedQuery { period: "2026-13".into(), ..q("registered") }, "period"),
    ] {
        match service.counted(&analyst, bad).await {
            Err(AppError::Fields(e)) => assert_eq!(e[0].field, field, "{name}"),
            other => panic!("{name}: {field}: {other:?}"),
        }
    }

    let unit = StaffUser { username: "yining-handler".into(), role: app::domain::types::Role::Handler, unit_id: "yining".into(), ..agent };
    let d = service.dashboard(&unit, period.clone()).await.unwrap();
    assert!(d.intake_hours.is_empty(), "{name}: a unit registers nothing");
    assert_eq!(d.trend.iter().map(|t| t.volume).sum::<u64>(), 1, "{name}: a unit's volume is what was dispatched to it");
    // A unit lists its own subtree's, and no other unit's.
    let own = service.counted(&unit, q("dispatched")).await.unwrap();
    assert_eq!(listed(&own), vec![numbers[0].clone()], "{name}");
    assert!(service.counted(&unit, CountedQuery { unit: "yining-dunmaili".into(), ..q("dispatched") }).await.unwrap().lines.is_empty(), "{name}");
    assert!(matches!(service.counted(&unit, CountedQuery { unit: "huocheng".into(), ..q("dispatched") }).await, Err(AppError::NotFound(_))), "{name}");
    assert!(matches!(service.counted(&unit, CountedQuery { unit: "nowhere".into(), ..q("dispatched") }).await, Err(AppError::NotFound(_))), "{name}");
}

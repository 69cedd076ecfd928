use super::*;
use crate::domain::indicators::{Counter, Counters, Indicator, Period, RatingPoints};
use chrono::{NaiveDate, Utc};

fn form() -> SchemeForm {
    Scheme::standard(2026).form()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

#[test]
fn the_standard_scheme_reads_back_through_its_form() {
    let (scheme, from) = form().parse().unwrap();
    assert_eq!(scheme, Scheme::standard(2026));
    assert_eq!(from, day(2026, 1, 1));
    assert_eq!(form().items[0].target, "100");
    assert_eq!(form().items[4].target, "5", "rates are entered in per cent");
    assert_eq!(scheme.items.iter().map(|i| i.weight).sum::<u32>(), 100);
}

#[test]
fn every_mistake_is_named_beside_its_field_and_nothing_is_read() {
    let mut f = form();
    f.items[0].weight = "20".into();
    let e = f.parse().unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].field.as_str(), e[0].message.as_str()), ("items", "各项权重之和须为 100，现为 105"));

    let mut f = form();
    f.items[1].target = "70".into(); // on-time target 70 % below its floor of 80 %
    f.items[4].target = "30".into(); // return rate target 30 % above its floor of 20 %
    f.items[2].indicator = "response_rate".into();
    f.year = "26".into();
    f.bonus_cap = "-1".into();
    f.in_force_from = "2026-02-30".into();
    let e = f.parse().unwrap_err();
    let at = |field: &str| e.iter().find(|x| x.field == field).map(|x| x.message.clone()).unwrap_or_default();
    assert_eq!(at("items.1.target"), "按时办结率的目标值须高于底线值（该指标越高越好）");
    assert_eq!(at("items.4.target"), "退单率的目标值须低于底线值（该指标越低越好）");
    assert_eq!(at("items.2.indicator"), "响应率已列入，每项指标只列一次");
    assert_eq!(at("year"), "请填写考核年度，如 2026");
    assert_eq!(at("bonus_cap"), "加分上限须为 0 至 20 之间的数");
    assert_eq!(at("in_force_from"), "请填写本年度内的施行日期（年-月-日）");

    let mut f = form();
    f.items.iter_mut().for_each(|i| i.indicator.clear());
    assert_eq!(f.parse().unwrap_err()[0].message, "请至少列入一项考核指标");
    let mut f = form();
    f.items[0].weight = "0".into();
    f.items[3].target = "abc".into();
    f.items[5].indicator = "speed".into();
    let e = f.parse().unwrap_err();
    let fields: Vec<&str> = e.iter().map(|x| x.field.as_str()).collect();
    assert_eq!(fields, ["items.0.weight", "items.3.target", "items.5.indicator"], "the weight sum is not also blamed");
    let mut f = form();
    f.in_force_from = "2025-12-31".into();
    assert_eq!(f.parse().unwrap_err()[0].field, "in_force_from");
}

#[test]
fn the_version_in_force_on_a_periods_first_day_scores_it() {
    let v = |version: u32, from: NaiveDate, year: i32| SchemeVersion { version, in_force_from: from, scheme: Scheme::standard(year), by: "reviewer".into(), at: Utc::now() };
    let versions = [v(1, day(2026, 1, 1), 2026), v(2, day(2026, 7, 1), 2026), v(1, day(2025, 1, 1), 2025)];
    let period = |code: &str| Period::parse_code(code).unwrap();
    let pick = |code: &str| SchemeVersion::in_force(&versions, period(code)).map(|v| (v.scheme.year, v.version));
    assert_eq!(pick("2026-06"), Some((2026, 1)));
    assert_eq!(pick("2026-07"), Some((2026, 2)));
    assert_eq!(pick("2026-Q4"), Some((2026, 2)));
    assert_eq!(pick("2026"), Some((2026, 1)));
    assert_eq!(pick("2025-12"), Some((2025, 1)));
    assert_eq!(pick("2024-12"), None);
}

fn counters(pairs: &[(Counter, u64)]) -> Counters {
    let mut c = Counters::default();
    for (counter, n) in pairs {
        c.add(*counter, *n);
    }
    c
}

#[test]
fn items_score_linearly_between_floor_and_target_and_unrated_items_are_left_out() {
    let scheme = Scheme::standard(2026);
    // Response 9/10 = 90 % (half way from 80 to 100: 7.5 of 15); on time 10/10 (25 of 25);
    // returns 1/10 = 10 % (two thirds from 20 down to 5: 3.33 of 5); extensions 0 % (5 of 5);
    // no ratings: satisfaction, resolution and redo have no value and are left out.
    let unit = UnitPeriod {
        counters: counters(&[
            (Counter::WindowsEnded, 10),
            (Counter::AcknowledgedInWindow, 9),
            (Counter::Closed, 10),
            (Counter::ClosedOnTime, 10),
            (Counter::Dispatched, 10),
            (Counter::ReturnsApproved, 1),
        ]),
        ..Default::default()
    };
    let card = score(&scheme, &unit, &RatingPoints::default());
    let points: Vec<Option<f64>> = card.items.iter().map(|i| i.points).collect();
    assert_eq!(points, [Some(7.5), Some(25.0), None, None, Some(3.33), Some(5.0), None]);
    // 40.83 earned of the 50 points that had data, scaled to 100.
    assert_eq!(card.base, Some(81.66));
    assert_eq!(card.total, Some(81.66));
    // Below the floor earns nothing, beyond the target nothing more.
    let worse = UnitPeriod { counters: counters(&[(Counter::WindowsEnded, 10), (Counter::AcknowledgedInWindow, 5)]), ..Default::default() };
    assert_eq!(score(&scheme, &worse, &RatingPoints::default()).total, Some(0.0));
    // Nothing to rate at all: not scored.
    let idle = score(&scheme, &UnitPeriod::default(), &RatingPoints::default());
    assert_eq!((idle.base, idle.total), (None, None));
    assert_eq!(format!("{:.2} {:.2}", idle.bonus, idle.deduction), "0.00 0.00", "not -0.00");
}

#[test]
fn bonuses_are_capped_deductions_are_not_and_the_total_never_falls_below_zero() {
    let scheme = Scheme::standard(2026);
    let mut by_last_year = std::collections::BTreeMap::new();
    let mut by_now = std::collections::BTreeMap::new();
    for (i, (then, now)) in [(10, 8), (10, 7), (4, 0), (10, 2), (10, 1), (10, 0), (20, 10)].iter().enumerate() {
        by_last_year.insert(format!("c{i}"), *then);
        by_now.insert(format!("c{i}"), *now);
    }
    let unit = UnitPeriod {
        counters: counters(&[(Counter::Closed, 4), (Counter::ClosedOnTime, 4), (Counter::ClosedEarly, 2), (Counter::Supervisions, 3), (Counter::MediaExposed, 1)]),
        by_category: by_now,
        by_category_last_year: by_last_year,
        ..Default::default()
    };
    let card = score(&scheme, &unit, &RatingPoints::default());
    // Early: 3 × 2/4; falls of at least 20 % among categories with at least 5 then: c1 c3 c4 c5 c6 (c0 fell 20 % too).
    assert_eq!(card.bonuses[0].points, 1.5);
    assert_eq!(card.bonuses.iter().filter(|b| b.label == "同类诉求下降").count(), 6);
    assert_eq!(card.bonus, 5.0, "capped");
    assert_eq!(card.deduction, 5.0, "3 supervisions and a media case");
    assert_eq!(card.base, Some(100.0));
    assert_eq!(card.total, Some(100.0));
    let hopeless = UnitPeriod { counters: counters(&[(Counter::Closed, 1), (Counter::Supervisions, 200)]), ..Default::default() };
    assert_eq!(score(&scheme, &hopeless, &RatingPoints::default()).total, Some(0.0));
    assert!(Indicator::ReturnRate.higher_is_better() == false && Indicator::OnTimeRate.higher_is_better());
}

#[test]
fn equal_scores_share_a_rank_and_unscored_units_have_none() {
    assert_eq!(ranks(&[Some(80.0), None, Some(95.5), Some(80.0), Some(60.0)]), [Some(2), None, Some(1), Some(2), Some(4)]);
    assert_eq!(ranks(&[]), Vec::<Option<u32>>::new());
}

#[test]
fn indicators_are_stored_by_their_codes() {
    for i in Indicator::ALL {
        assert_eq!(serde_json::to_value(i).unwrap(), i.code());
        assert_eq!(Indicator::parse(i.code()), Some(*i));
    }
}

#[test]
fn publication_starts_a_three_working_day_appeal_clock_counting_its_own_day() {
    use crate::domain::calendar::WorkCalendar;
    let cal = WorkCalendar::builtin();
    let october = Period::parse_code("2026-10").unwrap();
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    // Friday 30 October is day 1 (but October is not over yet).
    let e = Publication::new(october, "方案".into(), Vec::new(), "reviewer", at("2026-10-30T10:00:00+08:00"), &cal).unwrap_err();
    assert_eq!(e.message(), "考核期间至2026年10月31日结束，结束后方可通报");
    let september = Period::parse_code("2026-09").unwrap();
    let p = Publication::new(september, "方案".into(), Vec::new(), "reviewer", at("2026-10-30T10:00:00+08:00"), &cal).unwrap();
    assert_eq!((p.version, p.appeal_until), (1, day(2026, 11, 3)), "Fri 30, Mon 2, Tue 3");
    assert!(p.appeal_open(day(2026, 11, 3)) && !p.appeal_open(day(2026, 11, 4)));
    // Published on a Saturday: the clock starts on Monday.
    let p = Publication::new(october, "方案".into(), Vec::new(), "reviewer", at("2026-11-07T10:00:00+08:00"), &cal).unwrap();
    assert_eq!(p.appeal_until, day(2026, 11, 11), "Mon 9, Tue 10, Wed 11");
}

#[test]
fn an_appeal_is_lodged_in_time_by_the_units_administrator_on_its_own_data_and_answered_once() {
    use crate::domain::calendar::WorkCalendar;
    use crate::domain::types::RequestNumber;
    use crate::domain::unit::UnitId;
    let cal = WorkCalendar::builtin();
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    let yining = UnitId::parse("yining").unwrap();
    let result = UnitResult { unit: yining.clone(), name: "伊宁市人民政府".into(), rank: Some(1), card: score(&Scheme::standard(2026), &UnitPeriod::default(), &RatingPoints::default()) };
    // Published Fri 30 Oct: the appeal runs Fri 30, Mon 2, Tue 3 November.
    let p = Publication::new(Period::parse_code("2026-09").unwrap(), "方案".into(), vec![result], "reviewer", at("2026-10-30T10:00:00+08:00"), &cal).unwrap();
    let number: RequestNumber = "YL2026091500001".parse().unwrap();
    let lodging = |when: &str| Lodging {
        role: crate::domain::types::Role::UnitAdmin,
        username: "yining-admin".into(),
        appellant_unit: Some(yining.clone()),
        unit: yining.clone(),
        subject: AppealSubject::DataPoint { number, indicator: Indicator::OnTimeRate },
        reasons: "该件因诉求人要求延后上门，非我单位原因超期".parse().unwrap(),
        files: vec!["scan1".parse().unwrap()],
        counted: true,
        at: at(when),
    };
    assert!(Appeal::lodge(&p, lodging("2026-11-03T23:59:59+08:00"), &[]).is_ok(), "the third working day");
    let late = Appeal::lodge(&p, lodging("2026-11-04T00:00:00+08:00"), &[]).unwrap_err();
    assert_eq!(late.message(), "第三十八条：申诉须自通报之日起3个工作日内提出，本次申诉期已于2026年11月3日届满");
    let handler = Lodging { role: crate::domain::types::Role::Handler, ..lodging("2026-11-02T10:00:00+08:00") };
    assert_eq!(Appeal::lodge(&p, handler, &[]).unwrap_err(), AppealRefusal::NotAdministrator);
    let other = Lodging { appellant_unit: Some(UnitId::parse("huocheng").unwrap()), ..lodging("2026-11-02T10:00:00+08:00") };
    assert_eq!(Appeal::lodge(&p, other, &[]).unwrap_err(), AppealRefusal::OtherUnit);
    let uncounted = Lodging { counted: false, ..lodging("2026-11-02T10:00:00+08:00") };
    assert_eq!(Appeal::lodge(&p, uncounted, &[]).unwrap_err().message(), "该诉求未计入本单位该项指标，不能就此申诉");
    let whole = Lodging { counted: false, subject: AppealSubject::Result, ..lodging("2026-11-02T10:00:00+08:00") };
    let mut on_result = Appeal::lodge(&p, whole, &[]).unwrap();
    let mut recount_result = on_result.clone();
    assert_eq!(
        recount_result.answer(true, CorrectionKind::Recount, "已复核".parse().unwrap(), "reviewer", at("2026-11-05T10:00:00+08:00")).unwrap_err(),
        AppealRefusal::NotRecountable,
        "a whole result has no data point to recount"
    );
    on_result.answer(true, CorrectionKind::Exclude, "已复核".parse().unwrap(), "reviewer", at("2026-11-05T10:00:00+08:00")).unwrap();
    assert_eq!(on_result.correction(), None, "a whole result corrects no data point");

    let six = Lodging { files: (0..6).map(|i| format!("scan{i}").parse().unwrap()).collect(), ..lodging("2026-11-02T10:00:00+08:00") };
    assert_eq!(Appeal::lodge(&p, six, &[]).unwrap_err().message(), "一次申诉最多附 5 个文件");
    let mut a = Appeal::lodge(&p, lodging("2026-11-02T10:00:00+08:00"), &[]).unwrap();
    assert_eq!(a.files, vec!["scan1".parse().unwrap()], "the files go with the appeal");
    assert_eq!(a.correction(), None, "not before it is upheld");
    let mut recounted = a.clone();
    a.answer(true, CorrectionKind::Exclude, "经核实属实，该件不计入按时办结率".parse().unwrap(), "reviewer", at("2026-11-05T10:00:00+08:00")).unwrap();
    assert_eq!(a.correction(), Some((&yining, number, Indicator::OnTimeRate, CorrectionKind::Exclude)));
    assert_eq!(a.answer(false, CorrectionKind::Exclude, "再议".parse().unwrap(), "reviewer", at("2026-11-06T10:00:00+08:00")).unwrap_err(), AppealRefusal::AlreadyAnswered);
    recounted.answer(true, CorrectionKind::Recount, "经核实已按时办结".parse().unwrap(), "reviewer", at("2026-11-05T10:00:00+08:00")).unwrap();
    assert_eq!(recounted.correction(), Some((&yining, number, Indicator::OnTimeRate, CorrectionKind::Recount)));
    let mut d = Appeal::lodge(&p, lodging("2026-11-02T10:00:00+08:00"), &[]).unwrap();
    d.answer(false, CorrectionKind::Exclude, "理由不成立".parse().unwrap(), "reviewer", at("2026-11-05T10:00:00+08:00")).unwrap();
    assert_eq!(d.correction(), None);
    let json = serde_json::to_string(&a).unwrap();
    assert_eq!(serde_json::from_str::<Appeal>(&json).unwrap(), a);
    assert_eq!(a.period, p.period);
    // The same data point, or the result, once per unit and period.
    let again = Appeal::lodge(&p, lodging("2026-11-02T11:00:00+08:00"), &[a.clone()]).unwrap_err();
    assert_eq!(again.message(), "本单位已就此提出过申诉，同一事项只申诉一次");
    let other_indicator = Lodging { subject: AppealSubject::DataPoint { number, indicator: Indicator::ResponseRate }, ..lodging("2026-11-02T11:00:00+08:00") };
    assert!(Appeal::lodge(&p, other_indicator, &[a.clone()]).is_ok());
    assert_eq!(AppealSubject::DataPoint { number, indicator: Indicator::OnTimeRate }.describe(), "诉求 YL2026091500001 计入的按时办结率");
}

#[test]
fn an_upheld_data_point_leaves_only_its_indicator_and_the_period_is_published_again() {
    use crate::domain::calendar::WorkCalendar;
    let scheme = Scheme::standard(2026);
    // 10 closed, 8 on time; 4 ratings of which 1 dissatisfied; 2 supervisions.
    let mut unit = UnitPeriod {
        counters: counters(&[
            (Counter::Closed, 10),
            (Counter::ClosedOnTime, 8),
            (Counter::rated(crate::domain::types::Rating::Satisfied), 3),
            (Counter::rated(crate::domain::types::Rating::Dissatisfied), 1),
            (Counter::Supervisions, 2),
        ]),
        ..Default::default()
    };
    let before = score(&scheme, &unit, &RatingPoints::default());
    let value = |c: &ScoreCard, i: Indicator| c.items.iter().find(|x| x.indicator == i).and_then(|x| x.value);
    assert_eq!(value(&before, Indicator::OnTimeRate), Some(0.8));
    // One late request (closed, not on time, rated dissatisfied) leaves the on-time rate only.
    unit.exclude(Indicator::OnTimeRate, &counters(&[(Counter::Closed, 1)]));
    let after = score(&scheme, &unit, &RatingPoints::default());
    assert_eq!(value(&after, Indicator::OnTimeRate), Some(0.8889), "8 of 9");
    assert_eq!(value(&after, Indicator::SatisfactionRate), value(&before, Indicator::SatisfactionRate), "its rating still counts");
    let item = after.items.iter().find(|x| x.indicator == Indicator::OnTimeRate).unwrap();
    assert_eq!((item.numerator, item.denominator, item.excluded), (8.0, Some(9), 1));
    assert!(after.total > before.total);
    // Counted again as meeting it: the late request is on time, 9 of 10; the other indicators unchanged.
    let mut recounted = UnitPeriod { excluded: Default::default(), ..unit.clone() };
    assert!(recounted.recount(Indicator::OnTimeRate, &counters(&[(Counter::Closed, 1)])));
    let again = score(&scheme, &recounted, &RatingPoints::default());
    let item = again.items.iter().find(|x| x.indicator == Indicator::OnTimeRate).unwrap();
    assert_eq!((item.numerator, item.denominator, item.recounted, item.excluded), (9.0, Some(10), 1, 0));
    assert_eq!(value(&again, Indicator::SatisfactionRate), value(&before, Indicator::SatisfactionRate));
    // A rating has no single meaning of meeting it: no recount, nothing changed.
    assert!(!recounted.recount(Indicator::SatisfactionRate, &counters(&[(Counter::rated(crate::domain::types::Rating::Dissatisfied), 1)])));
    assert_eq!(score(&scheme, &recounted, &RatingPoints::default()), again);
    // A lower-is-better rate loses the request's numerator, keeps its denominator.
    let returns = UnitPeriod { counters: counters(&[(Counter::Dispatched, 4), (Counter::ReturnsApproved, 2)]), ..Default::default() };
    let mut fixed = returns.clone();
    assert!(fixed.recount(Indicator::ReturnRate, &counters(&[(Counter::Dispatched, 1), (Counter::ReturnsApproved, 1)])));
    let t = fixed.counters_for(Indicator::ReturnRate).tally(Indicator::ReturnRate, &RatingPoints::default());
    assert_eq!((t.numerator, t.denominator), (1.0, Some(4)));
    // A supervision appealed away is no longer deducted.
    assert_eq!(after.deduction, 2.0);
    unit.exclude(Indicator::Supervised, &counters(&[(Counter::Supervisions, 1)]));
    assert_eq!(score(&scheme, &unit, &RatingPoints::default()).deduction, 1.0);
    // Never below zero, whatever is taken out.
    assert_eq!(counters(&[(Counter::Closed, 1)]).without(&counters(&[(Counter::Closed, 3)])).get(Counter::Closed), 0);

    let cal = WorkCalendar::builtin();
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    let p = Publication::new(Period::parse_code("2026-09").unwrap(), "方案".into(), Vec::new(), "reviewer", at("2026-10-30T10:00:00+08:00"), &cal).unwrap();
    let v2 = p.republish(Vec::new(), "center-admin", at("2026-11-05T10:00:00+08:00"));
    assert_eq!((v2.version, v2.appeal_until, v2.period, v2.by.as_str()), (2, p.appeal_until, p.period, "center-admin"));
    // Snapshots written before items counted exclusions still read.
    let old = r#"{"indicator":"on_time_rate","weight":25,"target":1.0,"floor":0.8,"numerator":8.0,"denominator":10,"value":0.8,"points":0.0}"#;
    assert_eq!(serde_json::from_str::<ItemScore>(old).unwrap().excluded, 0);
}

#[test]
fn an_agent_is_scored_on_the_reviewed_sample_and_the_call_ratings_weighed_by_the_scheme() {
    use crate::domain::types::{FrontDeskCheck, Rating};
    use std::collections::BTreeSet;
    let rules = FrontDeskRules::default();
    assert_eq!((rules.draws(12), rules.draws(3), rules.draws(0)), (5, 3, 0));
    let all: BTreeSet<FrontDeskCheck> = FrontDeskCheck::ALL.iter().copied().collect();
    let three: BTreeSet<FrontDeskCheck> = [FrontDeskCheck::RequestType, FrontDeskCheck::Unit, FrontDeskCheck::Courtesy].into();
    assert_eq!((checklist_points(&all), checklist_points(&three), checklist_points(&BTreeSet::new())), (100.0, 60.0, 0.0));

    let points = RatingPoints::default();
    let month = AgentMonth { sampled: 5, reviewed: vec![100.0, 60.0], call_ratings: vec![Rating::VerySatisfied, Rating::Dissatisfied] };
    let s = agent_score(&rules, &month, &points);
    // Quality 80, call service (100 + 30) / 2 = 65: 80 × 0.7 + 65 × 0.3 = 75.5.
    assert_eq!((s.sampled, s.reviewed, s.quality, s.calls_rated, s.call_service, s.total), (5, 2, Some(80.0), 2, Some(65.0), Some(75.5)));
    // One side alone when the other has no data; nothing when neither has.
    let unreviewed = AgentMonth { reviewed: Vec::new(), ..month.clone() };
    assert_eq!(agent_score(&rules, &unreviewed, &points).total, Some(65.0));
    let unrated = AgentMonth { call_ratings: Vec::new(), ..month.clone() };
    assert_eq!(agent_score(&rules, &unrated, &points).total, Some(80.0));
    assert_eq!(agent_score(&rules, &AgentMonth::default(), &points).total, None);
    // The weight is the scheme's: all on the checklist, or all on the callers.
    assert_eq!(agent_score(&FrontDeskRules { call_weight: 0, ..rules.clone() }, &month, &points).total, Some(80.0));
    assert_eq!(agent_score(&FrontDeskRules { call_weight: 100, ..rules }, &month, &points).total, Some(65.0));
}

#[test]
fn the_front_desk_rules_are_set_with_the_scheme_and_old_schemes_read_the_default() {
    let mut f = form();
    assert_eq!((f.sample_size.as_str(), f.call_weight.as_str()), ("5", "30"));
    f.sample_size = "8".into();
    f.call_weight = "40".into();
    let (scheme, _) = f.parse().unwrap();
    assert_eq!(scheme.front_desk, FrontDeskRules { sample_size: 8, call_weight: 40 });
    f.sample_size = "0".into();
    f.call_weight = "101".into();
    let e = f.parse().unwrap_err();
    let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["sample_size", "call_weight"]);
    assert_eq!(e[0].message, "每名话务员每月抽检件数须为 1 至 50 的整数");
    let mut old = serde_json::to_value(Scheme::standard(2026)).unwrap();
    old.as_object_mut().unwrap().remove("front_desk");
    assert_eq!(serde_json::from_value::<Scheme>(old).unwrap().front_desk, FrontDeskRules::default());
}

#[test]
fn keeping_the_knowledge_base_earns_within_the_cap_and_stale_entries_cost() {
    let scheme = Scheme::standard(2026);
    let unit = UnitPeriod {
        counters: counters(&[(Counter::Closed, 4), (Counter::ClosedOnTime, 4)]),
        knowledge: KnowledgeUpkeep { added: 2, revised: 3, stale: 4 },
        ..Default::default()
    };
    let card = score(&scheme, &unit, &RatingPoints::default());
    let kept = card.bonuses.iter().find(|a| a.label == "知识库建设更新").unwrap();
    assert_eq!((kept.detail.as_str(), kept.points), ("新增 2 条，修订 3 条", 1.0), "0.2 × 5");
    let stale = card.deductions.iter().find(|a| a.label == "知识库过期").unwrap();
    assert_eq!((stale.detail.as_str(), stale.points), ("知识库条目逾期未复核 4 条", 2.0), "0.5 × 4");
    // Within the bonuses' cap, whatever the count.
    let busy = UnitPeriod { knowledge: KnowledgeUpkeep { added: 100, revised: 0, stale: 0 }, ..unit.clone() };
    assert_eq!(score(&scheme, &busy, &RatingPoints::default()).bonus, scheme.bonuses.cap);
    // Nothing kept, nothing stale: no line at all; a scheme set to 0 weighs none.
    let idle = UnitPeriod { knowledge: KnowledgeUpkeep::default(), ..unit.clone() };
    let card = score(&scheme, &idle, &RatingPoints::default());
    assert!(card.bonuses.iter().chain(&card.deductions).all(|a| !a.label.starts_with("知识库")));
    let mut f = form();
    f.per_knowledge_entry = "0".into();
    f.per_stale_entry = "x".into();
    let e = f.parse().unwrap_err();
    assert_eq!((e[0].field.as_str(), e[0].message.as_str()), ("per_stale_entry", "知识库每条过期未复核扣分须为 0 至 20 之间的数"));
    f.per_stale_entry = "0".into();
    let (off, _) = f.parse().unwrap();
    assert_eq!(score(&off, &unit, &RatingPoints::default()).deduction, 0.0);
}

#[test]
fn the_rating_points_are_set_with_the_scheme_in_order() {
    let mut f = form();
    assert_eq!(f.rating_points, ["100", "90", "75", "30", "0"]);
    f.rating_points = vec!["100".into(), "80".into(), "60".into(), "20".into(), "0".into()];
    assert_eq!(f.parse().unwrap().0.rating_points, RatingPoints([100, 80, 60, 20, 0]));
    f.rating_points[3] = "70".into();
    let e = f.parse().unwrap_err();
    assert_eq!((e[0].field.as_str(), e[0].message.as_str()), ("rating_points.0", "满意度分值须从“非常满意”到“非常不满意”依次不增"));
    f.rating_points = vec!["100".into(), "x".into()];
    let e = f.parse().unwrap_err();
    let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["rating_points.1", "rating_points.2", "rating_points.3", "rating_points.4"]);
    assert_eq!(e[0].message, "“满意”的分值须为 0 至 100 的整数");
    // A scheme stored before the points were part of it reads the default.
    let mut old = serde_json::to_value(Scheme::standard(2026)).unwrap();
    old.as_object_mut().unwrap().remove("rating_points");
    assert_eq!(serde_json::from_value::<Scheme>(old).unwrap().rating_points, RatingPoints::default());
}

use super::*;
use chrono::TimeZone;

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, day, 2, 0, 0).single().unwrap_or_default()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn content() -> ReportContent {
    ReportContent {
        scope: "全州".into(),
        generated_at: at(1),
        previous_name: "2026年10月".into(),
        last_year_name: "2025年11月".into(),
        indicators: Vec::new(),
        registered: 3,
        by_type: Vec::new(),
        by_channel: Vec::new(),
        by_county: Vec::new(),
        top_categories: Vec::new(),
        hot_spots: Vec::new(),
        units: Vec::new(),
        cases: Vec::new(),
    }
}

#[test]
fn a_month_is_read_from_its_code_and_nothing_else() {
    let m = ReportMonth::parse(" 2026-11 ").unwrap();
    assert_eq!((m.code(), m.name()), ("2026-11".to_string(), "2026年11月".to_string()));
    assert_eq!((m.period().from(), m.period().to()), (day(2026, 11, 1), day(2026, 11, 30)));
    assert_eq!(m.previous().code(), "2026-10");
    assert_eq!(m.next().code(), "2026-12");
    assert_eq!(ReportMonth::parse("2026-12").unwrap().next().code(), "2027-01");
    assert_eq!(ReportMonth::parse("2024-03").unwrap().previous().period().to(), day(2024, 2, 29));
    assert_eq!(ReportMonth::of(day(2026, 2, 28)).unwrap().code(), "2026-02");
    assert_eq!(ReportMonth::last_before(day(2026, 1, 1)).unwrap().code(), "2025-12");
    for bad in ["", "2026", "2026-Q4", "2026-13", "2026-1", "26-11", "2026-11-01", "2026-11..2026-12", "1999-12", "x-11"] {
        let e = ReportMonth::parse(bad).unwrap_err();
        assert_eq!((e.field(), e.message()), ("month", "请选择报告月份（年-月）".to_string()), "{bad:?}");
    }
    // serde reads through parse
    assert!(serde_json::from_str::<ReportMonth>("\"2026-13\"").is_err());
    assert_eq!(serde_json::to_string(&m).unwrap(), "\"2026-11\"");
}

#[test]
fn a_month_is_over_only_after_its_last_day() {
    let m = ReportMonth::parse("2026-11").unwrap();
    assert!(!m.is_over(day(2026, 11, 30)));
    assert!(m.is_over(day(2026, 12, 1)));
}

#[test]
fn authors_are_stored_by_code() {
    let county = ReportAuthor::County(UnitId::parse("yining").unwrap());
    for a in [ReportAuthor::Center, county.clone()] {
        assert_eq!(ReportAuthor::parse(&a.code()), Some(a));
    }
    assert_eq!(county.code(), "county:yining");
    assert_eq!(ReportAuthor::parse("county:"), None);
    assert_eq!(ReportAuthor::parse("prefecture"), None);
    assert!(may_write(Role::Reviewer));
    for r in [Role::Agent, Role::Analyst, Role::Handler, Role::UnitAdmin, Role::Admin, Role::Citizen] {
        assert!(!may_write(r), "{r:?}");
    }
}

#[test]
fn a_draft_is_edited_issued_once_and_corrected_as_a_new_version() {
    let month = ReportMonth::parse("2026-11").unwrap();
    let mut v1 = ReportVersion::first(ReportAuthor::Center, month, "reviewer", at(1));
    assert_eq!((v1.number(), v1.is_issued(), v1.issued_content()), (1, false, None));
    // a draft is not corrected, it is edited
    assert_eq!(v1.correction("x".parse().unwrap(), "r", at(1)).unwrap_err(), ReportError::NotIssued);
    let narrative = Narrative::parse("本月受理诉求平稳。", "", "YL2026110300001 供暖不热集中投诉").unwrap();
    v1.edit(narrative.clone(), "reviewer2", at(2)).unwrap();
    assert_eq!((v1.narrative.clone(), v1.drafted_by.as_str()), (narrative.clone(), "reviewer2"));

    // not before the month is over
    let e = v1.issue(content(), "reviewer", at(1), day(2026, 11, 30)).unwrap_err();
    assert_eq!((e.field(), e.message()), ("month", "2026年11月尚未结束，月报须在月末之后印发".to_string()));
    assert!(!v1.is_issued());
    v1.issue(content(), "reviewer", at(2), day(2026, 12, 1)).unwrap();
    assert_eq!(v1.issued_content(), Some(&content()));

    // issued: frozen
    let mut later = content();
    later.registered = 4;
    assert_eq!(v1.issue(later, "reviewer", at(3), day(2026, 12, 3)).unwrap_err(), ReportError::AlreadyIssued);
    assert_eq!(v1.edit(Narrative::default(), "reviewer", at(3)).unwrap_err(), ReportError::AlreadyIssued);
    assert_eq!(v1.issued_content().map(|c| c.registered), Some(3));

    let v2 = v1.correction("11月供暖数据有误".parse().unwrap(), "reviewer", at(4)).unwrap();
    assert_eq!((v2.number(), v2.is_issued(), &v2.narrative, &v2.month), (2, false, &narrative, &month));
    assert_eq!(v2.origin, Origin::Correction { of: 1, reason: "11月供暖数据有误".parse().unwrap() });
    let json = serde_json::to_string(&v1).unwrap();
    assert_eq!(serde_json::from_str::<ReportVersion>(&json).unwrap(), v1);
}

#[test]
fn cases_are_one_per_line_with_a_reason() {
    let n = Narrative::parse("", "  ", "\nYL2026110300001 供暖不热\n  YL2026110400012\t物业 乱收费  \n").unwrap();
    assert_eq!((&n.briefing, &n.special), (&None, &None));
    assert_eq!(n.cases.len(), 2);
    assert_eq!(n.cases[1].note.as_str(), "物业 乱收费");
    assert_eq!(n.cases_text(), "YL2026110300001 供暖不热\nYL2026110400012 物业 乱收费");
    let e = Narrative::parse("", "", "YL2026110300001 a\n\n12345 b").unwrap_err();
    assert_eq!(e.message(), "典型案例第3行：请以诉求编号开头，如 YL2026110100001");
    assert_eq!(e.field(), "cases");
    let e = CaseNote::parse_lines("YL2026110300001").unwrap_err();
    assert_eq!(e.message(), "典型案例第1行：请在编号后写明入选理由（最多1000字）");
    let e = CaseNote::parse_lines("YL2026110300001 a\nYL2026110300001 b").unwrap_err();
    assert_eq!(e.message(), "典型案例第2行：该诉求已列入");
    let many: String = (1..=21).map(|i| format!("YL20261103{i:05} 说明\n")).collect();
    assert_eq!(CaseNote::parse_lines(&many).unwrap_err(), ReportError::TooManyCases);
    let e = Narrative::parse(&"字".repeat(4001), "", "").unwrap_err();
    assert_eq!((e.field(), e.message()), ("briefing", "工作简报最多4000字，且不能含控制字符".to_string()));
}

fn unit(name: &str, dispatched: u64, rates: [Option<f64>; 3]) -> UnitRank {
    UnitRank {
        rank: Some(99),
        name: name.into(),
        dispatched,
        response_rate: rates[2],
        on_time_rate: rates[1],
        satisfaction_rate: rates[0],
        overdue: 0,
        supervised: 0,
    }
}

#[test]
fn units_rank_by_satisfaction_then_on_time_then_response_sharing_ties() {
    let ranked = UnitRank::ranked(vec![
        unit("丙", 5, [Some(0.9), Some(0.8), Some(1.0)]),
        unit("甲", 0, [None, None, None]),
        unit("乙", 3, [Some(0.9), Some(0.9), Some(0.5)]),
        unit("丁", 4, [Some(0.9), Some(0.8), Some(1.0)]),
        unit("戊", 2, [None, Some(1.0), Some(1.0)]),
        unit("己", 1, [Some(0.95), None, None]),
    ]);
    let got: Vec<(&str, Option<u32>)> = ranked.iter().map(|u| (u.name.as_str(), u.rank)).collect();
    assert_eq!(got, vec![("己", Some(1)), ("乙", Some(2)), ("丁", Some(3)), ("丙", Some(3)), ("戊", Some(5)), ("甲", None)]);
}

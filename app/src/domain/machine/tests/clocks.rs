//! The running clocks and their warnings (SPEC §4, Art. 32).

use super::super::super::deadline::Warning;
use super::super::super::request::Request;
use super::*;

fn keys(r: &Request, w: &World, now: &str) -> Vec<(String, String, Warning)> {
    r.clocks(at(now), &w.ctx())
        .into_iter()
        .map(|c| (c.key(), c.due_text(), c.warning))
        .collect()
}

#[test]
fn clocks_after_dispatch() {
    let w = World::new();
    let mut r = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    assert_eq!(
        keys(&r, &w, "2024-09-23T09:00:00+08:00"),
        [("handling".into(), "2024-10-16T23:59:59+08:00".into(), Warning::Normal)]
    );
    ok(
        &mut r,
        &w,
        &agent(),
        "2024-09-23T09:30:00+08:00",
        dispatch_to("yining-housing"),
    );
    assert_eq!(
        keys(&r, &w, "2024-09-23T09:30:00+08:00"),
        [
            ("handling".into(), "2024-10-16T23:59:59+08:00".into(), Warning::Normal),
            (
                "acknowledge:yining-housing".into(),
                "2024-09-23T23:59:59+08:00".into(),
                Warning::Amber
            ),
            (
                "return_window:yining-housing".into(),
                "2024-09-23T23:59:59+08:00".into(),
                Warning::Amber
            ),
        ]
    );
    // Unacknowledged past the window: red; the return window itself is gone.
    assert_eq!(
        keys(&r, &w, "2024-09-24T09:00:00+08:00"),
        [
            ("handling".into(), "2024-10-16T23:59:59+08:00".into(), Warning::Normal),
            (
                "acknowledge:yining-housing".into(),
                "2024-09-23T23:59:59+08:00".into(),
                Warning::Red
            ),
        ]
    );
    // Amber on the last day, red after it.
    ok(
        &mut r,
        &w,
        &handler("yining-housing"),
        "2024-09-24T10:00:00+08:00",
        json!({"type": "acknowledge"}),
    );
    assert_eq!(keys(&r, &w, "2024-10-15T10:00:00+08:00")[0].2, Warning::Normal);
    assert_eq!(keys(&r, &w, "2024-10-16T10:00:00+08:00")[0].2, Warning::Amber);
    assert_eq!(keys(&r, &w, "2024-10-17T00:00:00+08:00")[0].2, Warning::Red);
    assert!(r.is_overdue(at("2024-10-17T00:00:00+08:00")));
}

#[test]
fn emergency_notice_clock() {
    let w = World::new();
    let mut new = new_request("help", "2024-09-23");
    new.draft.emergency = true;
    new.draft.emergency_kind = Some(crate::domain::types::EmergencyKind::Utilities);
    let (r, _) = Request::register(new, &agent(), at("2024-09-23T09:00:00+08:00"), &w.ctx()).unwrap();
    let k = keys(&r, &w, "2024-09-23T09:10:00+08:00");
    assert_eq!(
        k[0],
        ("handling".into(), "2024-09-24T23:59:59+08:00".into(), Warning::Normal)
    );
    assert_eq!(
        k[1],
        (
            "emergency_notify".into(),
            "2024-09-23T09:30:00+08:00".into(),
            Warning::Amber
        )
    );
    assert_eq!(keys(&r, &w, "2024-09-23T09:31:00+08:00")[1].2, Warning::Red);
}

#[test]
fn extension_decision_clock_runs_to_the_current_deadline() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    ok(
        &mut r,
        &w,
        &handler("yining-housing"),
        "2024-10-14T10:00:00+08:00",
        json!({"type": "request_extension", "reason": "需协调供电公司"}),
    );
    let k = keys(&r, &w, "2024-10-15T10:00:00+08:00");
    assert!(
        k.contains(&(
            "extension_decision".into(),
            "2024-10-16T23:59:59+08:00".into(),
            Warning::Normal
        )),
        "{k:?}"
    );
}

#[test]
fn a_deadline_in_a_year_without_calendar_data_is_flagged() {
    let w = World::new();
    let new = new_request("complaint", "2026-12-21");
    let (r, events) = Request::register(new, &agent(), at("2026-12-21T09:00:00+08:00"), &w.ctx()).unwrap();
    assert!(!r.due().unwrap().is_certain());
    assert_eq!(
        events[0].internal_note.as_deref(),
        Some("未载入2027年的节假日安排，按周末和固定日期的节日推算")
    );
    let c = &r.clocks(at("2026-12-21T09:00:00+08:00"), &w.ctx())[0];
    assert_eq!(c.assumed_years.iter().copied().collect::<Vec<_>>(), [2027]);
}

#[test]
fn a_second_extension_into_a_year_without_calendar_data_is_flagged() {
    // A complaint of Tue 1 Dec 2026 is due Mon 21 Dec; the first extension
    // (to Mon 28 Dec) rests on the 2026 notice, the second runs into 2027.
    let w = World::new();
    let mut r = registered(&w, "complaint", "2026-12-01T09:00:00+08:00");
    assert!(r.due().unwrap().is_certain());
    ok(&mut r, &w, &agent(), "2026-12-01T09:30:00+08:00", dispatch_to("yining-housing"));
    ok(&mut r, &w, &handler("yining-housing"), "2026-12-01T10:00:00+08:00", json!({"type": "acknowledge"}));
    let extend = |r: &mut Request, day: &str| {
        ok(r, &w, &handler("yining-housing"), &format!("{day}T09:00:00+08:00"), json!({"type": "request_extension", "reason": "需协调供电公司"}));
        ok(r, &w, &reviewer(), &format!("{day}T11:00:00+08:00"), json!({"type": "decide_extension", "approve": true}))
    };
    let first = extend(&mut r, "2026-12-15");
    assert_eq!(first[0].public_text.as_deref(), Some("经审核，您的诉求办理期限延长至2026年12月28日。"));
    assert_eq!(first[0].internal_note, None);
    let second = extend(&mut r, "2026-12-22");
    // 29, 30, 31 Dec, (1 Jan assumed off), Mon 4, Tue 5 Jan 2027.
    assert_eq!(r.due().unwrap().last_day, day("2027-01-05"));
    assert_eq!(
        second[0].public_text.as_deref(),
        Some("经审核，您的诉求办理期限延长至2027年1月5日（2027年节假日安排尚未公布，按常规工作日推算，如有调整另行告知）。")
    );
    assert_eq!(
        second[0].internal_note.as_deref(),
        Some("未载入2027年的节假日安排，按周末和固定日期的节日推算")
    );
    let handling = r.clocks(at("2026-12-22T12:00:00+08:00"), &w.ctx()).into_iter().find(|c| c.key() == "handling").unwrap();
    assert_eq!(handling.assumed_years.iter().copied().collect::<Vec<_>>(), [2027]);
}

#[test]
fn a_redo_into_a_year_without_calendar_data_is_flagged() {
    // A consultation closed in December 2026, rated dissatisfied on Mon 28 Dec:
    // five working days run 28–31 Dec and Mon 4 Jan 2027 (1 Jan assumed off).
    let w = World::new();
    let mut r = registered(&w, "consultation", "2026-12-21T09:00:00+08:00");
    ok(&mut r, &w, &agent(), "2026-12-21T09:30:00+08:00", dispatch_to("yining-housing"));
    ok(&mut r, &w, &handler("yining-housing"), "2026-12-21T10:00:00+08:00", json!({"type": "acknowledge"}));
    ok(&mut r, &w, &handler("yining-housing"), "2026-12-23T10:00:00+08:00", result("yining-housing", "2026-12-23T09:00:00+08:00", false));
    ok(&mut r, &w, &reviewer(), "2026-12-24T10:00:00+08:00", json!({"type": "review_completion", "approve": true}));
    let events = ok(&mut r, &w, &citizen(), "2026-12-28T10:00:00+08:00", json!({"type": "rate", "rating": "dissatisfied"}));
    assert_eq!(r.state_code(), "redo");
    assert_eq!(
        events[1].public_text.as_deref(),
        Some("您的诉求已发回承办单位重办，重办期限至2027年1月4日（2027年节假日安排尚未公布，按常规工作日推算，如有调整另行告知）。")
    );
    assert_eq!(
        events[1].internal_note.as_deref(),
        Some("未载入2027年的节假日安排，按周末和固定日期的节日推算")
    );
    let redo = r.clocks(at("2026-12-28T10:00:00+08:00"), &w.ctx()).into_iter().find(|c| c.key() == "redo").unwrap();
    assert_eq!(redo.due_text(), "2027-01-04T23:59:59+08:00");
    assert_eq!(redo.assumed_years.iter().copied().collect::<Vec<_>>(), [2027]);
}

//! An emergency found after registration (Art. 29) and the center's tags.

use super::super::super::deadline::TimeLimit;
use super::super::super::request::Request;
use super::super::super::staff_notice::staff_notices;
use super::super::super::types::Tag;
use super::super::EventKind;
use super::*;

const MARK: &str = r#"{"type": "mark_emergency", "reason": "墩买里街道大面积停水", "kind": "utilities"}"#;

fn mark() -> Value {
    serde_json::from_str(MARK).unwrap()
}

#[test]
fn a_registered_request_marked_an_emergency_gets_two_working_days_from_now() {
    let w = World::new();
    // A complaint of Mon 23 Sep 2024 would have 15 working days (National Day in between).
    let mut r = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    assert_eq!(r.due().unwrap().last_day, day("2024-10-16"));
    let events = ok(&mut r, &w, &reviewer(), "2024-09-24T10:00:00+08:00", mark());
    assert!(r.is_emergency());
    assert_eq!(r.time_limit(), TimeLimit::Emergency);
    // Tue 24 (1), Wed 25 (2).
    assert_eq!(r.due().unwrap().last_day, day("2024-09-25"));
    assert_eq!(r.emergency_notice().unwrap().notify_by, at("2024-09-24T10:30:00+08:00"));
    assert_eq!(r.emergency_notice().unwrap().notified_at, None);
    assert_eq!(events.len(), 1);
    assert!(matches!(&events[0].kind, EventKind::EmergencyMarked { due, .. } if *due == day("2024-09-25")));
    assert_eq!(events[0].public_text.as_deref(), Some("您反映的事项已按突发事件办理，办理期限至2024年9月25日。"));
    // The dispatch stops the 30-minute notice clock.
    let events = ok(&mut r, &w, &agent(), "2024-09-24T10:20:00+08:00", dispatch_to("yining-water"));
    assert_eq!(events[1].kind, EventKind::EmergencyNotified { within_30_minutes: true });
    assert_eq!(
        refused(&mut r, &w, &reviewer(), "2024-09-24T10:40:00+08:00", mark()),
        "Art. 29: the request is already handled as an emergency"
    );
    ok(&mut r, &w, &handler("yining-water"), "2024-09-24T10:50:00+08:00", json!({"type": "acknowledge"}));
    assert_eq!(
        refused(
            &mut r,
            &w,
            &handler("yining-water"),
            "2024-09-24T11:00:00+08:00",
            json!({"type": "request_extension", "reason": "需协调"})
        ),
        "Art. 20: emergency items cannot be extended"
    );
}

#[test]
fn marking_keeps_a_stricter_category_limit() {
    // Categorised first (1 working day, Art. 19(3)), marked an emergency later
    // the same day: the 1-day limit stays.
    let w = World::new();
    let mut new = new_request("help", "2024-09-23");
    new.draft.category = Some("urban.gas_leak".parse().unwrap());
    let (mut r, _) = Request::register(new, &agent(), at("2024-09-23T09:00:00+08:00"), &w.ctx()).unwrap();
    assert_eq!(r.due().unwrap().last_day, day("2024-09-23"));
    ok(&mut r, &w, &reviewer(), "2024-09-23T10:00:00+08:00", mark());
    assert_eq!(r.due().unwrap().last_day, day("2024-09-23"));
}

#[test]
fn marking_never_gives_more_time() {
    let w = World::new();
    // A consultation of Mon 23 Sep 2024 is due Fri 27; marked that Friday,
    // two working days would run to Sun 29 (a make-up working day).
    let mut r = registered(&w, "consultation", "2024-09-23T09:00:00+08:00");
    assert_eq!(r.due().unwrap().last_day, day("2024-09-27"));
    ok(&mut r, &w, &agent(), "2024-09-27T09:00:00+08:00", mark());
    assert_eq!(r.due().unwrap().last_day, day("2024-09-27"));
    assert_eq!(r.time_limit(), TimeLimit::Emergency);
}

#[test]
fn units_at_work_are_told_at_once() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    let events = ok(&mut r, &w, &reviewer(), "2024-09-24T15:00:00+08:00", mark());
    assert_eq!(events[1].kind, EventKind::EmergencyNotified { within_30_minutes: true });
    assert_eq!(r.emergency_notice().unwrap().notified_at, Some(at("2024-09-24T15:00:00+08:00")));
    let notices = staff_notices(&r, &events);
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].unit, uid("yining-housing"));
    assert_eq!(notices[0].kind, "emergency");
}

#[test]
fn an_extended_or_finished_request_is_not_marked() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    let h = handler("yining-housing");
    ok(&mut r, &w, &h, "2024-09-25T09:00:00+08:00", json!({"type": "request_extension", "reason": "需协调多个部门"}));
    assert_eq!(
        refused(&mut r, &w, &reviewer(), "2024-09-25T10:00:00+08:00", mark()),
        "Art. 20: an extended request cannot become an emergency (emergencies are not extended)"
    );
    let mut rejected = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    ok(
        &mut rejected,
        &w,
        &agent(),
        "2024-09-23T09:10:00+08:00",
        json!({"type": "reject", "reason": "out_of_scope", "basis": "不属于热线受理范围"}),
    );
    assert_eq!(
        refused(&mut rejected, &w, &reviewer(), "2024-09-23T09:20:00+08:00", mark()),
        "state: cannot mark an emergency while the request is rejected"
    );
    assert!(refused(&mut rejected, &w, &agent(), "2024-09-23T09:20:00+08:00", json!({"type": "tag", "tag": "hot_spot"}))
        .starts_with("state: cannot tag a request"));
}

#[test]
fn the_center_tags_a_request_once_per_tag() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    let events = ok(&mut r, &w, &agent(), "2024-09-24T09:00:00+08:00", json!({"type": "tag", "tag": "hot_spot"}));
    assert_eq!(events[0].kind, EventKind::Tagged { tag: Tag::HotSpot });
    assert_eq!(events[0].public_text, None, "tags are the staff's");
    assert!(r.tags().contains(&Tag::HotSpot));
    assert_eq!(
        refused(&mut r, &w, &reviewer(), "2024-09-24T09:10:00+08:00", json!({"type": "tag", "tag": "hot_spot"})),
        "tag: the request is already tagged 热点"
    );
    ok(&mut r, &w, &reviewer(), "2024-09-24T09:10:00+08:00", json!({"type": "tag", "tag": "key_item"}));
    assert_eq!(r.tags().len(), 2);
    assert_eq!(
        refused(&mut r, &w, &handler("yining-housing"), "2024-09-24T09:20:00+08:00", json!({"type": "tag", "tag": "leader_case"})),
        "role: handler may not tag a request"
    );
}

#[test]
fn force_majeure_stops_the_overdue_supervision_of_an_emergency() {
    // Art. 29, last sentence. An emergency of Mon 23 Sep 2024 is due Tue 24;
    // on Wed 25 it is overdue and the system would supervise its unit.
    let w = World::new();
    let mut new = new_request("help", "2024-09-23");
    new.draft.emergency = true;
    new.draft.emergency_kind = Some(crate::domain::types::EmergencyKind::Utilities);
    let (mut r, _) = Request::register(new, &agent(), at("2024-09-23T09:00:00+08:00"), &w.ctx()).unwrap();
    ok(&mut r, &w, &agent(), "2024-09-23T09:10:00+08:00", dispatch_to("yining-water"));
    ok(&mut r, &w, &handler("yining-water"), "2024-09-23T09:20:00+08:00", json!({"type": "acknowledge"}));
    let late = at("2024-09-25T08:00:00+08:00");
    assert_eq!(r.automatic_commands(late).len(), 1);
    let finding = json!({"type": "find_force_majeure", "reason": "特大暴雪致供水管网冻裂", "evidence": "州气象台暴雪红色预警", "attachment": "att-0091"});
    assert_eq!(
        refused(&mut r, &w, &handler("yining-water"), "2024-09-24T10:00:00+08:00", finding.clone()),
        "role: handler may not record force majeure"
    );
    let events = ok(&mut r, &w, &reviewer(), "2024-09-24T10:00:00+08:00", finding.clone());
    assert!(matches!(&events[0].kind, EventKind::ForceMajeureFound { reason, .. } if reason.as_str() == "特大暴雪致供水管网冻裂"));
    assert!(events[0].kind.staff_words(&|u: &crate::domain::unit::UnitId| u.to_string()).contains("认定不可抗力（第二十九条），停止逾期督办。情形：特大暴雪致供水管网冻裂。"));
    assert!(events[0].public_text.as_deref().unwrap().contains("不可抗力"));
    let found = r.emergency_notice().unwrap().force_majeure.clone().unwrap();
    assert_eq!((found.decided_by.as_str(), found.evidence.as_str()), ("李娜", "州气象台暴雪红色预警"));
    assert!(r.automatic_commands(late).is_empty());
    // The clock still tells the truth: the request is overdue.
    assert!(r.is_overdue(late));
    let told = staff_notices(&r, &events);
    assert_eq!(told.iter().map(|n| n.unit.as_str()).collect::<Vec<_>>(), ["yining-water"]);
    assert_eq!(
        refused(&mut r, &w, &reviewer(), "2024-09-24T11:00:00+08:00", finding),
        "Art. 29: force majeure is already recorded for this request"
    );
}

#[test]
fn force_majeure_is_found_only_for_emergencies() {
    let w = World::new();
    let mut r = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    let finding = json!({"type": "find_force_majeure", "reason": "暴雪", "evidence": "预警"});
    let refusal = refused(&mut r, &w, &reviewer(), "2024-09-24T10:00:00+08:00", finding);
    assert_eq!(refusal, "Art. 29: only for emergencies: record force majeure");
}

#[test]
fn an_emergency_is_reported_to_the_leader_and_followed_up() {
    // Art. 29: 向州政务服务管理局主要领导报告 … 及时向局主要领导报告.
    let w = World::new();
    let report = |text: &str| json!({"type": "report_emergency", "to": "州政务服务管理局局长", "report": text});
    let mut plain = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    assert_eq!(
        refused(&mut plain, &w, &reviewer(), "2024-09-23T09:10:00+08:00", report("x")),
        "Art. 29: only for emergencies: report an emergency to the leader"
    );
    let mut new = new_request("help", "2024-09-23");
    new.draft.emergency = true;
    new.draft.emergency_kind = Some(crate::domain::types::EmergencyKind::Utilities);
    let (mut r, _) = Request::register(new, &agent(), at("2024-09-23T09:00:00+08:00"), &w.ctx()).unwrap();
    let first = ok(&mut r, &w, &agent(), "2024-09-23T09:05:00+08:00", report("墩买里片区停水，约300户，已通知供水公司抢修。"));
    assert!(matches!(&first[0].kind, EventKind::EmergencyReported { follow_up: false, .. }));
    assert_eq!(first[0].public_text, None, "staff only");
    assert_eq!(first[0].kind.staff_words(&|u: &crate::domain::unit::UnitId| u.to_string()), "报告州政务服务管理局局长（第二十九条）：墩买里片区停水，约300户，已通知供水公司抢修。");
    let second = ok(&mut r, &w, &reviewer(), "2024-09-23T11:00:00+08:00", report("主管道已关阀，预计18时恢复供水。"));
    assert!(matches!(&second[0].kind, EventKind::EmergencyReported { follow_up: true, .. }));
    assert!(second[0].kind.staff_words(&|u: &crate::domain::unit::UnitId| u.to_string()).starts_with("续报州政务服务管理局局长"));
    assert_eq!(r.emergency_notice().unwrap().leader_reports, 2);
    assert_eq!(
        refused(&mut r, &w, &handler("yining-water"), "2024-09-23T11:10:00+08:00", report("x")),
        "role: handler may not report an emergency to the leader"
    );
}

#[test]
fn an_ended_request_is_archived_after_a_quiet_period_and_is_read_only_from_then_on() {
    let w = World::new();
    let mut r = closed_complaint(&w);
    let archive = || json!({"type": "archive"});
    // Approved on 9 Oct 2024; 90 days later is 7 Jan 2025.
    assert_eq!(
        refused(&mut r, &w, &reviewer(), "2025-01-07T09:59:00+08:00", archive()),
        "Art. 3: a request is archived once ended and quiet for 90 days"
    );
    let events = ok(&mut r, &w, &reviewer(), "2025-01-07T10:00:00+08:00", archive());
    assert_eq!(events[0].kind, EventKind::Archived);
    assert_eq!(events[0].public_text.as_deref(), Some("事项已归档。"));
    assert_eq!(r.state_code(), "archived");
    assert!(r.archived_at().is_some());
    // Read-only: nothing more, not even a citizen's rating or a second archive.
    for (actor, c) in [
        (citizen(), json!({"type": "rate", "rating": "satisfied"})),
        (citizen(), json!({"type": "add_information", "text": "补充"})),
        (reviewer(), archive()),
        (agent(), json!({"type": "tag", "tag": "key_item"})),
    ] {
        assert_eq!(refused(&mut r, &w, &actor, "2025-01-08T10:00:00+08:00", c), "Art. 3: the request is archived (归档) and read-only");
    }
    for actor in [agent(), reviewer(), citizen(), handler("yining-housing")] {
        assert!(r.allowed_commands(&actor, at("2025-01-08T10:00:00+08:00"), &w.ctx()).is_empty(), "{actor}");
    }
    let back: Request = serde_json::from_value(serde_json::to_value(&r).unwrap()).unwrap();
    assert_eq!(back.state_code(), "archived", "the stored form keeps it");
}

#[test]
fn only_an_ended_request_is_archived_and_the_period_is_configurable() {
    let w = World::new();
    let mut open = handling_complaint(&w);
    assert_eq!(
        refused(&mut open, &w, &reviewer(), "2026-01-01T10:00:00+08:00", json!({"type": "archive"})),
        "state: cannot archive a request while the request is handling"
    );
    let mut r = closed_complaint(&w);
    let ctx = w.ctx().with_archive_after(30);
    let c: Command = serde_json::from_value(json!({"type": "archive"})).unwrap();
    assert!(r.apply(c, &reviewer(), at("2024-11-08T10:00:00+08:00"), &ctx).is_ok(), "30 days after approval");
    // A citizen's callback request keeps it out of the archive until answered.
    let mut asked = closed_complaint(&w);
    ok(&mut asked, &w, &citizen(), "2024-10-10T10:00:00+08:00", json!({"type": "ask_callback", "note": "请回电"}));
    assert!(refused(&mut asked, &w, &reviewer(), "2025-06-01T10:00:00+08:00", json!({"type": "archive"})).starts_with("state:"));
}

#[test]
fn the_call_service_is_rated_once_beside_the_handling() {
    let w = World::new();
    let mut r = closed_complaint(&w);
    let rate = |rating: &str| json!({"type": "rate_call_service", "rating": rating, "comment": "话务员很耐心"});
    let events = ok(&mut r, &w, &citizen(), "2024-10-09T11:00:00+08:00", rate("very_satisfied"));
    assert_eq!(events[0].kind, EventKind::CallServiceRated { rating: crate::domain::types::Rating::VerySatisfied });
    assert_eq!(events[0].public_text.as_deref(), Some("感谢您对热线话务服务的评价：非常满意。"));
    assert_eq!(r.call_rating().map(|c| c.rating), Some(crate::domain::types::Rating::VerySatisfied));
    assert!(r.rating_in_round().is_none(), "the handling's own rating is still to come");
    assert_eq!(r.state_code(), "closed");
    assert_eq!(
        refused(&mut r, &w, &citizen(), "2024-10-09T12:00:00+08:00", rate("satisfied")),
        "Art. 24: the call service was already rated"
    );
    assert!(refused(&mut r, &w, &agent(), "2024-10-09T12:00:00+08:00", rate("satisfied")).starts_with("role:"), "not the agent's to rate");
    // A web submission had no call to rate.
    let mut new = new_request("complaint", "2024-09-23");
    new.draft.channel = crate::domain::types::Channel::Web;
    let (mut web, _) = Request::register(new, &citizen(), at("2024-09-23T09:00:00+08:00"), &w.ctx()).unwrap();
    assert_eq!(
        refused(&mut web, &w, &citizen(), "2024-09-23T10:00:00+08:00", rate("satisfied")),
        "Art. 24: the request was not taken by an agent, so there is no call service to rate"
    );
}

#[test]
fn personal_data_is_erased_once_the_retention_is_over_and_the_request_stays() {
    let w = World::new();
    let mut r = closed_complaint(&w);
    let erase = || json!({"type": "erase_requester_data"});
    assert!(refused(&mut r, &w, &reviewer(), "2025-06-01T10:00:00+08:00", erase()).starts_with("state:"), "not before archiving");
    ok(&mut r, &w, &reviewer(), "2025-01-07T10:00:00+08:00", json!({"type": "archive"}));
    assert_eq!(
        refused(&mut r, &w, &reviewer(), "2030-01-07T09:59:00+08:00", erase()),
        "Art. 40: a requester's personal data is erased 5 years after the request was archived"
    );
    let events = ok(&mut r, &w, &reviewer(), "2030-01-07T10:00:00+08:00", erase());
    assert!(matches!(&events[0].kind, EventKind::RequesterDataErased { .. }));
    assert_eq!(events[0].public_text, None, "nothing to tell anyone");
    assert!(r.requester().phone.is_erased());
    assert_eq!(r.requester().masked_name(), crate::domain::types::ERASED_REQUESTER);
    assert_eq!(r.requester().phone.masked(), "已删除");
    assert!(r.location().is_some_and(|l| l.county().as_str() == "伊宁市"), "the county stays for the statistics");
    assert_eq!(r.state_code(), "archived", "still archived, still read-only");
    assert_eq!(refused(&mut r, &w, &reviewer(), "2030-02-01T10:00:00+08:00", erase()), "Art. 40: the requester's personal data was already erased");
    let back: Request = serde_json::from_value(serde_json::to_value(&r).unwrap()).unwrap();
    assert!(back.requester().phone.is_erased(), "the stored form keeps the erasure");
    assert!(!serde_json::to_string(&r).unwrap().contains("13812345678"), "no trace of the number");
    assert!(!serde_json::to_string(&r).unwrap().contains("解放路1号"), "nor of the street address");
}

#[test]
fn the_requesters_name_and_address_are_corrected_on_request_even_when_archived() {
    let w = World::new();
    let mut r = closed_complaint(&w);
    ok(&mut r, &w, &reviewer(), "2025-01-07T10:00:00+08:00", json!({"type": "archive"}));
    let correct = |name: &str, address: &str| json!({"type": "correct_requester_data", "name": name, "address": address});
    assert!(
        refused(&mut r, &w, &citizen(), "2025-02-03T10:00:00+08:00", correct("张叁", "解放路2号")).starts_with("role:"),
        "the requester asks; a reviewer corrects"
    );
    let before_address = r.location().and_then(|l| l.address().map(|a| a.as_str().to_string()));
    let name_now = r.requester().revealed_name();
    assert_eq!(
        refused(&mut r, &w, &reviewer(), "2025-02-03T10:00:00+08:00", correct(&name_now, before_address.as_deref().unwrap())),
        "Art. 40: the correction changes nothing the record holds, or the request holds no place for an address"
    );
    let events = ok(&mut r, &w, &reviewer(), "2025-02-03T10:00:00+08:00", correct("张叁", "解放路2号"));
    assert!(matches!(&events[0].kind, EventKind::RequesterDataCorrected { fields } if fields.len() == 2));
    assert_eq!(events[0].public_text.as_deref(), Some("应您的申请，更正了您的个人信息（姓名、地址）。"));
    assert!(!serde_json::to_string(&events[0]).unwrap().contains("张叁"), "the event names fields, not values");
    assert_eq!(r.requester().revealed_name(), "张叁");
    let place = r.location().unwrap();
    assert_eq!(place.address().map(|a| a.as_str()), Some("解放路2号"));
    assert_eq!(place.coordinates(), None, "the old map position went with the old address");
    assert_eq!(r.state_code(), "archived", "still archived");
    // Only the name this time: the address given is the one held.
    let events = ok(&mut r, &w, &reviewer(), "2025-02-04T10:00:00+08:00", correct("张三", "解放路2号"));
    assert!(matches!(&events[0].kind, EventKind::RequesterDataCorrected { fields } if fields == &vec![crate::domain::machine::CorrectedField::Name]));
    ok(&mut r, &w, &reviewer(), "2030-01-07T10:00:00+08:00", json!({"type": "erase_requester_data"}));
    assert_eq!(
        refused(&mut r, &w, &reviewer(), "2030-01-08T10:00:00+08:00", correct("张叁", "解放路3号")),
        "Art. 40: the requester's personal data was already erased"
    );
}

#[test]
fn the_erased_mark_is_no_new_callers_number() {
    let w = World::new();
    let mut new = new_request("complaint", "2024-09-23");
    new.draft.requester = crate::domain::types::Requester::erased();
    let refusal = Request::register(new, &agent(), at("2024-09-23T09:00:00+08:00"), &w.ctx()).unwrap_err();
    assert_eq!(refusal.to_string(), "Art. 40: an erased number's mark is no caller's number");
}

//! Registration, rejection, instant answers and dispatch (Art. 11–15, 19, 29).

use super::super::super::deadline::TimeLimit;
use super::super::super::request::Request;
use super::super::super::staff_notice::staff_notices;
use super::super::super::types::Role;
use super::super::{Actor, EventKind};
use super::*;

#[test]
fn registration_starts_the_handling_clock_per_type() {
    let w = World::new();
    // Mon 23 Sep 2024: a complaint runs 15 working days across National Day.
    let r = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    assert_eq!(r.state_code(), "registered");
    assert_eq!(r.time_limit(), TimeLimit::Complaint);
    assert_eq!(r.due().unwrap().last_day, day("2024-10-16"));
    // A consultation runs 5 (Art. 19(1)).
    let r = registered(&w, "consultation", "2024-09-23T09:00:00+08:00");
    assert_eq!(r.due().unwrap().last_day, day("2024-09-27"));
    // Spring Festival 2026: Fri 13 Feb, working Sat 14 Feb, then 24–26 Feb.
    let r = registered(&w, "consultation", "2026-02-13T10:00:00+08:00");
    assert_eq!(r.due().unwrap().last_day, day("2026-02-26"));
}

#[test]
fn a_stricter_category_limit_applies_and_a_looser_one_does_not() {
    let w = World::new();
    let mut new = new_request("complaint", "2024-09-23");
    new.draft.category = Some("market.food_safety".parse().unwrap());
    let (r, events) = Request::register(new, &agent(), at("2024-09-23T09:00:00+08:00"), &w.ctx()).unwrap();
    assert_eq!(r.time_limit(), TimeLimit::Statutory { days: 7 });
    // 23–27 Sep (5), Sun 29 Sep (6, working), 30 Sep (7).
    assert_eq!(r.due().unwrap().last_day, day("2024-09-30"));
    assert_eq!(
        events[0].kind.staff_words(&|u: &crate::domain::unit::UnitId| u.to_string()),
        "电话登记（投诉举报），办理时限 7 个工作日（第十九条第（三）项），截止2024年9月30日。"
    );
    assert_eq!(events[0].internal_note, None, "the limit is the event's own data, not a note");
    let mut new = new_request("complaint", "2024-09-23");
    new.draft.category = Some("urban.water".parse().unwrap());
    let (r, _) = Request::register(new, &agent(), at("2024-09-23T09:00:00+08:00"), &w.ctx()).unwrap();
    assert_eq!(r.time_limit(), TimeLimit::Complaint);
}

#[test]
fn an_emergency_gets_two_working_days_and_a_thirty_minute_notice() {
    let w = World::new();
    let mut new = new_request("help", "2024-09-30");
    new.draft.emergency = true;
    new.draft.emergency_kind = Some(crate::domain::types::EmergencyKind::Utilities);
    // Mon 30 Sep 2024 18:00: day 1 is 30 Sep, day 2 is 8 Oct after National Day.
    let (r, events) = Request::register(new, &agent(), at("2024-09-30T18:00:00+08:00"), &w.ctx()).unwrap();
    assert_eq!(r.time_limit(), TimeLimit::Emergency);
    assert_eq!(r.due().unwrap().last_day, day("2024-10-08"));
    assert_eq!(r.emergency_notice().unwrap().kind, Some(crate::domain::types::EmergencyKind::Utilities));
    assert_eq!(r.emergency_notice().unwrap().notify_by, at("2024-09-30T18:30:00+08:00"));
    assert!(events[0].public_text.as_deref().unwrap().contains("30分钟内"));
}

#[test]
fn an_emergency_keeps_a_stricter_category_limit() {
    // Art. 19(3) beside Art. 29: a 1-working-day category limit stays 1 day
    // when the request is also an emergency (2 days would loosen it).
    let w = World::new();
    let mut new = new_request("help", "2024-09-23");
    new.draft.category = Some("urban.gas_leak".parse().unwrap());
    new.draft.emergency = true;
    new.draft.emergency_kind = Some(crate::domain::types::EmergencyKind::Utilities);
    let (r, events) = Request::register(new, &agent(), at("2024-09-23T09:00:00+08:00"), &w.ctx()).unwrap();
    assert_eq!(r.time_limit(), TimeLimit::Emergency);
    assert_eq!(r.due().unwrap().last_day, day("2024-09-23"));
    assert!(matches!(&events[0].kind, EventKind::Registered { due, .. } if *due == day("2024-09-23")));
    assert_eq!(
        events[0].internal_note.as_deref(),
        Some("第十九条第（三）项的 1 个工作日早于第二十九条的 2 个工作日，以较早者为准")
    );
    assert!(events[0].public_text.as_deref().unwrap().contains("办理期限至2024年9月23日"));
    // A 7-day category limit is looser than the emergency's 2 days: the emergency wins.
    let mut new = new_request("help", "2024-09-23");
    new.draft.category = Some("market.food_safety".parse().unwrap());
    new.draft.emergency = true;
    new.draft.emergency_kind = Some(crate::domain::types::EmergencyKind::Utilities);
    let (r, events) = Request::register(new, &agent(), at("2024-09-23T09:00:00+08:00"), &w.ctx()).unwrap();
    assert_eq!(r.due().unwrap().last_day, day("2024-09-24"));
    assert_eq!(events[0].internal_note, None);
}

#[test]
fn an_emergency_names_its_kind() {
    // Art. 29 lists four kinds; an emergency without one is refused.
    let w = World::new();
    let mut new = new_request("help", "2024-09-30");
    new.draft.emergency = true;
    let refusal = Request::register(new, &agent(), at("2024-09-30T18:00:00+08:00"), &w.ctx()).map(|_| ()).unwrap_err();
    assert_eq!(
        refusal.to_string(),
        "Art. 29: an emergency names which of the four kinds it is (utilities, disaster, public_facility, threat)"
    );
}

#[test]
fn registration_refusals() {
    let w = World::new();
    let when = at("2024-09-23T09:00:00+08:00");
    let reg = |new, actor: &Actor| {
        Request::register(new, actor, when, &w.ctx())
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        reg(new_request("help", "2024-09-23"), &handler("yining-housing")),
        "role: handler may not register a request"
    );
    assert_eq!(
        reg(new_request("help", "2024-09-23"), &citizen()),
        "role: a citizen submits only through the web, WeChat, Weibo or the app, not phone"
    );
    assert_eq!(
        reg(new_request("help", "2024-09-22"), &agent()),
        "number: YL2024092200001 does not match the registration day 2024-09-23"
    );
    let mut new = new_request("help", "2024-09-23");
    new.draft.related = Some(serde_json::from_value(json!({"kind": "repeat_of", "original": "YL2024092300001"})).unwrap());
    assert_eq!(reg(new, &agent()), "Art. 12(7): a request cannot be related to itself");
    // A citizen through WeChat: allowed, and the request belongs to the center.
    let mut new = new_request("help", "2024-09-23");
    new.draft.channel = "wechat".parse().unwrap();
    let (r, _) = Request::register(new, &citizen(), when, &w.ctx()).unwrap();
    assert_eq!(r.office(), &uid("ili-12345"));
    // A county agent's request belongs to the county office.
    let county = Actor::new(Role::Agent, Some(uid("huocheng-county")), "马丽");
    let (r, _) = Request::register(new_request("help", "2024-09-23"), &county, when, &w.ctx()).unwrap();
    assert_eq!(r.office(), &uid("huocheng-county"));
}

#[test]
fn the_number_date_is_the_china_date() {
    let w = World::new();
    // 17:00 UTC on 30 Sep is 01:00 on 1 Oct in China.
    let r = Request::register(
        new_request("help", "2024-10-01"),
        &agent(),
        at("2024-09-30T17:00:00Z"),
        &w.ctx(),
    );
    assert!(r.is_ok());
}

#[test]
fn rejection_needs_a_reason_of_article_12_and_a_basis() {
    let w = World::new();
    let mut r = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    let t = "2024-09-23T09:10:00+08:00";
    assert_eq!(
        refused(&mut r, &w, &agent(), t, json!({"type": "reject"})),
        "Art. 12: rejection needs one of the nine reasons"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &agent(),
            t,
            json!({"type": "reject", "reason": "legal_remedy"})
        ),
        "Art. 15: the requester must be told the basis of the rejection"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &agent(),
            t,
            json!({"type": "reject", "reason": "art12_7", "basis": "同一事项已办结"})
        ),
        "Art. 12(7): link the original request before rejecting a repeat"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &handler("yining-housing"),
            t,
            json!({"type": "reject", "reason": "other", "basis": "x"})
        ),
        "role: handler may not reject a request"
    );
    let events = ok(
        &mut r,
        &w,
        &agent(),
        t,
        json!({"type": "reject", "reason": "art12_4", "basis": "劳动争议应通过劳动仲裁解决", "note": "来电人情绪激动"}),
    );
    assert_eq!(r.state_code(), "rejected");
    assert!(r.due().is_none());
    let public = events[0].public_text.as_deref().unwrap();
    assert!(
        public.contains("依法应当通过诉讼、仲裁、行政复议解决的事项"),
        "{public}"
    );
    assert!(public.contains("第十二条第（四）项"), "{public}");
    assert!(public.contains("劳动争议应通过劳动仲裁解决"));
    assert!(!public.contains("情绪激动"), "internal notes stay internal");
    assert_eq!(events[0].internal_note.as_deref(), Some("来电人情绪激动"));
    assert!(events[0].kind.staff_words(&|u| u.to_string()).contains("（第十二条第（四）项）"));
    assert_eq!(
        refused(&mut r, &w, &agent(), t, dispatch_to("yining-housing")),
        "state: cannot dispatch a request while the request is rejected"
    );
}

#[test]
fn a_linked_repeat_may_be_rejected_or_dispatched_for_explanation() {
    let w = World::new();
    let mut r = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    let t = "2024-09-23T09:10:00+08:00";
    let explain =
        json!({"type": "dispatch", "targets": [{"unit": "yining-housing", "role": "lead"}], "for_explanation": true});
    assert_eq!(
        refused(&mut r, &w, &agent(), t, explain.clone()),
        "Art. 14(5): only a request linked as a repeat is dispatched for explanation"
    );
    ok(
        &mut r,
        &w,
        &agent(),
        t,
        json!({"type": "link_related", "relation": {"kind": "repeat_of", "original": "YL2024090200017"}}),
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &agent(),
            t,
            json!({"type": "link_related", "relation": {"kind": "repeat_of", "original": "YL2024090200018"}})
        ),
        "Art. 12(7): the request is already linked to YL2024090200017"
    );
    let mut rejected = r.clone();
    ok(
        &mut rejected,
        &w,
        &agent(),
        t,
        json!({"type": "reject", "reason": "repeat_without_new_facts", "basis": "该事项已于2024年9月办结，无新情况新理由"}),
    );
    // Art. 14(5): only when the original ended with a duty statement (Art. 26(3)).
    let refusal = "Art. 14(5): the original YL2024090200017 did not end with a duty statement (Art. 26(3)); a repeat is dispatched for explanation only then";
    assert_eq!(refused(&mut r, &w, &agent(), t, explain.clone()), refusal, "unknown original");
    let original = "YL2024090200017".parse().unwrap();
    let mut w = w;
    w.originals.insert(original, crate::domain::request::OriginalOutcome::Other);
    assert_eq!(refused(&mut r, &w, &agent(), t, explain.clone()), refusal, "ended otherwise");
    w.originals.insert(original, crate::domain::request::OriginalOutcome::DutyStatement);
    let events = ok(&mut r, &w, &agent(), t, explain);
    assert!(r.assignments()[0].for_explanation());
    assert!(events[0].public_text.as_deref().unwrap().contains("解释工作"));
    assert_eq!(
        events[0].internal_note.as_deref(),
        Some("原事项 YL2024090200017 以书面履责意见办结（第二十六条第（三）项），本次派单做好解释工作（第十四条第（五）项）")
    );
}

#[test]
fn only_consultations_are_answered_from_the_knowledge_base() {
    let w = World::new();
    let answer = json!({"type": "answer", "entry": "kb-0042", "answer": "居住证可在户籍窗口办理，需携带身份证。"});
    let mut r = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    assert_eq!(
        refused(&mut r, &w, &agent(), "2024-09-23T09:05:00+08:00", answer.clone()),
        "Art. 14(1): only consultations are answered from the knowledge base"
    );
    let mut r = registered(&w, "consultation", "2024-09-23T09:00:00+08:00");
    let events = ok(&mut r, &w, &agent(), "2024-09-23T09:05:00+08:00", answer);
    assert_eq!(r.state_code(), "answered");
    assert!(r.due().is_none());
    assert!(r.clocks(at("2024-09-23T09:05:00+08:00"), &w.ctx()).is_empty());
    assert!(events[0].public_text.as_deref().unwrap().contains("居住证"));
    // Satisfied with the answer: no dispatch.
    let mut satisfied = r.clone();
    ok(
        &mut satisfied,
        &w,
        &citizen(),
        "2024-09-23T09:06:00+08:00",
        json!({"type": "rate", "rating": "satisfied"}),
    );
    assert_eq!(
        refused(
            &mut satisfied,
            &w,
            &agent(),
            "2024-09-23T09:07:00+08:00",
            dispatch_to("yining-city")
        ),
        "Art. 14(1): an answered consultation is dispatched only when the requester rated the answer dissatisfied"
    );
    assert!(!satisfied.awaits_answer_review());
}

#[test]
fn a_dissatisfied_instant_answer_waits_for_the_center_and_goes_out_as_the_redo() {
    // Art. 14(1), 25, 27: the center is told and the request waits in its
    // queue; dispatched, the units have the redo's 5 working days from the
    // dispatch, and the rating after it is the one that counts.
    let w = World::new();
    let mut r = registered(&w, "consultation", "2024-09-23T09:00:00+08:00");
    ok(&mut r, &w, &agent(), "2024-09-23T09:05:00+08:00", json!({"type": "answer", "entry": "kb-0042", "answer": "居住证可在户籍窗口办理。"}));
    let events = ok(&mut r, &w, &citizen(), "2024-09-23T09:06:00+08:00", json!({"type": "rate", "rating": "dissatisfied"}));
    assert_eq!(events[1].kind, EventKind::AnswerReviewRequired);
    assert!(events[1].public_text.as_deref().unwrap().contains("热线管理中心将复核"));
    let told = staff_notices(&r, &events);
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].unit, uid("ili-12345"));
    assert!(told[0].text.starts_with("知识库答复不满意"), "{}", told[0].text);
    assert!(r.awaits_answer_review());
    assert_eq!(r.state_code(), "answered");
    // Thu 26 Sep 2024: 26, 27, Sun 29 (working), 30 Sep, then 8 Oct after National Day.
    let events = ok(&mut r, &w, &agent(), "2024-09-26T10:00:00+08:00", dispatch_to("yining-city"));
    assert!(!r.awaits_answer_review());
    assert_eq!(r.state_code(), "redo");
    assert_eq!(
        events[1].kind,
        EventKind::RedoStarted { due: day("2024-10-08"), units: vec![uid("yining-city")] }
    );
    assert_eq!(events[1].public_text.as_deref(), Some("您的诉求已交由承办单位重新办理，重办期限至2024年10月8日。"));
    let clocks = r.clocks(at("2024-09-26T10:00:00+08:00"), &w.ctx());
    assert_eq!(clocks.iter().map(|c| (c.key(), c.due_text())).collect::<Vec<_>>(), [("redo".to_string(), "2024-10-08T23:59:59+08:00".to_string())]);
    ok(&mut r, &w, &handler("yining-city"), "2024-09-26T11:00:00+08:00", json!({"type": "acknowledge"}));
    let mut redone = result("yining-city", "2024-09-27T09:00:00+08:00", false);
    redone["redo"] = json!({"option": "targeted_answer"});
    ok(&mut r, &w, &handler("yining-city"), "2024-09-27T10:00:00+08:00", redone);
    ok(&mut r, &w, &reviewer(), "2024-09-27T11:00:00+08:00", json!({"type": "review_completion", "approve": true}));
    let events = ok(&mut r, &w, &citizen(), "2024-09-27T12:00:00+08:00", json!({"type": "rate", "rating": "very_dissatisfied"}));
    assert_eq!(events[1].kind, EventKind::CallbackRequired);
    assert_eq!(r.state_code(), "callback");
}

#[test]
fn a_dissatisfied_instant_answer_may_be_settled_by_a_callback() {
    let w = World::new();
    let mut r = registered(&w, "consultation", "2024-09-23T09:00:00+08:00");
    let callback = json!({"type": "callback", "method": "phone", "reason": "已电话解释办理流程", "disposition": "explain"});
    ok(&mut r, &w, &agent(), "2024-09-23T09:05:00+08:00", json!({"type": "answer", "entry": "kb-0042", "answer": "居住证可在户籍窗口办理。"}));
    assert_eq!(
        refused(&mut r, &w, &reviewer(), "2024-09-23T09:06:00+08:00", callback.clone()),
        "state: cannot record a callback while the request is answered"
    );
    ok(&mut r, &w, &citizen(), "2024-09-23T09:06:00+08:00", json!({"type": "rate", "rating": "dissatisfied"}));
    let events = ok(&mut r, &w, &reviewer(), "2024-09-23T10:00:00+08:00", callback);
    assert_eq!(events[0].public_text.as_deref(), Some("热线管理中心已电话回访并向您解释说明。"));
    assert_eq!(r.state_code(), "answered");
    assert!(!r.awaits_answer_review());
    assert_eq!(
        refused(&mut r, &w, &agent(), "2024-09-23T10:05:00+08:00", dispatch_to("yining-city")),
        "Art. 14(1): an answered consultation is dispatched only when the requester rated the answer dissatisfied"
    );
}

#[test]
fn dispatch_shapes_of_article_14() {
    let w = World::new();
    let t = "2024-09-23T09:10:00+08:00";
    let base = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    let mut r = base.clone();
    let targets = |v: Value| json!({"type": "dispatch", "targets": v});
    assert_eq!(
        refused(&mut r, &w, &agent(), t, targets(json!([]))),
        "Art. 14: a dispatch names at least one unit"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &agent(),
            t,
            targets(json!([{"unit": "yining-housing", "role": "lead"}, {"unit": "yining-water", "role": "lead"}]))
        ),
        "Art. 14(3)(4): at most one lead unit (主办)"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &agent(),
            t,
            targets(json!([{"unit": "yining-housing", "role": "co"}]))
        ),
        "Art. 14(3)(4): co-units (协办) need a lead unit (主办)"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &agent(),
            t,
            targets(json!([{"unit": "yining-housing", "role": "lead"}, {"unit": "yining-water", "role": "separate"}]))
        ),
        "Art. 14(3)(4): either one lead unit with co-units, or separate units; not both"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &agent(),
            t,
            targets(
                json!([{"unit": "yining-housing", "role": "separate"}, {"unit": "yining-housing", "role": "separate"}])
            )
        ),
        "Art. 14(3): yining-housing already has this request"
    );
    assert_eq!(
        refused(&mut r, &w, &agent(), t, dispatch_to("nowhere")),
        "unit: nowhere is not in the unit tree"
    );
    assert_eq!(
        refused(&mut r, &w, &agent(), t, dispatch_to("old-bureau")),
        "unit: old-bureau is inactive"
    );
    // Lead with co-units (Art. 14(4)).
    let mut lead_co = base.clone();
    ok(
        &mut lead_co,
        &w,
        &agent(),
        t,
        targets(json!([{"unit": "yining-housing", "role": "lead"}, {"unit": "yining-water", "role": "co"}])),
    );
    assert_eq!(lead_co.assignments().len(), 2);
    // Separately to several units (Art. 14(3)).
    let mut separate = base.clone();
    let events = ok(
        &mut separate,
        &w,
        &agent(),
        t,
        targets(json!([{"unit": "yining-housing", "role": "separate"}, {"unit": "ili-market", "role": "separate"}])),
    );
    assert_eq!(
        events[0].public_text.as_deref(),
        Some("您的诉求已转派至伊宁市住房和城乡建设局、伊犁州市场监督管理局办理。")
    );
}

#[test]
fn vertical_units_go_to_the_head_of_their_line() {
    let w = World::new();
    let t = "2024-09-23T09:10:00+08:00";
    let base = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    let mut r = base.clone();
    assert_eq!(
        refused(&mut r, &w, &agent(), t, dispatch_to("yining-tax")),
        "Art. 14(2): yining-tax is vertically managed; dispatch to ili-tax, or state why not"
    );
    ok(&mut r, &w, &agent(), t, dispatch_to("ili-tax"));
    let mut r = base.clone();
    let events = ok(
        &mut r,
        &w,
        &agent(),
        t,
        json!({"type": "dispatch", "targets": [{"unit": "yining-tax", "role": "lead"}], "vertical_exception": "州税务局书面同意由县局直接办理"}),
    );
    assert!(events[0]
        .internal_note
        .as_deref()
        .unwrap()
        .starts_with("垂直管理单位例外（第十四条第（二）项）：州税务局书面同意"));
}

#[test]
fn dispatch_scope_follows_the_unit_tree() {
    let w = World::new();
    let county = Actor::new(Role::Agent, Some(uid("huocheng-county")), "马丽");
    let when = at("2024-09-23T09:00:00+08:00");
    let (mut r, _) = Request::register(new_request("help", "2024-09-23"), &county, when, &w.ctx()).unwrap();
    let t = "2024-09-23T09:10:00+08:00";
    assert_eq!(
        refused(&mut r, &w, &county, t, dispatch_to("yining-housing")),
        "Art. 4: yining-housing is outside the dispatch scope of huocheng-county"
    );
    // Another county's office cannot touch it; the center can.
    let yining = Actor::new(Role::Agent, Some(uid("yining-city")), "古丽");
    assert_eq!(
        refused(&mut r, &w, &yining, t, dispatch_to("yining-housing")),
        "Art. 4: the request belongs to the hotline office huocheng-county, outside the scope of yining-city"
    );
    ok(&mut r, &w, &county, t, dispatch_to("huocheng-housing"));
    // A center request is outside a county office's scope.
    let mut r = registered(&w, "help", "2024-09-23T09:00:00+08:00");
    assert!(refused(&mut r, &w, &county, t, dispatch_to("huocheng-housing"))
        .starts_with("Art. 4: the request belongs to the hotline office ili-12345"));
}

#[test]
fn the_first_dispatch_of_an_emergency_notifies_the_units() {
    let w = World::new();
    let mut new = new_request("help", "2024-09-23");
    new.draft.emergency = true;
    new.draft.emergency_kind = Some(crate::domain::types::EmergencyKind::Utilities);
    let (base, _) = Request::register(new, &agent(), at("2024-09-23T09:00:00+08:00"), &w.ctx()).unwrap();
    let mut r = base.clone();
    let events = ok(
        &mut r,
        &w,
        &agent(),
        "2024-09-23T09:20:00+08:00",
        dispatch_to("yining-water"),
    );
    assert_eq!(
        events[1].kind,
        EventKind::EmergencyNotified {
            within_30_minutes: true
        }
    );
    let mut late = base.clone();
    let events = ok(
        &mut late,
        &w,
        &agent(),
        "2024-09-23T09:45:00+08:00",
        dispatch_to("yining-water"),
    );
    assert_eq!(
        events[1].kind,
        EventKind::EmergencyNotified {
            within_30_minutes: false
        }
    );
    assert_eq!(events[1].kind.staff_words(&|u| u.to_string()), "通知承办单位晚于登记后 30 分钟（第二十九条）。");
}

#[test]
fn citizens_add_information_while_the_request_is_open() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    let add =
        json!({"type": "add_information", "text": "路灯已坏三周，晚上老人出行不便。", "attachments": ["att-photo-1"]});
    let events = ok(&mut r, &w, &citizen(), "2024-09-24T20:00:00+08:00", add.clone());
    assert_eq!(r.additions().len(), 1);
    assert!(events[0].public_text.as_deref().unwrap().contains("三周"));
    let mut r = closed_complaint(&w);
    assert_eq!(
        refused(&mut r, &w, &citizen(), "2024-10-10T20:00:00+08:00", add),
        "state: cannot add information while the request is closed"
    );
}

#[test]
fn a_matter_for_110_is_rejected_with_its_handover() {
    // Art. 12(2): not the hotline's — handed over to the emergency line, recorded.
    let w = World::new();
    let reject = |handover: Value| {
        let mut c = json!({"type": "reject", "reason": "emergency_service", "basis": "《管理办法》第十二条第（二）项"});
        if !handover.is_null() {
            c["handover"] = handover;
        }
        c
    };
    let when = "2024-09-23T09:10:00+08:00";
    let mut r = registered(&w, "help", "2024-09-23T09:00:00+08:00");
    assert_eq!(
        refused(&mut r, &w, &agent(), when, reject(Value::Null)),
        "Art. 12(2): a matter for an emergency line is handed over to it (110, 119, 120 or 122, when)"
    );
    assert_eq!(
        refused(&mut r, &w, &agent(), when, reject(json!({"service": "110", "at": "2024-09-23T09:20:00+08:00"}))),
        "Art. 12(2): the handover lies after the rejection"
    );
    let mut stray = json!({"type": "reject", "reason": "out_of_scope", "basis": "x"});
    stray["handover"] = json!({"service": "110", "at": "2024-09-23T09:05:00+08:00"});
    assert_eq!(
        refused(&mut r, &w, &agent(), when, stray),
        "Art. 12(2): a handover is recorded only with that rejection reason"
    );
    let events = ok(&mut r, &w, &agent(), when, reject(json!({"service": "110", "at": "2024-09-23T09:05:00+08:00", "reference": "JJ20240923-0815"})));
    assert!(events[0].public_text.as_deref().unwrap().ends_with("已转110 报警服务台处理。"));
    let words = events[0].kind.staff_words(&|u| u.to_string());
    assert!(words.ends_with("已于2024年9月23日 09:05转110 报警服务台，接警编号 JJ20240923-0815。"), "{words}");
    assert_eq!(r.state_code(), "rejected");
    // Without a time, the caller was put through as the call was rejected.
    let mut r = registered(&w, "help", "2024-09-23T09:00:00+08:00");
    let events = ok(&mut r, &w, &agent(), when, reject(json!({"service": "120"})));
    let words = events[0].kind.staff_words(&|u| u.to_string());
    assert!(words.ends_with("已于2024年9月23日 09:10转120 急救。"), "{words}");
}

#[test]
fn a_registration_is_checked_before_it_is_numbered_and_numbered_once() {
    let w = World::new();
    let when = at("2024-09-23T09:00:00+08:00");
    let new = new_request("complaint", "2024-09-23");
    // Refused before any number is needed: a handler may not register.
    let refused = Request::check_registration(new.draft.clone(), &handler("yining-housing"), when, &w.ctx());
    assert!(matches!(refused, Err(super::super::Refusal::Role { role: Role::Handler, .. })));
    // Accepted: numbered with the day's number, the same request as `register`.
    let checked = Request::check_registration(new.draft.clone(), &agent(), when, &w.ctx()).unwrap();
    let (numbered, events) = checked.clone().numbered(new.number).unwrap();
    let (registered, same_events) = Request::register(new.clone(), &agent(), when, &w.ctx()).unwrap();
    assert_eq!(numbered, registered);
    assert_eq!(events, same_events);
    // A number of another day is refused (Art. 11: numbered on the day it is registered).
    let tomorrow = crate::domain::types::RequestNumber::parse("YL2024092400001").unwrap();
    assert!(matches!(checked.numbered(tomorrow), Err(super::super::Refusal::NumberDate { .. })));
}

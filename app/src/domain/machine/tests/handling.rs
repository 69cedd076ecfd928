//! Acknowledge, return, coordination, extension, forwarding, opinions,
//! results and the completion review (Art. 4, 14(4), 16–23).

use super::super::super::request::AssignmentStatus;
use super::super::EventKind;
use super::*;

#[test]
fn units_acknowledge_their_own_assignment_once() {
    let w = World::new();
    let mut r = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    ok(
        &mut r,
        &w,
        &agent(),
        "2024-09-23T09:30:00+08:00",
        dispatch_to("yining-housing"),
    );
    assert_eq!(r.state_code(), "dispatched");
    let ack = json!({"type": "acknowledge"});
    assert_eq!(
        refused(
            &mut r,
            &w,
            &handler("yining-water"),
            "2024-09-23T10:00:00+08:00",
            ack.clone()
        ),
        "unit: yining-water has no assignment on this request that can acknowledge an assignment"
    );
    let events = ok(
        &mut r,
        &w,
        &handler("yining-housing"),
        "2024-09-23T10:00:00+08:00",
        ack.clone(),
    );
    assert_eq!(
        events[0].public_text.as_deref(),
        Some("伊宁市住房和城乡建设局已签收您的诉求。")
    );
    assert_eq!(r.state_code(), "handling");
    assert_eq!(
        refused(&mut r, &w, &handler("yining-housing"), "2024-09-23T10:01:00+08:00", ack),
        "state: yining-housing cannot acknowledge an assignment while its assignment is handling"
    );
}

fn return_request() -> Value {
    json!({"type": "request_return", "reason": "路灯属供电公司资产，不属本单位职责", "basis": "《伊宁市城市照明管理办法》第五条"})
}

#[test]
fn the_return_window_is_one_working_day_counting_the_receipt_day() {
    let w = World::new();
    let h = handler("yining-housing");
    // Received Fri 27 Sep 2024: the window is that Friday only.
    let mut r = registered(&w, "complaint", "2024-09-27T09:00:00+08:00");
    ok(
        &mut r,
        &w,
        &agent(),
        "2024-09-27T10:00:00+08:00",
        dispatch_to("yining-housing"),
    );
    let mut late = r.clone();
    assert_eq!(
        refused(&mut late, &w, &h, "2024-09-28T09:00:00+08:00", return_request()),
        "Art. 16(2): the return window closed on 2024-09-27"
    );
    ok(&mut r, &w, &h, "2024-09-27T23:30:00+08:00", return_request());
    assert_eq!(r.state_code(), "return_requested");
    // Received on Sat 28 Sep (a rest day): day 1 is the working Sunday 29 Sep.
    let mut r = registered(&w, "complaint", "2024-09-28T09:00:00+08:00");
    ok(
        &mut r,
        &w,
        &agent(),
        "2024-09-28T10:00:00+08:00",
        dispatch_to("yining-housing"),
    );
    assert_eq!(r.assignments()[0].return_window().last_day, day("2024-09-29"));
    let mut late = r.clone();
    assert_eq!(
        refused(&mut late, &w, &h, "2024-09-30T08:00:00+08:00", return_request()),
        "Art. 16(2): the return window closed on 2024-09-29"
    );
    // Received on National Day: the window is the first working day after the holiday.
    let mut r = registered(&w, "complaint", "2024-10-01T09:00:00+08:00");
    ok(
        &mut r,
        &w,
        &agent(),
        "2024-10-01T10:00:00+08:00",
        dispatch_to("yining-housing"),
    );
    ok(&mut r, &w, &h, "2024-10-08T18:00:00+08:00", return_request());
}

#[test]
fn an_approved_return_needs_a_redispatch_that_keeps_the_deadline() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    ok(
        &mut r,
        &w,
        &handler("yining-housing"),
        "2024-09-23T16:00:00+08:00",
        return_request(),
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &handler("yining-housing"),
            "2024-09-24T09:00:00+08:00",
            json!({"type": "decide_return", "unit": "yining-housing", "approve": true})
        ),
        "role: handler may not approve a return"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &reviewer(),
            "2024-09-24T09:00:00+08:00",
            json!({"type": "decide_return", "unit": "yining-water", "approve": true})
        ),
        "Art. 17: yining-water has no return request pending"
    );
    let events = ok(
        &mut r,
        &w,
        &reviewer(),
        "2024-09-24T09:00:00+08:00",
        json!({"type": "decide_return", "unit": "yining-housing", "approve": true}),
    );
    assert_eq!(
        events[0].kind,
        EventKind::ReturnApproved {
            unit: uid("yining-housing")
        }
    );
    assert_eq!(r.state_code(), "redispatch");
    assert_eq!(r.assignments()[0].status_code(), "returned");
    // After delineating duties the center may also find the matter outside the hotline (Art. 12).
    let mut rejected = r.clone();
    ok(&mut rejected, &w, &agent(), "2024-09-24T09:30:00+08:00", json!({"type": "reject", "reason": "other_authority", "basis": "属法院职责"}));
    assert_eq!(rejected.state_code(), "rejected");
    // The re-dispatch must name a lead; co-units alone do not do.
    assert_eq!(
        refused(
            &mut r,
            &w,
            &agent(),
            "2024-09-24T10:00:00+08:00",
            json!({"type": "dispatch", "targets": [{"unit": "yining-water", "role": "co"}]})
        ),
        "Art. 14(3)(4): co-units (协办) need a lead unit (主办)"
    );
    let events = ok(
        &mut r,
        &w,
        &agent(),
        "2024-09-25T10:00:00+08:00",
        dispatch_to("yining-water"),
    );
    assert!(matches!(events[0].kind, EventKind::Dispatched { redispatch: true, .. }));
    // Deadline not reset; a new return window for the new unit.
    assert_eq!(r.due().unwrap().last_day, day("2024-10-16"));
    assert_eq!(r.assignments()[1].return_window().last_day, day("2024-09-25"));
    assert_eq!(r.state_code(), "dispatched");
}

#[test]
fn a_refused_return_continues_handling_with_a_reason() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    let h = handler("yining-housing");
    ok(&mut r, &w, &h, "2024-09-23T16:00:00+08:00", return_request());
    assert_eq!(
        refused(
            &mut r,
            &w,
            &reviewer(),
            "2024-09-23T17:00:00+08:00",
            json!({"type": "decide_return", "unit": "yining-housing", "approve": false})
        ),
        "Art. 17: refusing a return needs a reason"
    );
    ok(
        &mut r,
        &w,
        &reviewer(),
        "2024-09-23T17:00:00+08:00",
        json!({"type": "decide_return", "unit": "yining-housing", "approve": false, "reason": "小区公共照明属物业管理范围，由住建局监督"}),
    );
    assert_eq!(r.state_code(), "handling");
    assert_eq!(
        refused(&mut r, &w, &h, "2024-09-23T18:00:00+08:00", return_request()),
        "Art. 17: the center refused yining-housing's return; the unit continues handling"
    );
}

#[test]
fn a_unit_fixed_by_coordination_may_not_return() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    let h = handler("yining-housing");
    ok(&mut r, &w, &h, "2024-09-23T11:00:00+08:00", return_request());
    let coordinate = json!({"type": "coordinate", "unit": "yining-housing", "basis": "2024年9月23日快速协调会议定"});
    assert_eq!(
        refused(
            &mut r,
            &w,
            &reviewer(),
            "2024-09-23T14:00:00+08:00",
            json!({"type": "coordinate", "unit": "yining-water", "basis": "x"})
        ),
        "unit: yining-water has no assignment on this request that can be fixed by coordination"
    );
    let events = ok(&mut r, &w, &reviewer(), "2024-09-23T14:00:00+08:00", coordinate.clone());
    assert!(events[0].internal_note.as_deref().unwrap().contains("了结"));
    assert_eq!(r.state_code(), "handling");
    assert!(r.assignments()[0].fixed());
    assert_eq!(
        refused(&mut r, &w, &h, "2024-09-23T15:00:00+08:00", return_request()),
        "Art. 18: yining-housing was fixed by coordination and may not return the request"
    );
    assert_eq!(
        refused(&mut r, &w, &reviewer(), "2024-09-23T15:00:00+08:00", coordinate),
        "Art. 18: yining-housing is already fixed by coordination"
    );
}

fn ask_extension() -> Value {
    json!({"type": "request_extension", "reason": "需协调供电公司更换线路"})
}

#[test]
fn extensions_move_the_deadline_by_the_step_at_most_twice() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    let h = handler("yining-housing");
    assert_eq!(
        refused(
            &mut r,
            &w,
            &reviewer(),
            "2024-10-10T10:00:00+08:00",
            json!({"type": "decide_extension", "approve": true})
        ),
        "Art. 21: no extension request is pending"
    );
    ok(&mut r, &w, &h, "2024-10-10T10:00:00+08:00", ask_extension());
    assert_eq!(
        refused(&mut r, &w, &h, "2024-10-10T11:00:00+08:00", ask_extension()),
        "Art. 21: an extension request is already awaiting the center"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &h,
            "2024-10-10T11:00:00+08:00",
            json!({"type": "decide_extension", "approve": true})
        ),
        "role: handler may not approve an extension"
    );
    let events = ok(
        &mut r,
        &w,
        &reviewer(),
        "2024-10-11T09:00:00+08:00",
        json!({"type": "decide_extension", "approve": true}),
    );
    // 16 Oct + 5 working days: 17, 18, 21, 22, 23 Oct.
    assert_eq!(r.due().unwrap().last_day, day("2024-10-23"));
    assert_eq!(
        events[0].public_text.as_deref(),
        Some("经审核，您的诉求办理期限延长至2024年10月23日。")
    );
    ok(&mut r, &w, &h, "2024-10-21T10:00:00+08:00", ask_extension());
    ok(
        &mut r,
        &w,
        &reviewer(),
        "2024-10-21T15:00:00+08:00",
        json!({"type": "decide_extension", "approve": true}),
    );
    assert_eq!(r.due().unwrap().last_day, day("2024-10-30"));
    assert_eq!(
        refused(&mut r, &w, &h, "2024-10-25T10:00:00+08:00", ask_extension()),
        "Art. 20: at most 2 extensions"
    );
    assert_eq!(r.extensions().len(), 2);
}

#[test]
fn an_extension_is_requested_before_the_deadline_and_refused_with_a_reason() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    let h = handler("yining-housing");
    assert_eq!(
        refused(&mut r, &w, &h, "2024-10-17T00:00:00+08:00", ask_extension()),
        "Art. 20: an extension is requested before the deadline (2024-10-16)"
    );
    ok(&mut r, &w, &h, "2024-10-16T23:59:00+08:00", ask_extension());
    assert_eq!(
        refused(
            &mut r,
            &w,
            &reviewer(),
            "2024-10-17T09:00:00+08:00",
            json!({"type": "decide_extension", "approve": false})
        ),
        "Art. 21: refusing an extension needs a reason"
    );
    ok(
        &mut r,
        &w,
        &reviewer(),
        "2024-10-17T09:00:00+08:00",
        json!({"type": "decide_extension", "approve": false, "reason": "更换路灯无需延期"}),
    );
    assert_eq!(r.due().unwrap().last_day, day("2024-10-16"));
    assert!(r.pending_extension().is_none());
}

#[test]
fn no_extension_for_emergencies_or_co_units_and_the_step_follows_the_limit() {
    let w = World::new();
    let mut new = new_request("help", "2024-09-23");
    new.draft.emergency = true;
    new.draft.emergency_kind = Some(crate::domain::types::EmergencyKind::Utilities);
    let (mut r, _) =
        super::super::super::request::Request::register(new, &agent(), at("2024-09-23T09:00:00+08:00"), &w.ctx())
            .unwrap();
    ok(
        &mut r,
        &w,
        &agent(),
        "2024-09-23T09:10:00+08:00",
        json!({"type": "dispatch", "targets": [{"unit": "yining-water", "role": "lead"}, {"unit": "yining-housing", "role": "co"}]}),
    );
    ok(
        &mut r,
        &w,
        &handler("yining-water"),
        "2024-09-23T09:20:00+08:00",
        json!({"type": "acknowledge"}),
    );
    ok(
        &mut r,
        &w,
        &handler("yining-housing"),
        "2024-09-23T09:20:00+08:00",
        json!({"type": "acknowledge"}),
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &handler("yining-water"),
            "2024-09-23T12:00:00+08:00",
            ask_extension()
        ),
        "Art. 20: emergency items cannot be extended"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &handler("yining-housing"),
            "2024-09-23T12:00:00+08:00",
            ask_extension()
        ),
        "Art. 14(4): a co-unit may not request an extension; its lead unit does"
    );
    // A consultation's step is its own limit, 5 working days.
    let mut c = registered(&w, "consultation", "2024-09-23T09:00:00+08:00");
    ok(
        &mut c,
        &w,
        &agent(),
        "2024-09-23T09:10:00+08:00",
        dispatch_to("yining-city"),
    );
    ok(
        &mut c,
        &w,
        &handler("yining-city"),
        "2024-09-23T09:20:00+08:00",
        json!({"type": "acknowledge"}),
    );
    let events = ok(
        &mut c,
        &w,
        &handler("yining-city"),
        "2024-09-26T09:00:00+08:00",
        ask_extension(),
    );
    assert!(matches!(events[0].kind, EventKind::ExtensionRequested { days: 5, .. }));
    ok(
        &mut c,
        &w,
        &reviewer(),
        "2024-09-26T10:00:00+08:00",
        json!({"type": "decide_extension", "approve": true}),
    );
    // 27 Sep + 5: Sun 29 Sep, 30 Sep, 8, 9, 10 Oct.
    assert_eq!(c.due().unwrap().last_day, day("2024-10-10"));
}

#[test]
fn forwarding_to_a_sub_unit_which_then_handles() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    let parent = handler("yining-housing");
    let sub = handler("yining-property");
    assert_eq!(
        refused(
            &mut r,
            &w,
            &parent,
            "2024-09-24T09:00:00+08:00",
            json!({"type": "forward", "to": "yining-water"})
        ),
        "Art. 4: yining-water is not a sub-unit of yining-housing"
    );
    let events = ok(
        &mut r,
        &w,
        &parent,
        "2024-09-24T09:00:00+08:00",
        json!({"type": "forward", "to": "yining-property"}),
    );
    assert_eq!(
        events[0].public_text.as_deref(),
        Some("您的诉求已由伊宁市住房和城乡建设局转交伊宁市物业服务中心办理。")
    );
    assert_eq!(
        refused(&mut r, &w, &sub, "2024-09-24T10:00:00+08:00", return_request()),
        "Art. 4: only the responsible unit yining-housing may request a return"
    );
    // The sub-unit submits in its own name; the assignment stays the parent's.
    ok(
        &mut r,
        &w,
        &sub,
        "2024-10-08T10:00:00+08:00",
        result("yining-property", "2024-10-08T09:00:00+08:00", true),
    );
    assert_eq!(r.state_code(), "completion_review");
    assert_eq!(r.submissions()[0].unit, uid("yining-housing"));
}

#[test]
fn results_carry_the_fields_of_article_22() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    let h = handler("yining-housing");
    let t = "2024-10-08T10:00:00+08:00";
    let mut no_filing = result("yining-housing", "2024-10-08T09:00:00+08:00", false);
    assert_eq!(
        refused(&mut r, &w, &h, t, no_filing.clone()),
        "Art. 22(3): a complaint result states the case filing (decision, or number and date) or the reasons and legal basis for not filing"
    );
    no_filing["result"]["unit"] = json!("yining-water");
    assert_eq!(
        refused(&mut r, &w, &h, t, no_filing),
        "Art. 22(1): the result names yining-water, which does not handle this assignment"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &h,
            t,
            result("yining-housing", "2024-10-08T11:00:00+08:00", true)
        ),
        "Art. 22(1): the handling time 2024-10-08 03:00:00 UTC lies after the submission"
    );
    let mut redo = result("yining-housing", "2024-10-08T09:00:00+08:00", true);
    redo["redo"] = json!({"option": "handle_again"});
    assert_eq!(
        refused(&mut r, &w, &h, t, redo),
        "Art. 26: the redo options apply only to a redone request"
    );
    // Filed: a case number and date.
    let mut filed = result("yining-housing", "2024-10-08T09:00:00+08:00", true);
    filed["case_filing"] =
        json!({"status": "filed", "date": "2024-10-07", "record": {"case_number": "伊市建立〔2024〕12号"}});
    let events = ok(&mut r, &w, &h, t, filed);
    assert_eq!(events.len(), 2);
    assert_eq!(
        events[1].kind,
        EventKind::CompletionRequested {
            round: super::super::super::request::Round::First
        }
    );
    // A stray filing on a help request.
    let mut help = registered(&w, "help", "2024-09-23T09:00:00+08:00");
    ok(
        &mut help,
        &w,
        &agent(),
        "2024-09-23T09:30:00+08:00",
        dispatch_to("yining-water"),
    );
    let early = result("yining-water", "2024-09-23T09:40:00+08:00", false);
    assert_eq!(
        refused(
            &mut help,
            &w,
            &handler("yining-water"),
            "2024-09-23T10:00:00+08:00",
            early.clone()
        ),
        "unit: yining-water must acknowledge (签收) the assignment first"
    );
    ok(
        &mut help,
        &w,
        &handler("yining-water"),
        "2024-09-23T09:45:00+08:00",
        json!({"type": "acknowledge"}),
    );
    assert_eq!(
        refused(
            &mut help,
            &w,
            &handler("yining-water"),
            "2024-09-23T10:00:00+08:00",
            result("yining-water", "2024-09-23T09:50:00+08:00", true)
        ),
        "Art. 22(3): only complaint results carry a case filing"
    );
    ok(
        &mut help,
        &w,
        &handler("yining-water"),
        "2024-09-23T10:00:00+08:00",
        early,
    );
}

#[test]
fn the_lead_submits_and_co_units_give_opinions() {
    let w = World::new();
    let mut r = registered(&w, "suggestion", "2024-09-23T09:00:00+08:00");
    ok(
        &mut r,
        &w,
        &agent(),
        "2024-09-23T09:30:00+08:00",
        json!({"type": "dispatch", "targets": [{"unit": "yining-housing", "role": "lead"}, {"unit": "yining-water", "role": "co"}]}),
    );
    ok(
        &mut r,
        &w,
        &handler("yining-housing"),
        "2024-09-23T10:00:00+08:00",
        json!({"type": "acknowledge"}),
    );
    ok(
        &mut r,
        &w,
        &handler("yining-water"),
        "2024-09-23T10:00:00+08:00",
        json!({"type": "acknowledge"}),
    );
    let opinion = json!({"type": "give_opinion", "opinion": "供水管网改造可同步实施。"});
    assert_eq!(
        refused(
            &mut r,
            &w,
            &handler("yining-water"),
            "2024-09-24T10:00:00+08:00",
            result("yining-water", "2024-09-24T09:00:00+08:00", false)
        ),
        "Art. 14(4): a co-unit may not submit a result; its lead unit does"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &handler("yining-housing"),
            "2024-09-24T10:00:00+08:00",
            opinion.clone()
        ),
        "unit: yining-housing has no assignment on this request that can give a co-unit opinion"
    );
    ok(
        &mut r,
        &w,
        &handler("yining-housing"),
        "2024-09-24T10:00:00+08:00",
        result("yining-housing", "2024-09-24T09:00:00+08:00", false),
    );
    assert_eq!(r.state_code(), "handling", "the co-unit has not given its opinion");
    let events = ok(
        &mut r,
        &w,
        &handler("yining-water"),
        "2024-09-24T11:00:00+08:00",
        opinion,
    );
    assert_eq!(events.last().unwrap().kind_code(), "completion_requested");
    assert_eq!(r.state_code(), "completion_review");
}

#[test]
fn separate_assignments_each_submit_before_the_review() {
    let w = World::new();
    let mut r = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    ok(
        &mut r,
        &w,
        &agent(),
        "2024-09-23T09:30:00+08:00",
        json!({"type": "dispatch", "targets": [{"unit": "yining-housing", "role": "separate"}, {"unit": "ili-market", "role": "separate"}]}),
    );
    for u in ["yining-housing", "ili-market"] {
        ok(
            &mut r,
            &w,
            &handler(u),
            "2024-09-23T10:00:00+08:00",
            json!({"type": "acknowledge"}),
        );
    }
    ok(
        &mut r,
        &w,
        &handler("yining-housing"),
        "2024-09-25T10:00:00+08:00",
        result("yining-housing", "2024-09-25T09:00:00+08:00", true),
    );
    assert_eq!(r.state_code(), "handling");
    ok(
        &mut r,
        &w,
        &handler("ili-market"),
        "2024-09-26T10:00:00+08:00",
        result("ili-market", "2024-09-26T09:00:00+08:00", true),
    );
    assert_eq!(r.state_code(), "completion_review");
    // Refusing one result sends only that unit back (Art. 23).
    assert_eq!(
        refused(
            &mut r,
            &w,
            &reviewer(),
            "2024-09-27T10:00:00+08:00",
            json!({"type": "review_completion", "approve": false, "reason": "未说明处理依据", "units": ["yining-water"]})
        ),
        "Art. 23: yining-water has no result awaiting review"
    );
    ok(
        &mut r,
        &w,
        &reviewer(),
        "2024-09-27T10:00:00+08:00",
        json!({"type": "review_completion", "approve": false, "reason": "未说明处理依据", "units": ["ili-market"]}),
    );
    assert_eq!(r.state_code(), "handling");
    assert!(matches!(
        r.assignments()[0].status(),
        AssignmentStatus::Submitted { .. }
    ));
    assert!(matches!(r.assignments()[1].status(), AssignmentStatus::Handling { .. }));
    ok(
        &mut r,
        &w,
        &handler("ili-market"),
        "2024-09-29T10:00:00+08:00",
        result("ili-market", "2024-09-29T09:00:00+08:00", true),
    );
    let events = ok(
        &mut r,
        &w,
        &reviewer(),
        "2024-09-30T10:00:00+08:00",
        json!({"type": "review_completion", "approve": true}),
    );
    let public = events[0].public_text.as_deref().unwrap();
    assert!(
        public.starts_with("您的诉求已办结。办理结果：伊宁市住房和城乡建设局："),
        "{public}"
    );
    assert!(public.contains("伊犁州市场监督管理局："));
    assert_eq!(r.state_code(), "closed");
}

#[test]
fn the_completion_review_approves_or_refuses_with_a_reason() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    ok(
        &mut r,
        &w,
        &handler("yining-housing"),
        "2024-10-08T10:00:00+08:00",
        result("yining-housing", "2024-10-08T09:00:00+08:00", true),
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &reviewer(),
            "2024-10-09T10:00:00+08:00",
            json!({"type": "review_completion", "approve": false})
        ),
        "Art. 23: refusing a completion needs a reason"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &handler("yining-housing"),
            "2024-10-09T10:00:00+08:00",
            json!({"type": "review_completion", "approve": true})
        ),
        "role: handler may not approve a completion"
    );
    let events = ok(
        &mut r,
        &w,
        &reviewer(),
        "2024-10-09T10:00:00+08:00",
        json!({"type": "review_completion", "approve": false, "reason": "未回应诉求人关于维修时限的问题"}),
    );
    let words = events[0].kind.staff_words(&|u: &crate::domain::unit::UnitId| u.to_string());
    assert!(words.ends_with("理由：未回应诉求人关于维修时限的问题。"), "{words}");
    assert!(!events[0].public_text.as_deref().unwrap().contains("时限"));
    assert_eq!(r.state_code(), "handling");
    ok(
        &mut r,
        &w,
        &handler("yining-housing"),
        "2024-10-10T10:00:00+08:00",
        result("yining-housing", "2024-10-10T09:00:00+08:00", true),
    );
    ok(
        &mut r,
        &w,
        &reviewer(),
        "2024-10-11T10:00:00+08:00",
        json!({"type": "review_completion", "approve": true}),
    );
    assert_eq!(r.state_code(), "closed");
    assert_eq!(r.submissions().len(), 2);
}

#[test]
fn a_unit_reports_interim_progress_the_requester_reads() {
    // Art. 19(2): 阶段性办理情况, in the public timeline; nothing else changes.
    let w = World::new();
    let mut r = registered(&w, "complaint", "2024-09-23T09:00:00+08:00");
    ok(&mut r, &w, &agent(), "2024-09-23T09:30:00+08:00", dispatch_to("yining-housing"));
    let progress = json!({"type": "report_progress", "progress": "已完成现场勘查，正在协调施工队更换灯杆。"});
    assert_eq!(
        refused(&mut r, &w, &handler("yining-housing"), "2024-09-23T09:40:00+08:00", progress.clone()),
        "unit: yining-housing must acknowledge (签收) the assignment first"
    );
    ok(&mut r, &w, &handler("yining-housing"), "2024-09-23T10:00:00+08:00", json!({"type": "acknowledge"}));
    assert_eq!(
        refused(&mut r, &w, &handler("yining-water"), "2024-09-24T09:00:00+08:00", progress.clone()),
        "unit: yining-water has no assignment on this request that can report progress"
    );
    let before = r.state_code();
    let events = ok(&mut r, &w, &handler("yining-housing"), "2024-09-24T09:00:00+08:00", progress);
    assert_eq!(
        events[0].public_text.as_deref(),
        Some("伊宁市住房和城乡建设局报告办理进展：已完成现场勘查，正在协调施工队更换灯杆。")
    );
    assert_eq!(r.state_code(), before);
    assert!(r.allowed_commands(&handler("yining-housing"), at("2024-09-24T09:05:00+08:00"), &w.ctx()).contains(&CommandCode::ReportProgress));
}

//! Objection, rating, redo, callback and supervision (Art. 22(2), 24–27, 31).

use super::super::super::types::{CenterWait, SupervisionSource, SupervisionStage, SupervisionVerdict};
use super::super::{Actor, EventKind};
use super::*;

fn rate(rating: &str) -> Value {
    json!({"type": "rate", "rating": rating})
}

#[test]
fn one_objection_one_supplementary_answer() {
    let w = World::new();
    let mut r = closed_complaint(&w);
    let object = json!({"type": "object", "reason": "路灯仍未修好，答复与事实不符"});
    let events = ok(&mut r, &w, &citizen(), "2024-10-09T20:00:00+08:00", object.clone());
    assert_eq!(r.state_code(), "supplementary");
    assert!(events[0].public_text.as_deref().unwrap().contains("补充答复"));
    assert_eq!(
        refused(
            &mut r,
            &w,
            &handler("yining-water"),
            "2024-10-10T09:00:00+08:00",
            json!({"type": "supplementary_answer", "answer": "x"})
        ),
        "unit: yining-water has no assignment on this request that can give a supplementary answer"
    );
    let events = ok(
        &mut r,
        &w,
        &handler("yining-housing"),
        "2024-10-10T09:00:00+08:00",
        json!({"type": "supplementary_answer", "answer": "经现场复核，路灯已于10月9日更换，附照片。"}),
    );
    assert_eq!(
        events[0].public_text.as_deref(),
        Some("承办单位补充答复：经现场复核，路灯已于10月9日更换，附照片。")
    );
    assert_eq!(r.state_code(), "closed");
    assert_eq!(
        refused(&mut r, &w, &citizen(), "2024-10-10T20:00:00+08:00", object),
        "Art. 22(2): only one supplementary answer"
    );
}

#[test]
fn an_objection_comes_before_the_rating() {
    let w = World::new();
    let mut r = closed_complaint(&w);
    ok(&mut r, &w, &citizen(), "2024-10-09T20:00:00+08:00", rate("satisfied"));
    assert_eq!(
        refused(
            &mut r,
            &w,
            &citizen(),
            "2024-10-09T21:00:00+08:00",
            json!({"type": "object", "reason": "再想想"})
        ),
        "Art. 22(2): an objection comes before the rating of the reply"
    );
}

#[test]
fn with_separate_units_the_objection_names_the_unit() {
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
    for u in ["yining-housing", "ili-market"] {
        ok(
            &mut r,
            &w,
            &handler(u),
            "2024-09-24T10:00:00+08:00",
            result(u, "2024-09-24T09:00:00+08:00", true),
        );
    }
    ok(
        &mut r,
        &w,
        &reviewer(),
        "2024-09-25T10:00:00+08:00",
        json!({"type": "review_completion", "approve": true}),
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &citizen(),
            "2024-09-25T20:00:00+08:00",
            json!({"type": "object", "reason": "答复不清"})
        ),
        "Art. 22(2): name the unit whose reply is objected to"
    );
    ok(
        &mut r,
        &w,
        &citizen(),
        "2024-09-25T20:00:00+08:00",
        json!({"type": "object", "reason": "答复不清", "unit": "ili-market"}),
    );
    assert_eq!(r.supplement().unwrap().unit, uid("ili-market"));
}

#[test]
fn a_satisfied_first_rating_finishes_the_request_once() {
    let w = World::new();
    let mut r = closed_complaint(&w);
    assert_eq!(
        refused(
            &mut r,
            &w,
            &handler("yining-housing"),
            "2024-10-09T20:00:00+08:00",
            rate("satisfied")
        ),
        "role: handler may not rate a request"
    );
    let events = ok(
        &mut r,
        &w,
        &citizen(),
        "2024-10-09T20:00:00+08:00",
        rate("basically_satisfied"),
    );
    assert_eq!(events[0].public_text.as_deref(), Some("感谢您的评价：基本满意。"));
    assert_eq!(r.state_code(), "finished");
    assert_eq!(
        refused(
            &mut r,
            &w,
            &citizen(),
            "2024-10-09T21:00:00+08:00",
            rate("very_satisfied")
        ),
        "Art. 24: this round was already rated"
    );
    assert!(r.clocks(at("2024-10-09T21:00:00+08:00"), &w.ctx()).is_empty());
}

/// Closed, then rated dissatisfied on Thu 10 Oct 2024: the redo runs to Tue 15 Oct
/// (10, 11, Sat 12 working, 14, 15).
fn in_redo(w: &World) -> super::super::super::request::Request {
    let mut r = closed_complaint(w);
    let events = ok(
        &mut r,
        w,
        &citizen(),
        "2024-10-10T10:00:00+08:00",
        rate("very_dissatisfied"),
    );
    assert_eq!(
        events[1].kind,
        EventKind::RedoStarted {
            due: day("2024-10-15"),
            units: vec![uid("yining-housing")]
        }
    );
    assert_eq!(
        events[1].public_text.as_deref(),
        Some("您的诉求已发回承办单位重办，重办期限至2024年10月15日。")
    );
    assert_eq!(r.state_code(), "redo");
    r
}

#[test]
fn a_first_dissatisfied_rating_sends_the_request_back_once_for_five_days() {
    let w = World::new();
    let mut r = in_redo(&w);
    let h = handler("yining-housing");
    let clocks = r.clocks(at("2024-10-10T10:00:00+08:00"), &w.ctx());
    assert_eq!(clocks.iter().map(|c| c.key()).collect::<Vec<_>>(), ["redo"]);
    assert_eq!(
        refused(
            &mut r,
            &w,
            &h,
            "2024-10-11T10:00:00+08:00",
            json!({"type": "request_extension", "reason": "x"})
        ),
        "Art. 20: only handling periods can be extended, not the redo period (Art. 25)"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &h,
            "2024-10-11T10:00:00+08:00",
            json!({"type": "request_return", "reason": "x", "basis": "y"})
        ),
        "state: cannot request a return while the request is redo"
    );
    let plain = result("yining-housing", "2024-10-14T09:00:00+08:00", true);
    assert_eq!(
        refused(&mut r, &w, &h, "2024-10-14T10:00:00+08:00", plain.clone()),
        "Art. 26: a redone result names one of the three options (handle_again, targeted_answer, duty_statement)"
    );
    // A duty statement needs its signed document: without it the command does not even parse.
    let mut duty = plain.clone();
    duty["redo"] = json!({"option": "duty_statement"});
    assert!(serde_json::from_value::<super::super::Command>(duty.clone()).is_err());
    duty["redo"] = json!({"option": "duty_statement", "attachment": "att-duty-statement-2024-101"});
    assert_eq!(
        refused(&mut r, &w, &h, "2024-10-14T10:00:00+08:00", duty.clone()),
        "Art. 26(3): a duty statement names its signer, the unit's main or deputy leader (Art. 43(8))"
    );
    duty["redo"]["signer"] = json!("王建国");
    duty["redo"]["signer_post"] = json!("deputy");
    ok(&mut r, &w, &h, "2024-10-14T10:00:00+08:00", duty);
    ok(
        &mut r,
        &w,
        &reviewer(),
        "2024-10-14T15:00:00+08:00",
        json!({"type": "review_completion", "approve": true}),
    );
    assert_eq!(r.state_code(), "closed");
    // The second rating counts (Art. 27).
    ok(&mut r, &w, &citizen(), "2024-10-15T10:00:00+08:00", rate("satisfied"));
    assert_eq!(r.state_code(), "finished");
    assert_eq!(r.final_rating(), Some("satisfied".parse().unwrap()));
    assert!(r.redo().is_some());
}

#[test]
fn a_second_dissatisfied_rating_leads_to_a_callback_not_a_second_redo() {
    let w = World::new();
    let mut r = in_redo(&w);
    let mut again = result("yining-housing", "2024-10-14T09:00:00+08:00", true);
    again["redo"] = json!({"option": "targeted_answer"});
    ok(
        &mut r,
        &w,
        &handler("yining-housing"),
        "2024-10-14T10:00:00+08:00",
        again,
    );
    ok(
        &mut r,
        &w,
        &reviewer(),
        "2024-10-14T15:00:00+08:00",
        json!({"type": "review_completion", "approve": true}),
    );
    let events = ok(
        &mut r,
        &w,
        &citizen(),
        "2024-10-15T10:00:00+08:00",
        rate("dissatisfied"),
    );
    assert_eq!(events[1].kind, EventKind::CallbackRequired);
    assert_eq!(r.state_code(), "callback");
    assert!(r.redo().is_some() && r.ratings().len() == 2);
    assert_eq!(
        refused(
            &mut r,
            &w,
            &reviewer(),
            "2024-10-16T10:00:00+08:00",
            json!({"type": "callback", "method": "phone", "reason": "希望更换全部路灯", "disposition": "supervise"})
        ),
        "Art. 31(6): a supervise disposition needs the supervision's unit, deadline and instruction"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &reviewer(),
            "2024-10-16T10:00:00+08:00",
            json!({"type": "callback", "method": "phone", "reason": "希望更换全部路灯", "disposition": "explain", "supervision": {"unit": "yining-housing", "days": 3, "instruction": "x"}})
        ),
        "Art. 27: only a supervise disposition opens a supervision"
    );
    let mut explained = r.clone();
    let events = ok(
        &mut explained,
        &w,
        &reviewer(),
        "2024-10-16T10:00:00+08:00",
        json!({"type": "callback", "method": "phone", "reason": "希望更换全部路灯", "disposition": "explain"}),
    );
    assert_eq!(
        events[0].public_text.as_deref(),
        Some("热线管理中心已电话回访并向您解释说明。")
    );
    assert_eq!(explained.state_code(), "finished");
    let events = ok(
        &mut r,
        &w,
        &reviewer(),
        "2024-10-16T10:00:00+08:00",
        json!({"type": "callback", "method": "phone", "reason": "承办单位未实地查看", "disposition": "supervise", "supervision": {"unit": "yining-housing", "days": 3, "instruction": "实地查看并书面答复"}}),
    );
    assert_eq!(
        events[1].kind,
        EventKind::SupervisionOpened {
            id: 1,
            source: SupervisionSource::RedoStillDissatisfied,
            unit: uid("yining-housing"),
            due: day("2024-10-18")
        }
    );
    assert_eq!(r.state_code(), "finished");
    assert_eq!(r.supervisions().len(), 1);
    assert_eq!(
        refused(&mut r, &w, &citizen(), "2024-10-17T10:00:00+08:00", rate("satisfied")),
        "Art. 24: this round was already rated"
    );
}

fn supervise(source: &str, days: u16) -> Value {
    json!({"type": "supervise", "source": source, "unit": "yining-housing", "days": days, "instruction": "请于期限内办结并反馈"})
}

#[test]
fn supervision_has_its_own_deadline_and_the_units_response() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    let t = "2024-09-24T10:00:00+08:00";
    assert_eq!(
        refused(&mut r, &w, &reviewer(), t, supervise("leader_instruction", 0)),
        "Art. 31: a supervision's deadline is 1 to 60 working days"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &reviewer(),
            t,
            json!({"type": "supervise", "source": "hot_spot", "unit": "ili-market", "days": 3, "instruction": "x"})
        ),
        "Art. 31: ili-market has no part in this request"
    );
    assert_eq!(
        refused(&mut r, &w, &reviewer(), t, supervise("overdue", 3)),
        "Art. 31(5): the request is not overdue (due 2024-10-16)"
    );
    assert_eq!(
        refused(&mut r, &w, &reviewer(), t, supervise("redo_still_dissatisfied", 3)),
        "Art. 31(6): only a request still dissatisfied after its redo"
    );
    assert_eq!(
        refused(&mut r, &w, &agent(), t, supervise("hot_spot", 3)),
        "role: agent may not open a supervision"
    );
    // Tue 24 Sep + 5 working days: 24–27, Sun 29 Sep.
    let events = ok(&mut r, &w, &reviewer(), t, supervise("leader_instruction", 5));
    assert_eq!(
        events[0].kind,
        EventKind::SupervisionOpened {
            id: 1,
            source: SupervisionSource::LeaderInstruction,
            unit: uid("yining-housing"),
            due: day("2024-09-29")
        }
    );
    let clock = r
        .clocks(at(t), &w.ctx())
        .into_iter()
        .find(|c| c.key() == "supervision:1")
        .unwrap();
    assert_eq!(clock.last_day, Some(day("2024-09-29")));
    let respond = json!({"type": "respond_supervision", "id": 1, "response": "已组织维修，9月26日完成。"});
    assert_eq!(
        refused(
            &mut r,
            &w,
            &handler("yining-water"),
            "2024-09-26T10:00:00+08:00",
            respond.clone()
        ),
        "unit: yining-water has no assignment on this request that can respond to a supervision"
    );
    assert_eq!(
        refused(
            &mut r,
            &w,
            &handler("yining-housing"),
            "2024-09-26T10:00:00+08:00",
            json!({"type": "respond_supervision", "id": 2, "response": "x"})
        ),
        "Art. 31: no open supervision 2 for yining-housing"
    );
    ok(
        &mut r,
        &w,
        &handler("yining-housing"),
        "2024-09-26T10:00:00+08:00",
        respond,
    );
    assert!(r
        .clocks(at("2024-09-26T10:00:00+08:00"), &w.ctx())
        .iter()
        .all(|c| c.key() != "supervision:1"));
}

#[test]
fn the_center_judges_each_supervision_response() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    let hh = handler("yining-housing");
    let conclude = |verdict: &str| json!({"type": "conclude_supervision", "id": 1, "verdict": verdict});
    ok(&mut r, &w, &reviewer(), "2024-09-24T10:00:00+08:00", supervise("leader_instruction", 5));
    // Nothing to judge before the unit responds.
    assert_eq!(
        refused(&mut r, &w, &reviewer(), "2024-09-25T10:00:00+08:00", conclude("concluded")),
        "state: cannot conclude a supervision while the request is handling"
    );
    ok(&mut r, &w, &hh, "2024-09-26T10:00:00+08:00", json!({"type": "respond_supervision", "id": 1, "response": "已安排维修。"}));
    assert_eq!(r.supervisions()[0].stage(), SupervisionStage::AwaitingVerdict);
    assert_eq!(r.center_wait(), Some(CenterWait::Supervision), "the center still has the verdict to give");
    assert_eq!(
        refused(&mut r, &w, &hh, "2024-09-26T11:00:00+08:00", conclude("concluded")),
        "role: handler may not conclude a supervision"
    );
    // Continuing needs why and a new deadline; a wrong one changes nothing.
    let before = r.clone();
    let mut continued = json!({"type": "conclude_supervision", "id": 1, "verdict": "continued", "days": 2});
    assert_eq!(
        refused(&mut r, &w, &reviewer(), "2024-09-26T11:00:00+08:00", continued.clone()),
        "Art. 31: refusing a supervision response needs a reason"
    );
    continued["reason"] = json!("未说明何时修复");
    continued["days"] = json!(0);
    assert_eq!(
        refused(&mut r, &w, &reviewer(), "2024-09-26T11:00:00+08:00", continued.clone()),
        "Art. 31: a supervision's deadline is 1 to 60 working days"
    );
    assert_eq!(
        refused(&mut r, &w, &reviewer(), "2024-09-26T11:00:00+08:00", json!({"type": "conclude_supervision", "id": 2, "verdict": "concluded"})),
        "Art. 31: supervision 2 has no response waiting for a verdict"
    );
    assert_eq!(r, before);
    // Thu 26 Sep + 2 working days: 26, 27 (Sat 28 and Sun 29 Sep 2024 are make-up working days).
    continued["days"] = json!(2);
    let events = ok(&mut r, &w, &reviewer(), "2024-09-26T11:00:00+08:00", continued);
    assert!(matches!(&events[0].kind, EventKind::SupervisionConcluded { id: 1, verdict: SupervisionVerdict::Continued, due: Some(_), .. }));
    let s = &r.supervisions()[0];
    assert_eq!(s.stage(), SupervisionStage::AwaitingResponse, "the unit answers again");
    assert_eq!(s.found_wanting.len(), 1);
    assert_eq!(s.found_wanting[0].reason.as_str(), "未说明何时修复");
    let clock = r.clocks(at("2024-09-26T11:00:00+08:00"), &w.ctx()).into_iter().find(|c| c.key() == "supervision:1").unwrap();
    assert_eq!(Some(clock.last_day.unwrap()), match &events[0].kind { EventKind::SupervisionConcluded { due, .. } => *due, _ => None });
    ok(&mut r, &w, &hh, "2024-09-27T10:00:00+08:00", json!({"type": "respond_supervision", "id": 1, "response": "已于9月27日修复。"}));
    let events = ok(&mut r, &w, &reviewer(), "2024-09-27T11:00:00+08:00", conclude("concluded"));
    assert!(matches!(&events[0].kind, EventKind::SupervisionConcluded { verdict: SupervisionVerdict::Concluded, due: None, .. }));
    assert_eq!(r.supervisions()[0].stage(), SupervisionStage::Concluded);
    assert_eq!(r.center_wait(), None);
    assert_eq!(
        refused(&mut r, &w, &reviewer(), "2024-09-27T12:00:00+08:00", conclude("concluded")),
        "state: cannot conclude a supervision while the request is handling"
    );
}

#[test]
fn overdue_requests_are_supervised_automatically() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    assert!(r.automatic_commands(at("2024-10-16T23:59:00+08:00")).is_empty());
    let now = at("2024-10-17T00:00:00+08:00");
    let cmds = r.automatic_commands(now);
    assert_eq!(cmds.len(), 1);
    let system = Actor::system(uid("ili-12345"));
    let events = r.apply(cmds[0].clone(), &system, now, &w.ctx()).unwrap();
    assert!(matches!(
        &events[0].kind,
        EventKind::SupervisionOpened {
            source: SupervisionSource::Overdue,
            ..
        }
    ));
    assert!(
        r.automatic_commands(at("2024-10-18T09:00:00+08:00")).is_empty(),
        "once per unit and clock"
    );
    // A reviewer may also open one by hand now.
    ok(
        &mut r,
        &w,
        &reviewer(),
        "2024-10-18T09:00:00+08:00",
        supervise("overdue", 2),
    );
}

#[test]
fn a_callback_is_asked_once_until_staff_act() {
    let w = World::new();
    let mut r = handling_complaint(&w);
    let ask = json!({"type": "ask_callback", "note": "白天不方便接电话，请晚上打"});
    let events = ok(&mut r, &w, &citizen(), "2024-09-25T10:00:00+08:00", ask.clone());
    assert_eq!(events[0].kind_code(), "callback_asked");
    assert!(events[0].public_text.as_deref().unwrap().contains("回电"));
    // The requester's words are the event's own data; staff read them in its words.
    assert_eq!(events[0].kind.staff_words(&|u: &crate::domain::unit::UnitId| u.to_string()), "诉求人要求回电：白天不方便接电话，请晚上打");
    assert_eq!(events[0].internal_note, None);
    assert_eq!(
        refused(&mut r, &w, &citizen(), "2024-09-25T11:00:00+08:00", ask.clone()),
        "a callback was already asked for and no one has acted since"
    );
    // The center talks to the requester (any staff action answers the request) …
    ok(
        &mut r,
        &w,
        &agent(),
        "2024-09-25T15:00:00+08:00",
        json!({"type": "add_information", "text": "已回电，诉求人补充：停水时间为每天上午"}),
    );
    // … and the requester may ask again.
    ok(&mut r, &w, &citizen(), "2024-09-26T10:00:00+08:00", ask);
}

#[test]
fn no_callback_once_finished_or_rejected() {
    let w = World::new();
    let mut r = closed_complaint(&w);
    ok(&mut r, &w, &citizen(), "2024-10-09T20:00:00+08:00", rate("satisfied"));
    assert_eq!(r.state_code(), "finished");
    assert!(refused(&mut r, &w, &citizen(), "2024-10-10T09:00:00+08:00", json!({"type": "ask_callback"}))
        .starts_with("state: cannot ask for a callback"));
}

#[test]
fn the_redo_deadline_is_the_one_in_force() {
    let w = World::new();
    let closed = closed_complaint(&w);
    assert_eq!(closed.work_due(), closed.due(), "no redo yet: the handling period");
    let r = in_redo(&w);
    assert_eq!(r.work_due().map(|d| d.last_day), Some(day("2024-10-15")));
    assert_ne!(r.work_due(), r.due(), "the redo's, not the handling period's");
}

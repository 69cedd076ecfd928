//! Property tests: random command sequences never panic, never change a
//! request when refused, keep the invariants, agree with `allowed_commands`,
//! never leak staff names or the phone into public texts, and survive a
//! snapshot round trip.

use super::super::super::request::Request;
use super::super::{Actor, Command};
use super::*;
use proptest::prelude::*;

/// Plausible (actor, command) pairs; a sequence of them walks deep into the lifecycle.
fn palette() -> Vec<(Actor, Value)> {
    let hh = handler("yining-housing");
    let hw = handler("yining-water");
    let hp = handler("yining-property");
    let hm = handler("ili-market");
    let when = "2024-09-23T09:00:00+08:00";
    vec![
        (agent(), dispatch_to("yining-housing")),
        (
            agent(),
            json!({"type": "dispatch", "targets": [{"unit": "yining-housing", "role": "lead"}, {"unit": "yining-water", "role": "co"}]}),
        ),
        (
            agent(),
            json!({"type": "dispatch", "targets": [{"unit": "yining-housing", "role": "separate"}, {"unit": "ili-market", "role": "separate"}]}),
        ),
        (agent(), dispatch_to("yining-water")),
        (
            agent(),
            json!({"type": "reject", "reason": "out_of_scope", "basis": "不属于热线受理范围"}),
        ),
        (
            agent(),
            json!({"type": "answer", "entry": "kb-1", "answer": "请携带身份证办理。"}),
        ),
        (
            agent(),
            json!({"type": "link_related", "relation": {"kind": "repeat_of", "original": "YL2024090100001"}}),
        ),
        (hh.clone(), json!({"type": "acknowledge"})),
        (hw.clone(), json!({"type": "acknowledge"})),
        (hm.clone(), json!({"type": "acknowledge"})),
        (
            hh.clone(),
            json!({"type": "request_return", "reason": "非本单位职责", "basis": "三定方案"}),
        ),
        (
            hw.clone(),
            json!({"type": "request_return", "reason": "非本单位职责", "basis": "三定方案"}),
        ),
        (
            reviewer(),
            json!({"type": "decide_return", "unit": "yining-housing", "approve": true}),
        ),
        (
            reviewer(),
            json!({"type": "decide_return", "unit": "yining-housing", "approve": false, "reason": "属本单位职责"}),
        ),
        (
            reviewer(),
            json!({"type": "decide_return", "unit": "yining-water", "approve": true}),
        ),
        (
            reviewer(),
            json!({"type": "coordinate", "unit": "yining-housing", "basis": "协调会议定"}),
        ),
        (hh.clone(), json!({"type": "request_extension", "reason": "需协调"})),
        (hm.clone(), json!({"type": "request_extension", "reason": "需协调"})),
        (reviewer(), json!({"type": "decide_extension", "approve": true})),
        (
            reviewer(),
            json!({"type": "decide_extension", "approve": false, "reason": "无需延期"}),
        ),
        (hh.clone(), json!({"type": "forward", "to": "yining-property"})),
        (
            hw.clone(),
            json!({"type": "give_opinion", "opinion": "同意主办单位意见。"}),
        ),
        (hh.clone(), result("yining-housing", when, true)),
        (hh.clone(), result("yining-housing", when, false)),
        (hp.clone(), result("yining-property", when, true)),
        (hm.clone(), result("ili-market", when, true)),
        (hw.clone(), result("yining-water", when, false)),
        (hh.clone(), {
            let mut v = result("yining-housing", when, true);
            v["redo"] = json!({"option": "targeted_answer"});
            v
        }),
        (hh.clone(), {
            let mut v = result("yining-housing", when, false);
            v["redo"] = json!({"option": "duty_statement", "attachment": "att-1"});
            v
        }),
        (reviewer(), json!({"type": "review_completion", "approve": true})),
        (
            reviewer(),
            json!({"type": "review_completion", "approve": false, "reason": "未针对性回应"}),
        ),
        (citizen(), json!({"type": "object", "reason": "答复不实"})),
        (
            hh.clone(),
            json!({"type": "supplementary_answer", "answer": "补充说明如下。"}),
        ),
        (citizen(), json!({"type": "rate", "rating": "satisfied"})),
        (citizen(), json!({"type": "rate", "rating": "very_dissatisfied"})),
        (
            reviewer(),
            json!({"type": "callback", "method": "phone", "reason": "期望过高", "disposition": "explain"}),
        ),
        (
            reviewer(),
            json!({"type": "callback", "method": "phone", "reason": "单位未落实", "disposition": "supervise", "supervision": {"unit": "yining-housing", "days": 3, "instruction": "落实"}}),
        ),
        (
            reviewer(),
            json!({"type": "supervise", "source": "hot_spot", "unit": "yining-housing", "days": 3, "instruction": "加快"}),
        ),
        (
            reviewer(),
            json!({"type": "supervise", "source": "overdue", "unit": "yining-housing", "days": 2, "instruction": "逾期"}),
        ),
        (
            hh.clone(),
            json!({"type": "respond_supervision", "id": 1, "response": "已办理。"}),
        ),
        (reviewer(), json!({"type": "conclude_supervision", "id": 1, "verdict": "continued", "days": 2, "reason": "未说明完成时间"})),
        (reviewer(), json!({"type": "conclude_supervision", "id": 1, "verdict": "concluded"})),
        (citizen(), json!({"type": "add_information", "text": "补充照片。"})),
        (citizen(), json!({"type": "ask_callback", "note": "请回电说明进展"})),
        (hh.clone(), json!({"type": "report_progress", "progress": "已完成现场勘查，正在协调施工队。"})),
        (citizen(), json!({"type": "rate", "rating": "dissatisfied"})),
        (reviewer(), json!({"type": "review_completion", "approve": true})),
        (agent(), json!({"type": "reject"})),
        (reviewer(), json!({"type": "mark_emergency", "reason": "片区停水", "kind": "utilities"})),
        (agent(), json!({"type": "tag", "tag": "hot_spot"})),
        (reviewer(), json!({"type": "find_force_majeure", "reason": "暴雪", "evidence": "气象预警"})),
        (reviewer(), json!({"type": "report_emergency", "to": "州政务服务管理局局长", "report": "已通知供水公司抢修"})),
        (reviewer(), json!({"type": "archive"})),
        (citizen(), json!({"type": "rate_call_service", "rating": "satisfied"})),
        (reviewer(), json!({"type": "erase_requester_data"})),
        (reviewer(), json!({"type": "correct_requester_data", "name": "张叁", "address": "解放路2号"})),
    ]
}

/// The palette holds every command, and each command's serde tag is its code.
#[test]
fn every_command_code_is_its_commands_tag() {
    let mut seen = std::collections::BTreeSet::new();
    for (_, json) in palette() {
        let command: Command = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(command.code(), json["type"].as_str().unwrap());
        seen.insert(command.code());
    }
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), CommandCode::ALL.iter().copied().collect::<std::collections::BTreeSet<_>>().into_iter().collect::<Vec<_>>());
}

fn actors() -> Vec<Actor> {
    vec![
        agent(),
        reviewer(),
        handler("yining-housing"),
        handler("yining-water"),
        handler("yining-property"),
        citizen(),
    ]
}

/// Mode 0: a palette command from a random actor; 1: a palette pair as is;
/// 2, 3: a palette pair the guard currently allows (steers deep into the lifecycle).
#[allow(clippy::too_many_arguments)]
fn choose(
    r: &Request,
    palette: &[(Actor, Value)],
    actors: &[Actor],
    pick: usize,
    actor_pick: usize,
    mode: u8,
    now: chrono::DateTime<chrono::Utc>,
    ctx: &super::super::Context,
) -> (Actor, Value) {
    let (actor, command) = &palette[pick % palette.len()];
    match mode {
        0 => (actors[actor_pick % actors.len()].clone(), command.clone()),
        1 => (actor.clone(), command.clone()),
        _ => {
            let offered: Vec<&(Actor, Value)> = palette
                .iter()
                .filter(|(a, c)| {
                    let code = c["type"].as_str().unwrap_or("");
                    r.allowed_commands(a, now, ctx).iter().any(|allowed| *allowed == code)
                })
                .collect();
            match offered.get(pick % offered.len().max(1)) {
                Some((a, c)) => (a.clone(), c.clone()),
                None => (actor.clone(), command.clone()),
            }
        }
    }
}

const STAFF_NAMES: [&str; 3] = ["王芳", "李娜", "张经办"];

fn start(kind: usize, emergency: bool) -> (World, Request) {
    let w = World::new();
    let mut new = new_request(
        ["complaint", "help", "consultation", "suggestion"][kind % 4],
        "2024-09-23",
    );
    new.draft.emergency = emergency;
    new.draft.emergency_kind = emergency.then_some(crate::domain::types::EmergencyKind::Utilities);
    let (r, _) = Request::register(new, &agent(), at("2024-09-23T09:00:00+08:00"), &w.ctx()).unwrap();
    (w, r)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_keep_the_request_consistent(
        kind in 0usize..4,
        emergency in any::<bool>(),
        steps in prop::collection::vec((0usize..64, 0usize..6, 0u8..4, 0i64..2400), 1..70),
    ) {
        let (w, mut r) = start(kind, emergency);
        let ctx = w.ctx();
        let palette = palette();
        let actors = actors();
        let mut now = at("2024-09-23T09:00:00+08:00");
        for (pick, actor_pick, mode, minutes) in steps {
            now += chrono::Duration::minutes(minutes);
            let (actor, command) = choose(&r, &palette, &actors, pick, actor_pick, mode, now, &ctx);
            let command: Command = serde_json::from_value(command).unwrap();
            let allowed = r.allowed_commands(&actor, now, &ctx);
            let before = r.clone();
            match r.apply(command.clone(), &actor, now, &ctx) {
                Err(_) => prop_assert_eq!(&r, &before),
                Ok(events) => {
                    prop_assert!(!events.is_empty());
                    // A correction is offered from its register, never on the request.
                    let offered = allowed.contains(&command.code()) || command.code() == CommandCode::CorrectRequesterData;
                    prop_assert!(offered, "{} accepted but not offered", command.code());
                    for e in &events {
                        let public = e.public_text.clone().unwrap_or_default();
                        prop_assert!(STAFF_NAMES.iter().all(|n| !public.contains(n)), "{}", public);
                        prop_assert!(!public.contains("13812345678"));
                    }
                }
            }
            if let Err(e) = r.check_invariants() {
                prop_assert!(false, "invariant broken: {} after {:?}", e, command);
            }
            prop_assert!(r.extensions().len() <= 2);
            let _ = r.clocks(now, &ctx);
            prop_assert_eq!(crate::domain::request::is_open_state(r.state_code()), r.is_open(), "state {}", r.state_code());
        }
        let back: Request = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        prop_assert_eq!(back, r);
    }

    #[test]
    fn extensions_never_exceed_two_and_only_move_forward(
        kind in 0usize..4,
        gaps in prop::collection::vec(0i64..600, 1..12),
    ) {
        let (w, mut r) = start(kind, false);
        let ctx = w.ctx();
        let h = handler("yining-housing");
        r.apply(cmd(dispatch_to("yining-housing")), &agent(), at("2024-09-23T09:10:00+08:00"), &ctx).unwrap();
        r.apply(cmd(json!({"type": "acknowledge"})), &h, at("2024-09-23T09:20:00+08:00"), &ctx).unwrap();
        let mut now = at("2024-09-23T09:20:00+08:00");
        let mut last_due = r.due().unwrap().last_day;
        for gap in gaps {
            now += chrono::Duration::minutes(gap);
            let _ = r.apply(cmd(json!({"type": "request_extension", "reason": "需协调"})), &h, now, &ctx);
            let _ = r.apply(cmd(json!({"type": "decide_extension", "approve": true})), &reviewer(), now, &ctx);
            let due = r.due().unwrap().last_day;
            prop_assert!(due >= last_due);
            last_due = due;
            prop_assert!(r.extensions().len() <= 2);
        }
    }
}

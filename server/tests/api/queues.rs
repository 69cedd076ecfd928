//! The center's review queues and a unit's supervision list hold exactly
//! what waits: an extension request until it is decided, a return request,
//! a supervision until the center accepts the unit's answer; on both backends.

use crate::support;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::http::{call, command, form_call, register_call, staff, start};
use support::TestDb;

async fn listed(c: &Client, base: &str, filter: &str) -> Vec<String> {
    let (status, v) = form_call(c, base, "inbox", &[("filter", filter)]).await;
    assert_eq!(status, StatusCode::OK, "{filter}: {v}");
    v["items"].as_array().unwrap().iter().map(|i| i["number"].as_str().unwrap().to_string()).collect()
}

async fn queues_hold_what_waits(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let agent = staff(base, "agent").await;
    let reviewer = staff(base, "reviewer").await;
    let yining = staff(base, "yining-handler").await;
    let huocheng = staff(base, "huocheng-handler").await;
    let new = json!({"new": {
        "channel": "phone", "type": "help", "title": "下水道堵塞",
        "content": "小区下水道堵塞三天，污水外溢。",
        "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
    }});
    let mut numbers: Vec<String> = Vec::new();
    for _ in 0..2 {
        let (status, v) = call(&agent, base, "register_request", new.clone()).await;
        assert_eq!(status, StatusCode::OK, "{name}: {v}");
        let number = v["number"].as_str().unwrap().to_string();
        command(&agent, base, &number, json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]})).await;
        command(&yining, base, &number, json!({"type": "acknowledge"})).await;
        numbers.push(number);
    }
    let (a, b) = (&numbers[0], &numbers[1]);
    assert!(listed(&reviewer, base, "extensions").await.is_empty(), "{name}");

    command(&yining, base, a, json!({"type": "request_extension", "reason": "需现场开挖检修"})).await;
    command(&yining, base, b, json!({"type": "request_return", "reason": "属供排水公司职责", "basis": "特许经营协议"})).await;
    assert_eq!(listed(&reviewer, base, "extensions").await, [a.clone()], "{name}");
    assert_eq!(listed(&reviewer, base, "returns").await, [b.clone()], "{name}");
    // Whoever decides sees what they decide: the unit's reason, beside the form (issue 14 §1.1).
    let (_, view) = call(&reviewer, base, "request_view", json!({"number": a})).await;
    let matter = &view["pending"][0];
    assert_eq!(matter["decided_by"], "decide_extension", "{name}: {view}");
    assert!(matter["heading"].as_str().unwrap().starts_with("伊宁市人民政府申请延期"), "{name}: {matter}");
    assert_eq!(matter["facts"][0], json!(["延期理由", "需现场开挖检修"]), "{name}");
    let (_, view) = call(&reviewer, base, "request_view", json!({"number": b})).await;
    assert_eq!(view["pending"][0]["decided_by"], "decide_return", "{name}: {view}");
    assert_eq!(view["pending"][0]["facts"][1], json!(["依据", "特许经营协议"]), "{name}");
    // The unit does not decide its own requests: nothing is pending for it.
    let (_, view) = call(&yining, base, "request_view", json!({"number": a})).await;
    assert_eq!(view["pending"], json!([]), "{name}");
    // The timeline says it in words, reason and unit name included.
    let summaries: Vec<&str> = view["events"].as_array().unwrap().iter().map(|e| e["summary"].as_str().unwrap()).collect();
    assert!(
        summaries.iter().any(|s| s.starts_with("伊宁市人民政府申请延期") && s.ends_with("个工作日（第二十一条）。理由：需现场开挖检修。")),
        "{name}: {summaries:?}"
    );
    command(&reviewer, base, a, json!({"type": "decide_extension", "approve": true})).await;
    assert!(listed(&reviewer, base, "extensions").await.is_empty(), "{name}: decided, so gone");

    // A supervision shows for the center and the supervised unit, not for another county.
    command(&reviewer, base, a, json!({"type": "supervise", "source": "other", "unit": "yining", "days": 3, "instruction": "请加快办理"})).await;
    assert_eq!(listed(&reviewer, base, "supervised").await, [a.clone()], "{name}");
    assert_eq!(listed(&yining, base, "supervised").await, [a.clone()], "{name}");
    assert!(listed(&huocheng, base, "supervised").await.is_empty(), "{name}");
    let (status, _) = form_call(&yining, base, "inbox", &[("filter", "returns")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}: the center's queues are the center's");

    // The supervision list: one line per supervision, in scope only.
    let supervisions = |c: &Client, filter: &'static str| {
        let c = c.clone();
        async move {
            let (status, v) = call(&c, base, "supervisions", json!({"filter": filter})).await;
            assert_eq!(status, StatusCode::OK, "{v}");
            v
        }
    };
    let l = supervisions(&reviewer, "").await;
    assert_eq!(l["lines"].as_array().unwrap().len(), 1, "{name}: {l}");
    assert_eq!(l["lines"][0]["number"], a.as_str(), "{name}");
    assert_eq!(l["lines"][0]["stage"], "awaiting_response", "{name}");
    assert_eq!(l["lines"][0]["unit"], "伊宁市人民政府", "{name}");
    assert!(l["lines"][0]["left"].as_str().unwrap().contains("工作日") || l["lines"][0]["left"] == "今天是最后一天", "{name}: {l}");
    assert_eq!(l["judges"], true, "{name}");
    assert_eq!(supervisions(&yining, "running").await["lines"][0]["number"], a.as_str(), "{name}");
    assert_eq!(supervisions(&yining, "").await["judges"], false, "{name}");
    assert!(supervisions(&huocheng, "").await["lines"].as_array().unwrap().is_empty(), "{name}: another county sees none");
    let (status, _) = call(&reviewer, base, "supervisions", json!({"filter": "everything"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}");

    // The unit answers: the supervision waits for the center's verdict, the response shown beside it.
    let v: Value = command(&yining, base, a, json!({"type": "respond_supervision", "id": 1, "response": "已安排抢修队今日开挖"})).await;
    assert_eq!(v["open_supervisions"][0]["answered"], true, "{name}: {v}");
    assert_eq!(listed(&reviewer, base, "supervised").await, [a.clone()], "{name}: the verdict is still to give");
    let l = supervisions(&reviewer, "awaiting_verdict").await;
    assert_eq!(l["lines"][0]["stage"], "awaiting_verdict", "{name}: {l}");
    let (_, view) = call(&reviewer, base, "request_view", json!({"number": a})).await;
    let matter = view["pending"].as_array().unwrap().iter().find(|m| m["decided_by"] == "conclude_supervision").cloned();
    let matter = matter.unwrap_or_else(|| panic!("{name}: {view}"));
    assert!(matter["facts"].as_array().unwrap().contains(&json!(["单位反馈", "已安排抢修队今日开挖"])), "{name}: {matter}");

    // Not enough: continued with a reason and a new deadline; the unit sees why and answers again.
    let (status, v) = call(&reviewer, base, "apply_command", json!({"number": a, "command": {"type": "conclude_supervision", "id": 1, "verdict": "continued"}})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: {v}");
    assert!(v.to_string().contains("第三十一条"), "{name}: {v}");
    command(&reviewer, base, a, json!({"type": "conclude_supervision", "id": 1, "verdict": "continued", "days": 2, "reason": "未说明何时恢复通水"})).await;
    let (_, view) = call(&yining, base, "request_view", json!({"number": a})).await;
    let matter = view["pending"].as_array().unwrap().iter().find(|m| m["decided_by"] == "respond_supervision").cloned();
    let matter = matter.unwrap_or_else(|| panic!("{name}: {view}"));
    assert!(matter["facts"].to_string().contains("未说明何时恢复通水"), "{name}: {matter}");
    let l = supervisions(&reviewer, "").await;
    assert_eq!((l["lines"][0]["stage"].as_str(), l["lines"][0]["found_wanting"].as_u64()), (Some("awaiting_response"), Some(1)), "{name}: {l}");
    command(&yining, base, a, json!({"type": "respond_supervision", "id": 1, "response": "今晚8时前恢复通水"})).await;
    // Enough: the supervision ends and leaves every list.
    command(&reviewer, base, a, json!({"type": "conclude_supervision", "id": 1, "verdict": "concluded"})).await;
    assert!(listed(&reviewer, base, "supervised").await.is_empty(), "{name}");
    assert!(listed(&yining, base, "supervised").await.is_empty(), "{name}");
    assert!(supervisions(&reviewer, "").await["lines"].as_array().unwrap().is_empty(), "{name}");
    let (_, view) = call(&yining, base, "request_view", json!({"number": a})).await;
    let summaries: Vec<&str> = view["events"].as_array().unwrap().iter().map(|e| e["summary"].as_str().unwrap()).collect();
    assert!(summaries.iter().any(|s| s.starts_with("热线管理中心认可伊宁市人民政府的督办反馈")), "{name}: {summaries:?}");

    // Search: in scope only; by phone audited.
    let search = |c: &Client, q: Value| {
        let c = c.clone();
        async move {
            let (status, v) = call(&c, base, "search", json!({"query": q})).await;
            assert_eq!(status, StatusCode::OK, "{v}");
            v["items"].as_array().unwrap().iter().map(|i| i["number"].as_str().unwrap().to_string()).collect::<Vec<_>>()
        }
    };
    run.service.sync_index().await.unwrap();
    let mut both = numbers.clone();
    both.sort();
    let mut found = search(&yining, json!({"text": "下水道"})).await;
    found.sort(); // by relevance; both say 下水道 alike
    assert_eq!(found, both, "{name}");
    assert!(search(&huocheng, json!({"text": "下水道"})).await.is_empty(), "{name}: another county sees none");
    assert_eq!(search(&reviewer, json!({"phone": "13812345678", "state": "handling"})).await, [a.clone()], "{name}");
    assert_eq!(search(&reviewer, json!({"number": a})).await, [a.clone()], "{name}");
    assert!(search(&reviewer, json!({"text": "下水道", "from": "2000-01-01", "until": "2000-12-31"})).await.is_empty(), "{name}");
    let audit = run
        .db
        .store
        .audit_entries(&server::store::AuditFilter { action: Some(app::domain::types::AuditAction::SearchPhone), ..Default::default() }, 10, 0)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1, "{name}: the phone search is audited");
    assert_eq!((audit[0].username.as_str(), audit[0].detail.as_deref()), ("reviewer", Some("138****5678")));
    let (status, _) = call(&reviewer, base, "search", json!({"query": {"from": "27/11/2026"}})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: a bad date is a clear error");

    // The open-work counts (issue 16 §2) agree with the assignments once
    // their deadlines have passed and been folded together (as 60 days on),
    // and after a folded assignment closes.
    let store = &run.db.store;
    let later = chrono::Utc::now() + chrono::Duration::days(60);
    let home = |c: &Client| {
        let c = c.clone();
        async move { call(&c, base, "staff_home", json!({})).await.1 }
    };
    let before = home(&yining).await;
    assert!(before["counts"].is_object(), "{name}: {before}");
    store.fold_open_work(chrono::Utc::now()).await.unwrap();
    assert_eq!(home(&yining).await, before, "{name}: folding changes no count");
    assert!(store.fold_open_work(later).await.unwrap() > 0, "{name}: the passed deadlines are folded");
    assert_eq!(store.open_work_differences(later).await.unwrap(), vec![], "{name}");
    command(&reviewer, base, b, json!({"type": "decide_return", "unit": "yining", "approve": true})).await;
    assert_eq!(store.open_work_differences(later).await.unwrap(), vec![], "{name}: after a folded assignment closed");
    run.db.drop_db().await;
}

on_both_backends!(queues_hold_what_waits);

/// Art. 14(1), 25: an instant answer rated dissatisfied waits in the
/// center's queue with a notice, until the center dispatches it as the redo
/// round or calls back.
async fn a_dissatisfied_instant_answer_waits_for_the_center(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let agent = staff(base, "agent").await;
    let reviewer = staff(base, "reviewer").await;
    let mut numbers = Vec::new();
    for _ in 0..2 {
        let (status, v) = call(&agent, base, "register_request", json!({"new": {
            "channel": "phone", "type": "consultation", "title": "社保卡补办", "content": "社保卡丢了怎么补办？",
            "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
        }})).await;
        assert_eq!(status, StatusCode::OK, "{name}: {v}");
        let number = v["number"].as_str().unwrap().to_string();
        command(&agent, base, &number, json!({"type": "answer", "entry": "KB-0001", "answer": "请携带身份证到社保服务网点补办。"})).await;
        command(&agent, base, &number, json!({"type": "rate", "rating": "dissatisfied"})).await;
        numbers.push(number);
    }
    let (a, b) = (&numbers[0], &numbers[1]);
    let mut waiting = listed(&reviewer, base, "answer_reviews").await;
    waiting.sort();
    let mut want = numbers.clone();
    want.sort();
    assert_eq!(waiting, want, "{name}");
    let notices = run.db.store.staff_notices("center", 20).await.unwrap();
    assert!(
        notices.iter().any(|n| &n.notice.request_number == a && n.notice.body.starts_with("知识库答复不满意")),
        "{name}: {notices:?}"
    );
    let v = command(&reviewer, base, a, json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]})).await;
    assert_eq!(v["state"], "redo", "{name}: {v}");
    // The redo round's deadline is the one in force: on the page and in the unit's work list (Art. 25).
    let redo_clock = v["clocks"].as_array().unwrap().iter().find(|c| c["key"] == "redo").expect("a redo clock").clone();
    let last_day = redo_clock["last_day"].as_str().unwrap().to_string();
    assert_eq!(v["due"], last_day.as_str(), "{name}: {v}");
    let handler = staff(base, "yining-handler").await;
    let (_, list) = form_call(&handler, base, "inbox", &[("filter", "open")]).await;
    let item = list["items"].as_array().unwrap().iter().find(|i| i["number"] == a.as_str()).expect("in the unit's list").clone();
    let (month, day): (u32, u32) = (last_day[5..7].parse().unwrap(), last_day[8..10].parse().unwrap());
    assert!(item["due"].as_str().unwrap().starts_with(&format!("截止{month}月{day}日")), "{name}: {item} against {last_day}");
    command(&reviewer, base, b, json!({"type": "callback", "method": "phone", "reason": "已电话说明补办流程", "disposition": "explain"})).await;
    assert!(listed(&reviewer, base, "answer_reviews").await.is_empty(), "{name}: both settled");
    run.db.drop_db().await;
}

on_both_backends!(a_dissatisfied_instant_answer_waits_for_the_center);

/// Art. 32: an assignment not acknowledged by the end of its receipt day
/// warns its unit by a notice, once however often the job looks; another
/// unit hears nothing.
async fn an_unacknowledged_assignment_warns_its_unit_once(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let agent = staff(base, "agent").await;
    let yining = staff(base, "yining-handler").await;
    let huocheng = staff(base, "huocheng-handler").await;
    let number = register_call(&agent, base, json!({
        "channel": "phone", "type": "help", "title": "楼道灯坏了", "content": "楼道灯坏了一周。",
        "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
    })).await;
    command(&agent, base, &number, json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]})).await;

    let now = chrono::Utc::now();
    assert_eq!(run.service.send_warnings(now).await.unwrap(), 0, "{name}: the receipt day is not over");
    let next_day = now + chrono::Duration::days(1) + chrono::Duration::minutes(1);
    assert_eq!(run.service.send_warnings(next_day).await.unwrap(), 1, "{name}");
    assert_eq!(run.service.send_warnings(next_day + chrono::Duration::hours(1)).await.unwrap(), 0, "{name}: once");
    let (_, notices) = form_call(&yining, base, "notices", &[]).await;
    let warning = notices.as_array().unwrap().iter().find(|n| n["kind"] == "warning").unwrap_or_else(|| panic!("{name}: {notices}"));
    assert!(warning["text"].as_str().unwrap().contains("当日未签收"), "{name}: {warning}");
    assert_eq!(warning["number"], number.as_str(), "{name}");
    let (_, others) = form_call(&huocheng, base, "notices", &[]).await;
    assert!(others.as_array().unwrap().iter().all(|n| n["kind"] != "warning"), "{name}: {others}");
    run.db.drop_db().await;
}

on_both_backends!(an_unacknowledged_assignment_warns_its_unit_once);

/// The center's bulk actions (issue 14 §2): several registrations dispatched
/// to one unit at once, each changed as if alone; a refused one is named and
/// leaves the others done; a unit may not use it for the center's commands.
async fn bulk_commands_change_each_request_as_if_alone(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let agent = staff(base, "agent").await;
    let yining = staff(base, "yining-handler").await;
    let mut numbers = Vec::new();
    for i in 0..3 {
        let (status, v) = call(&agent, base, "register_request", json!({"new": {
            "channel": "phone", "type": "help", "title": format!("井盖缺失{i}"), "content": "人行道井盖缺失，夜间很危险。",
            "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": format!("1381234560{i}")}
        }}))
        .await;
        assert_eq!(status, StatusCode::OK, "{name}: {v}");
        numbers.push(v["number"].as_str().unwrap().to_string());
    }
    // The third was rejected meanwhile: the bulk dispatch refuses it alone.
    command(&agent, base, &numbers[2], json!({"type": "reject", "reason": "out_of_scope", "basis": "不属于热线受理范围"})).await;
    let dispatch = json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]});
    let items: Vec<Value> = numbers.iter().map(|n| json!([n, dispatch])).collect();
    let (status, outcomes) = call(&agent, base, "apply_commands", json!({"items": items})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {outcomes}");
    let errors: Vec<&Value> = outcomes.as_array().unwrap().iter().map(|o| &o["error"]).collect();
    assert!(errors[0].is_null() && errors[1].is_null(), "{name}: {outcomes}");
    assert!(errors[2].as_str().unwrap().contains("不允许"), "{name}: {outcomes}");
    assert_eq!(listed(&yining, base, "to_acknowledge").await.len(), 2, "{name}: both dispatched");
    // A unit's handler may not dispatch, in bulk or not.
    let (_, outcomes) = call(&yining, base, "apply_commands", json!({"items": [[numbers[0], dispatch]]})).await;
    assert!(outcomes[0]["error"].is_string(), "{name}: {outcomes}");
    // At most 50 at once.
    let many: Vec<Value> = (0..51).map(|_| json!([numbers[0], dispatch])).collect();
    let (status, _) = call(&agent, base, "apply_commands", json!({"items": many})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}");
    run.db.drop_db().await;
}

on_both_backends!(bulk_commands_change_each_request_as_if_alone);

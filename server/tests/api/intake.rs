//! The intake desk through the real server: the caller's earlier requests by
//! phone (audited, the center's only), the knowledge-base look-up, and a
//! consultation answered from an entry that must exist (Art. 14(1)).

use crate::support;

use reqwest::StatusCode;
use serde_json::json;
use support::http::{call, command, form_call, register_call, staff, start};
use support::TestDb;

async fn the_intake_desk_looks_up_and_answers(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let agent = staff(base, "agent").await;
    let (_, history) = form_call(&agent, base, "caller_history", &[("phone", "13812345678")]).await;
    assert_eq!(history, json!([]), "{name}: a first call has no history");
    let number = register_call(&agent, base, json!({
        "channel": "phone", "type": "consultation", "title": "社保卡补办", "content": "社保卡丢了怎么补办？",
        "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
    })).await;
    let (status, history) = form_call(&agent, base, "caller_history", &[("phone", "138 1234 5678")]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {history}");
    assert_eq!(history[0]["number"], number.as_str(), "{name}: the repeat shows");
    assert_eq!(history[0]["state"], "待受理", "{name}");
    let (status, _) = form_call(&agent, base, "caller_history", &[("phone", "12345")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}");
    let audit = run
        .db
        .store
        .audit_entries(&server::store::AuditFilter { action: Some(app::domain::types::AuditAction::CallerHistory), ..Default::default() }, 10, 0)
        .await
        .unwrap();
    assert_eq!(audit.len(), 2, "{name}: both look-ups are audited");
    assert_eq!(audit[0].detail.as_deref(), Some("138****5678"), "{name}: the log keeps the number masked");

    let (status, hits) = form_call(&agent, base, "knowledge", &[("words", "社保卡 补办")]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {hits}");
    assert_eq!(hits[0]["code"], "KB-0001", "{name}: {hits}");
    let (_, none) = form_call(&agent, base, "knowledge", &[("words", "火星移民")]).await;
    assert_eq!(none, json!([]), "{name}");

    let (status, _) = call(&agent, base, "apply_command", json!({"number": number,
        "command": {"type": "answer", "entry": "KB-9999", "answer": "请到服务网点补办。"}})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: no such entry");
    let (status, v) = call(&agent, base, "apply_command", json!({"number": number,
        "command": {"type": "answer", "entry": "KB-0001", "answer": hits[0]["answer"]}})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    assert_eq!(v["state"], "answered", "{name}");
    run.db.drop_db().await;
}

on_both_backends!(the_intake_desk_looks_up_and_answers);

/// Art. 11, 43(1): a landline caller with an extension who gives no name is
/// registered, found again by the number however it is typed, and — having
/// no mobile — hears the news by phone: a line on the office's callback
/// list, no text message.
async fn a_landline_caller_without_a_name(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let agent = staff(base, "agent").await;
    let (status, v) = call(&agent, base, "register_request", json!({"new": {
        "channel": "phone", "type": "complaint", "title": "楼道堆放杂物", "content": "单元楼道长期堆放杂物，存在消防隐患。",
        "location": {"county": "伊宁市"}, "requester": {"phone": "0999-8021234-8001"}
    }})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    let number = v["number"].as_str().unwrap().to_string();
    assert_eq!(v["requester_name"], "匿名来电", "{name}: {v}");
    assert_eq!(v["requester_phone"], "0999-***1234转****", "{name}: {v}");
    let (status, history) = form_call(&agent, base, "caller_history", &[("phone", "(0999) 802 1234 转 8001")]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {history}");
    assert_eq!(history[0]["number"], number.as_str(), "{name}");
    let (status, v) = call(&agent, base, "apply_command", json!({"number": number,
        "command": {"type": "reject", "reason": "out_of_scope", "basis": "《管理办法》第十二条第（一）项"}})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    let texts = run.db.store.recent_messages(50).await.unwrap();
    assert!(
        texts.iter().all(|e| e.message.request_number.as_deref() != Some(number.as_str())),
        "{name}: no text message to a landline"
    );
    let notices = run.db.store.staff_notices("center", 20).await.unwrap();
    let call_back: Vec<_> = notices.iter().filter(|n| n.notice.request_number == number && n.notice.kind == "callback").collect();
    assert_eq!(call_back.len(), 1, "{name}: {notices:?}");
    assert!(call_back[0].notice.body.starts_with("请电话告知诉求人"), "{name}: {}", call_back[0].notice.body);
    assert!(call_back[0].notice.body.contains("不予受理"), "{name}: {}", call_back[0].notice.body);
    run.db.drop_db().await;
}

on_both_backends!(a_landline_caller_without_a_name);

/// Art. 14(5): a repeat goes out "for explanation" only when its original
/// ended with a duty statement (Art. 26(3)); the service reads the original.
async fn a_repeat_is_explained_only_after_a_duty_statement(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let agent = staff(base, "agent").await;
    let reviewer = staff(base, "reviewer").await;
    let handler = staff(base, "yining-handler").await;
    let register = || {
        let agent = agent.clone();
        async move {
            let (status, v) = call(&agent, base, "register_request", json!({"new": {
                "channel": "phone", "type": "help", "title": "小区供暖不热", "content": "小区暖气温度一直不达标。",
                "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
            }})).await;
            assert_eq!(status, StatusCode::OK, "{v}");
            v["number"].as_str().unwrap().to_string()
        }
    };
    let original = register().await;
    let repeat = register().await;
    command(&agent, base, &repeat, json!({"type": "link_related", "relation": {"kind": "repeat_of", "original": original}})).await;
    let explain = json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}], "for_explanation": true});
    let (status, v) = call(&agent, base, "apply_command", json!({"number": repeat, "command": explain})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: refused, the original is still open: {v}");
    assert!(v.to_string().contains("第十四条第（五）项"), "{name}: {v}");

    // The original runs to its end with a duty statement in the redo round.
    let now = || chrono::Utc::now().to_rfc3339();
    let result = |redo: Option<serde_json::Value>| {
        let mut c = json!({"type": "submit_result", "result": {"handled_at": now(), "unit": "yining", "handler": "阿依古丽",
            "result": "已协调供热公司调整管网压力。", "basis": "《城市供热管理办法》", "reply": {"method": "phone", "at": now()}}});
        if let Some(r) = redo {
            c["redo"] = r;
        }
        c
    };
    command(&agent, base, &original, json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]})).await;
    command(&handler, base, &original, json!({"type": "acknowledge"})).await;
    command(&handler, base, &original, result(None)).await;
    command(&reviewer, base, &original, json!({"type": "review_completion", "approve": true})).await;
    command(&agent, base, &original, json!({"type": "rate", "rating": "dissatisfied"})).await;
    let duty = json!({"option": "duty_statement", "attachment": "att-duty-1", "signer": "马军", "signer_post": "deputy"});
    command(&handler, base, &original, result(Some(duty))).await;
    command(&reviewer, base, &original, json!({"type": "review_completion", "approve": true})).await;
    // A rating taken on the phone carries the caller's answer to 问题是否解决 when given.
    let v = command(&agent, base, &original, json!({"type": "rate", "rating": "satisfied", "resolution": "partly"})).await;
    assert_eq!(v["state"], "finished", "{name}: {v}");
    assert!(v.to_string().contains("满意，问题部分解决"), "{name}: the timeline says both answers: {v}");

    let v = command(&agent, base, &repeat, explain).await;
    assert_eq!(v["state"], "dispatched", "{name}: {v}");
    run.db.drop_db().await;
}

on_both_backends!(a_repeat_is_explained_only_after_a_duty_statement);

on_both_backends!(a_registration_retried_with_its_key_is_the_same_request);

/// Issue 19 §1.9: a registration retried with its idempotency key — after a
/// lost answer, or eight times at once — is one request; the same key from
/// another agent is their own; the intake desk's no-script form carries it
/// too; a key that is no key is told.
async fn a_registration_retried_with_its_key_is_the_same_request(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let agent = staff(base, "agent").await;
    let (status, key) = call(&agent, base, "registration_key", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {key}");
    let key = key.as_str().unwrap().to_string();
    let (_, other_key) = call(&agent, base, "registration_key", json!({})).await;
    assert_ne!(other_key, key.as_str(), "{name}: a key per call");
    let new = json!({
        "channel": "phone", "type": "help", "title": "楼道灯坏了", "content": "楼道灯坏了一周。",
        "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345679"}
    });
    let count = || async { run.db.store.count_requests_in_states(app::domain::state_code::StateCode::ALL).await.unwrap() };
    let before = count().await;
    let register = || call(&agent, base, "register_request", json!({"new": new, "key": key}));
    let first = register().await;
    let again = register().await;
    assert_eq!((first.0, again.0), (StatusCode::OK, StatusCode::OK), "{name}: {first:?} {again:?}");
    assert_eq!(first.1["number"], again.1["number"], "{name}: the retry is the first request");
    // Eight at once with a new key: one request.
    let (_, racing) = call(&agent, base, "registration_key", json!({})).await;
    let race = || call(&agent, base, "register_request", json!({"new": new, "key": racing}));
    let answers = futures::future::join_all((0..8).map(|_| race())).await;
    let numbers: std::collections::BTreeSet<String> = answers.iter().map(|(s, v)| {
        assert_eq!(*s, StatusCode::OK, "{name}: {v}");
        v["number"].as_str().unwrap().to_string()
    }).collect();
    assert_eq!(numbers.len(), 1, "{name}: {numbers:?}");
    assert_eq!(count().await, before + 2, "{name}: two calls, two requests");
    // Another agent's same key is theirs.
    let colleague = staff(base, "huocheng-agent").await;
    let (status, theirs) = call(&colleague, base, "register_request", json!({"new": new, "key": key})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {theirs}");
    assert_ne!(theirs["number"], first.1["number"], "{name}");
    // The no-script intake form sends its key: posted twice, one request.
    let fields = [("phone", "13812345670"), ("request_type", "help"), ("title", "路灯不亮"), ("content", "小区路灯坏了。"), ("county", "伊宁市"), ("key", other_key.as_str().unwrap())];
    let posted = || async {
        agent.post(format!("{base}/api/register_call")).header("accept", "text/html").header("referer", format!("{base}/staff/intake")).form(&fields).send().await.unwrap()
    };
    let (a, b) = (posted().await, posted().await);
    let location = |r: &reqwest::Response| r.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert!(location(&a).starts_with("/staff/requests/YL"), "{name}: {} {:?}", a.status(), location(&a));
    assert_eq!(location(&a), location(&b), "{name}");
    assert_eq!(count().await, before + 4, "{name}");
    // Not a key: told, nothing stored.
    let (status, body) = call(&agent, base, "register_request", json!({"new": new, "key": "x"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {body}");
    assert!(body.to_string().contains("登记标识无效"), "{name}: {body}");
    assert_eq!(count().await, before + 4, "{name}");
    run.db.drop_db().await;
}

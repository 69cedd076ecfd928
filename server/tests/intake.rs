//! The intake desk through the real server: the caller's earlier requests by
//! phone (audited, the center's only), the knowledge-base look-up, and a
//! consultation answered from an entry that must exist (Art. 14(1)).

mod support;

use reqwest::StatusCode;
use serde_json::json;
use support::http::{call, form_call, login, start};
use support::TestDb;

async fn the_intake_desk_looks_up_and_answers(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let (agent, _) = login(base, "agent", server::seed::DEMO_PASSWORD).await;
    let (_, history) = form_call(&agent, base, "caller_history", &[("phone", "13812345678")]).await;
    assert_eq!(history, json!([]), "{name}: a first call has no history");
    let (_, v) = call(&agent, base, "register_request", json!({"new": {
        "channel": "phone", "type": "consultation", "title": "社保卡补办", "content": "社保卡丢了怎么补办？",
        "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
    }})).await;
    let number = v["number"].as_str().unwrap().to_string();
    let (status, history) = form_call(&agent, base, "caller_history", &[("phone", "138 1234 5678")]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {history}");
    assert_eq!(history[0]["number"], number.as_str(), "{name}: the repeat shows");
    assert_eq!(history[0]["state"], "待受理", "{name}");
    let (status, _) = form_call(&agent, base, "caller_history", &[("phone", "12345")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}");
    let audit = run
        .db
        .store
        .audit_entries(&server::store::AuditFilter { action: Some("caller_history".into()), ..Default::default() }, 10, 0)
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

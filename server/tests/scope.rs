//! A user of one county can neither read, list, search nor act on another
//! county's request — through any server function or page address — while
//! the county it belongs to can; on both backends.

mod support;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::http::{call, command, form_call, login, start};
use support::TestDb;

const TITLE: &str = "伊宁市独有的路灯问题";

fn numbers_in(v: &Value) -> Vec<String> {
    v["items"].as_array().map(|a| a.iter().map(|i| i["number"].as_str().unwrap_or("").to_string()).collect()).unwrap_or_default()
}

async fn sees(c: &Client, base: &str, number: &str) -> Vec<&'static str> {
    let mut seen = Vec::new();
    let (status, _) = call(c, base, "request_view", json!({"number": number})).await;
    if status == StatusCode::OK {
        seen.push("request_view");
    }
    let (status, _) = call(c, base, "reveal_requester", json!({"number": number, "reason": "核实"})).await;
    if status == StatusCode::OK {
        seen.push("reveal_requester");
    }
    let (_, v) = form_call(c, base, "inbox", &[("filter", "open")]).await;
    if numbers_in(&v).contains(&number.to_string()) {
        seen.push("inbox");
    }
    let (_, v) = call(c, base, "search", json!({"query": {"number": number}})).await;
    if numbers_in(&v).contains(&number.to_string()) {
        seen.push("search");
    }
    let (_, v) = form_call(c, base, "notices", &[]).await;
    if v.to_string().contains(number) {
        seen.push("notices");
    }
    let page = c.get(format!("{base}/staff/requests/{number}")).send().await.unwrap().text().await.unwrap();
    if page.contains(TITLE) {
        seen.push("page");
    }
    seen
}

async fn another_county_sees_nothing(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let password = server::seed::DEMO_PASSWORD;
    let (agent, _) = login(base, "agent", password).await;
    let (_, v) = call(&agent, base, "register_request", json!({"new": {
        "channel": "phone", "type": "help", "title": TITLE, "content": "解放路路灯已坏一周。",
        "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
    }})).await;
    let number = v["number"].as_str().unwrap().to_string();
    command(&agent, base, &number, json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]})).await;

    let (yining, _) = login(base, "yining-handler", password).await;
    let (huocheng, _) = login(base, "huocheng-handler", password).await;
    assert_eq!(
        sees(&yining, base, &number).await,
        ["request_view", "reveal_requester", "inbox", "search", "notices", "page"],
        "{name}: the county it was dispatched to sees it everywhere"
    );
    assert!(sees(&huocheng, base, &number).await.is_empty(), "{name}: another county sees it nowhere");

    // Nor may it act on it: every command is "not found", never "refused" (no existence leak).
    for cmd in [
        json!({"type": "acknowledge"}),
        json!({"type": "request_return", "reason": "a", "basis": "b"}),
        json!({"type": "give_opinion", "opinion": "x"}),
        json!({"type": "dispatch", "targets": [{"unit": "huocheng", "role": "lead"}]}),
    ] {
        let (status, body) = call(&huocheng, base, "apply_command", json!({"number": number, "command": cmd})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{name}: {cmd} → {body}");
    }
    // The caller's history is the center's alone.
    let (status, _) = form_call(&huocheng, base, "caller_history", &[("phone", "13812345678")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}");
    run.db.drop_db().await;
}

on_both_backends!(another_county_sees_nothing);

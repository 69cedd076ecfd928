//! A user of one county can neither read, list, search nor act on another
//! county's request — through any server function or page address — while
//! the county it belongs to can; on both backends.

use crate::support;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::http::{call, command, form_call, register_call, staff, start};
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
    let agent = staff(base, "agent").await;
    let number = register_call(&agent, base, json!({
        "channel": "phone", "type": "help", "title": TITLE, "content": "解放路路灯已坏一周。",
        "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
    })).await;
    command(&agent, base, &number, json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]})).await;

    let yining = staff(base, "yining-handler").await;
    let huocheng = staff(base, "huocheng-handler").await;
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

/// Art. 4, last paragraph: Huocheng county's own hotline office takes a call
/// from registration to the requester's rating without the center — its
/// queues, its notices, its review — while another county sees none of it
/// and the center sees all of it.
async fn a_county_office_runs_a_request_alone(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let county_agent = staff(base, "huocheng-agent").await;
    let county_reviewer = staff(base, "huocheng-reviewer").await;
    let township = staff(base, "qingshuihe-handler").await;
    let center_reviewer = staff(base, "reviewer").await;
    let yining = staff(base, "yining-handler").await;
    let queue = |c: &Client, filter: &'static str| {
        let c = c.clone();
        async move {
            let (status, v) = form_call(&c, base, "inbox", &[("filter", filter)]).await;
            assert_eq!(status, StatusCode::OK, "{filter}: {v}");
            numbers_in(&v)
        }
    };

    let (status, v) = call(&county_agent, base, "register_request", json!({"new": {
        "channel": "phone", "type": "complaint", "title": "清水河镇农贸市场占道经营", "content": "农贸市场门口商贩占道经营，车辆无法通行。",
        "location": {"county": "霍城县", "township": "清水河镇"}, "requester": {"name": "努尔古丽", "phone": "13999001122"}
    }})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    let number = v["number"].as_str().unwrap().to_string();
    assert_eq!(queue(&county_agent, "registered").await, [number.clone()], "{name}: the county's own queue");
    assert!(queue(&center_reviewer, "registered").await.contains(&number), "{name}: the center sees every queue");
    // The caller's history at the county's desk shows what the county may see only.
    let (status, history) = form_call(&county_agent, base, "caller_history", &[("phone", "13999001122")]).await;
    assert_eq!((status, history[0]["number"].as_str()), (StatusCode::OK, Some(number.as_str())), "{name}: {history}");

    command(&county_agent, base, &number, json!({"type": "dispatch", "targets": [{"unit": "huocheng-qingshuihe", "role": "lead"}]})).await;
    command(&township, base, &number, json!({"type": "acknowledge"})).await;
    let now = chrono::Utc::now().to_rfc3339();
    command(&township, base, &number, json!({"type": "submit_result",
        "result": {"handled_at": now, "unit": "huocheng-qingshuihe", "handler": "马涛", "result": "已清理占道摊位并设置临时疏导点。",
                   "basis": "《城市市容和环境卫生管理条例》第十四条", "reply": {"method": "phone", "at": now}},
        "case_filing": {"status": "not_filed", "reasons": "经劝导已自行整改", "basis": "《行政处罚法》第三十三条"}})).await;
    assert_eq!(queue(&county_reviewer, "completions").await, [number.clone()], "{name}");
    assert!(queue(&center_reviewer, "completions").await.contains(&number), "{name}");
    let notices = run.db.store.staff_notices("huocheng", 20).await.unwrap();
    assert!(notices.iter().any(|n| n.notice.request_number == number && n.notice.kind == "review"), "{name}: {notices:?}");
    let center_notices = run.db.store.staff_notices("center", 50).await.unwrap();
    assert!(center_notices.iter().all(|n| n.notice.request_number != number), "{name}: the center is not bothered");
    let v = command(&county_reviewer, base, &number, json!({"type": "review_completion", "approve": true})).await;
    assert_eq!(v["state"], "closed", "{name}: {v}");
    let v = command(&county_agent, base, &number, json!({"type": "rate", "rating": "satisfied"})).await;
    assert_eq!(v["state"], "finished", "{name}: {v}");

    assert!(sees(&yining, base, &number).await.is_empty(), "{name}: another county sees it nowhere");
    let (status, history) = form_call(&county_agent, base, "caller_history", &[("phone", "13812345678")]).await;
    assert_eq!((status, history), (StatusCode::OK, json!([])), "{name}");
    let (status, _) = call(&center_reviewer, base, "request_view", json!({"number": number})).await;
    assert_eq!(status, StatusCode::OK, "{name}: the center sees it");
    // A county's office has no say over the center's own requests.
    let agent = staff(base, "agent").await;
    let center_owned = register_call(&agent, base, json!({
        "channel": "phone", "type": "help", "title": "霍城县自来水浑浊", "content": "霍城县城区自来水发黄浑浊。",
        "location": {"county": "霍城县"}, "requester": {"name": "张三", "phone": "13812345678"}
    })).await;
    assert!(!queue(&county_agent, "registered").await.contains(&center_owned), "{name}");
    let (status, _) = call(&county_agent, base, "apply_command", json!({"number": center_owned,
        "command": {"type": "dispatch", "targets": [{"unit": "huocheng", "role": "lead"}]}})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{name}: not its request");
    run.db.drop_db().await;
}

on_both_backends!(a_county_office_runs_a_request_alone);

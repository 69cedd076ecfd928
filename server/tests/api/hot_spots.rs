//! Hot spots (Art. 10, 31(3)) through the real server: ten outage calls
//! from one township within two hours become a hot spot announced to the
//! center; the center marks them all emergencies, dispatches the waiting
//! ones to one unit, supervises them all, and closes the spot; a new call
//! opens it again. Other places and other matters stay out.

use crate::support;

use chrono::Utc;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::http::{call, command, form_call, staff, start};
use support::TestDb;

const OUTAGE: [&str; 5] = [
    "幸福小区突然停水了，没有任何通知",
    "我们这里停水两个小时了，什么时候来水",
    "清水河镇停水，家里老人没法做饭",
    "小区停水了，物业说是管道爆裂",
    "停水一上午了，孩子放学回来没水用",
];

async fn register(agent: &Client, base: &str, text: &str, county: &str, township: &str) -> String {
    let (status, v) = call(agent, base, "register_request", json!({"new": {
        "channel": "phone", "type": "complaint", "title": text.chars().take(10).collect::<String>(), "content": text,
        "location": {"county": county, "township": township}, "requester": {"name": "王五", "phone": "13912345678"}
    }}))
    .await;
    assert!(status.is_success(), "{v}");
    v["number"].as_str().unwrap().to_string()
}

async fn order(c: &Client, base: &str, id: i64, order: Value) -> (StatusCode, Value) {
    call(c, base, "order_hot_spot", json!({"id": id, "order": order})).await
}

fn member<'a>(detail: &'a Value, number: &str) -> &'a Value {
    detail["members"].as_array().unwrap().iter().find(|m| m["number"] == number).unwrap_or_else(|| panic!("{number} in {detail}"))
}

fn outcomes(detail: &Value, done: bool) -> usize {
    detail["outcomes"].as_array().unwrap().iter().filter(|o| o["done"] == done).count()
}

async fn an_outage_becomes_a_hot_spot_the_center_handles_at_once(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let agent = staff(base, "agent").await;
    let reviewer = staff(base, "reviewer").await;
    let analyst = staff(base, "analyst").await;
    let huocheng = staff(base, "huocheng-handler").await;

    let mut calls = Vec::new();
    for i in 0..9 {
        calls.push(register(&agent, base, OUTAGE[i % OUTAGE.len()], "霍城县", "清水河镇").await);
    }
    let lamp = register(&agent, base, "清水河镇解放路的路灯坏了一周", "霍城县", "清水河镇").await;
    let elsewhere = register(&agent, base, "水定镇小区停水了", "霍城县", "水定镇").await;
    assert_eq!(run.service.detect_hot_spots(Utc::now()).await.unwrap(), 0, "{name}: nine calls are no hot spot yet");
    calls.push(register(&agent, base, OUTAGE[4], "霍城县", "清水河镇").await);
    assert_eq!(run.service.detect_hot_spots(Utc::now()).await.unwrap(), 1, "{name}: the tenth makes one");
    assert_eq!(run.service.detect_hot_spots(Utc::now()).await.unwrap(), 0, "{name}: found again, announced once");

    // Announced to the center, listed for it, hidden from units.
    let (_, notices) = form_call(&agent, base, "notices", &[]).await;
    let notice = notices.as_array().unwrap().iter().find(|n| n["kind"] == "hot_spot").unwrap_or_else(|| panic!("{name}: {notices}"));
    assert!(notice["text"].as_str().unwrap().contains("霍城县清水河镇"), "{name}: {notice}");
    let id: i64 = notice["number"].as_str().unwrap().parse().unwrap();
    let (status, list) = form_call(&analyst, base, "hot_spots", &[]).await;
    assert!(status.is_success(), "{name}: {list}");
    assert_eq!(list.as_array().unwrap().len(), 1, "{name}: {list}");
    assert_eq!(list[0]["size"], 10, "{name}: {list}");
    assert_eq!(list[0]["place"], "霍城县清水河镇");
    assert_eq!(list[0]["words"][0], "停水", "{name}: {list}");
    assert_eq!(list[0]["open"], true);
    let (status, _) = form_call(&huocheng, base, "hot_spots", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}");
    let (_, detail) = form_call(&analyst, base, "hot_spot", &[("id", &id.to_string())]).await;
    let members: Vec<&str> = detail["members"].as_array().unwrap().iter().map(|m| m["number"].as_str().unwrap()).collect();
    assert_eq!(members, calls.iter().map(String::as_str).collect::<Vec<_>>(), "{name}: oldest first, no lamp, no other township");
    assert!(!members.contains(&lamp.as_str()) && !members.contains(&elsewhere.as_str()));
    assert_eq!(detail["may_act"], false, "{name}: analysts read");
    let (status, _) = order(&analyst, base, id, json!({"action": "close"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}");

    // Three calls were dispatched one by one before the center saw the spot.
    for number in &calls[..3] {
        command(&agent, base, number, json!({"type": "dispatch", "targets": [{"unit": "huocheng", "role": "lead"}]})).await;
    }
    let (status, v) = order(&reviewer, base, id, json!({"action": "mark_emergency", "reason": "  ", "kind": "utilities"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: a reason is needed: {v}");
    let (status, v) = order(&reviewer, base, id, json!({"action": "mark_emergency", "reason": "停水"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: one of Art. 29's kinds is needed: {v}");
    let (status, detail) =
        order(&reviewer, base, id, json!({"action": "mark_emergency", "reason": "清水河镇供水管道爆裂，大面积停水", "kind": "utilities"})).await;
    assert!(status.is_success(), "{name}: {detail}");
    assert_eq!(outcomes(&detail, true), 10, "{name}: {detail}");
    assert!(detail["members"].as_array().unwrap().iter().all(|m| m["emergency"] == true), "{name}: {detail}");

    // The waiting seven go to the township in one order; the three dispatched are told apart.
    let (_, detail) = order(&agent, base, id, json!({"action": "dispatch", "unit": "huocheng-qingshuihe"})).await;
    assert_eq!((outcomes(&detail, true), outcomes(&detail, false)), (7, 3), "{name}: {detail}");
    assert_eq!(member(&detail, &calls[9])["units"][0], "霍城县清水河镇", "{name}: {detail}");
    assert_eq!(member(&detail, &calls[0])["units"][0], "霍城县人民政府", "{name}: {detail}");

    let (_, detail) = order(&reviewer, base, id, json!({"action": "supervise", "days": 1, "instruction": "今日内恢复供水并逐户回复"})).await;
    assert_eq!(outcomes(&detail, true), 10, "{name}: {detail}");
    assert!(detail["members"].as_array().unwrap().iter().all(|m| m["supervised"] == true), "{name}: {detail}");

    // Each request carries it in its own record: tag, emergency, supervision by source.
    let (_, view) = call(&reviewer, base, "request_view", json!({"number": calls[5]})).await;
    let kinds: Vec<&str> = view["events"].as_array().unwrap().iter().filter_map(|e| e["kind"].as_str()).collect();
    for kind in ["tagged", "emergency_marked", "dispatched", "supervision_opened"] {
        assert!(kinds.contains(&kind), "{name}: {kind} in {kinds:?}");
    }
    assert_eq!(view["emergency"], true, "{name}");
    assert_eq!(view["tags"], json!(["热点"]), "{name}");
    let (_, notices) = form_call(&huocheng, base, "notices", &[]).await;
    assert!(notices.as_array().unwrap().iter().any(|n| n["kind"] == "emergency"), "{name}: the working unit is told: {notices}");

    // Closed when dealt with; a later call opens it again and tells the center.
    let (_, detail) = order(&reviewer, base, id, json!({"action": "close"})).await;
    assert_eq!(detail["spot"]["open"], false, "{name}: {detail}");
    let (status, _) = order(&reviewer, base, id, json!({"action": "close"})).await;
    assert!(status.is_client_error(), "{name}: closed once");
    assert_eq!(run.service.detect_hot_spots(Utc::now()).await.unwrap(), 0, "{name}: nothing new, stays closed");
    let late = register(&agent, base, "清水河镇还是停水，已经一整天了", "霍城县", "清水河镇").await;
    assert_eq!(run.service.detect_hot_spots(Utc::now()).await.unwrap(), 1, "{name}");
    let (_, detail) = form_call(&reviewer, base, "hot_spot", &[("id", &id.to_string())]).await;
    assert_eq!(detail["spot"]["open"], true, "{name}: {detail}");
    assert_eq!(detail["spot"]["size"], 11, "{name}: {detail}");
    member(&detail, &late);
    run.db.drop_db().await;
}

on_both_backends!(an_outage_becomes_a_hot_spot_the_center_handles_at_once);

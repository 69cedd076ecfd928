//! Administering the unit tree through the real server (Art. 4): the
//! center's administrator adds and moves units and the queues follow the
//! move; a unit's administrator only proposes sub-units of its own, which
//! wait for approval; everyone else is refused; every change is audited.

use crate::support;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::http::{call, command, login, register_call, staff, start};
use support::TestDb;

/// The audit log's entries of one action.
async fn audited(run: &support::http::Running, action: &str) -> Vec<server::store::AuditEntry> {
    let filter = server::store::AuditFilter { action: Some(app::domain::types::AuditAction::parse(action).expect("an audit action")), ..Default::default() };
    run.db.store.audit_entries(&filter, 10, 0).await.unwrap()
}

async fn change(c: &Client, base: &str, change: Value) -> (StatusCode, Value) {
    call(c, base, "change_unit", json!({"change": change})).await
}

fn unit<'a>(tree: &'a Value, id: &str) -> &'a Value {
    tree.as_array().unwrap().iter().find(|u| u["id"] == id).unwrap_or_else(|| panic!("{id} not in {tree}"))
}

async fn the_unit_tree_is_administered(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let admin = staff(base, "admin").await;
    let unit_admin = staff(base, "yining-admin").await;
    let handler = staff(base, "yining-handler").await;

    // A unit's administrator proposes under its own unit; it waits, inactive.
    let (status, tree) = change(&unit_admin, base, json!({"change": "add", "id": "yining-new-office", "name": "伊宁市新设办公室", "parent": "yining"})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {tree}");
    assert_eq!(unit(&tree, "yining-new-office")["proposed"], true, "{name}");
    assert_eq!(unit(&tree, "yining-new-office")["active"], false, "{name}");
    assert!(tree.as_array().unwrap().iter().all(|u| u["id"] != "huocheng"), "{name}: a unit's administrator sees its subtree only");
    let (status, _) = change(&unit_admin, base, json!({"change": "add", "id": "huocheng-x", "name": "某办", "parent": "huocheng"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}: not outside its own subtree");
    let (status, _) = change(&unit_admin, base, json!({"change": "approve", "id": "yining-new-office"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}: approval is the center's");
    let (status, _) = call(&handler, base, "admin_units", json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}");

    let (status, tree) = change(&admin, base, json!({"change": "approve", "id": "yining-new-office"})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {tree}");
    assert_eq!(unit(&tree, "yining-new-office")["active"], true, "{name}");
    let (status, _) = change(&admin, base, json!({"change": "add", "id": "Bad Id", "name": "x", "parent": "yining"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}");
    let (status, _) = change(&admin, base, json!({"change": "move", "id": "yining", "parent": "yining-dunmaili"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: not under its own sub-unit");

    // A request in Dunmaili's queue follows Dunmaili to Huocheng.
    let agent = staff(base, "agent").await;
    let number = register_call(&agent, base, json!({
        "channel": "phone", "type": "help", "title": "路灯不亮", "content": "街道路灯已坏一周。",
        "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
    })).await;
    command(&agent, base, &number, json!({"type": "dispatch", "targets": [{"unit": "yining-dunmaili", "role": "lead"}]})).await;
    let (status, _) = call(&handler, base, "request_view", json!({"number": number})).await;
    assert_eq!(status, StatusCode::OK, "{name}: Yining sees its township's request");
    let (status, tree) = change(&admin, base, json!({"change": "move", "id": "yining-dunmaili", "parent": "huocheng"})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {tree}");
    assert_eq!(unit(&tree, "yining-dunmaili")["parent_id"], "huocheng", "{name}");
    let (status, _) = call(&handler, base, "request_view", json!({"number": number})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{name}: no longer Yining's");
    let huocheng = staff(base, "huocheng-handler").await;
    let (status, v) = support::http::form_call(&huocheng, base, "inbox", &[("filter", "to_acknowledge")]).await;
    assert_eq!(status, StatusCode::OK, "{name}");
    assert_eq!(v["items"][0]["number"], number.as_str(), "{name}: in Huocheng's queue now");

    // Deactivated: no longer offered for dispatch.
    let (status, _) = change(&admin, base, json!({"change": "settings", "id": "yining-new-office", "vertical": false, "dispatches_subtree": false, "active": false})).await;
    assert_eq!(status, StatusCode::OK, "{name}");
    let (_, v) = call(&agent, base, "register_request", json!({"new": {
        "channel": "phone", "type": "help", "title": "路灯不亮", "content": "街道路灯已坏一周。",
        "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
    }})).await;
    assert!(v["dispatch_targets"].as_array().unwrap().iter().all(|u| u["id"] != "yining-new-office"), "{name}");
    let audit = audited(&run, "unit_change").await;
    assert_eq!(audit.len(), 4, "{name}: add, approve, move, settings: {audit:?}");
    run.db.drop_db().await;
}

async fn calendar_and_categories_are_administered(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let admin = staff(base, "admin").await;
    let handler = staff(base, "yining-handler").await;

    let regional = json!({"change": {"change": "regional", "date": "2026-06-01", "name": "地区纪念日", "off": true}});
    let (status, _) = call(&handler, base, "change_calendar", regional.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}");
    let (status, v) = call(&admin, base, "change_calendar", regional).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    let (status, year) = support::http::form_call(&handler, base, "calendar_year", &[("year", "2026")]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {year}");
    let day = year["days"].as_array().unwrap().iter().find(|d| d["date"] == "2026-06-01").cloned().unwrap_or_default();
    assert_eq!((day["layer"].as_str(), day["off"].as_bool()), (Some("regional"), Some(true)), "{name}: {year}");
    // June 2026 has 22 weekdays; the Dragon Boat Festival (Fri 19 June) and
    // the regional holiday on Monday 1 June take one each.
    assert_eq!(year["working_days"][5], 20, "{name}");
    let (status, _) = call(&admin, base, "change_calendar", json!({"change": {"change": "import", "layer": "national", "json": "{not json"}})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}");

    let (status, _) = support::http::form_call(&admin, base, "set_category_days", &[("code", "environment.noise"), ("days", "30")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: not stricter than Art. 19(2)");
    let (status, list) = support::http::form_call(&admin, base, "set_category_days", &[("code", "environment.noise"), ("days", "3")]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {list}");
    let noise = list.as_array().unwrap().iter().find(|c| c["code"] == "environment.noise").cloned().unwrap();
    assert_eq!(noise["statutory_days"], 3, "{name}");
    let (status, _) = support::http::form_call(&handler, base, "set_category_days", &[("code", "environment.noise"), ("days", "5")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}");
    // New requests of the category get the stricter limit.
    let agent = staff(base, "agent").await;
    let (_, v) = call(&agent, base, "register_request", json!({"new": {
        "channel": "phone", "type": "complaint", "category": "environment.noise", "title": "噪音", "content": "夜间施工噪音扰民。",
        "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
    }})).await;
    assert_eq!(v["snapshot"]["limit"], json!({"statutory": {"days": 3}}), "{name}: {}", v["snapshot"]);
    run.db.drop_db().await;
}

async fn accounts_are_administered(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let admin = staff(base, "admin").await;
    let handler = staff(base, "yining-handler").await;
    let add = |role: &str, unit: &str| json!({"change": {"change": "add", "username": "new-handler", "display_name": "新经办人",
        "role": role, "unit": unit, "password": "a-long-secret"}});
    let (status, _) = call(&handler, base, "change_user", add("handler", "yining")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}");
    // Agents and reviewers work at a hotline office: the center or a county's (Art. 4), not a street office.
    let (status, _) = call(&admin, base, "change_user", add("agent", "yining-dunmaili")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: agents work at a hotline office");
    let (status, users) = call(&admin, base, "change_user", add("handler", "yining")).await;
    assert_eq!(status, StatusCode::OK, "{name}: {users}");
    assert!(!users.to_string().contains("argon2"), "{name}: no password hash leaves the server");
    let id = users.as_array().unwrap().iter().find(|u| u["username"] == "new-handler").unwrap()["id"].as_i64().unwrap();
    let (newcomer, status) = login(base, "new-handler", "a-long-secret").await;
    assert!(status.is_success() || status.is_redirection(), "{name}: {status}");
    let (status, _) = support::http::form_call(&newcomer, base, "inbox", &[("filter", "open")]).await;
    assert_eq!(status, StatusCode::OK, "{name}: logged in");
    // Deactivated: the open session ends at once.
    let (status, _) = call(&admin, base, "change_user", json!({"change": {"change": "update", "id": id, "role": "handler", "unit": "yining", "active": false}})).await;
    assert_eq!(status, StatusCode::OK, "{name}");
    let (status, _) = support::http::form_call(&newcomer, base, "inbox", &[("filter", "open")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{name}: deactivated");
    let audit = audited(&run, "user_change").await;
    assert_eq!(audit.len(), 2, "{name}");
    run.db.drop_db().await;
}

on_both_backends!(accounts_are_administered, calendar_and_categories_are_administered, the_unit_tree_is_administered);

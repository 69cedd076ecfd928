//! The dashboard's today (Art. 29, 32, 33) through the real server on both
//! stores: an emergency dispatched at once met its 30-minute notice, one
//! marked after its dispatch is flagged in the work lists too (its row
//! follows the snapshot), one left waiting misses it and an Art. 32 warning
//! goes out; each viewer sees the emergencies of their own scope.

use crate::support;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::http::{call, command, form_call, staff, start};
use support::TestDb;

on_both_backends!(todays_emergencies_and_warnings_are_on_the_dashboard);

async fn today(c: &Client, base: &str) -> Value {
    let (status, v) = call(c, base, "dashboard_today", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v
}

fn notices(v: &Value) -> Vec<(String, String)> {
    v["emergencies"].as_array().unwrap().iter().map(|e| (e["number"].as_str().unwrap().to_string(), e["notice_state"].as_str().unwrap().to_string())).collect()
}

async fn todays_emergencies_and_warnings_are_on_the_dashboard(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let agent = staff(base, "agent").await;
    let reviewer = staff(base, "reviewer").await;
    let yining = staff(base, "yining-handler").await;
    let huocheng = staff(base, "huocheng-handler").await;
    let register = |emergency: bool| {
        let agent = agent.clone();
        async move {
            let mut new = json!({
                "channel": "phone", "type": "help", "title": "小区停水", "content": "整栋楼停水，老人孩子没水喝。",
                "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
            });
            if emergency {
                new["emergency"] = json!(true);
                new["emergency_kind"] = json!("utilities");
            }
            let (status, v) = call(&agent, base, "register_request", json!({"new": new})).await;
            assert_eq!(status, StatusCode::OK, "{v}");
            v["number"].as_str().unwrap().to_string()
        }
    };
    let dispatch = json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]});
    let before = today(&reviewer, base).await["emergencies"].as_array().unwrap().len();
    let at_once = register(true).await;
    command(&agent, base, &at_once, dispatch.clone()).await;
    let marked = register(false).await;
    command(&agent, base, &marked, dispatch.clone()).await;
    command(&reviewer, base, &marked, json!({"type": "mark_emergency", "reason": "整栋楼停水", "kind": "utilities"})).await;
    let waiting = register(true).await;

    let v = today(&reviewer, base).await;
    let seen = notices(&v);
    assert_eq!(seen.len(), before + 3, "{name}: {v}");
    for (number, state) in [(&at_once, "met"), (&marked, "met"), (&waiting, "pending")] {
        assert!(seen.contains(&(number.clone(), state.to_string())), "{name}: {number} {state}: {v}");
    }
    // The marked request's row says emergency too: the work list flags it.
    let (status, inbox) = form_call(&yining, base, "inbox", &[("filter", "open")]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {inbox}");
    let flagged = inbox["items"].as_array().unwrap().iter().find(|i| i["number"] == marked.as_str()).map(|i| i["emergency"].clone());
    assert_eq!(flagged, Some(json!(true)), "{name}: {inbox}");
    // Scope: the unit sees what it was sent, another county nothing of these.
    let unit_view = notices(&today(&yining, base).await);
    assert!(unit_view.iter().any(|(n, _)| n == &at_once) && !unit_view.iter().any(|(n, _)| n == &waiting), "{name}: {unit_view:?}");
    let other = notices(&today(&huocheng, base).await);
    assert!(!other.iter().any(|(n, _)| [&at_once, &marked, &waiting].contains(&n)), "{name}: {other:?}");

    // Forty minutes on, the waiting one missed its notice and the center is warned (Art. 32).
    let warned_before = today(&reviewer, base).await["warnings"].as_u64().unwrap();
    let later = chrono::Utc::now() + chrono::Duration::minutes(40);
    run.service.send_warnings(later).await.unwrap();
    assert!(today(&reviewer, base).await["warnings"].as_u64().unwrap() > warned_before, "{name}");
    run.db.drop_db().await;
}

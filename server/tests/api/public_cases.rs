//! Public cases (Art. 35) through the real server on both stores: a case is
//! proposed only from an ended request, refused while its text holds the
//! requester's name or a phone number (beside the field, nothing stored),
//! once per request; a second person publishes it (never the proposer); the
//! public page shows it without the request's number; a return needs a
//! reason; taking it down removes it; every step is audited.

use crate::support;

use app::domain::types::AuditAction;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use server::store::AuditFilter;
use support::http::{call, command, form_call, staff, start};
use support::TestDb;

on_both_backends!(a_case_is_proposed_reviewed_published_and_taken_down);

fn fields(v: &Value) -> Vec<String> {
    v["message"].as_array().map(|a| a.iter().map(|e| e["field"].as_str().unwrap_or_default().to_string()).collect()).unwrap_or_default()
}

async fn a_case_is_proposed_reviewed_published_and_taken_down(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let agent = staff(base, "agent").await;
    let reviewer = staff(base, "reviewer").await;
    let admin = staff(base, "admin").await;
    let handler = staff(base, "yining-handler").await;
    let public = Client::new();
    let register = |title: &'static str| {
        let agent = agent.clone();
        async move {
            let (status, v) = call(&agent, base, "register_request", json!({"new": {
                "channel": "phone", "type": "consultation", "title": title, "content": "我叫张三，社保卡丢了怎么补办？电话13812345678。",
                "location": {"county": "伊宁市", "township": "墩买里街道", "address": "解放路12号"}, "requester": {"name": "张三", "phone": "13812345678"}
            }})).await;
            assert_eq!(status, StatusCode::OK, "{v}");
            v["number"].as_str().unwrap().to_string()
        }
    };
    let open = register("社保卡补办").await;
    // Only ended requests become cases.
    let (status, v) = call(&agent, base, "case_draft", json!({"number": open})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: {v}");
    assert!(v.to_string().contains("第三十五条"), "{name}: {v}");
    command(&agent, base, &open, json!({"type": "answer", "entry": "KB-0001", "answer": "请携带身份证到社保服务网点补办。"})).await;
    let number = open;

    let (status, draft) = call(&agent, base, "case_draft", json!({"number": number})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {draft}");
    assert_eq!(draft["kind"], "hot_topic", "{name}: a consultation is a hot topic");
    assert_eq!(draft["outcome"], "请携带身份证到社保服务网点补办。", "{name}");
    assert!(draft["meta"].as_str().unwrap().contains("伊宁市墩买里街道"), "{name}: {draft}");
    assert!(!draft["meta"].as_str().unwrap().contains("解放路"), "{name}: no street address");

    // The request's own words hold the name and the phone: refused beside the fields, nothing stored.
    let mut form = json!({"number": number, "kind": "hot_topic", "title": "社保卡丢失如何补办", "summary": draft["summary"], "outcome": draft["outcome"]});
    let (status, v) = call(&agent, base, "propose_case", json!({"form": form})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {v}");
    assert_eq!(fields(&v), ["summary"], "{name}: {v}");
    assert!(v.to_string().contains("号码") || v.to_string().contains("姓名"), "{name}: {v}");
    form["summary"] = json!("市民来电询问社保卡丢失后如何补办。");
    let (status, v) = call(&handler, base, "propose_case", json!({"form": form})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}: a unit does not propose: {v}");
    let (status, id) = call(&agent, base, "propose_case", json!({"form": form})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {id}");
    let id = id.as_i64().unwrap();
    let (status, v) = call(&agent, base, "propose_case", json!({"form": form})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: one live case per request: {v}");

    // Not public before review.
    let (_, cases) = form_call(&public, base, "citizen/cases", &[("kind", "")]).await;
    assert_eq!(cases, json!([]), "{name}");
    let (status, _) = call(&agent, base, "review_case", json!({"id": id, "approve": true, "note": ""})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}: an agent does not review");
    let (status, v) = call(&reviewer, base, "review_case", json!({"id": id, "approve": true, "note": ""})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    let (status, v) = call(&reviewer, base, "review_case", json!({"id": id, "approve": true, "note": ""})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: published already: {v}");

    let (status, cases) = form_call(&public, base, "citizen/cases", &[("kind", "hot_topic")]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {cases}");
    let case = &cases[0];
    assert_eq!(case["title"], "社保卡丢失如何补办", "{name}: {cases}");
    assert_eq!(case["request_number"], "", "{name}: the public does not see the request");
    assert_eq!(case["history"], "", "{name}: nor who worked on it");
    assert!(case["meta"].as_str().unwrap().starts_with("咨询热点与政策解读") || case["kind_label"] == "咨询热点与政策解读", "{name}: {case}");
    let (_, cases) = form_call(&public, base, "citizen/cases", &[("kind", "case")]).await;
    assert_eq!(cases, json!([]), "{name}: the other kind");
    let (status, _) = form_call(&public, base, "citizen/cases", &[("kind", "secret")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}");

    // A reviewer's own proposal goes to someone else; a return needs its reason.
    let other = register("医保报销比例").await;
    command(&agent, base, &other, json!({"type": "answer", "entry": "KB-0001", "answer": "按现行政策执行。"})).await;
    let form = json!({"number": other, "kind": "hot_topic", "title": "医保报销比例", "summary": "市民询问医保报销比例。", "outcome": "按现行政策执行。"});
    let (_, second) = call(&reviewer, base, "propose_case", json!({"form": form})).await;
    let second = second.as_i64().unwrap();
    let (status, _) = call(&reviewer, base, "review_case", json!({"id": second, "approve": true, "note": ""})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}: not one's own");
    let (status, v) = call(&admin, base, "review_case", json!({"id": second, "approve": false, "note": " "})).await;
    assert_eq!((status, fields(&v)), (StatusCode::BAD_REQUEST, vec!["note".to_string()]), "{name}: {v}");
    let (status, _) = call(&admin, base, "review_case", json!({"id": second, "approve": false, "note": "政策表述需核实"})).await;
    assert_eq!(status, StatusCode::OK, "{name}");
    let (_, staff_list) = call(&reviewer, base, "public_cases", json!({})).await;
    let states: Vec<(i64, &str)> = staff_list["cases"].as_array().unwrap().iter().map(|c| (c["id"].as_i64().unwrap(), c["state"].as_str().unwrap())).collect();
    assert!(states.contains(&(second, "returned")) && states.contains(&(id, "published")), "{name}: {states:?}");

    // Taken down: gone from the public page.
    let (status, _) = call(&reviewer, base, "withdraw_case", json!({"id": id, "note": ""})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: a reason is needed");
    let (status, _) = call(&reviewer, base, "withdraw_case", json!({"id": id, "note": "政策已调整"})).await;
    assert_eq!(status, StatusCode::OK, "{name}");
    let (_, cases) = form_call(&public, base, "citizen/cases", &[("kind", "")]).await;
    assert_eq!(cases, json!([]), "{name}");

    for (action, times) in [(AuditAction::ProposePublicCase, 2), (AuditAction::ReviewPublicCase, 2), (AuditAction::WithdrawPublicCase, 1)] {
        let entries = run.db.store.audit_entries(&AuditFilter { action: Some(action), ..Default::default() }, 50, 0).await.unwrap();
        assert_eq!(entries.len(), times, "{name}: {action:?}");
    }
    run.db.drop_db().await;
}

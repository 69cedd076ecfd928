//! Art. 34's leads through the real server on both stores: a matter linked
//! as a repeat twice (a repeat of a repeat) is one matter of three
//! complaints for the unit that handles the original; a request still
//! worked on ten working days past its last day is listed (seen from a
//! later day); the thresholds are read with errors beside their fields; the
//! workbook holds the same leads; only the center's staff read them.

use crate::reports::{rows, xlsx};
use crate::support;

use app::domain::oversight::OversightRules;
use calamine::Data;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::http::{call, command, staff, start};
use support::TestDb;

on_both_backends!(repeats_and_long_overdue_requests_are_leads);

async fn repeats_and_long_overdue_requests_are_leads(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let agent = staff(base, "agent").await;
    let reviewer = staff(base, "reviewer").await;
    let handler = staff(base, "yining-handler").await;
    let mut numbers = Vec::new();
    for _ in 0..3 {
        let (status, v) = call(&agent, base, "register_request", json!({"new": {
            "channel": "phone", "type": "complaint", "title": "楼下烧烤店油烟扰民", "content": "楼下烧烤店每天油烟很大，投诉多次没有效果。",
            "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
        }})).await;
        assert_eq!(status, StatusCode::OK, "{name}: {v}");
        numbers.push(v["number"].as_str().unwrap().to_string());
    }
    let (a, b, c) = (&numbers[0], &numbers[1], &numbers[2]);
    command(&agent, base, a, json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]})).await;
    command(&agent, base, b, json!({"type": "link_related", "relation": {"kind": "repeat_of", "original": a}})).await;
    command(&agent, base, c, json!({"type": "link_related", "relation": {"kind": "repeat_of", "original": b}})).await;

    let leads = |repeats: &'static str, overdue: &'static str| {
        let reviewer = reviewer.clone();
        async move { call(&reviewer, base, "oversight", json!({"repeats": repeats, "overdue_days": overdue})).await }
    };
    let (status, page) = leads("", "").await;
    assert_eq!(status, StatusCode::OK, "{name}: {page}");
    assert_eq!((page["repeats"].as_u64(), page["overdue_days"].as_u64()), (Some(3), Some(10)), "{name}: the defaults");
    let matters = page["matters"].as_array().unwrap();
    assert_eq!(matters.len(), 1, "{name}: {page}");
    assert_eq!(matters[0]["original"], a.as_str(), "{name}: the first original");
    assert_eq!(matters[0]["complaints"], 3, "{name}");
    assert_eq!(matters[0]["repeats"], json!([b, c]), "{name}");
    assert_eq!(matters[0]["units"], "伊宁市人民政府", "{name}");
    assert_eq!(page["units"][0], json!({"name": "伊宁市人民政府", "repeated": 1, "overdue": 0}), "{name}");
    assert!(page["overdue"].as_array().unwrap().is_empty(), "{name}: nothing is late yet");
    let (_, page) = leads("4", "").await;
    assert!(page["matters"].as_array().unwrap().is_empty(), "{name}: three complaints are fewer than four");

    // Bad thresholds: a message beside each field.
    let (status, v) = leads("1", "abc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {v}");
    let fields: Vec<&str> = v["message"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["repeats", "overdue_days"], "{name}: {v}");
    // The bureau's leads are not a unit's to read.
    let (status, _) = call(&handler, base, "oversight", json!({"repeats": "", "overdue_days": ""})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}");
    let (status, _) = xlsx(&handler, &format!("{base}/staff/oversight.xlsx")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}");

    // Forty days on, the dispatched request is long overdue; the two undispatched are not at work, so not listed.
    let later = chrono::Utc::now() + chrono::Duration::days(40);
    let page: Value = serde_json::to_value(run.service.oversight_at(OversightRules::default(), later).await.unwrap()).unwrap();
    let overdue = page["overdue"].as_array().unwrap();
    assert_eq!(overdue.iter().map(|o| o["number"].as_str().unwrap()).collect::<Vec<_>>(), [a.as_str()], "{name}: {page}");
    assert!(overdue[0]["days"].as_u64().unwrap() >= 10, "{name}: {page}");
    assert_eq!(page["units"][0]["overdue"], 1, "{name}");
    let strict = OversightRules { overdue_days: 250, ..OversightRules::default() };
    let page = run.service.oversight_at(strict, later).await.unwrap();
    assert!(page.overdue.is_empty(), "{name}: not 250 working days late");

    // The workbook: the same leads, numbers as numbers.
    let (status, book) = xlsx(&reviewer, &format!("{base}/staff/oversight.xlsx?repeats=3&overdue_days=10")).await;
    assert_eq!(status, StatusCode::OK, "{name}");
    let mut book = book.unwrap();
    let repeated = rows(&mut book, "重复投诉");
    assert_eq!(repeated[0][0], Data::String("原诉求编号".into()), "{name}");
    assert_eq!(repeated[1][0], Data::String(a.clone()), "{name}");
    assert_eq!(repeated[1][3], Data::Float(3.0), "{name}");
    assert_eq!(rows(&mut book, "单位")[1][0], Data::String("伊宁市人民政府".into()), "{name}");
    let (status, _) = xlsx(&reviewer, &format!("{base}/staff/oversight.xlsx?repeats=0")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}");
    run.db.drop_db().await;
}

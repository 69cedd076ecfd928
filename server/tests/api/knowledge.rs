//! The knowledge base's review through the real server (Art. 28, 36), on
//! both backends: a unit writes a draft, submits it, the center sends it
//! back and then publishes it; only then do the intake desk, the public FAQ
//! and answers use it; a revision under review leaves the published text in
//! use; a withdrawn entry is no longer read; other units can neither see
//! nor change a draft; every version is kept with its writer; the center
//! sees each unit's activity and the entries due for another look.

use crate::support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::http::{call, client, form_call, staff, start};
use support::TestDb;

fn entry(question: &str, answer: &str) -> Value {
    json!({"question": question, "answer": answer, "basis": "《新疆维吾尔自治区供热管理条例》第二十五条", "category": "urban.heating", "tags": "供暖 室温"})
}

async fn the_knowledge_base_is_reviewed_before_it_is_read(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let unit = staff(base, "zhujian-handler").await;
    let other = staff(base, "huocheng-handler").await;
    let reviewer = staff(base, "reviewer").await;
    let agent = staff(base, "agent").await;
    let citizen = client();

    let (status, bad) = call(&unit, base, "save_knowledge", json!({"edit": {"form": {"question": "", "answer": "x", "basis": ""}}})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {bad}");
    assert!(bad.to_string().contains("请填写问题") && bad.to_string().contains("政策法规依据"), "{name}: every field named: {bad}");
    let (status, d) = call(&unit, base, "save_knowledge", json!({"edit": {"form": entry("供暖期室内温度标准是多少？", "供暖期间卧室、起居室温度不低于 18℃。")}})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {d}");
    let code = d["code"].as_str().unwrap().to_string();
    assert_eq!(code, "KB-0017", "{name}: the next code after the demo's");
    assert_eq!(d["status_code"], "draft", "{name}");
    assert_eq!(d["live"], false, "{name}");

    let service = run.service.clone();
    let found = |c: reqwest::Client, words: &'static str| {
        let service = service.clone();
        async move {
        service.sync_index().await.unwrap();
        let (_, hits) = form_call(&c, base, "knowledge", &[("words", words)]).await;
        hits.as_array().unwrap().iter().any(|h| h["code"] == "KB-0017")
        }
    };
    let in_faq = |words: &'static str| {
        let citizen = citizen.clone();
        async move {
            let (status, page) = form_call(&citizen, base, "citizen/faq", &[("words", words), ("category", "")]).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            page["items"].as_array().unwrap().iter().find(|i| i["code"] == "KB-0017").cloned()
        }
    };
    assert!(!found(agent.clone(), "室内温度标准").await, "{name}: a draft is not read");
    assert!(in_faq("室内温度标准").await.is_none(), "{name}");

    // Another unit sees none of it.
    let (status, _) = form_call(&other, base, "knowledge_detail", &[("code", &code)]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{name}");
    let (status, _) = call(&other, base, "save_knowledge", json!({"edit": {"code": code, "form": entry("改", "改")}})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{name}");

    let act = |c: &reqwest::Client, action: &'static str, note: &'static str| {
        let (c, code) = (c.clone(), code.clone());
        async move { form_call(&c, base, "knowledge_action", &[("code", &code), ("action", action), ("note", note)]).await }
    };
    assert_eq!(act(&unit, "submit", "").await.1["status_code"], "review", "{name}");
    let (status, v) = act(&unit, "publish", "").await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: a unit does not approve its own entry: {v}");
    let (status, v) = act(&reviewer, "send_back", "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: a send-back says why: {v}");
    assert_eq!(act(&reviewer, "send_back", "请补充测温方法").await.1["status_code"], "draft", "{name}");
    let (status, d) = call(&unit, base, "save_knowledge", json!({"edit": {"code": code,
        "form": entry("供暖期室内温度标准是多少？", "供暖期间卧室、起居室温度不低于 18℃，测温点在房间中央距地面 1.5 米处。")}})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {d}");
    act(&unit, "submit", "").await;
    let (_, d) = act(&reviewer, "publish", "").await;
    assert_eq!(d["status_code"], "published", "{name}: {d}");
    assert_eq!(d["live_version"], 2, "{name}");
    assert!(found(agent.clone(), "室内温度标准").await, "{name}: published, the intake desk finds it");
    let item = in_faq("室內溫度標準").await.expect("the FAQ finds it, in traditional characters too");
    assert!(item["answer"].as_str().unwrap().contains("1.5 米"), "{name}");
    assert!(item["snippet"].as_array().unwrap().iter().any(|p| p["mark"] == true), "{name}: {item}");

    // A revision under review leaves the published text in use.
    call(&unit, base, "save_knowledge", json!({"edit": {"code": code, "form": entry("供暖期室内温度标准是多少？", "改为 20℃（草稿）。")}})).await;
    act(&unit, "submit", "").await;
    let (_, faq) = form_call(&citizen, base, "citizen/faq_entry", &[("code", &code)]).await;
    assert!(faq["answer"].as_str().unwrap().contains("1.5 米"), "{name}: {faq}");
    let (_, d) = form_call(&reviewer, base, "knowledge_detail", &[("code", &code)]).await;
    let versions = d["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 3, "{name}: {d}");
    assert_eq!(versions[2]["note"], "请补充测温方法", "{name}");
    assert!(versions.iter().all(|v| v["written_by"] == "zhujian-handler"), "{name}");
    assert_eq!(d["actions"], json!([["publish", "审核发布"], ["send_back", "退回修改"], ["expire", "设为失效"]]), "{name}");

    // The center sees each unit's work and what is due for another look.
    let (_, list) = call(&reviewer, base, "knowledge_list", json!({"query": {"show": ""}})).await;
    let zhujian = list["activity"].as_array().unwrap().iter().find(|a| a["unit_name"] == "州住房和城乡建设局").cloned().unwrap();
    assert_eq!(zhujian["updates"], 3, "{name}: {zhujian}");
    let (_, review) = call(&reviewer, base, "knowledge_list", json!({"query": {"show": "review"}})).await;
    assert_eq!(review["total"], 1, "{name}: {review}");
    let (_, unit_list) = call(&other, base, "knowledge_list", json!({"query": {"show": ""}})).await;
    assert_eq!(unit_list["total"], 0, "{name}: Huocheng owns no entries: {unit_list}");
    assert!(unit_list["activity"].as_array().unwrap().is_empty(), "{name}: the activity is the center's");
    // KB-0002 was last reviewed long ago.
    sqlx::query("UPDATE knowledge_entries SET reviewed_at = 0 WHERE code = 'KB-0002'").execute(run.db.store.pool()).await.unwrap();
    let (_, stale) = call(&reviewer, base, "knowledge_list", json!({"query": {"show": "stale"}})).await;
    let codes: Vec<&str> = stale["items"].as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["KB-0002"], "{name}: {stale}");
    assert_eq!(stale["items"][0]["stale"], true, "{name}");
    // Its unit hears of it once per review.
    assert_eq!(run.service.announce_stale_entries(chrono::Utc::now()).await.unwrap(), 1, "{name}");
    assert_eq!(run.service.announce_stale_entries(chrono::Utc::now()).await.unwrap(), 0, "{name}: told once");

    // The unit heard of every decision on its entry, and of the stale one; the center of each submission.
    let texts = |c: &reqwest::Client, kind: &'static str| {
        let c = c.clone();
        async move {
            let (_, notices) = form_call(&c, base, "notices", &[]).await;
            notices.as_array().unwrap().iter().filter(|n| n["kind"] == kind).map(|n| n["text"].as_str().unwrap().to_string()).collect::<Vec<_>>()
        }
    };
    let unit_heard = texts(&unit, "knowledge").await;
    assert!(unit_heard.iter().any(|t| t.starts_with("知识库条目退回修改（请补充测温方法）：KB-0017")), "{name}: {unit_heard:?}");
    assert!(unit_heard.iter().any(|t| t.starts_with("知识库条目已发布：KB-0017")), "{name}: {unit_heard:?}");
    assert_eq!(texts(&unit, "knowledge_stale").await, vec!["本单位有 1 条知识库条目超过 180 天未复核，请复核更新".to_string()], "{name}");
    assert_eq!(texts(&reviewer, "knowledge").await.iter().filter(|t| t.starts_with("知识库条目待审核：KB-0017")).count(), 3, "{name}");
    assert!(texts(&other, "knowledge").await.is_empty(), "{name}: other units hear nothing");

    // Withdrawn: nothing of it is read, and no answer may name it.
    act(&reviewer, "send_back", "暂不修改").await;
    assert_eq!(act(&unit, "expire", "政策调整").await.1["status_code"], "expired", "{name}");
    assert!(!found(agent.clone(), "室内温度标准").await, "{name}");
    let (status, _) = form_call(&citizen, base, "citizen/faq_entry", &[("code", &code)]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{name}");
    let (_, v) = call(&agent, base, "register_request", json!({"new": {
        "channel": "phone", "type": "consultation", "title": "室温标准", "content": "供暖期室温标准是多少？",
        "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
    }})).await;
    let number = v["number"].as_str().unwrap();
    let (status, body) = call(&agent, base, "apply_command", json!({"number": number,
        "command": {"type": "answer", "entry": code, "answer": "不低于 18℃。"}})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {body}");
    run.db.drop_db().await;
}

/// The public lists ask the store which entries are read today; the index
/// and single look-ups ask `entry_is_read`. Both must give the same answer.
async fn the_store_reads_entries_by_the_same_rule(db: TestDb) {
    let name = db.name;
    server::seed::seed_reference_data(&db.store).await.unwrap();
    let today = app::domain::deadline::cst_date(chrono::Utc::now());
    let day = |offset: i64| (today + chrono::Duration::days(offset)).format("%Y-%m-%d").to_string();
    for (code, change) in [
        ("KB-0001", format!("valid_until = '{}'", day(-1))),
        ("KB-0002", format!("valid_from = '{}'", day(1))),
        ("KB-0003", "status = 'expired'".to_string()),
        ("KB-0004", "live_version = NULL".to_string()),
        ("KB-0005", format!("valid_from = '{}', valid_until = '{}'", day(0), day(0))),
        ("KB-0006", format!("valid_from = '{}', valid_until = '{}'", day(-30), day(30))),
    ] {
        let sql = format!("UPDATE knowledge_entries SET {change} WHERE code = '{code}'");
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(db.store.pool()).await.unwrap();
    }
    let by_rule: Vec<String> =
        db.store.all_knowledge().await.unwrap().into_iter().filter(|e| server::service::entry_is_read(e, today)).map(|e| e.code).collect();
    let by_store: Vec<String> = db.store.knowledge_read_on(today, None, 1000).await.unwrap().into_iter().map(|e| e.code).collect();
    assert_eq!(by_store, by_rule, "{name}");
    for code in ["KB-0001", "KB-0002", "KB-0003", "KB-0004"] {
        assert!(!by_rule.iter().any(|c| c == code), "{name}: {code} is not read");
    }
    for code in ["KB-0005", "KB-0006"] {
        assert!(by_rule.iter().any(|c| c == code), "{name}: {code} is read");
    }
    let heating = db.store.knowledge_read_on(today, Some("urban.heating"), 1000).await.unwrap();
    assert!(!heating.is_empty() && heating.iter().all(|e| e.text.category.as_deref() == Some("urban.heating")), "{name}");
    let categories = db.store.knowledge_categories_read_on(today).await.unwrap();
    assert!(categories.contains(&"urban.heating".to_string()), "{name}: {categories:?}");
    db.drop_db().await;
}

on_both_backends!(the_knowledge_base_is_reviewed_before_it_is_read, the_store_reads_entries_by_the_same_rule);

//! The hotline office's records through the real server on both stores:
//! misuse flags (Art. 41) — flagged with the caller's own requests, seen at
//! intake, reviewed by a second person, referred to the police, lifted
//! without losing anything, all audited — and records release (Art. 42) —
//! registered with the letter and two officials, approved only by the right
//! leader, handed over as a zip whose manifest matches its files, audited.

use crate::support;

use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use server::store::AuditFilter;
use std::io::Read as _;
use support::http::{call, form_call, login, start};
use support::TestDb;

const PASSWORD: &str = server::seed::DEMO_PASSWORD;

async fn register(agent: &Client, base: &str, phone: &str, title: &str) -> String {
    let (status, v) = call(agent, base, "register_request", json!({"new": {
        "channel": "phone", "type": "complaint", "title": title, "content": format!("{title}，请处理。"),
        "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": phone}
    }})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v["number"].as_str().unwrap().to_string()
}

fn in_days(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(days)).date_naive().to_string()
}

async fn actions(db: &TestDb, action: &str) -> Vec<server::store::AuditEntry> {
    db.store.audit_entries(&AuditFilter { action: Some(app::domain::types::AuditAction::parse(action).expect("an audit action")), ..Default::default() }, 100, 0).await.unwrap()
}

async fn a_caller_is_flagged_reviewed_referred_and_lifted(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let (agent, _) = login(base, "agent", PASSWORD).await;
    let (reviewer, _) = login(base, "reviewer", PASSWORD).await;
    let (analyst, _) = login(base, "analyst", PASSWORD).await;
    let (county, _) = login(base, "huocheng-reviewer", PASSWORD).await;
    let (handler, _) = login(base, "yining-handler", PASSWORD).await;
    let first = register(&agent, base, "13911112222", "辱骂话务员").await;
    let second = register(&agent, base, "13911112222", "反复拨打占线").await;
    let other = register(&agent, base, "13800003333", "路灯不亮").await;

    let flag = |evidence: String, until: String| json!({"flag": {"phone": "139 1111 2222", "kind": "harassment",
        "reason": "一天内来电四十次辱骂话务员", "evidence": evidence, "until": until}});
    let (status, v) = call(&agent, base, "flag_caller", flag(first.clone(), in_days(90))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: an agent does not flag: {v}");
    let (status, v) = call(&reviewer, base, "flag_caller", flag(format!("{first} {other}"), in_days(90))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: another caller's request is no evidence: {v}");
    assert!(v.to_string().contains(&other), "{name}: {v}");
    let (status, v) = call(&reviewer, base, "flag_caller", flag(String::new(), in_days(90))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: no evidence: {v}");
    let (status, v) = call(&reviewer, base, "flag_caller", flag(first.clone(), in_days(400))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: more than a year: {v}");
    let (status, v) = call(&reviewer, base, "flag_caller", flag(format!("{first}，{second}"), in_days(90))).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    let id = v["id"].as_i64().unwrap();
    assert_eq!(v["phone"], "139****2222", "{name}: masked");
    assert_eq!(v["in_force"], true, "{name}");
    assert_eq!(v["evidence"], json!([first, second]), "{name}");
    assert_eq!(v["may_review"], false, "{name}: not by who decided");

    let (status, flags) = form_call(&agent, base, "caller_flags", &[("phone", "13911112222")]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {flags}");
    assert_eq!(flags[0]["kind"], "骚扰", "{name}: the intake desk sees it");
    let (_, none) = form_call(&agent, base, "caller_flags", &[("phone", "13800003333")]).await;
    assert_eq!(none, json!([]), "{name}");
    let (status, _) = form_call(&handler, base, "caller_flags", &[("phone", "13911112222")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}: a handling unit does not");
    let (status, _) = call(&handler, base, "misuse_flags", json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}");

    let review = |lift: bool, until: String| json!({"id": id, "step": {"type": "review", "lift": lift, "until": until, "note": "复核"}});
    let (status, v) = call(&reviewer, base, "flag_step", review(false, in_days(30))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: a second person reviews: {v}");
    let (status, v) = call(&analyst, base, "flag_step", review(false, in_days(180))).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    assert_eq!(v["until"], in_days(180), "{name}: upheld with a new end");
    let refer = json!({"id": id, "step": {"type": "refer_to_police", "station": "伊宁市公安局解放路派出所", "record": "JJ20261130001", "note": "移送处理"}});
    let (status, v) = call(&reviewer, base, "flag_step", refer.clone()).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    assert_eq!(v["referral"]["station"], "伊宁市公安局解放路派出所", "{name}");
    let (status, _) = call(&reviewer, base, "flag_step", refer).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: referred once");
    let (status, v) = call(&county, base, "flag_step", review(true, String::new())).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    assert_eq!(v["status"], "已撤销", "{name}");

    let (_, flags) = form_call(&agent, base, "caller_flags", &[("phone", "13911112222")]).await;
    assert_eq!(flags[0]["in_force"], false, "{name}: lifted, still on record: {flags}");
    assert_eq!(flags[0]["reviews"].as_array().unwrap().len(), 2, "{name}");
    let (_, history) = form_call(&agent, base, "caller_history", &[("phone", "13911112222")]).await;
    assert_eq!(history.as_array().unwrap().len(), 2, "{name}: the flag hid nothing");

    assert_eq!(actions(&run.db, "flag_caller").await.len(), 1, "{name}");
    assert_eq!(actions(&run.db, "review_flag").await.len(), 2, "{name}");
    let referral = actions(&run.db, "refer_flag_to_police").await;
    assert_eq!(referral.len(), 1, "{name}");
    assert!(referral[0].detail.as_deref().unwrap().contains("139****2222"), "{name}: the log keeps the number masked");
    assert_eq!(actions(&run.db, "caller_flags").await.len(), 3, "{name}: every look-up that was let through");
    run.db.drop_db().await;
}

on_both_backends!(a_caller_is_flagged_reviewed_referred_and_lifted);

const LETTER: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn application(body: &str, records: &str, credential2: &str, letter: bool) -> Form {
    let mut form = Form::new()
        .text("body", body.to_string())
        .text("body_name", "新疆天山律师事务所")
        .text("letter_number", "天律函〔2026〕18号")
        .text("official1_name", "王律师")
        .text("official1_credential", "执业证 16501201810001")
        .text("official2_name", "李律师")
        .text("official2_credential", credential2.to_string())
        .text("records", records.to_string())
        .text("personal_data", "on")
        .text("purpose", "代理（2026）新4002民初 123 号案件");
    if letter {
        form = form.part("letter", Part::bytes(LETTER.to_vec()).file_name("letter.pdf").mime_str("application/pdf").unwrap());
    }
    form
}

async fn post_application(c: &Client, base: &str, form: Form) -> (StatusCode, Value) {
    let res = c.post(format!("{base}/api/register_release")).multipart(form).send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn records_are_released_only_with_the_right_approval(db: TestDb) {
    let name = db.name;
    support::upload_dir();
    let run = start(db).await;
    let base = run.base.as_str();
    let (agent, _) = login(base, "agent", PASSWORD).await;
    let (reviewer, _) = login(base, "reviewer", PASSWORD).await;
    let (info_head, _) = login(base, "info-head", PASSWORD).await;
    let (bureau_head, _) = login(base, "bureau-head", PASSWORD).await;
    let (handler, _) = login(base, "yining-handler", PASSWORD).await;
    let number = register(&agent, base, "13922223333", "物业不维修电梯").await;

    let (status, v) = post_application(&reviewer, base, application("law_firm", &number, "执业证 16501201810002", false)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: no letter: {v}");
    let (status, v) = post_application(&reviewer, base, application("law_firm", &number, "执业证 16501201810001", true)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: one credential for two officials: {v}");
    let (status, v) = post_application(&reviewer, base, application("law_firm", "YL2020010100001", "执业证 16501201810002", true)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: no such request: {v}");
    let (status, v) = post_application(&handler, base, application("law_firm", &number, "执业证 16501201810002", true)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}: {v}");
    let (status, v) = post_application(&reviewer, base, application("law_firm", &number, "执业证 16501201810002", true)).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    let id = v["id"].as_i64().unwrap();
    assert_eq!(v["approver"], "州政务服务管理局主要领导", "{name}");
    assert_eq!(v["state"], "applied", "{name}");

    let (status, v) = form_call(&reviewer, base, "hand_over_release", &[("id", &id.to_string())]).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: nothing without approval: {v}");
    let decide = |approve: &str| vec![("id".to_string(), id.to_string()), ("approve".into(), approve.into()), ("note".into(), "同意调取".into())];
    let fields = |v: &Vec<(String, String)>| v.iter().map(|(a, b)| (a.clone(), b.clone())).collect::<Vec<_>>();
    let post = |c: &Client, endpoint: &str, f: Vec<(String, String)>| {
        let req = c.post(format!("{base}/api/{endpoint}")).form(&f);
        async move {
            let res = req.send().await.unwrap();
            let status = res.status();
            (status, serde_json::from_str::<Value>(&res.text().await.unwrap()).unwrap_or_default())
        }
    };
    let (status, v) = post(&info_head, "decide_release", fields(&decide("true"))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: a law firm's is the bureau head's to approve: {v}");
    let (status, v) = post(&reviewer, "decide_release", fields(&decide("true"))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: {v}");
    let (status, v) = post(&bureau_head, "decide_release", fields(&decide("true"))).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    assert_eq!(v["state"], "approved", "{name}");
    assert_eq!(v["decision"]["post"], "州政务服务管理局主要领导", "{name}");

    let package_url = format!("{base}/staff/releases/{id}/package");
    assert_eq!(reviewer.get(&package_url).send().await.unwrap().status(), StatusCode::NOT_FOUND, "{name}: not yet handed over");
    let (status, v) = form_call(&reviewer, base, "hand_over_release", &[("id", &id.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    assert_eq!(v["state"], "released", "{name}");
    let sha = v["package"]["sha256"].as_str().unwrap().to_string();
    let (status, _) = form_call(&reviewer, base, "hand_over_release", &[("id", &id.to_string())]).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: handed over once");

    assert_eq!(handler.get(&package_url).send().await.unwrap().status(), StatusCode::FORBIDDEN, "{name}");
    assert_eq!(support::http::client().get(&package_url).send().await.unwrap().status(), StatusCode::UNAUTHORIZED, "{name}");
    let letter = reviewer.get(format!("{base}/staff/releases/{id}/letter")).send().await.unwrap();
    assert_eq!(letter.status(), StatusCode::OK, "{name}");
    assert_eq!(letter.bytes().await.unwrap().as_ref(), LETTER, "{name}: the letter as uploaded");
    let res = bureau_head.get(&package_url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{name}");
    let bytes = res.bytes().await.unwrap().to_vec();
    use sha2::Digest as _;
    assert_eq!(hex::encode(sha2::Sha256::digest(&bytes)), sha, "{name}: the register names the archive handed over");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut manifest = String::new();
    zip.by_name("manifest.json").unwrap().read_to_string(&mut manifest).unwrap();
    let manifest: Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(manifest["approved_by"], "bureau-head", "{name}");
    let file = &manifest["files"][0];
    let mut record = Vec::new();
    zip.by_name(file["path"].as_str().unwrap()).unwrap().read_to_end(&mut record).unwrap();
    assert_eq!(hex::encode(sha2::Sha256::digest(&record)), file["sha256"].as_str().unwrap(), "{name}: the manifest matches the file");
    let record: Value = serde_json::from_slice(&record).unwrap();
    assert_eq!(record["request"]["number"], number.as_str(), "{name}");
    assert_eq!(record["requester"]["phone"], "13922223333", "{name}: asked with personal data");

    for action in ["register_release", "approve_release", "hand_over_release", "download_release_package"] {
        assert_eq!(actions(&run.db, action).await.len(), 1, "{name}: {action}");
    }
    let released = actions(&run.db, "release_record").await;
    assert_eq!(released[0].request_number.as_deref(), Some(number.as_str()), "{name}: the request's own audit trail shows it");
    let (_, register) = call(&info_head, base, "releases", json!({})).await;
    assert_eq!(register["releases"][0]["state_label"], "已调取", "{name}: the register");
    assert_eq!(register["may_register"], false, "{name}: leaders approve, the center registers");
    let (status, _) = call(&handler, base, "releases", json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}");
    run.db.drop_db().await;
}

on_both_backends!(records_are_released_only_with_the_right_approval);

/// Art. 3 (归档): an ended request is archived once quiet for the period,
/// leaves the work lists, is read-only, and the center still finds it.
async fn an_ended_request_is_archived_read_only_and_still_found(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let (agent, _) = login(base, "agent", PASSWORD).await;
    let number = register(&agent, base, "13933334444", "询问公司注册").await;
    let reject = json!({"number": number, "command": {"type": "reject", "reason": "out_of_scope", "basis": "《管理办法》第十二条第（一）项"}});
    let (status, v) = call(&agent, base, "apply_command", reject).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    let open = register(&agent, base, "13933334444", "路灯不亮").await;

    let now = chrono::Utc::now();
    assert_eq!(run.service.archive_ended(now).await.unwrap(), 0, "{name}: not quiet long enough");
    assert_eq!(run.service.archive_ended(now + chrono::Duration::days(91)).await.unwrap(), 1, "{name}: the ended one only");

    let (_, v) = call(&agent, base, "request_view", json!({"number": number})).await;
    assert_eq!(v["state"], "archived", "{name}: {v}");
    assert_eq!(v["allowed"], json!([]), "{name}: read-only");
    let (status, v) = call(&agent, base, "apply_command", json!({"number": number, "command": {"type": "tag", "tag": "key_item"}})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: {v}");
    assert!(v.to_string().contains("第三条"), "{name}: {v}");
    let (_, v) = call(&agent, base, "request_view", json!({"number": open})).await;
    assert_eq!(v["state"], "registered", "{name}: an open request stays as it is");

    let audit = actions(&run.db, "archive_request").await;
    assert_eq!(audit.len(), 1, "{name}: audited");
    assert_eq!(audit[0].request_number.as_deref(), Some(number.as_str()), "{name}");
    let (_, found) = call(&agent, base, "search", json!({"query": {"state": "archived"}})).await;
    assert_eq!(found["items"][0]["number"], number.as_str(), "{name}: the center finds it: {found}");
    run.db.drop_db().await;
}

on_both_backends!(an_ended_request_is_archived_read_only_and_still_found);

/// Art. 40 and the PIPL's retention: the requester's personal data of an
/// archived request goes once the retention is over; the request stays,
/// the number no longer finds it, and the erasure is audited.
async fn personal_data_is_erased_after_the_retention(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let (agent, _) = login(base, "agent", PASSWORD).await;
    let number = register(&agent, base, "13944445555", "询问户籍办理").await;
    let reject = json!({"number": number, "command": {"type": "reject", "reason": "out_of_scope", "basis": "《管理办法》第十二条第（一）项"}});
    assert_eq!(call(&agent, base, "apply_command", reject).await.0, StatusCode::OK, "{name}");
    let archived_at = chrono::Utc::now() + chrono::Duration::days(91);
    assert_eq!(run.service.archive_ended(archived_at).await.unwrap(), 1, "{name}");

    let almost = archived_at + chrono::Duration::days(5 * 365);
    assert_eq!(run.service.erase_expired_personal_data(almost).await.unwrap(), 0, "{name}: five years are not over yet");
    let after = archived_at + chrono::Duration::days(5 * 366);
    assert_eq!(run.service.erase_expired_personal_data(after).await.unwrap(), 1, "{name}");
    assert_eq!(run.service.erase_expired_personal_data(after).await.unwrap(), 0, "{name}: once");

    let (status, v) = call(&agent, base, "request_view", json!({"number": number})).await;
    assert_eq!(status, StatusCode::OK, "{name}: the request stays: {v}");
    assert_eq!(v["requester_phone"], "已删除", "{name}: {v}");
    assert_eq!(v["title"], "询问户籍办理", "{name}");
    let (_, history) = form_call(&agent, base, "caller_history", &[("phone", "13944445555")]).await;
    assert_eq!(history, json!([]), "{name}: the number no longer finds it");
    let stored = run.db.store.load_request(&number).await.unwrap().unwrap();
    assert!(!stored.row.snapshot.contains("13944445555") && !stored.row.snapshot.contains("张三"), "{name}: {}", stored.row.snapshot);
    let audit = actions(&run.db, "erase_requester_data").await;
    assert_eq!(audit.len(), 1, "{name}");
    assert_eq!(audit[0].request_number.as_deref(), Some(number.as_str()), "{name}");
    run.db.drop_db().await;
}

on_both_backends!(personal_data_is_erased_after_the_retention);

/// PIPL Art. 45, 46: a requester who proved the phone sees the personal
/// data each request holds and who looked at it in full; asks for a
/// correction; the center's reviewer (not another county's, not a unit)
/// corrects it through the request, the requester is told; a second
/// application is refused with a reason; all audited; erased with the rest.
async fn a_requester_sees_and_corrects_their_personal_data(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let (agent, _) = login(base, "agent", PASSWORD).await;
    let (reviewer, _) = login(base, "reviewer", PASSWORD).await;
    let (county, _) = login(base, "huocheng-reviewer", PASSWORD).await;
    let (handler, _) = login(base, "yining-handler", PASSWORD).await;
    let number = register(&agent, base, "13955556666", "小区噪音扰民").await;
    let (status, _) = call(&agent, base, "reveal_requester", json!({"number": number, "reason": "回访核实"})).await;
    assert_eq!(status, StatusCode::OK, "{name}");

    let mine = support::http::citizen_session(&run, "13955556666").await;
    let (status, data) = form_call(&mine, base, "citizen/my_data", &[]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {data}");
    let held = &data["requests"][0];
    assert_eq!((held["number"].as_str(), held["name"].as_str(), held["phone"].as_str()), (Some(number.as_str()), Some("张三"), Some("13955556666")), "{name}: {data}");
    assert_eq!((held["has_place"].clone(), held["address"].clone(), held["may_correct"].clone()), (json!(true), Value::Null, json!(true)), "{name}");
    assert_eq!(data["accesses"][0]["reason"], "回访核实", "{name}: the reveal is shown: {data}");
    assert!(!data.to_string().contains("agent"), "{name}: by unit, never the staff member's name: {data}");
    assert_eq!(actions(&run.db, "citizen_data_access").await.len(), 1, "{name}: the look is audited");
    let stranger = support::http::citizen_session(&run, "13800009999").await;
    let (_, theirs) = form_call(&stranger, base, "citizen/my_data", &[]).await;
    assert_eq!(theirs["requests"], json!([]), "{name}: another phone sees nothing of it");

    let ask = |n: &str, a: &str, r: &str| vec![("number", number.clone()), ("name", n.to_string()), ("address", a.to_string()), ("reason", r.to_string())];
    let post = |c: &Client, v: Vec<(&'static str, String)>| {
        let c = c.clone();
        let base = base.to_string();
        async move {
            let refs: Vec<(&str, &str)> = v.iter().map(|(k, v)| (*k, v.as_str())).collect();
            form_call(&c, &base, "citizen/ask_correction", &refs).await
        }
    };
    let (status, v) = post(&mine, ask("张叁", "解放路2号", "")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: a reason is needed: {v}");
    let (status, v) = post(&mine, ask("张三", "", "没有变化")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: nothing to correct: {v}");
    let (status, v) = post(&stranger, ask("李四", "", "不是我的")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{name}: only one's own request: {v}");
    let (status, v) = post(&mine, ask("张叁", "解放路2号", "登记时姓名写错了，地址也没记")).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    let (status, v) = post(&mine, ask("张叁", "", "再次申请")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: one pending at a time: {v}");

    let (status, _) = call(&handler, base, "corrections", json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}: not a unit's");
    let (status, theirs) = call(&county, base, "corrections", json!({})).await;
    assert_eq!((status, theirs["corrections"].clone()), (StatusCode::OK, json!([])), "{name}: another county sees none: {theirs}");
    let (status, register) = call(&reviewer, base, "corrections", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {register}");
    let c = &register["corrections"][0];
    let id = c["id"].as_i64().unwrap();
    assert_eq!(c["asked"], json!([["姓名", "张叁"], ["地址", "解放路2号"]]), "{name}: {c}");
    assert_eq!(c["held"], json!([["姓名", "张三"], ["地址", "（未登记）"]]), "{name}: compared with the record");
    assert_eq!((c["may_decide"].clone(), c["phone"].clone()), (json!(true), json!("139****6666")), "{name}");

    let decide = |correct: bool, note: &str| json!({"id": id, "correct": correct, "note": note});
    let (status, v) = call(&county, base, "decide_correction", decide(true, "")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{name}: not the county's request: {v}");
    let (status, v) = call(&reviewer, base, "decide_correction", decide(false, "")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: a refusal names its reason: {v}");
    let (status, v) = call(&reviewer, base, "decide_correction", decide(true, "已电话核实")).await;
    assert_eq!((status, v["status"].as_str()), (StatusCode::OK, Some("corrected")), "{name}: {v}");
    let (status, v) = call(&reviewer, base, "decide_correction", decide(false, "重复")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: answered once: {v}");
    let stored = run.db.store.load_request(&number).await.unwrap().unwrap();
    assert!(stored.row.snapshot.contains("张叁") && stored.row.snapshot.contains("解放路2号"), "{name}: the record says it now");
    let timeline = form_call(&mine, base, "citizen/track", &[("access", number.as_str())]).await.1.to_string();
    assert!(timeline.contains("应您的申请，更正了您的个人信息（姓名、地址）"), "{name}: in the timeline: {timeline}");
    let sent = run.db.store.recent_messages(50).await.unwrap();
    assert!(sent.iter().any(|e| e.message.kind == "data_corrected" && e.message.recipient == "13955556666"), "{name}: the requester is told");
    let audit = actions(&run.db, "correct_requester_data").await;
    assert_eq!((audit.len(), audit[0].username.as_str()), (1, "reviewer"), "{name}");
    assert_eq!(actions(&run.db, "ask_data_correction").await.len(), 1, "{name}");

    let (status, _) = post(&mine, ask("张三", "解放路2号", "还是改回去吧")).await;
    assert_eq!(status, StatusCode::OK, "{name}");
    let (_, register) = call(&reviewer, base, "corrections", json!({})).await;
    let second = register["corrections"][0]["id"].as_i64().unwrap();
    assert_ne!(second, id, "{name}: the unanswered one first");
    let (status, v) = call(&reviewer, base, "decide_correction", json!({"id": second, "correct": false, "note": "与身份证件不符"})).await;
    assert_eq!((status, v["status"].as_str()), (StatusCode::OK, Some("refused")), "{name}: {v}");
    let sent = run.db.store.recent_messages(50).await.unwrap();
    assert!(sent.iter().any(|e| e.message.kind == "data_correction_refused" && e.message.body.contains("与身份证件不符")), "{name}");
    let (_, data) = form_call(&mine, base, "citizen/my_data", &[]).await;
    let statuses: Vec<&str> = data["corrections"].as_array().unwrap().iter().map(|c| c["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, vec!["refused", "corrected"], "{name}: {data}");
    assert_eq!(data["corrections"][0]["answer"], "与身份证件不符", "{name}");
    assert_eq!(data["requests"][0]["name"], "张叁", "{name}");

    // Erased with the rest of the requester's data (Art. 40).
    let reject = json!({"number": number, "command": {"type": "reject", "reason": "out_of_scope", "basis": "《管理办法》第十二条第（一）项"}});
    assert_eq!(call(&agent, base, "apply_command", reject).await.0, StatusCode::OK, "{name}");
    let archived_at = chrono::Utc::now() + chrono::Duration::days(91);
    assert_eq!(run.service.archive_ended(archived_at).await.unwrap(), 1, "{name}");
    assert_eq!(run.service.erase_expired_personal_data(archived_at + chrono::Duration::days(5 * 366)).await.unwrap(), 1, "{name}");
    assert_eq!(run.db.store.corrections_of_phone("13955556666").await.unwrap(), vec![], "{name}: the applications went too");
    run.db.drop_db().await;
}

on_both_backends!(a_requester_sees_and_corrects_their_personal_data);

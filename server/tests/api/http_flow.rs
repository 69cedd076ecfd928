//! One complaint through the real HTTP server, on SQLite and on PostgreSQL:
//! an agent registers and dispatches it, the unit acknowledges and submits a
//! result with the Art. 22 fields, the reviewer approves, and the stored
//! events tell the whole story. Plus the ways bad input must fail cleanly.

use crate::support;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use server::service::Service;
use support::http::{call, client, command, form_call, login, staff, start};
use support::TestDb;

fn complaint() -> Value {
    json!({"new": {
        "channel": "phone",
        "type": "complaint",
        "category": "environment.noise",
        "title": "夜间施工噪音扰民",
        "content": "小区旁工地每天夜里十一点后仍在施工，噪音很大，影响休息。",
        "location": {"county": "伊宁市", "township": "墩买里街道", "address": "解放路1号"},
        "requester": {"name": "张三", "phone": "13812345678"}
    }})
}

async fn one_complaint_through_the_server(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let (agent, status) = login(base, "agent", server::seed::DEMO_PASSWORD).await;
    assert!(status.is_success() || status.is_redirection(), "{name}: login {status}");

    let (status, view) = call(&agent, base, "register_request", complaint()).await;
    assert_eq!(status, StatusCode::OK, "{name}: {view}");
    let number = view["number"].as_str().unwrap().to_string();
    assert_eq!(view["state"], "registered");
    assert_eq!(view["requester_phone"], "138****5678", "{name}: personal data is masked");
    assert!(!view.to_string().contains("13812345678"), "{name}: no full phone in the view");

    let v = command(&agent, base, &number, json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]})).await;
    assert_eq!(v["state"], "dispatched");

    // Another county's handler can neither see nor act on it.
    let other = staff(base, "huocheng-handler").await;
    let (status, _) = call(&other, base, "request_view", json!({"number": number})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{name}: out of scope is not found");
    let (status, _) = call(&other, base, "apply_command", json!({"number": number, "command": {"type": "acknowledge"}})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{name}");

    let handler = staff(base, "yining-handler").await;
    let v = command(&handler, base, &number, json!({"type": "acknowledge"})).await;
    assert_eq!(v["state"], "handling");
    // The command's answer, built from the request it changed, is the
    // request as the handler now loads it: the page needs no second trip.
    let (_, loaded) = call(&handler, base, "request_view", json!({"number": number})).await;
    assert_eq!(v, loaded, "{name}");
    assert_eq!(v["version"], 3, "{name}: registered, dispatched, acknowledged");
    assert_eq!(v["events"].as_array().map(Vec::len), Some(3), "{name}: {v}");
    // A result without the complaint's case-filing part is refused (Art. 22(3)).
    let now = chrono::Utc::now().to_rfc3339();
    let fields = json!({
        "handled_at": now, "unit": "yining", "handler": "阿依古丽",
        "result": "已责令施工单位停止夜间施工，并处以罚款。",
        "basis": "《中华人民共和国噪声污染防治法》第七十七条",
        "reply": {"method": "phone", "at": now, "summary": "已电话告知"}
    });
    let (status, refused) =
        call(&handler, base, "apply_command", json!({"number": number, "command": {"type": "submit_result", "result": fields}})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: {refused}");
    assert!(refused.to_string().contains("第二十二条"), "{name}: {refused}");
    let v = command(
        &handler,
        base,
        &number,
        json!({"type": "submit_result", "result": fields,
               "case_filing": {"status": "filed", "date": "2024-09-25", "record": {"case_number": "伊市监罚〔2024〕15号"}}}),
    )
    .await;
    assert_eq!(v["state"], "completion_review");

    let reviewer = staff(base, "reviewer").await;
    let v = command(&reviewer, base, &number, json!({"type": "review_completion", "approve": true})).await;
    assert_eq!(v["state"], "closed", "{name}");

    // The stored events tell the whole story, in order.
    let stored = run.db.store.load_request(&number).await.unwrap().unwrap();
    let kinds: Vec<String> = run.db.store.events(stored.id).await.unwrap().into_iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        ["registered", "dispatched", "acknowledged", "result_submitted", "completion_requested", "completion_approved"],
        "{name}"
    );
    assert_eq!(stored.row.state, "closed");

    // Revealing the requester is allowed for the agent and audited.
    let (status, revealed) = call(&agent, base, "reveal_requester", json!({"number": number, "reason": "回访核实"})).await;
    assert_eq!(status, StatusCode::OK, "{name}: {revealed}");
    assert_eq!(revealed["phone"], "13812345678");
    let audit = run.db.store.audit_for_request(&number).await.unwrap();
    assert_eq!(audit.len(), 1, "{name}: the reveal is audited");
    assert_eq!((audit[0].username.as_str(), audit[0].reason.as_deref()), ("agent", Some("回访核实")));
    run.db.drop_db().await;
}

async fn bad_input_fails_cleanly(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    // Wrong passwords and unknown users look the same.
    assert_eq!(login(base, "agent", "wrong-password").await.1, StatusCode::UNAUTHORIZED, "{name}");
    assert_eq!(login(base, "nobody", "wrong-password").await.1, StatusCode::UNAUTHORIZED, "{name}");
    // No session: 401, not a crash.
    let (status, body) = call(&client(), base, "apply_command", json!({"number": "YL2024092300001", "command": {"type": "acknowledge"}})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{name}: {body}");
    let agent = staff(base, "agent").await;
    // Malformed JSON, unknown command, bad number, invalid phone: 400 with a message.
    let res = agent.post(format!("{base}/api/apply_command")).header("content-type", "application/json").body("{not json").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{name}");
    let (status, _) = call(&agent, base, "apply_command", json!({"number": "YL2024092300001", "command": {"type": "teleport"}})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}");
    let (status, _) = call(&agent, base, "request_view", json!({"number": "not-a-number"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}");
    let (status, _) = call(&agent, base, "request_view", json!({"number": "YL2024092399999"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{name}");
    let mut bad_phone = complaint();
    bad_phone["new"]["requester"]["phone"] = json!("12345");
    let (status, body) = call(&agent, base, "register_request", bad_phone).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {body}");
    // Nothing was written by the refused registration.
    assert_eq!(run.db.store.count_requests_in_states(&[app::domain::state_code::StateCode::Registered]).await.unwrap(), 0, "{name}");
    // An oversized body is refused before it is read.
    let huge = "x".repeat(server::http::MAX_BODY_BYTES + 10);
    let res = agent.post(format!("{base}/api/login")).body(huge).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE, "{name}");
    // Unknown pages are a 404 page, not a crash.
    let res = agent.get(format!("{base}/no/such/page")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "{name}");
    // Issue 19 §1.7: a trailing slash is a 404 too (it once rendered without the backends: 500).
    for page in ["/staff/requests/", "/staff/inbox/", "/r/"] {
        let res = agent.get(format!("{base}{page}")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{name}: {page}");
    }
    // A multipart body without a boundary is the caller's mistake (it once panicked the reader).
    for kind in ["multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; charset=utf-8"] {
        let res = client().post(format!("{base}/api/citizen/check")).header("content-type", kind).body("--x\r\n").send().await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{name}: {kind}");
    }
    // A long malformed argument is not echoed back (it once made an empty 500).
    let long = format!("{{\"number\": \"{}\"", "9".repeat(100_000));
    let res = agent.post(format!("{base}/api/request_view")).header("content-type", "application/json").body(long).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{name}");
    let body = res.text().await.unwrap();
    assert!(body.len() < 300 && body.contains("transport") && !body.contains("99999"), "{name}: {}", &body[..body.len().min(300)]);
    run.db.drop_db().await;
}

#[tokio::test]
async fn a_complaint_through_the_server_on_sqlite() {
    one_complaint_through_the_server(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn a_complaint_through_the_server_on_postgres() {
    one_complaint_through_the_server(TestDb::postgres().await).await;
}

#[tokio::test]
async fn bad_input_fails_cleanly_on_sqlite() {
    bad_input_fails_cleanly(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn bad_input_fails_cleanly_on_postgres() {
    bad_input_fails_cleanly(TestDb::postgres().await).await;
}

/// Art. 31(5): a request that passes its deadline is supervised by the
/// background job, once.
async fn overdue_requests_are_supervised_once(db: TestDb) {
    let name = db.name;
    server::seed::seed_reference_data(&db.store).await.unwrap();
    let service = Service::new(db.store.clone()).await.unwrap();
    let agent = support::center_agent();
    let draft = serde_json::from_value(complaint()["new"].clone()).unwrap();
    let then = chrono::Utc::now() - chrono::Duration::days(40);
    let view = service.register_request_at(&agent, draft, then).await.unwrap();
    let dispatch = serde_json::from_value(json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]})).unwrap();
    service.apply_command_at(&agent, &view.number, dispatch, then + chrono::Duration::minutes(5)).await.unwrap();
    let now = chrono::Utc::now();
    assert_eq!(service.supervise_overdue(now).await.unwrap(), 1, "{name}");
    assert_eq!(service.supervise_overdue(now).await.unwrap(), 0, "{name}: only once");
    let stored = db.store.load_request(&view.number).await.unwrap().unwrap();
    let kinds: Vec<String> = db.store.events(stored.id).await.unwrap().into_iter().map(|e| e.kind).collect();
    assert_eq!(kinds.last().map(String::as_str), Some("supervision_opened"), "{name}");
    db.drop_db().await;
}

#[tokio::test]
async fn overdue_requests_are_supervised_on_sqlite() {
    overdue_requests_are_supervised_once(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn overdue_requests_are_supervised_on_postgres() {
    overdue_requests_are_supervised_once(TestDb::postgres().await).await;
}

/// Who may see and reveal what (SPEC §8), and that logging out ends the session.
async fn access_rules_hold(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let pw = server::seed::DEMO_PASSWORD;
    let agent = staff(base, "agent").await;
    let mut anonymous = complaint();
    anonymous["new"]["anonymous_to_unit"] = json!(true);
    let mut numbers = Vec::new();
    for body in [complaint(), anonymous] {
        let (status, v) = call(&agent, base, "register_request", body).await;
        assert_eq!(status, StatusCode::OK, "{name}: {v}");
        let number = v["number"].as_str().unwrap().to_string();
        command(&agent, base, &number, json!({"type": "dispatch", "targets": [{"unit": "yining-dunmaili", "role": "lead"}]})).await;
        numbers.push(number);
    }
    let (plain, anon) = (&numbers[0], &numbers[1]);

    // The county above the township sees both; the township's handler too.
    let county = staff(base, "yining-handler").await;
    let (status, v) = call(&county, base, "request_view", json!({"number": plain})).await;
    assert_eq!(status, StatusCode::OK, "{name}: a county sees its townships' requests");
    assert_eq!(v["requester_phone"], "138****5678");
    let (status, v) = call(&county, base, "request_view", json!({"number": anon})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["requester_phone"], "（匿名）", "{name}: anonymous toward the unit");
    assert!(!v.to_string().contains("13812345678"));
    // A unit may reveal a non-anonymous requester, with a reason; never an anonymous one.
    let (status, _) = call(&county, base, "reveal_requester", json!({"number": plain, "reason": "上门核实"})).await;
    assert_eq!(status, StatusCode::OK, "{name}");
    let (status, _) = call(&county, base, "reveal_requester", json!({"number": anon, "reason": "上门核实"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}");
    let (status, _) = call(&county, base, "reveal_requester", json!({"number": plain, "reason": "  "})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: a reveal needs a reason");
    assert_eq!(run.db.store.audit_for_request(plain).await.unwrap().len(), 1, "{name}: one audited reveal");
    // The analyst reads but never reveals.
    let analyst = staff(base, "analyst").await;
    let (status, _) = call(&analyst, base, "reveal_requester", json!({"number": plain, "reason": "统计"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}");
    // A handler cannot do the center's work: the domain refuses, naming the role.
    let (status, body) = call(&county, base, "apply_command", json!({"number": plain, "command": {"type": "reject", "reason": "out_of_scope", "basis": "第十二条"}})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: {body}");
    // Logging out ends the session on the server: the old cookie, replayed, is dead.
    let bare = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let res = bare
        .post(format!("{base}/api/login"))
        .form(&[("username", "yining-handler"), ("password", pw)])
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    assert!(cookie.starts_with("hotline_session="), "{name}: {cookie}");
    let view = |c: String| bare.post(format!("{base}/api/request_view")).header("cookie", c).json(&json!({"number": plain})).send();
    assert_eq!(view(cookie.clone()).await.unwrap().status(), StatusCode::OK, "{name}");
    let res = bare.post(format!("{base}/api/logout")).header("cookie", cookie.clone()).send().await.unwrap();
    assert!(res.status().is_success() || res.status().is_redirection(), "{name}");
    assert_eq!(view(cookie).await.unwrap().status(), StatusCode::UNAUTHORIZED, "{name}: the old cookie is dead");
    run.db.drop_db().await;
}

#[tokio::test]
async fn access_rules_hold_on_sqlite() {
    access_rules_hold(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn access_rules_hold_on_postgres() {
    access_rules_hold(TestDb::postgres().await).await;
}

async fn work_lists_are_scoped(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let agent = staff(base, "agent").await;
    let mut numbers = Vec::new();
    for unit in ["yining", "huocheng", ""] {
        let (status, v) = call(&agent, base, "register_request", complaint()).await;
        assert_eq!(status, StatusCode::OK, "{name}: {v}");
        let number = v["number"].as_str().unwrap().to_string();
        if !unit.is_empty() {
            command(&agent, base, &number, json!({"type": "dispatch", "targets": [{"unit": unit, "role": "lead"}]})).await;
        }
        numbers.push(number);
    }
    let listed = |v: &Value| -> Vec<String> {
        v["items"].as_array().unwrap().iter().map(|i| i["number"].as_str().unwrap().to_string()).collect()
    };
    // A county sees its own dispatch, not the other county's; the center sees both and what awaits acceptance.
    let yining = staff(base, "yining-handler").await;
    let (status, v) = form_call(&yining, base, "inbox", &[("filter", "to_acknowledge")]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    assert_eq!(listed(&v), [numbers[0].clone()], "{name}");
    assert_eq!(v["items"][0]["status"], "待签收", "{name}");
    assert_eq!(v["items"][0]["unit_name"], "伊宁市人民政府", "{name}");
    let (_, v) = form_call(&agent, base, "inbox", &[("filter", "open")]).await;
    assert_eq!(v["total"], 2, "{name}: {v}");
    let (_, v) = form_call(&agent, base, "inbox", &[("filter", "registered")]).await;
    assert_eq!(listed(&v), [numbers[2].clone()], "{name}");
    let (status, _) = form_call(&yining, base, "inbox", &[("filter", "registered")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{name}: acceptance is the center's");
    let (status, _) = form_call(&yining, base, "inbox", &[("filter", "everything")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}");
    // Nothing is overdue yet; after acknowledging it is in "handling".
    let (_, v) = form_call(&yining, base, "inbox", &[("filter", "overdue")]).await;
    assert_eq!(v["total"], 0, "{name}");
    command(&yining, base, &numbers[0], json!({"type": "acknowledge"})).await;
    let (_, v) = form_call(&yining, base, "inbox", &[("filter", "handling")]).await;
    assert_eq!(listed(&v), [numbers[0].clone()], "{name}");
    let (status, _) = form_call(&client(), base, "inbox", &[("filter", "open")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{name}");
    run.db.drop_db().await;
}

#[tokio::test]
async fn work_lists_are_scoped_on_sqlite() {
    work_lists_are_scoped(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn work_lists_are_scoped_on_postgres() {
    work_lists_are_scoped(TestDb::postgres().await).await;
}

//! The citizen portal through the real HTTP server, on SQLite and on
//! PostgreSQL: a form with mistakes comes back with its messages and nothing
//! lost, photos are checked and stripped, a double confirmation makes one
//! request, the requester tracks it by link and by number, staff close it,
//! the citizen rates it dissatisfied, sees the redo and its deadline, rates
//! again and is told of the callback; messages go through the outbox, and
//! "my requests" opens with a one-time code.

use crate::support;

use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use server::service::jobs::notify::{deliver_due, LogSender, Sender};
use server::store::OutboxMessage;
use support::http::{call, client, command, form_call, login, post_urlencoded, register_call, start};
use support::TestDb;

const PASSWORD: &str = server::seed::DEMO_PASSWORD;

use support::upload_dir;

/// A tiny JPEG whose EXIF segment carries a GPS position.
fn jpeg_with_gps() -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8];
    let exif = b"Exif\0\0GPSLatitude=43.9123";
    b.extend_from_slice(&[0xFF, 0xE1, 0x00, (exif.len() + 2) as u8]);
    b.extend_from_slice(exif);
    // The frame (SOF0): 8 bits, 1×1, one component.
    b.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00]);
    // The scan (SOS with its one-component header), two entropy bytes, the end.
    b.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0x34, 0xFF, 0xD9]);
    b
}

fn form(fields: &[(&str, &str)]) -> Form {
    fields.iter().fold(Form::new(), |f, (k, v)| f.text(k.to_string(), v.to_string()))
}

fn good_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("request_type", "help"),
        ("category", "urban.water"),
        ("title", "小区停水三天"),
        ("content", "阳光小区 3 号楼从周一开始停水，至今没有恢复，也没有通知。"),
        ("county", "伊宁市"),
        ("township", "墩买里街道"),
        ("address", "阳光小区 3 号楼"),
        ("name", "李四"),
        ("phone", "139 0000 1234"),
        ("consent", "on"),
    ]
}

/// Posts a form as a browser does (Accept: text/html) and returns the redirect target.
async fn post_form(c: &Client, base: &str, path: &str, form: Form) -> (StatusCode, String) {
    let (status, location, _) = post_form_with_cookie(c, base, path, form, None).await;
    (status, location)
}

/// The same, sending `cookie` as is; also returns the draft cookie the answer sets.
async fn post_form_with_cookie(c: &Client, base: &str, path: &str, form: Form, cookie: Option<&str>) -> (StatusCode, String, Option<String>) {
    let mut req = c.post(format!("{base}{path}")).header("accept", "text/html").header("referer", format!("{base}/submit"));
    if let Some(cookie) = cookie {
        req = req.header("cookie", cookie);
    }
    let res = req.multipart(form).send().await.unwrap();
    let location = res.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let draft = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.strip_prefix("hotline_draft="))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
        .next();
    (res.status(), location, draft)
}

/// A client that keeps no cookies: each call sends only what it is given.
fn bare_client() -> Client {
    Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn outbox(db: &TestDb) -> Vec<OutboxMessage> {
    db.store.recent_messages(100).await.unwrap().into_iter().map(|e| e.message).collect()
}

async fn track(c: &Client, base: &str, access: &str) -> Value {
    let (status, v) = form_call(c, base, "citizen/track", &[("access", access)]).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v
}

struct FailingSender;

#[async_trait::async_trait]
impl Sender for FailingSender {
    async fn send(&self, _id: i64, _m: &OutboxMessage) -> Result<(), String> {
        Err("gateway down".into())
    }
}

async fn citizen_journey(db: TestDb) {
    let name = db.name;
    let uploads = upload_dir();
    let run = start(db).await;
    let base = run.base.as_str();
    let citizen = client();

    // 1. A form with mistakes comes back to the form, with its messages and its text.
    let mut bad = good_fields();
    bad.retain(|(k, _)| *k != "title" && *k != "phone");
    let bad = form(&bad).text("phone", "12345");
    let (status, location, token) = post_form_with_cookie(&citizen, base, "/api/citizen/check", bad, None).await;
    assert_eq!(status, StatusCode::FOUND, "{name}");
    assert_eq!(location, "/submit?draft=1#errors", "{name}: no token in the address");
    let token = token.unwrap_or_else(|| panic!("{name}: the draft is bound to this browser by a cookie"));
    let (status, draft) = form_call(&citizen, base, "citizen/draft", &[]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {draft}");
    let fields: Vec<&str> = draft["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["title", "phone"], "{name}");
    assert_eq!(draft["form"]["content"], good_fields()[3].1, "{name}: what was typed is kept");

    // 2. A text file posing as a photo is refused beside the photo field; the rest is kept.
    let fake = Part::bytes(b"not an image at all".to_vec()).file_name("photo.jpg").mime_str("image/jpeg").unwrap();
    let retry = form(&good_fields()).text("continue", "1").part("photos", fake);
    let (_, location) = post_form(&citizen, base, "/api/citizen/check", retry).await;
    assert_eq!(location, "/submit?draft=1#errors", "{name}");
    let (_, draft) = form_call(&citizen, base, "citizen/draft", &[]).await;
    assert_eq!(draft["errors"][0]["field"], "photos", "{name}: {draft}");

    // 3. The corrected form with a real photo goes on to the check page; GPS is stripped.
    let photo = Part::bytes(jpeg_with_gps()).file_name("IMG_0001.JPG").mime_str("image/jpeg").unwrap();
    let good = form(&good_fields()).text("continue", "1").part("photos", photo);
    let (_, location, same) = post_form_with_cookie(&citizen, base, "/api/citizen/check", good, None).await;
    assert_eq!((location.as_str(), same.as_deref()), ("/submit/check", Some(token.as_str())), "{name}: the same draft continued");
    let (_, draft) = form_call(&citizen, base, "citizen/draft", &[]).await;
    assert_eq!(draft["errors"], json!([]), "{name}");
    let photo_id = draft["photos"][0]["id"].as_str().unwrap().to_string();
    let stored = std::fs::read(uploads.join(&photo_id)).unwrap();
    assert_eq!(&stored[..2], &[0xFF, 0xD8], "{name}: still a JPEG");
    assert!(!stored.windows(11).any(|w| w == b"GPSLatitude"), "{name}: GPS stripped before storing");

    // Draft fixation (issue 19 §1.1): no other browser reads or takes over this draft.
    // Without the cookie nothing is read, whatever else is sent.
    let stranger = client();
    let (status, _) = form_call(&stranger, base, "citizen/draft", &[("token", token.as_str())]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{name}: a token in the call is not a binding");
    // A form naming the draft (as a prepared link once made it) starts the stranger's own.
    let planted = form(&[("title", "别人的草稿"), ("draft", token.as_str()), ("continue", "1")]);
    let (_, _, theirs) = post_form_with_cookie(&stranger, base, "/api/citizen/check", planted, None).await;
    assert!(theirs.as_deref().is_some_and(|t| t != token), "{name}: {theirs:?}");
    let (_, draft) = form_call(&citizen, base, "citizen/draft", &[]).await;
    assert_eq!(draft["form"]["title"], "小区停水三天", "{name}: the citizen's draft is untouched");
    // A token chosen by the client (one the server never made) is never adopted.
    let chosen = "ab".repeat(32);
    let fixed = form(&[("title", "预先准备的链接"), ("continue", "1")]);
    let (_, _, given) = post_form_with_cookie(&bare_client(), base, "/api/citizen/check", fixed, Some(&format!("hotline_draft={chosen}"))).await;
    assert!(given.as_deref().is_some_and(|t| t != chosen && t.len() == 64), "{name}: {given:?}");

    // 4. A double tap on "confirm": one request, the same link for both.
    let confirm = || post_urlencoded(&citizen, base, "/api/citizen/confirm", &[]);
    let (first, second) = tokio::join!(confirm(), confirm());
    assert_eq!(first.0, StatusCode::FOUND, "{name}");
    assert!(first.1.starts_with("/r/YL") && first.1.ends_with("?new=1"), "{name}: {}", first.1);
    assert_eq!(first.1, second.1, "{name}: the same request twice");
    let (_, third) = confirm().await;
    assert_eq!(third, first.1, "{name}: a later retry too");
    let registered = run.db.store.requests_of_phone("13900001234", 10).await.unwrap();
    assert_eq!(registered.len(), 1, "{name}: one request");
    let link = first.1.trim_start_matches("/r/").trim_end_matches("?new=1").to_string();
    let number = registered[0].0.clone();
    // A confirmed draft is not read back, not even by its own browser.
    let (status, draft) = form_call(&citizen, base, "citizen/draft", &[]).await;
    assert_eq!((status, draft["submitted"].as_bool()), (StatusCode::OK, Some(true)), "{name}");
    assert!(!draft.to_string().contains("李四") && !draft.to_string().contains("1234") && !draft.to_string().contains(&link), "{name}: {draft}");
    // Nor continued: a new form from this browser is a new draft.
    let (_, _, next) = post_form_with_cookie(&citizen, base, "/api/citizen/check", form(&[("title", "另一件事"), ("continue", "1")]), None).await;
    assert!(next.as_deref().is_some_and(|t| t != token), "{name}");

    // 5. The private link shows the request, its deadline and the registration, nothing internal.
    let v = track(&citizen, base, &link).await;
    assert_eq!(v["number"], number, "{name}");
    assert_eq!(v["photos"], 1, "{name}");
    assert_eq!(v["due"]["what"], "答复", "{name}");
    assert!(v["timeline"][0]["text"].as_str().unwrap().contains(&number), "{name}: {v}");
    assert_eq!(v["actions"]["add_information"], true, "{name}");
    assert_eq!(v["actions"]["rate"], false, "{name}");
    let guessed = format!("{number}-{}", "0".repeat(32));
    let (status, _) = form_call(&citizen, base, "citizen/track", &[("access", guessed.as_str())]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{name}: a guessed link finds nothing");

    // 6. The registration message is in the outbox with the link; a failing sender keeps it for later.
    let messages = outbox(&run.db).await;
    let reg = messages.iter().find(|m| m.kind == "registered").expect("registered message");
    assert_eq!(reg.recipient, "13900001234");
    assert!(reg.body.contains(&number) && reg.body.contains(&format!("/r/{link}")), "{name}: {}", reg.body);
    let (sent, failed) = deliver_due(&run.db.store, &FailingSender, chrono::Utc::now()).await.unwrap();
    assert_eq!((sent, failed), (0, 1), "{name}");
    let entry = run.db.store.recent_messages(1).await.unwrap().remove(0);
    assert_eq!((entry.attempts, entry.last_error.as_deref(), entry.sent_at), (1, Some("gateway down"), None), "{name}");
    // Not due again before its backoff; then delivered.
    assert_eq!(deliver_due(&run.db.store, &LogSender, chrono::Utc::now()).await.unwrap(), (0, 0), "{name}");
    let later = chrono::Utc::now() + chrono::Duration::minutes(5);
    assert_eq!(deliver_due(&run.db.store, &LogSender, later).await.unwrap(), (1, 0), "{name}");

    // 7. By number and the phone's last four digits (wrong digits: an error beside the field).
    let (status, body) = form_call(&citizen, base, "citizen/find", &[("number", number.as_str()), ("last4", "9999")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}");
    assert_eq!(body["error"], "fields", "{name}: {body}");
    let (status, location) = post_urlencoded(&citizen, base, "/api/citizen/find", &[("number", &number), ("last4", "1234")]).await;
    assert_eq!(status, StatusCode::FOUND, "{name}");
    assert_eq!(location, format!("/r/{link}"), "{name}: the request's private link");

    // 8. The citizen adds information while it is handled.
    let (agent, _) = login(base, "agent", PASSWORD).await;
    command(&agent, base, &number, json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]})).await;
    let (handler, _) = login(base, "yining-handler", PASSWORD).await;
    command(&handler, base, &number, json!({"type": "acknowledge"})).await;
    let add = form(&[("access", &link), ("text", "今天早上来了一会儿水，又停了。")]);
    let (status, location) = post_form(&citizen, base, "/api/citizen/add", add).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, format!("/r/{link}#timeline").as_str()), "{name}");
    let (status, staff_view) = call(&handler, base, "request_view", json!({"number": number})).await;
    assert_eq!(status, StatusCode::OK);
    assert!(staff_view.to_string().contains("又停了"), "{name}: the unit sees the addition");

    // The unit sees the photo (stripped); another county and a stranger do not.
    let photo_url = format!("{base}/staff/photos/{photo_id}");
    let res = handler.get(&photo_url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{name}");
    assert_eq!(res.headers()["content-type"], "image/jpeg", "{name}");
    assert_eq!(res.bytes().await.unwrap().to_vec(), stored, "{name}: the stripped file");
    let (other, _) = login(base, "huocheng-handler", PASSWORD).await;
    assert_eq!(other.get(&photo_url).send().await.unwrap().status(), StatusCode::NOT_FOUND, "{name}");
    assert_eq!(client().get(&photo_url).send().await.unwrap().status(), StatusCode::UNAUTHORIZED, "{name}");

    // 9. Staff close it; the citizen is asked to rate and rates "dissatisfied": a redo with its deadline.
    let result = |redo: bool| {
        let now = chrono::Utc::now().to_rfc3339();
        let mut cmd = json!({"type": "submit_result", "result": {
            "handled_at": now, "unit": "yining", "handler": "阿依古丽",
            "result": "已协调供水公司抢修，今日恢复供水。", "basis": "《城市供水条例》第二十二条",
            "reply": {"method": "phone", "at": now, "summary": "已电话告知"}}});
        if redo {
            cmd["redo"] = json!({"option": "handle_again"});
        }
        cmd
    };
    command(&handler, base, &number, result(false)).await;
    let (reviewer, _) = login(base, "reviewer", PASSWORD).await;
    command(&reviewer, base, &number, json!({"type": "review_completion", "approve": true})).await;
    let v = track(&citizen, base, &link).await;
    assert_eq!((v["actions"]["rate"].clone(), v["rating_round"].clone()), (json!(true), json!(1)), "{name}: {v}");
    assert!(v["reply"].as_str().is_some(), "{name}: the reply is shown");
    assert!(outbox(&run.db).await.iter().any(|m| m.kind == "answered"), "{name}: rating invitation sent");
    let (status, body) = form_call(&citizen, base, "citizen/rate", &[("access", link.as_str()), ("rating", "excellent")]).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("fields")), "{name}: {body}");
    let (status, body) = form_call(&citizen, base, "citizen/rate", &[("access", link.as_str()), ("rating", "dissatisfied")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: 问题是否解决 is asked on every rating: {body}");
    assert!(body.to_string().contains("请选择问题是否解决"), "{name}: {body}");
    let v = track(&citizen, base, &link).await;
    assert_eq!(v["actions"]["rate"], true, "{name}: a refused rating records nothing");
    let (status, _) = post_urlencoded(
        &citizen,
        base,
        "/api/citizen/rate",
        &[("access", &link), ("rating", "dissatisfied"), ("resolution", "unresolved"), ("comment", "水还是时有时无")],
    )
    .await;
    assert_eq!(status, StatusCode::FOUND, "{name}");
    let v = track(&citizen, base, &link).await;
    assert_eq!(v["status"], "重新办理中", "{name}: {v}");
    assert_eq!(v["due"]["what"], "重新办理", "{name}: the redo deadline is shown");
    assert!(v["next_step"].as_str().unwrap().contains("重新办理"), "{name}");
    assert_eq!(v["actions"]["rate"], false, "{name}: once per round");

    // 10. The redone result, approved; the final rating, dissatisfied again: the center will call back.
    command(&handler, base, &number, result(true)).await;
    command(&reviewer, base, &number, json!({"type": "review_completion", "approve": true})).await;
    let v = track(&citizen, base, &link).await;
    assert_eq!(v["rating_round"], 2, "{name}: {v}");
    let (status, _) = form_call(&citizen, base, "citizen/rate", &[("access", link.as_str()), ("rating", "very_dissatisfied"), ("resolution", "partly")])
            .await;
    assert_eq!(status, StatusCode::OK, "{name}");
    let v = track(&citizen, base, &link).await;
    assert_eq!(v["status"], "等待热线中心回访", "{name}: {v}");
    assert!(v["next_step"].as_str().unwrap().contains("回访"), "{name}");
    let (status, body) = form_call(&citizen, base, "citizen/rate", &[("access", link.as_str()), ("rating", "satisfied"), ("resolution", "resolved")])
            .await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}: the second rating is final: {body}");

    // 11. Nothing internal on the citizen's page: no staff names, no internal notes.
    let page = track(&citizen, base, &link).await.to_string();
    assert!(!page.contains("阿依古丽") && !page.contains("yining-handler"), "{name}: {page}");

    // 12. "My requests": a one-time code through the outbox, a wrong code refused, the right one opens the list.
    let mine = client();
    let (status, location) = post_urlencoded(&mine, base, "/api/citizen/send_code", &[("phone", "13900001234")]).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/mine/code"), "{name}");
    let code_message = outbox(&run.db).await.into_iter().find(|m| m.kind == "code").expect("code message");
    let code: String = code_message.body.split("验证码是").nth(1).unwrap().chars().filter(|c| c.is_ascii_digit()).take(6).collect();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, body) = form_call(&mine, base, "citizen/verify_code", &[("code", wrong)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {body}");
    let (status, _) = form_call(&mine, base, "citizen/mine", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{name}");
    // Ten verifications with the right code at once (issue 19 §1.8): one session, the code used up.
    let right = [("code", code.as_str())];
    let verify = || post_urlencoded(&mine, base, "/api/citizen/verify_code", &right);
    let tries = futures::future::join_all((0..10).map(|_| verify())).await;
    let opened: Vec<&(StatusCode, String)> = tries.iter().filter(|(s, l)| *s == StatusCode::FOUND && l == "/mine").collect();
    assert_eq!(opened.len(), 1, "{name}: {tries:?}");
    let (status, list) = form_call(&mine, base, "citizen/mine", &[]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {list}");
    assert_eq!(list[0]["number"], number, "{name}");
    assert_eq!(track(&mine, base, &number).await["number"], number, "{name}: by number with the session");
    let (status, _) = form_call(&citizen, base, "citizen/track", &[("access", number.as_str())]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{name}: by number only with the session");

    // 13. Guessing numbers is rate-limited per address.
    let guesser = client();
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let (status, _) = form_call(&guesser, base, "citizen/find", &[("number", number.as_str()), ("last4", "0000")]).await;
        statuses.push(status);
    }
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS), "{name}: {statuses:?}");
    run.db.drop_db().await;
}

#[tokio::test]
async fn a_citizen_journey_on_sqlite() {
    citizen_journey(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn a_citizen_journey_on_postgres() {
    citizen_journey(TestDb::postgres().await).await;
}

/// Art. 24: a caller rates the call service itself on the portal, once,
/// invited by the registration's text message; the handling's rating is
/// separate and still to come.
async fn a_caller_rates_the_call_service(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let (agent, _) = login(base, "agent", PASSWORD).await;
    let number = register_call(&agent, base, json!({
        "channel": "phone", "type": "complaint", "title": "小区垃圾无人清运", "content": "垃圾堆了三天。",
        "location": {"county": "伊宁市"}, "requester": {"name": "王五", "phone": "13900005678"}
    })).await;
    let invited = outbox(&run.db).await.into_iter().any(|m| m.request_number.as_deref() == Some(number.as_str()) && m.body.contains("欢迎对本次话务服务进行评价"));
    assert!(invited, "{name}: the registration's text invites the rating");

    let citizen = client();
    let (status, location) = post_urlencoded(&citizen, base, "/api/citizen/find", &[("number", &number), ("last4", "5678")]).await;
    assert_eq!(status, StatusCode::FOUND, "{name}");
    let link = location.trim_start_matches("/r/").to_string();
    assert_eq!(track(&citizen, base, &link).await["actions"]["rate_call_service"], true, "{name}");
    let (status, body) = form_call(&citizen, base, "citizen/rate_call", &[("access", link.as_str())]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: a level must be chosen: {body}");
    let (status, body) = form_call(&citizen, base, "citizen/rate_call", &[("access", link.as_str()), ("rating", "satisfied")]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {body}");
    let view = track(&citizen, base, &link).await;
    assert_eq!(view["actions"]["rate_call_service"], false, "{name}: once");
    assert!(view["timeline"].to_string().contains("感谢您对热线话务服务的评价：满意。"), "{name}: {view}");
    assert_eq!(view["actions"]["rate"], false, "{name}: the handling is rated once it is answered");
    let (status, _) = form_call(&citizen, base, "citizen/rate_call", &[("access", link.as_str()), ("rating", "satisfied")]).await;
    assert_eq!(status, StatusCode::CONFLICT, "{name}");
    run.db.drop_db().await;
}

on_both_backends!(a_caller_rates_the_call_service);

//! The real HTTP server over a test database, and a client for its API.

use super::TestDb;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use server::service::Service;
use std::sync::Arc;

pub struct Running {
    pub base: String,
    pub db: TestDb,
    pub service: Arc<Service>,
}

pub async fn start(db: TestDb) -> Running {
    super::upload_dir();
    trust_the_local_proxy();
    server::seed::seed_reference_data(&db.store).await.expect("seed reference data");
    let service = Arc::new(Service::new(db.store.clone()).await.expect("service"));
    let base = serve(service.clone()).await;
    Running { base, db, service }
}

/// Another instance over the database of a started one, with its own
/// connections and its own memory (issue 16 §1).
pub struct Another {
    pub base: String,
    pub service: Arc<Service>,
}

pub async fn start_another(db: &TestDb) -> Another {
    let store = server::store::Store::connect(&db.url).await.expect("another store");
    let service = Arc::new(Service::new(store).await.expect("another service"));
    Another { base: serve(service.clone()).await, service }
}

async fn serve(service: Arc<Service>) -> String {
    server::service::live_relay::spawn(service.clone()).await.expect("live relay");
    let options = leptos::prelude::get_configuration(None).expect("leptos config").leptos_options;
    let app = server::http::router(options, service);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap() });
    base
}

/// The test client may say, as a reverse proxy on this machine would, whom
/// it forwards (`X-Forwarded-For`): the limits tests speak for many
/// addresses. Set before any request of the process reads it; without the
/// header a request is its peer's, as before.
fn trust_the_local_proxy() {
    static SET: std::sync::Once = std::sync::Once::new();
    SET.call_once(|| std::env::set_var("HOTLINE_TRUSTED_PROXIES", "127.0.0.1, ::1"));
}

pub fn client() -> Client {
    Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

pub async fn login(base: &str, username: &str, password: &str) -> (Client, StatusCode) {
    let c = client();
    let res = c
        .post(format!("{base}/api/login"))
        .form(&[("username", username), ("password", password)])
        .send()
        .await
        .unwrap();
    let status = res.status();
    (c, status)
}

/// A demo staff member, logged in with the demo password.
pub async fn staff(base: &str, username: &str) -> Client {
    let (c, status) = login(base, username, server::seed::DEMO_PASSWORD).await;
    assert!(status.is_success() || status.is_redirection(), "login as {username}: {status}");
    c
}

/// Registers a call taken by `agent` (a 伊宁市 caller, 张三 on 13812345678)
/// and returns its number; `fields` add to or replace the draft's fields.
pub async fn register_call(agent: &Client, base: &str, fields: Value) -> String {
    let mut new = json!({
        "channel": "phone", "type": "help", "title": "楼道灯坏了", "content": "楼道灯坏了一周。",
        "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
    });
    if let (Some(draft), Value::Object(extra)) = (new.as_object_mut(), fields) {
        draft.extend(extra);
    }
    let (status, v) = call(agent, base, "register_request", json!({"new": new})).await;
    assert_eq!(status, StatusCode::OK, "register: {v}");
    v["number"].as_str().expect("a number").to_string()
}

pub async fn call(c: &Client, base: &str, endpoint: &str, body: Value) -> (StatusCode, Value) {
    let res = c.post(format!("{base}/api/{endpoint}")).json(&body).send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

pub async fn command(c: &Client, base: &str, number: &str, cmd: Value) -> Value {
    let (status, body) = call(c, base, "apply_command", json!({"number": number, "command": cmd})).await;
    assert_eq!(status, StatusCode::OK, "{cmd} → {body}");
    body
}


/// Calls a form-encoded server function as the page's script does (JSON back, no redirect).
pub async fn form_call(c: &Client, base: &str, endpoint: &str, fields: &[(&str, &str)]) -> (StatusCode, Value) {
    let res = c.post(format!("{base}/api/{endpoint}")).form(fields).send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// A plain HTML form post, as a browser without the WASM sends it: the
/// status and where the answer redirects to.
pub async fn post_urlencoded(c: &Client, base: &str, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let res = c
        .post(format!("{base}{path}"))
        .header("accept", "text/html")
        .header("referer", format!("{base}/"))
        .form(fields)
        .send()
        .await
        .unwrap();
    let location = res.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (res.status(), location)
}

/// A citizen's "my requests" session for `phone`: the one-time code asked
/// for, read from the outbox, and entered.
pub async fn citizen_session(run: &Running, phone: &str) -> Client {
    let c = client();
    let (status, _) = post_urlencoded(&c, &run.base, "/api/citizen/send_code", &[("phone", phone)]).await;
    assert_eq!(status, StatusCode::FOUND, "code sent to {phone}");
    let messages = run.db.store.recent_messages(200).await.unwrap();
    let message = messages.into_iter().map(|e| e.message).find(|m| m.kind == "code" && m.recipient == phone).expect("code message");
    let code: String = message.body.split("验证码是").nth(1).unwrap().chars().filter(|c| c.is_ascii_digit()).take(6).collect();
    let (status, location) = post_urlencoded(&c, &run.base, "/api/citizen/verify_code", &[("code", &code)]).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/mine"), "code accepted for {phone}");
    c
}

//! The server's memory with many staff at their desks (issue 16 §2): 200
//! sessions, each holding an event stream open on the real `hotline serve`,
//! while changes are sent to them.

use crate::support::http::register_call;
use crate::support::processes::{gateway, serve_process, wait_ready, Instance};
use crate::support::TestDb;
use reqwest::{Client, Response};
use std::time::Duration;

const SESSIONS: usize = 200;

/// The process's resident memory now and at its peak, in MB.
fn rss_mb(instance: &Instance) -> (u64, u64) {
    let pid = instance.child.id().expect("the server runs");
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| -> u64 {
        status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap()
    };
    (field("VmRSS:") / 1024, field("VmHWM:") / 1024)
}

/// A client carrying a staff session made in the store (200 password
/// checks would measure argon2, not the streams).
async fn session_of(db: &TestDb, user_id: i64) -> Client {
    let token = server::auth::new_token();
    let now = chrono::Utc::now();
    db.store.insert_session(&server::auth::token_hash(&token), user_id, now, now + chrono::Duration::hours(8)).await.unwrap();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", format!("hotline_session={token}").parse().unwrap());
    Client::builder().default_headers(headers).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// Reads the stream until an event named `name` arrives (or 20 s pass).
async fn until_event(res: &mut Response, name: &str) -> bool {
    let mut seen = String::new();
    let wanted = format!("event: {name}");
    let read = async {
        while let Ok(Some(chunk)) = res.chunk().await {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains(&wanted) {
                return true;
            }
        }
        false
    };
    tokio::time::timeout(Duration::from_secs(20), read).await.unwrap_or(false)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_staff_streams_keep_the_server_small() {
    let db = TestDb::sqlite().await;
    server::seed::seed_reference_data(&db.store).await.unwrap();
    let users = db.store.users().await.unwrap();
    let agent = users.iter().find(|u| u.username == "agent").unwrap().id;
    let dir = tempfile::tempdir().unwrap();
    let (gateway_url, _) = gateway().await;
    let instance = serve_process(&db.url, dir.path(), 0, &gateway_url).await;
    wait_ready(&instance.base).await;
    let base = instance.base.as_str();
    let (at_start, _) = rss_mb(&instance);

    // Every fourth desk is the center's agent, who hears of every registration.
    let mut streams = Vec::new();
    for n in 0..SESSIONS {
        let id = if n % 4 == 0 { agent } else { users[n % users.len()].id };
        let res = session_of(&db, id).await.get(format!("{base}/staff/live")).send().await.unwrap();
        assert_eq!(res.status(), 200, "stream {n}");
        streams.push((n % 4 == 0, res));
    }
    for (_, res) in streams.iter_mut() {
        assert!(until_event(res, "ready").await, "every stream opens");
    }
    let registrar = session_of(&db, agent).await;
    for _ in 0..20 {
        register_call(&registrar, base, serde_json::json!({})).await;
    }
    for (center, res) in streams.iter_mut().filter(|(center, _)| *center) {
        assert!(*center && until_event(res, "change").await, "the agents' streams hear the registrations");
    }
    let (now, peak) = rss_mb(&instance);
    eprintln!("server RSS: {at_start} MB at start, {now} MB with {SESSIONS} open streams (peak {peak} MB)");
    assert!(peak <= 150, "{SESSIONS} staff streams took the server to {peak} MB");
}

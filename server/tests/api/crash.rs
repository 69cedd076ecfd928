//! Crash safety, proven (issue 16 §3): a `hotline serve` process is killed
//! with SIGKILL at a random moment while agents register calls (each with
//! its idempotency key) and citizens confirm drafts, twenty times over one
//! store. Each next process first retries what got no answer — the same
//! key, the same draft — and in the end: every registration acknowledged
//! to a client is there exactly once, every retry gave the request of its
//! first try, the numbers' daily sequence has no duplicate, the search
//! index has caught up, and every text message reached the gateway (at
//! least once; the gateway tells repeats by their id).

use crate::support::http::client;
use crate::support::processes::{eventually, gateway, serve_process, wait_ready};
use crate::support::TestDb;
use rand::Rng;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use sqlx::Row;
use std::time::Duration;

const ROUNDS: usize = 20;

/// A staff registration: its key, title and the number it was answered with.
#[derive(Clone, Debug)]
struct Call {
    round: usize,
    key: String,
    title: String,
    number: Option<String>,
}

/// A citizen's draft: their browser (its cookie), title and the link the
/// confirmation answered with.
#[derive(Clone, Debug)]
struct Draft {
    round: usize,
    browser: Client,
    address: String,
    title: String,
    link: Option<String>,
}

async fn register(agent: &Client, base: &str, call: &Call) -> Option<String> {
    let new = json!({
        "channel": "phone", "type": "help", "title": call.title, "content": "楼道灯坏了一周，晚上出入不便。",
        "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
    });
    let res = agent.post(format!("{base}/api/register_request")).json(&json!({"new": new, "key": call.key})).send().await.ok()?;
    if res.status() != StatusCode::OK {
        return None;
    }
    res.json::<Value>().await.ok()?["number"].as_str().map(str::to_string)
}

async fn new_key(agent: &Client, base: &str) -> Option<String> {
    let res = agent.post(format!("{base}/api/registration_key")).json(&json!({})).send().await.ok()?;
    res.json::<Value>().await.ok()?.as_str().map(str::to_string)
}

/// Sends the citizen's form; the draft is kept in the browser's cookie.
async fn check(base: &str, draft: &Draft, n: usize) -> bool {
    let phone = format!("139{:08}", 10_000_000 + n);
    let fields = [
        ("request_type", "help"),
        ("category", "urban.water"),
        ("title", draft.title.as_str()),
        ("content", "小区从周一开始停水，至今没有恢复，也没有通知。"),
        ("county", "伊宁市"),
        ("name", "李四"),
        ("phone", phone.as_str()),
        ("consent", "on"),
    ];
    let form = fields.iter().fold(reqwest::multipart::Form::new(), |f, (k, v)| f.text(k.to_string(), v.to_string()));
    let sent = draft
        .browser
        .post(format!("{base}/api/citizen/check"))
        .header("accept", "text/html")
        .header("referer", format!("{base}/submit"))
        .header("x-forwarded-for", &draft.address)
        .multipart(form)
        .send()
        .await;
    sent.is_ok_and(|r| r.headers().get("location").is_some_and(|l| l == "/submit/check"))
}

async fn confirm(base: &str, draft: &Draft) -> Option<String> {
    let res = draft
        .browser
        .post(format!("{base}/api/citizen/confirm"))
        .header("accept", "text/html")
        .header("referer", format!("{base}/submit/check"))
        .header("x-forwarded-for", &draft.address)
        .form(&[] as &[(&str, &str)])
        .send()
        .await
        .ok()?;
    let location = res.headers().get("location")?.to_str().ok()?;
    location.starts_with("/r/").then(|| location.trim_end_matches("?new=1").to_string())
}

fn browser() -> Client {
    Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

on_both_backends!(a_server_killed_at_random_moments_loses_nothing);

async fn a_server_killed_at_random_moments_loses_nothing(db: TestDb) {
    let name = db.name;
    server::seed::seed_reference_data(&db.store).await.unwrap();
    let (gateway_url, received) = gateway().await;
    let dir = tempfile::tempdir().unwrap();
    let mut calls: Vec<Call> = Vec::new();
    let mut drafts: Vec<Draft> = Vec::new();
    let mut kills = 0;
    let mut last = None;
    for round in 0..=ROUNDS {
        let mut instance = serve_process(&db.url, dir.path(), 0, &gateway_url).await;
        let base = instance.base.clone();
        wait_ready(&base).await;
        let agent = browser();
        let login = agent.post(format!("{base}/api/login")).form(&[("username", "agent"), ("password", server::seed::DEMO_PASSWORD)]).send().await.unwrap();
        assert!(login.status().is_success() || login.status().is_redirection(), "{name}: login {}", login.status());

        // The last round's work is sent again, as a client that lost its
        // answer would: an acknowledged one is answered with the same
        // request, one that got no answer gets one.
        for call in calls.iter_mut().filter(|c| c.round + 1 == round) {
            let again = register(&agent, &base, call).await;
            assert!(again.is_some(), "{name}: a retried registration is answered");
            if call.number.is_some() {
                assert_eq!(again, call.number, "{name}: the retry is the first request");
            }
            call.number = again;
        }
        for draft in drafts.iter_mut().filter(|d| d.round + 1 == round) {
            let again = confirm(&base, draft).await;
            assert!(again.is_some(), "{name}: a retried confirmation is answered: {}", draft.title);
            if draft.link.is_some() {
                assert_eq!(again, draft.link, "{name}: the retry is the first request");
            }
            draft.link = again;
        }
        if round == ROUNDS {
            last = Some(instance);
            break;
        }

        // Agents and citizens at work; the server dies under them.
        let mut work = Vec::new();
        for lane in 0..3 {
            let (agent, base) = (agent.clone(), base.clone());
            work.push(tokio::spawn(async move {
                let mut done = Vec::new();
                for i in 0..200 {
                    let Some(key) = new_key(&agent, &base).await else { break };
                    let mut call = Call { round, key, title: format!("楼道灯坏了 {round}-{lane}-{i}"), number: None };
                    call.number = register(&agent, &base, &call).await;
                    let stop = call.number.is_none();
                    done.push(call);
                    if stop {
                        break;
                    }
                }
                done
            }));
        }
        let citizens = {
            let base = base.clone();
            let first = drafts.len();
            tokio::spawn(async move {
                let mut done = Vec::new();
                for i in 0..200 {
                    let n = first + i;
                    let draft = Draft { round, browser: browser(), address: format!("198.51.{}.{}", n / 250, n % 250 + 1), title: format!("小区停水 {round}-{i}"), link: None };
                    if !check(&base, &draft, n).await {
                        break;
                    }
                    let mut draft = draft;
                    draft.link = confirm(&base, &draft).await;
                    let stop = draft.link.is_none();
                    done.push(draft);
                    if stop {
                        break;
                    }
                }
                done
            })
        };
        let wait = rand::thread_rng().gen_range(50..600);
        tokio::time::sleep(Duration::from_millis(wait)).await;
        instance.child.start_kill().unwrap();
        instance.child.wait().await.unwrap();
        kills += 1;
        for lane in work {
            calls.extend(lane.await.unwrap());
        }
        drafts.extend(citizens.await.unwrap());
    }
    assert_eq!(kills, ROUNDS);
    assert!(calls.len() > ROUNDS && drafts.len() > ROUNDS, "{name}: work was done: {} calls, {} drafts", calls.len(), drafts.len());

    // The last process is still up: everything acknowledged is there once.
    let pool = db.store.pool().clone();
    let count = |title: String| {
        let pool = pool.clone();
        async move { sqlx::query("SELECT COUNT(*) FROM requests WHERE title = $1").bind(title).fetch_one(&pool).await.unwrap().get::<i64, _>(0) }
    };
    for c in &calls {
        assert_eq!(count(c.title.clone()).await, 1, "{name}: {} registered once", c.title);
    }
    for d in &drafts {
        assert_eq!(count(d.title.clone()).await, 1, "{name}: {} submitted once", d.title);
    }
    let (rows, distinct): (i64, i64) = {
        let r = sqlx::query("SELECT COUNT(*), COUNT(DISTINCT number) FROM requests").fetch_one(&pool).await.unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!(rows, distinct, "{name}: no number twice");

    // The index caught up; every message reached the gateway.
    let base = last.as_ref().map(|i| i.base.clone()).unwrap_or_default();
    eventually("the search index catches up", || {
        let url = format!("{base}/readyz");
        async move {
            let ready: Option<Value> = async { client().get(url).send().await.ok()?.json().await.ok() }.await;
            ready.is_some_and(|r| r["search_queued"] == 0)
        }
    })
    .await;
    let pending = || {
        let pool = pool.clone();
        async move { sqlx::query("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").fetch_one(&pool).await.unwrap().get::<i64, _>(0) }
    };
    eventually("every message is sent", || {
        let pending = pending();
        async move { pending.await == 0 }
    })
    .await;
    let sent: Vec<i64> = sqlx::query("SELECT id FROM outbox ORDER BY id").fetch_all(&pool).await.unwrap().iter().map(|r| r.get(0)).collect();
    let mut got = received.lock().unwrap().clone();
    got.sort_unstable();
    got.dedup();
    assert!(!sent.is_empty(), "{name}: the registrations sent messages");
    assert_eq!(got, sent, "{name}: every message reached the gateway");
    drop(last);
    db.drop_db().await;
}

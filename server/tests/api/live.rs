//! Live updates and notification lists through the real server: a change
//! reaches the open streams of the users who may see the request and no
//! one else's; the unit it was dispatched to has a new notice, which counts
//! as seen once the list is opened.

use crate::support;

use reqwest::{Response, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;
use support::http::{call, client, command, form_call, staff, start, start_another};
use support::TestDb;

fn complaint() -> Value {
    json!({"new": {
        "channel": "phone",
        "type": "complaint",
        "title": "夜间施工噪音扰民",
        "content": "小区旁工地每天夜里十一点后仍在施工，噪音很大，影响休息。",
        "location": {"county": "伊宁市", "township": "墩买里街道", "address": "解放路1号"},
        "requester": {"name": "张三", "phone": "13812345678"}
    }})
}

/// An open event stream and what has arrived but not been read yet.
struct Stream {
    res: Response,
    buf: String,
}

impl Stream {
    async fn open(c: &reqwest::Client, base: &str) -> Stream {
        let res = c.get(format!("{base}/staff/live")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
        let mut s = Stream { res, buf: String::new() };
        assert_eq!(s.next().await.0, "ready");
        s
    }

    /// The next named event (keep-alive comments are skipped): (event, data).
    async fn next(&mut self) -> (String, String) {
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let field = |name: &str| {
                    block.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim_start().to_string())
                };
                if let Some(event) = field("event:") {
                    return (event, field("data:").unwrap_or_default());
                }
                continue;
            }
            let chunk = tokio::time::timeout(Duration::from_secs(10), self.res.chunk())
                .await
                .expect("no event within 10 s")
                .unwrap()
                .expect("stream ended");
            self.buf.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// The number of the next change.
    async fn next_change(&mut self) -> String {
        let (event, data) = self.next().await;
        assert_eq!(event, "change", "{data}");
        serde_json::from_str::<Value>(&data).unwrap()["number"].as_str().unwrap().to_string()
    }
}

async fn changes_reach_only_their_scope(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let agent = staff(base, "agent").await;
    let yining = staff(base, "yining-handler").await;
    let huocheng = staff(base, "huocheng-handler").await;
    let mut center_live = Stream::open(&agent, base).await;
    let mut yining_live = Stream::open(&yining, base).await;
    let mut huocheng_live = Stream::open(&huocheng, base).await;

    let mut numbers = Vec::new();
    for unit in ["yining", "huocheng"] {
        let (status, v) = call(&agent, base, "register_request", complaint()).await;
        assert_eq!(status, StatusCode::OK, "{name}: {v}");
        let number = v["number"].as_str().unwrap().to_string();
        command(&agent, base, &number, json!({"type": "dispatch", "targets": [{"unit": unit, "role": "lead"}]})).await;
        numbers.push(number);
    }
    // The center hears of everything, in order: two registrations, two dispatches.
    for expected in [&numbers[0], &numbers[0], &numbers[1], &numbers[1]] {
        assert_eq!(&center_live.next_change().await, expected, "{name}");
    }
    // Each county hears of its own dispatch only (the stream is in order,
    // so the first change Huocheng hears is its own: Yining's never came).
    assert_eq!(yining_live.next_change().await, numbers[0], "{name}");
    assert_eq!(huocheng_live.next_change().await, numbers[1], "{name}");
    command(&yining, base, &numbers[0], json!({"type": "acknowledge"})).await;
    assert_eq!(yining_live.next_change().await, numbers[0], "{name}");
    command(&huocheng, base, &numbers[1], json!({"type": "acknowledge"})).await;
    assert_eq!(huocheng_live.next_change().await, numbers[1], "{name}");

    // No session, no stream.
    let res = client().get(format!("{base}/staff/live")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{name}");

    // The dispatch left a notice for Yining, unseen until the list is opened.
    let (status, unseen) = form_call(&yining, base, "unseen_notices", &[]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {unseen}");
    assert_eq!(unseen, json!(1), "{name}");
    let (_, list) = form_call(&yining, base, "notices", &[]).await;
    let list = list.as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 1, "{name}: {list:?}");
    assert_eq!(list[0]["number"], numbers[0].as_str(), "{name}");
    assert_eq!(list[0]["kind"], "dispatched", "{name}");
    assert_eq!(list[0]["new"], true, "{name}");
    let (_, unseen) = form_call(&yining, base, "unseen_notices", &[]).await;
    assert_eq!(unseen, json!(0), "{name}");
    let (_, list) = form_call(&yining, base, "notices", &[]).await;
    assert_eq!(list[0]["new"], false, "{name}: seen once opened");
    // Huocheng's list has only its own dispatch.
    let (_, list) = form_call(&huocheng, base, "notices", &[]).await;
    let numbers_listed: Vec<&str> = list.as_array().unwrap().iter().map(|n| n["number"].as_str().unwrap()).collect();
    assert_eq!(numbers_listed, [numbers[1].as_str()], "{name}");
    run.db.drop_db().await;
}

on_both_backends!(changes_reach_only_their_scope);

/// Three instances on one PostgreSQL (issue 16 §1): a change made through
/// one reaches the streams held by the others, still only within scope.
#[tokio::test]
async fn changes_cross_instances_on_postgres() {
    let run = start(TestDb::postgres().await).await;
    let one = run.base.as_str();
    let two = start_another(&run.db).await;
    let three = start_another(&run.db).await;
    let (two, three) = (two.base.as_str(), three.base.as_str());
    let agent = staff(one, "agent").await;
    let yining = staff(three, "yining-handler").await;
    let huocheng = staff(two, "huocheng-handler").await;
    let mut center_live = Stream::open(&agent, one).await;
    let mut yining_live = Stream::open(&yining, three).await;
    let mut huocheng_live = Stream::open(&huocheng, two).await;

    // Registered and dispatched through instance 1; Yining's stream is on instance 3.
    let (status, v) = call(&agent, one, "register_request", complaint()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let number = v["number"].as_str().unwrap().to_string();
    command(&agent, one, &number, json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]})).await;
    assert_eq!(yining_live.next_change().await, number);
    // Acknowledged through instance 3: the center's stream on instance 1 hears both.
    command(&yining, three, &number, json!({"type": "acknowledge"})).await;
    for _ in 0..3 {
        assert_eq!(center_live.next_change().await, number);
    }
    // Huocheng, on instance 2, heard none of it: the first change it hears is its own.
    let (_, v) = call(&agent, two, "register_request", complaint()).await;
    let theirs = v["number"].as_str().unwrap().to_string();
    command(&agent, two, &theirs, json!({"type": "dispatch", "targets": [{"unit": "huocheng", "role": "lead"}]})).await;
    assert_eq!(huocheng_live.next_change().await, theirs);
    run.db.drop_db().await;
}

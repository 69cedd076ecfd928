//! Several instances on one PostgreSQL (issue 16 §1): three running the
//! statistics pass at once count each change once; a periodic job's pass
//! runs on one instance at a time, and an instance that dies mid-pass lets
//! the others go on. (Live updates across instances: `live.rs`; rate
//! limits: `limits.rs`.)

use crate::support::TestDb;
use app::domain::deadline::cst_date;
use app::domain::indicators::{Counter, Period};
use chrono::{Duration, Utc};
use server::service::stats::{Breakdown, RollupScope, StatsScope};
use server::search::{DocKind, Filter, SearchIndex};
use server::service::Service;
use server::store::{Store, Turn};
use std::time::Duration as StdDuration;

#[tokio::test]
async fn three_instances_count_each_change_once_on_postgres() {
    let db = TestDb::postgres().await;
    server::seed::seed_demo(&db.url, 0).await.unwrap();
    assert!(db.store.stat_queue_len().await.unwrap() > 0, "the demo's changes wait for the statistics");
    let mut instances = Vec::new();
    for _ in 0..3 {
        instances.push(Service::new(Store::connect(&db.url).await.unwrap()).await.unwrap());
    }
    let now = Utc::now();
    let passes = instances.iter().map(|s| s.catch_up_rollups(now, usize::MAX));
    let counted: u64 = futures::future::join_all(passes).await.into_iter().map(Result::unwrap).sum();
    assert!(counted > 0);
    let today = cst_date(now);
    let period = Period::new(today - Duration::days(400), today + Duration::days(40)).unwrap();
    let recount = instances[0].recount(period, &StatsScope::default(), now).await.unwrap();
    let rolled = instances[1].rollup(period, &RollupScope::Prefecture, Breakdown::All).await.unwrap().remove("").unwrap_or_default();
    assert!(recount.get(Counter::Registered) > 0);
    assert_eq!(rolled, recount, "each change counted once");
    db.drop_db().await;
}

#[tokio::test]
async fn a_job_runs_on_one_instance_at_a_time_on_postgres() {
    let db = TestDb::postgres().await;
    let other = Store::connect(&db.url).await.unwrap();
    let (started, has_started) = tokio::sync::oneshot::channel();
    let (finish, may_finish) = tokio::sync::oneshot::channel::<()>();
    let store = db.store.clone();
    let holder = tokio::spawn(async move {
        store
            .exclusive("test-job", Turn::Skip, async move {
                let _ = started.send(());
                let _ = may_finish.await;
                Ok(1)
            })
            .await
            .unwrap()
    });
    has_started.await.unwrap();
    // The others skip that job while it runs, not another one.
    assert_eq!(other.exclusive("test-job", Turn::Skip, async { Ok(2) }).await.unwrap(), None);
    assert_eq!(other.exclusive("another-job", Turn::Skip, async { Ok(3) }).await.unwrap(), Some(3));
    // One that must do it waits for its turn.
    let waiting = other.clone();
    let waiter = tokio::spawn(async move { waiting.exclusive("test-job", Turn::Wait, async { Ok(4) }).await.unwrap() });
    tokio::time::sleep(StdDuration::from_millis(300)).await;
    assert!(!waiter.is_finished(), "waits while the job runs elsewhere");
    finish.send(()).unwrap();
    assert_eq!(holder.await.unwrap(), Some(1));
    assert_eq!(waiter.await.unwrap(), Some(4));

    // An instance that dies mid-pass (its task gone, its transaction with it) lets go.
    let store = db.store.clone();
    let (holding, holds) = tokio::sync::oneshot::channel();
    let dying = tokio::spawn(async move {
        let work = async move {
            let _ = holding.send(());
            std::future::pending::<anyhow::Result<()>>().await
        };
        store.exclusive("test-job", Turn::Skip, work).await
    });
    holds.await.unwrap();
    assert_eq!(other.exclusive("test-job", Turn::Skip, async { Ok(5) }).await.unwrap(), None, "held by the dying one");
    dying.abort();
    let mut taken = None;
    for _ in 0..50 {
        taken = other.exclusive("test-job", Turn::Skip, async { Ok(6) }).await.unwrap();
        if taken.is_some() {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    assert_eq!(taken, Some(6), "taken over once the dead one's transaction ended");
    other.close().await;
    db.drop_db().await;
}

on_both_backends!(each_instance_index_takes_in_every_change);

/// Two instances, each with its own search index: a request registered
/// through one is found by the other once its indexer has run; an
/// instance whose place in the queue was purged while it was down
/// rebuilds and finds everything.
async fn each_instance_index_takes_in_every_change(db: TestDb) {
    let name = db.name;
    server::seed::seed_reference_data(&db.store).await.unwrap();
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = Service::with_index(db.store.clone(), SearchIndex::open(dir_a.path()).unwrap()).await.unwrap();
    let b = Service::with_index(Store::connect(&db.url).await.unwrap(), SearchIndex::open(dir_b.path()).unwrap()).await.unwrap();
    a.catch_up_index().await.unwrap();
    b.catch_up_index().await.unwrap();
    let register = |title: &str| {
        let draft: app::domain::request::RequestDraft = serde_json::from_value(serde_json::json!({
            "channel": "phone", "type": "complaint", "title": title, "content": format!("{title}，请尽快处理。"),
            "location": {"county": "伊宁市"}, "requester": {"name": "王五", "phone": "13912345678"}
        }))
        .unwrap();
        let agent = crate::support::center_agent();
        let a = &a;
        async move { a.register_request_at(&agent, draft, Utc::now()).await.unwrap().number }
    };
    let found = |s: &Service, text: &str| {
        let requests = Filter { kind: Some(DocKind::Request), ..Filter::default() };
        let hits = s.search_index().search(text, &Default::default(), &requests, 10, 0, false).unwrap();
        hits.hits.into_iter().map(|h| h.key).collect::<Vec<_>>()
    };

    let heating = register("供暖温度不达标").await;
    b.catch_up_index().await.unwrap();
    assert_eq!(found(&b, "供暖温度"), [heating.clone()], "{name}: found through the other instance");
    a.catch_up_index().await.unwrap();
    assert_eq!(found(&a, "供暖温度"), [heating], "{name}: and through its own");

    // B is down while A registers more and the queue is purged past B's place.
    let water = register("自来水停水三天").await;
    register("楼道灯坏了一周").await;
    a.catch_up_index().await.unwrap();
    // (The newest key stays, so that a place behind it is seen to be missing.)
    assert!(db.store.purge_search_queue(Utc::now() + Duration::seconds(1)).await.unwrap() > 0);
    let road = register("道路坑洼积水严重").await;
    b.catch_up_index().await.unwrap();
    assert_eq!(found(&b, "停水"), [water], "{name}: rebuilt, it holds what it never read");
    assert_eq!(found(&b, "道路坑洼"), [road.clone()], "{name}");
    a.catch_up_index().await.unwrap();
    assert_eq!(found(&a, "道路坑洼"), [road], "{name}: A read on from its place");
    db.drop_db().await;
}

/// Three `hotline serve` processes on one PostgreSQL database (issue 16
/// §1): the overdue sweep each runs at its start supervises a request once
/// (the outcome; that a pass runs on one instance at a time is proven by
/// `a_job_runs_on_one_instance_at_a_time_on_postgres`, as the sweeps here
/// may well run one after another);
/// every text message reaches the gateway once; a search through one finds
/// what was registered through another; killing one (SIGKILL) loses none
/// of the registrations it or the others acknowledged, and the others go on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_serve_processes_share_one_postgres() {
    use crate::support::http::{call, register_call, staff};
    use crate::support::processes::{eventually, gateway, serve_process, wait_ready};
    use sqlx::Row;
    let db = TestDb::postgres().await;
    server::seed::seed_demo(&db.url, 0).await.unwrap();
    let before: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) FROM outbox").fetch_one(db.store.pool()).await.unwrap().get(0);
    // A complaint dispatched 40 days ago: overdue, not yet supervised, when the instances start.
    let overdue = {
        let service = Service::new(db.store.clone()).await.unwrap();
        let agent = crate::support::center_agent();
        let then = Utc::now() - Duration::days(40);
        let draft = serde_json::from_value(serde_json::json!({
            "channel": "phone", "type": "complaint", "title": "小区门口垃圾无人清运", "content": "垃圾堆了一个月没人清运。",
            "location": {"county": "伊宁市"}, "requester": {"name": "赵六", "phone": "13712345678"}
        }))
        .unwrap();
        let number = service.register_request_at(&agent, draft, then).await.unwrap().number;
        let dispatch = serde_json::from_value(serde_json::json!({"type": "dispatch", "targets": [{"unit": "yining", "role": "lead"}]})).unwrap();
        service.apply_command_at(&agent, &number, dispatch, then + Duration::hours(1)).await.unwrap();
        number
    };
    let pool = db.store.pool().clone();
    let count = |sql: &'static str, number: Option<String>| {
        let pool = pool.clone();
        async move {
            let q = sqlx::query(sql);
            let q = match number {
                Some(n) => q.bind(n),
                None => q,
            };
            q.fetch_one(&pool).await.unwrap().get::<i64, _>(0)
        }
    };
    const SUPERVISED: &str = "SELECT COUNT(*) FROM events e JOIN requests r ON r.id = e.request_id WHERE r.number = $1 AND e.kind = 'supervision_opened'";
    assert_eq!(count(SUPERVISED, Some(overdue.clone())).await, 0);

    let (gateway_url, received) = gateway().await;
    let dir = tempfile::tempdir().unwrap();
    let mut instances = Vec::new();
    for n in 0..3 {
        instances.push(serve_process(&db.url, dir.path(), n, &gateway_url).await);
    }
    for i in &instances {
        wait_ready(&i.base).await;
    }
    eventually("the overdue request is supervised", || {
        let c = count(SUPERVISED, Some(overdue.clone()));
        async move { c.await >= 1 }
    })
    .await;

    // Registrations through each instance; a search through another finds each.
    let agents = [staff(&instances[0].base, "agent").await, staff(&instances[1].base, "agent").await, staff(&instances[2].base, "agent").await];
    let mut acknowledged = Vec::new();
    for n in 0..3 {
        let title = format!("第{}号路灯不亮", ["一", "二", "三"][n]);
        let number = register_call(&agents[n], &instances[n].base, serde_json::json!({"title": title})).await;
        let (other, base) = (&agents[(n + 1) % 3], instances[(n + 1) % 3].base.clone());
        eventually("a search through another instance finds it", || {
            let (title, number) = (title.clone(), number.clone());
            let base = base.clone();
            async move {
                let (_, v) = call(other, &base, "search", serde_json::json!({"query": {"text": title}})).await;
                v["items"].as_array().is_some_and(|items| items.iter().any(|i| i["number"] == number.as_str()))
            }
        })
        .await;
        acknowledged.push(number);
    }

    // Instance 2 is killed while all three take registrations.
    let mut tries = Vec::new();
    for k in 0..30 {
        let (agent, base) = (agents[k % 3].clone(), instances[k % 3].base.clone());
        tries.push(tokio::spawn(async move {
            let (status, v) = call(&agent, &base, "register_request", serde_json::json!({"new": {
                "channel": "phone", "type": "help", "title": "楼道灯坏了", "content": "楼道灯坏了一周。",
                "location": {"county": "伊宁市"}, "requester": {"name": "张三", "phone": "13812345678"}
            }}))
            .await;
            (status.is_success()).then(|| v["number"].as_str().unwrap_or_default().to_string())
        }));
        if k == 12 {
            instances[1].child.start_kill().unwrap();
        }
    }
    for t in tries {
        acknowledged.extend(t.await.unwrap_or(None));
    }
    assert!(acknowledged.len() >= 3 + 20, "the two live instances went on: {}", acknowledged.len());
    let after = register_call(&agents[0], &instances[0].base, serde_json::json!({})).await;
    acknowledged.push(after);
    for number in &acknowledged {
        assert_eq!(count("SELECT COUNT(*) FROM requests WHERE number = $1", Some(number.clone())).await, 1, "{number} is there once");
    }
    let unique: std::collections::BTreeSet<&String> = acknowledged.iter().collect();
    assert_eq!(unique.len(), acknowledged.len(), "numbers are unique");

    // Every message of the run reached the gateway, each once (the dead
    // instance's claims are taken over after their lease; a message it had
    // sent but not marked may come twice — the ids let the gateway tell).
    let pending = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL";
    eventually("the live instances deliver everything", || {
        let c = count(pending, None);
        async move { c.await == 0 }
    })
    .await;
    let ids: Vec<i64> = received.lock().unwrap().clone();
    let mut distinct = ids.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let sent: Vec<i64> = sqlx::query("SELECT id FROM outbox WHERE id > $1 ORDER BY id").bind(before).fetch_all(&pool).await.unwrap().iter().map(|r| r.get(0)).collect();
    assert!(!sent.is_empty(), "the registrations sent text messages");
    assert_eq!(distinct, sent, "every message of the run reached the gateway");
    assert!(ids.len() - distinct.len() <= 1, "at most the killed instance's message in flight came twice: {ids:?}");
    assert_eq!(count(SUPERVISED, Some(overdue)).await, 1, "supervised once by three instances");
    drop(instances);
    db.drop_db().await;
}

//! Operations (issue 16 §4). `/readyz`: ready when the store answers, every
//! migration is applied and the search index keeps up; 503 saying which
//! when not — with nothing about the store beyond that. `/metrics`: for
//! this machine's scraper only. Every answer carries its request id, and so
//! do the audit entries the request wrote.

use crate::support::http::{client, register_call, staff, start};
use crate::support::TestDb;
use app::domain::types::AuditAction;
use reqwest::StatusCode;
use sqlx::Row;

on_both_backends!(ready_only_when_migrated);

async fn ready_only_when_migrated(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let ready = || async {
        let res = client().get(format!("{}/readyz", run.base)).send().await.unwrap();
        let no_store = res.headers().get("cache-control").map(|v| v.to_str().unwrap().to_string());
        (res.status(), no_store, res.json::<serde_json::Value>().await.unwrap())
    };
    let (status, cache, body) = ready().await;
    assert_eq!((status, cache.as_deref()), (StatusCode::OK, Some("no-store")), "{name}: {body}");
    assert_eq!(body["ready"], true, "{name}");
    assert_eq!(body["migrations"]["applied"], body["migrations"]["known"], "{name}: {body}");
    assert!(body["migrations"]["known"].as_i64().unwrap() >= 28, "{name}: {body}");
    // A migration this build knows but the store lacks: not ready.
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)").execute(run.db.store.pool()).await.unwrap();
    let (status, _, body) = ready().await;
    assert_eq!((status, &body["ready"]), (StatusCode::SERVICE_UNAVAILABLE, &serde_json::json!(false)), "{name}: {body}");
    run.db.drop_db().await;
}

on_both_backends!(metrics_for_the_scraper_and_request_ids_in_the_audit);

async fn metrics_for_the_scraper_and_request_ids_in_the_audit(db: TestDb) {
    let name = db.name;
    let run = start(db).await;
    let base = run.base.as_str();
    let agent = staff(base, "agent").await;
    let number = register_call(&agent, base, serde_json::json!({})).await;

    // The reveal's audit entry carries the id its answer carried.
    let res = agent
        .post(format!("{base}/api/reveal_requester"))
        .json(&serde_json::json!({"number": number, "reason": "回访核实"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{name}");
    let id = res.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 16, "{name}: {id}");
    let stored: Vec<Option<String>> = sqlx::query("SELECT request_id FROM audit_log WHERE request_number = $1 AND action = $2")
        .bind(&number)
        .bind(AuditAction::RevealRequester.code())
        .fetch_all(run.db.store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(stored, [Some(id.clone())], "{name}");
    let again = client().get(format!("{base}/healthz")).send().await.unwrap();
    assert_ne!(again.headers()["x-request-id"].to_str().unwrap(), id, "{name}: one id per request");

    // The scraper with the token reads the counts. (Here the test client's
    // address is a trusted proxy's: without the token, nothing — see the
    // unit test for a scraper on this machine.)
    std::env::set_var("HOTLINE_METRICS_TOKEN", "scraper-token");
    let scrape = |token: &'static str| client().get(format!("{base}/metrics")).bearer_auth(token).send();
    assert_eq!(client().get(format!("{base}/metrics")).send().await.unwrap().status(), StatusCode::NOT_FOUND, "{name}: from a proxy");
    assert_eq!(scrape("guess").await.unwrap().status(), StatusCode::NOT_FOUND, "{name}: a wrong token");
    let res = scrape("scraper-token").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{name}");
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"), "{name}");
    let text = res.text().await.unwrap();
    let line = |start: &str| text.lines().find(|l| l.starts_with(start)).map(str::to_string);
    let registered = line("hotline_http_requests_total{").filter(|_| text.contains("route=\"/api/register_request\""));
    assert!(registered.is_some(), "{name}: {text}");
    let open = line("hotline_open_requests{state=\"registered\"}").unwrap_or_default();
    assert!(open.rsplit(' ').next().and_then(|v| v.parse::<f64>().ok()).is_some_and(|n| n >= 1.0), "{name}: {open}");
    for gauge in ["hotline_outbox_backlog ", "hotline_search_index_lag ", "hotline_stats_queue ", "hotline_http_request_duration_seconds_bucket{"] {
        assert!(line(gauge).is_some(), "{name}: {gauge} in {text}");
    }
    run.db.drop_db().await;
}

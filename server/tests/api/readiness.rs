//! `/readyz` (issue 16 §4): ready when the store answers, every migration
//! is applied and the search index keeps up; 503 saying which when not —
//! with nothing about the store beyond that.

use crate::support::http::{client, start};
use crate::support::TestDb;
use reqwest::StatusCode;

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

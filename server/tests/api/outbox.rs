//! The webhook sender against a real HTTP gateway on loopback: while the
//! gateway fails, messages stay in the outbox with their error and back off;
//! once it answers 2xx they are sent, each exactly once, with the JSON body
//! and the bearer token the gateway expects.

use crate::support;

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Json;
use serde_json::Value;
use server::service::jobs::notify::{deliver_due, WebhookSender};
use server::store::OutboxMessage;
use std::sync::{Arc, Mutex};
use support::TestDb;

#[derive(Clone, Default)]
struct Gateway {
    up: Arc<Mutex<bool>>,
    received: Arc<Mutex<Vec<(Option<String>, Value)>>>,
}

async fn start_gateway(gw: Gateway) -> String {
    let app = axum::Router::new().route(
        "/sms",
        post(move |headers: HeaderMap, Json(body): Json<Value>| {
            let gw = gw.clone();
            async move {
                if !*gw.up.lock().unwrap() {
                    return StatusCode::SERVICE_UNAVAILABLE;
                }
                let auth = headers.get("authorization").map(|v| v.to_str().unwrap().to_string());
                gw.received.lock().unwrap().push((auth, body));
                StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

async fn webhook_delivery(db: TestDb) {
    let name = db.name;
    let gw = Gateway::default();
    let url = start_gateway(gw.clone()).await;
    let sender = WebhookSender::new(url, Some("s3cret".into())).unwrap();
    for i in 0..3 {
        db.store
            .enqueue(OutboxMessage {
                recipient: "13800001111".into(),
                kind: "registered".into(),
                body: format!("【12345热线】消息 {i}"),
                request_number: Some(format!("YL20261127{i:05}")),
            })
            .await
            .unwrap();
    }
    let now = chrono::Utc::now();
    assert_eq!(deliver_due(&db.store, &sender, now).await.unwrap(), (0, 3), "{name}: gateway down");
    let entries = db.store.recent_messages(10).await.unwrap();
    assert!(entries.iter().all(|e| e.sent_at.is_none() && e.attempts == 1), "{name}");
    assert!(entries[0].last_error.as_deref().unwrap().contains("503"), "{name}: {:?}", entries[0].last_error);
    // Still down at the next try (after the 30 s backoff): two attempts each.
    let later = now + chrono::Duration::seconds(31);
    assert_eq!(deliver_due(&db.store, &sender, later).await.unwrap(), (0, 3), "{name}");
    // Not due again before the doubled backoff.
    assert_eq!(deliver_due(&db.store, &sender, later + chrono::Duration::seconds(30)).await.unwrap(), (0, 0), "{name}");

    *gw.up.lock().unwrap() = true;
    let much_later = now + chrono::Duration::minutes(5);
    assert_eq!(deliver_due(&db.store, &sender, much_later).await.unwrap(), (3, 0), "{name}: delivered");
    assert_eq!(deliver_due(&db.store, &sender, much_later).await.unwrap(), (0, 0), "{name}: exactly once");
    let received = gw.received.lock().unwrap().clone();
    assert_eq!(received.len(), 3, "{name}");
    let (auth, body) = &received[0];
    assert_eq!(auth.as_deref(), Some("Bearer s3cret"), "{name}");
    assert_eq!(body["to"], "13800001111", "{name}");
    assert_eq!(body["kind"], "registered", "{name}");
    assert!(body["text"].as_str().unwrap().starts_with("【12345热线】"), "{name}");
    let entries = db.store.recent_messages(10).await.unwrap();
    assert!(entries.iter().all(|e| e.sent_at.is_some() && e.attempts == 3 && e.last_error.is_none()), "{name}");
    db.drop_db().await;
}

on_both_backends!(webhook_delivery);

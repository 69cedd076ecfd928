//! Live updates across instances (issue 16 §1): on PostgreSQL each
//! instance passes the changes it makes to the others with `NOTIFY` and
//! hears theirs with `LISTEN`, so a browser whose event stream is held by
//! instance B sees a dispatch made through instance A. A change is relayed
//! after its commit; a listener that lost its connection tells its pages
//! to reload (what was sent meanwhile is not replayed). SQLite serves one
//! process: nothing to relay.

use super::live::{Change, Heard};
use super::Service;
use serde::{Deserialize, Serialize};
use sqlx::postgres::{PgListener, PgPool, PgPoolOptions};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

const CHANNEL: &str = "hotline_changes";
/// PostgreSQL refuses a notification of 8,000 bytes or more.
const MAX_PAYLOAD: usize = 7_900;
/// Changes sent in one round trip at most.
const BATCH: usize = 500;

/// A notification: which instance sent it, and the change (`None`: too
/// large to send; the others reload instead).
#[derive(Serialize, Deserialize)]
struct Wire {
    from: String,
    change: Option<Change>,
}

/// Starts relaying when the store is PostgreSQL; a no-op on SQLite.
pub async fn spawn(service: Arc<Service>) -> anyhow::Result<()> {
    let Some(url) = service.store().postgres_url() else { return Ok(()) };
    // Its own small pool: a listener holds a connection for good, and the
    // sends must not wait behind the requests' queries.
    let pool = PgPoolOptions::new().max_connections(2).acquire_timeout(Duration::from_secs(10)).connect(url).await?;
    let mut listener = PgListener::connect_with(&pool).await?;
    listener.listen(CHANNEL).await?;
    let me = crate::auth::new_token();
    let (tx, rx) = mpsc::unbounded_channel();
    service.live.relay_to(tx);
    tokio::spawn(send(pool, me.clone(), rx));
    tokio::spawn(async move {
        // Set while the listener could not reconnect: changes were missed.
        let mut lost = false;
        loop {
            let heard = listener.try_recv().await;
            if lost && heard.is_ok() {
                lost = false;
                service.live.hear(Heard::Resync);
            }
            match heard {
                Ok(Some(n)) => match serde_json::from_str::<Wire>(n.payload()) {
                    Ok(wire) if wire.from == me => {}
                    Ok(Wire { change: Some(change), .. }) => service.live.hear(Heard::Change(Arc::new(change))),
                    Ok(Wire { change: None, .. }) => service.live.hear(Heard::Resync),
                    Err(e) => tracing::warn!(error = %e, "a live change from another instance does not parse"),
                },
                // The connection was lost; the next call reconnects.
                Ok(None) => service.live.hear(Heard::Resync),
                Err(e) => {
                    lost = true;
                    tracing::warn!(error = %e, "listening for other instances' changes failed; retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    });
    Ok(())
}

/// Sends this instance's changes, as many as are waiting in one statement.
async fn send(pool: PgPool, me: String, mut rx: mpsc::UnboundedReceiver<Arc<Change>>) {
    let mut waiting = Vec::new();
    while rx.recv_many(&mut waiting, BATCH).await > 0 {
        let payloads: Vec<String> = waiting
            .drain(..)
            .map(|change| {
                let wire = Wire { from: me.clone(), change: Some((*change).clone()) };
                let json = serde_json::to_string(&wire).unwrap_or_default();
                if json.len() < MAX_PAYLOAD {
                    json
                } else {
                    serde_json::to_string(&Wire { from: me.clone(), change: None }).unwrap_or_default()
                }
            })
            .collect();
        let sent = sqlx::query("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p").bind(CHANNEL).bind(&payloads).execute(&pool).await;
        if let Err(e) = sent {
            tracing::warn!(error = %e, changes = payloads.len(), "relaying live changes to other instances failed");
        }
    }
}

//! Delivering the outbox: a worker claims due messages and hands each to a
//! pluggable sender. The log sender (default) writes them to the server log;
//! the webhook sender posts them to an SMS gateway. A failure is retried
//! with exponential backoff (30 s, 1 min, 2 min … at most hourly), forever:
//! nothing is dropped while the gateway is down.

use crate::store::{OutboxEntry, OutboxMessage, Store};
use app::api::auth::StaffUser;
use app::api::outbox::{OutboxBackend, OutboxView};
use app::api::AppError;
use app::domain::types::{Phone, Role};
use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;

#[async_trait::async_trait]
pub trait Sender: Send + Sync {
    /// Sends one message; `id` is the outbox's own, the same on every
    /// attempt (delivery is at least once: a receiver drops an id it has
    /// seen). The error text is kept on the message for admins.
    async fn send(&self, id: i64, message: &OutboxMessage) -> Result<(), String>;
}

/// Writes each message to the server log (development and demos).
pub struct LogSender;

#[async_trait::async_trait]
impl Sender for LogSender {
    async fn send(&self, _id: i64, m: &OutboxMessage) -> Result<(), String> {
        let to = Phone::parse(&m.recipient).map(|p| p.to_string()).unwrap_or_else(|_| "?".into());
        tracing::info!(target: "outbox", %to, kind = %m.kind, body = %m.body, "message to citizen");
        Ok(())
    }
}

/// Posts `{"id", "to", "kind", "text", "request_number"}` as JSON to a
/// gateway, with `Idempotency-Key: outbox-<id>`, and `Authorization: Bearer
/// <token>` when a token is configured. Any
/// answer other than 2xx is a failure to retry.
pub struct WebhookSender {
    client: reqwest::Client,
    url: String,
    token: Option<String>,
}

impl WebhookSender {
    pub fn new(url: String, token: Option<String>) -> anyhow::Result<WebhookSender> {
        let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build()?;
        Ok(WebhookSender { client, url, token })
    }
}

#[async_trait::async_trait]
impl Sender for WebhookSender {
    async fn send(&self, id: i64, m: &OutboxMessage) -> Result<(), String> {
        let body = serde_json::json!({
            "id": id,
            "to": m.recipient,
            "kind": m.kind,
            "text": m.body,
            "request_number": m.request_number,
        });
        let mut req = self.client.post(&self.url).header("idempotency-key", format!("outbox-{id}")).json(&body);
        if let Some(token) = &self.token {
            req = req.bearer_auth(token);
        }
        let res = req.send().await.map_err(|e| format!("gateway unreachable: {e}"))?;
        if res.status().is_success() {
            Ok(())
        } else {
            Err(format!("gateway answered {}", res.status()))
        }
    }
}

/// The sender the environment asks for: `HOTLINE_SMS_WEBHOOK_URL` (and
/// `HOTLINE_SMS_WEBHOOK_TOKEN`) for a gateway, else the log.
pub fn sender_from_env() -> anyhow::Result<Arc<dyn Sender>> {
    match std::env::var("HOTLINE_SMS_WEBHOOK_URL") {
        Ok(url) if !url.trim().is_empty() => {
            let token = std::env::var("HOTLINE_SMS_WEBHOOK_TOKEN").ok().filter(|t| !t.is_empty());
            tracing::info!(%url, "text messages go to the webhook");
            Ok(Arc::new(WebhookSender::new(url, token)?))
        }
        _ => Ok(Arc::new(LogSender)),
    }
}

/// How long a claimed message is reserved for its sender (then another
/// instance may take it over): `HOTLINE_OUTBOX_LEASE_SECONDS`, default 60.
fn lease() -> Duration {
    Duration::seconds(crate::service::settings::positive("HOTLINE_OUTBOX_LEASE_SECONDS", 60))
}
const BATCH: i64 = 50;

/// When to try again after `attempts` failures (this one included).
pub fn retry_at(now: DateTime<Utc>, attempts: i64) -> DateTime<Utc> {
    let seconds = 30i64.saturating_mul(1i64 << attempts.clamp(1, 20).saturating_sub(1)).min(3600);
    now + Duration::seconds(seconds)
}

/// Sends what is due at `now`; returns (sent, failed). A slow gateway must
/// not make it send past its claim (another instance would send the rest
/// again): at half the lease it stops, and what it did not send waits for
/// the lease to end.
pub async fn deliver_due(store: &Store, sender: &dyn Sender, now: DateTime<Utc>) -> anyhow::Result<(usize, usize)> {
    let lease = lease();
    let due: Vec<OutboxEntry> = store.claim_due(now, lease, BATCH).await?;
    let started = std::time::Instant::now();
    let within = (lease / 2).to_std().unwrap_or_default();
    let (mut sent, mut failed) = (0, 0);
    for entry in due {
        if started.elapsed() >= within {
            tracing::warn!(id = entry.id, "the gateway is slow: the rest of the batch waits for its claim to end");
            break;
        }
        match sender.send(entry.id, &entry.message).await {
            Ok(()) => {
                store.mark_sent(entry.id, now).await?;
                sent += 1;
            }
            Err(error) => {
                tracing::warn!(id = entry.id, attempts = entry.attempts + 1, %error, "message not delivered; will retry");
                store.mark_failed(entry.id, retry_at(now, entry.attempts + 1), &error).await?;
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}

/// The outbox as administrators read it (masked).
#[async_trait::async_trait]
impl OutboxBackend for crate::service::Service {
    async fn outbox(&self, user: &StaffUser) -> Result<Vec<OutboxView>, AppError> {
        if user.role != Role::Admin {
            return Err(AppError::Forbidden("只有系统管理员可以查看短信发送记录".into()));
        }
        let rows = self.store.recent_messages(200).await.map_err(crate::service::internal)?;
        Ok(rows
            .into_iter()
            .map(|e| OutboxView {
                id: e.id,
                recipient: Phone::parse(&e.message.recipient).map(|p| p.masked()).unwrap_or_default(),
                kind: e.message.kind,
                body: app::domain::notice::masked_for_the_record(&e.message.body),
                created_at: crate::service::citizen::cn_time(e.created_at),
                attempts: e.attempts,
                sent: e.sent_at.is_some(),
                last_error: e.last_error,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_thirty_seconds_up_to_an_hour() {
        let now = Utc::now();
        let wait = |n| (retry_at(now, n) - now).num_seconds();
        assert_eq!([wait(1), wait(2), wait(3), wait(4)], [30, 60, 120, 240]);
        assert_eq!(wait(8), 3600);
        assert_eq!(wait(1000), 3600);
    }
}

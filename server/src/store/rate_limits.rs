//! Rate-limit windows (migration 0029): one row per limited key, counted
//! by one statement so that parallel attempts, from any instance, cannot
//! slip past the limit. A key (an address, a phone number, an account) is
//! kept only as its HMAC under a secret of the store: a phone number's
//! hash alone could be found again by trying every number.

use super::{millis, Store};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::Row;
use std::time::Duration;

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl Store {
    /// What is stored for `key`.
    async fn rate_key(&self, key: &str) -> anyhow::Result<String> {
        let secret = self.rate_secret.get_or_try_init(|| self.secret("rate_limit_key", crate::auth::new_token)).await?;
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|e| anyhow::anyhow!("rate-limit key: {e}"))?;
        mac.update(key.as_bytes());
        Ok(hex::encode(mac.finalize().into_bytes()))
    }

    /// Counts an attempt of `key` against `max` per `window` and returns the
    /// attempts in the window, this one included; more than `max` means
    /// refused (a refused attempt is not counted further).
    pub async fn rate_hit(&self, key: &str, max: u32, window: Duration, now: DateTime<Utc>) -> anyhow::Result<u32> {
        // A flood of refused attempts is only read: it must not queue writes
        // before the registrations (SQLite has one writer).
        let key = self.rate_key(key).await?;
        let so_far = self.hits_of(&key, window, now).await?;
        if so_far > max {
            return Ok(so_far);
        }
        let now = millis(now);
        let hits: i64 = sqlx::query(
            "INSERT INTO rate_limits (key, hits, window_start) VALUES ($1, 1, $2)
             ON CONFLICT (key) DO UPDATE SET
               hits = CASE WHEN rate_limits.window_start <= $3 THEN 1
                           WHEN rate_limits.hits > $4 THEN rate_limits.hits
                           ELSE rate_limits.hits + 1 END,
               window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END
             RETURNING hits",
        )
        .bind(&key)
        .bind(now)
        .bind(now - ms(window))
        .bind(i64::from(max))
        .fetch_one(&self.writer)
        .await?
        .get(0);
        Ok(u32::try_from(hits).unwrap_or(u32::MAX))
    }

    /// The attempts of `key` in its current window.
    pub async fn rate_hits(&self, key: &str, window: Duration, now: DateTime<Utc>) -> anyhow::Result<u32> {
        self.hits_of(&self.rate_key(key).await?, window, now).await
    }

    /// The attempts of a stored key in its current window.
    async fn hits_of(&self, stored: &str, window: Duration, now: DateTime<Utc>) -> anyhow::Result<u32> {
        let hits: Option<i64> = sqlx::query("SELECT hits FROM rate_limits WHERE key = $1 AND window_start > $2")
            .bind(stored)
            .bind(millis(now) - ms(window))
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.get(0));
        Ok(hits.map_or(0, |h| u32::try_from(h).unwrap_or(u32::MAX)))
    }

    /// Takes one attempt back (it was refused for another reason).
    pub async fn rate_give_back(&self, key: &str) -> anyhow::Result<()> {
        let key = self.rate_key(key).await?;
        sqlx::query("UPDATE rate_limits SET hits = hits - 1 WHERE key = $1 AND hits > 0").bind(key).execute(&self.writer).await?;
        Ok(())
    }

    /// Forgets the attempts of `key` (a success clears them).
    pub async fn rate_clear(&self, key: &str) -> anyhow::Result<()> {
        let key = self.rate_key(key).await?;
        sqlx::query("DELETE FROM rate_limits WHERE key = $1").bind(key).execute(&self.writer).await?;
        Ok(())
    }

    /// Removes windows that ended before `before`.
    pub async fn purge_rate_limits(&self, before: DateTime<Utc>) -> anyhow::Result<u64> {
        let done = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1").bind(millis(before)).execute(&self.writer).await?;
        Ok(done.rows_affected())
    }
}

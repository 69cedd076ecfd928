//! Fixed-window rate limits, kept in the store: password guessing (5 failures
//! per client and user name, 10 per account from anywhere, in 15 minutes),
//! and the citizen portal's limits per client, per phone number and per
//! request number.

use super::internal;
use crate::store::Store;
use app::api::AppError;
use chrono::Utc;
use std::time::Duration;

#[cfg(test)]
const MAX_FAILURES: u32 = 5;
/// Failed logins to one account, from anywhere, that pause it.
pub const ACCOUNT_FAILURES: u32 = 10;

/// How long a failed login waits before its answer, growing with the
/// account's failures: none for the first two, then 0.25 s doubling to 2 s.
pub fn failure_delay(failures: u32) -> Duration {
    match failures {
        0..=2 => Duration::ZERO,
        n => Duration::from_millis(250 << (n - 3).min(3)),
    }
}

/// A valid argon2 hash of a random string: unknown users are verified against it.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2tMEdNiRDYnQ3i4CVMYSmvyKcl4QrWqMbnwwVQqmr5o";

/// A fixed-window limit, counted in the store: every instance serving the
/// database counts the same attempts (issue 16 §1).
pub struct RateLimiter {
    /// What it limits, the prefix of its keys in the store.
    name: &'static str,
    max: u32,
    window: Duration,
}

impl RateLimiter {
    pub const fn new(name: &'static str, max: u32, window: Duration) -> RateLimiter {
        RateLimiter { name, max, window }
    }

    /// Logins: 5 failures per client and user name in 15 minutes.
    pub const fn for_logins() -> RateLimiter {
        RateLimiter::new("login", 5, Duration::from_secs(15 * 60))
    }

    /// Logins to one account from any number of clients: 10 failures in 15
    /// minutes pause it (issue 19 §1.3: guesses spread over addresses).
    pub const fn for_accounts() -> RateLimiter {
        RateLimiter::new("account", ACCOUNT_FAILURES, Duration::from_secs(15 * 60))
    }

    /// The limit's name and what it counts (the store keeps only a keyed hash of it).
    fn key(&self, key: &str) -> String {
        format!("{}:{key}", self.name)
    }

    /// How many attempts the key has made in its window.
    pub async fn count(&self, store: &Store, key: &str) -> Result<u32, AppError> {
        store.rate_hits(&self.key(key), self.window, Utc::now()).await.map_err(internal)
    }

    /// Refuses when the key has used up its window, counting nothing (a
    /// check before work that is costly to refuse late, like reading an upload).
    pub async fn check(&self, store: &Store, key: &str) -> Result<(), AppError> {
        if self.count(store, key).await? >= self.max {
            return Err(AppError::TooManyRequests);
        }
        Ok(())
    }

    /// Counts an attempt, or refuses it once the key has used up its window.
    /// Counting before the slow check, in one statement, means parallel
    /// guesses cannot slip past the limit; a success may clear the count.
    pub async fn attempt(&self, store: &Store, key: &str) -> Result<(), AppError> {
        let hits = store.rate_hit(&self.key(key), self.max, self.window, Utc::now()).await.map_err(internal)?;
        if hits > self.max {
            return Err(AppError::TooManyRequests);
        }
        Ok(())
    }

    /// Takes an attempt back: it was refused by another limit.
    pub async fn give_back(&self, store: &Store, key: &str) -> Result<(), AppError> {
        store.rate_give_back(&self.key(key)).await.map_err(internal)
    }

    pub async fn succeeded(&self, store: &Store, key: &str) -> Result<(), AppError> {
        store.rate_clear(&self.key(key)).await.map_err(internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new SQLite store in a folder that lives as long as the test.
    async fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}/limits.db?mode=rwc", dir.path().display())).await.unwrap();
        store.migrate().await.unwrap();
        (dir, store)
    }

    #[tokio::test]
    async fn five_failures_lock_the_key_only() {
        let (_dir, store) = store().await;
        let l = RateLimiter::for_logins();
        for _ in 0..MAX_FAILURES {
            assert!(l.attempt(&store, "ip/agent").await.is_ok());
        }
        assert_eq!(l.attempt(&store, "ip/agent").await, Err(AppError::TooManyRequests));
        assert_eq!(l.attempt(&store, "ip/agent").await, Err(AppError::TooManyRequests));
        assert!(l.attempt(&store, "ip/reviewer").await.is_ok());
        // Another limit's keys are its own.
        assert!(RateLimiter::for_accounts().attempt(&store, "ip/agent").await.is_ok());
        // A success clears the count.
        l.succeeded(&store, "ip/reviewer").await.unwrap();
        for _ in 0..MAX_FAILURES {
            assert!(l.attempt(&store, "ip/reviewer").await.is_ok());
        }
        // An attempt given back may be made again.
        l.give_back(&store, "ip/reviewer").await.unwrap();
        assert!(l.attempt(&store, "ip/reviewer").await.is_ok());
        assert_eq!(l.attempt(&store, "ip/reviewer").await, Err(AppError::TooManyRequests));
    }

    #[tokio::test]
    async fn a_window_ends_and_parallel_attempts_do_not_slip_past() {
        let (_dir, store) = store().await;
        let window = Duration::from_secs(60);
        let t0 = Utc::now();
        let at = |s: i64| t0 + chrono::Duration::seconds(s);
        assert_eq!(store.rate_hit("k", 2, window, at(0)).await.unwrap(), 1);
        assert_eq!(store.rate_hit("k", 2, window, at(30)).await.unwrap(), 2);
        assert_eq!(store.rate_hit("k", 2, window, at(59)).await.unwrap(), 3);
        assert_eq!(store.rate_hits("k", window, at(59)).await.unwrap(), 3);
        // The window opened at 0 ends at 60: a new one starts.
        assert_eq!(store.rate_hits("k", window, at(60)).await.unwrap(), 0);
        assert_eq!(store.rate_hit("k", 2, window, at(60)).await.unwrap(), 1);
        assert_eq!(store.purge_rate_limits(at(60)).await.unwrap(), 0, "the window of 60 stays");
        assert_eq!(store.purge_rate_limits(at(3600)).await.unwrap(), 1);

        let l = RateLimiter::new("parallel", 7, window);
        let tries = (0..40).map(|_| l.attempt(&store, "one"));
        let passed = futures::future::join_all(tries).await.into_iter().filter(Result::is_ok).count();
        assert_eq!(passed, 7);
    }

    #[tokio::test]
    async fn a_failed_login_waits_longer_the_more_its_account_failed() {
        let waits: Vec<u64> = (0..9).map(|n| failure_delay(n).as_millis() as u64).collect();
        assert_eq!(waits, [0, 0, 0, 250, 500, 1000, 2000, 2000, 2000]);
        let (_dir, store) = store().await;
        let l = RateLimiter::for_accounts();
        assert_eq!(l.count(&store, "agent").await.unwrap(), 0);
        for _ in 0..3 {
            l.attempt(&store, "agent").await.unwrap();
        }
        assert_eq!(l.count(&store, "agent").await.unwrap(), 3);
    }

    #[test]
    fn the_dummy_hash_parses() {
        assert!(argon2::password_hash::PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!crate::auth::verify_password("anything", DUMMY_HASH));
    }
}

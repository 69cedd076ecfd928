//! Fixed-window rate limits, kept in memory: password guessing (5 failures
//! per client and user name, 10 per account from anywhere, in 15 minutes),
//! and the citizen portal's limits per client, per phone number and per
//! request number.

use app::api::AppError;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

pub struct RateLimiter {
    max: u32,
    window: Duration,
    hits: Mutex<HashMap<String, (u32, Instant)>>,
}

impl RateLimiter {
    pub fn new(max: u32, window: Duration) -> RateLimiter {
        RateLimiter { max, window, hits: Mutex::default() }
    }

    /// Logins: 5 failures per client and user name in 15 minutes.
    pub fn for_logins() -> RateLimiter {
        RateLimiter::new(5, Duration::from_secs(15 * 60))
    }

    /// Logins to one account from any number of clients: 10 failures in 15
    /// minutes pause it (issue 19 §1.3: guesses spread over addresses).
    pub fn for_accounts() -> RateLimiter {
        RateLimiter::new(ACCOUNT_FAILURES, Duration::from_secs(15 * 60))
    }

    /// How many attempts the key has made in its window.
    pub fn count(&self, key: &str) -> u32 {
        let map = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key).filter(|(_, since)| since.elapsed() <= self.window).map_or(0, |(n, _)| *n)
    }

    /// Counts an attempt, or refuses it once the key has used up its window.
    /// Counting before the slow check, under one lock, means parallel
    /// guesses cannot slip past the limit; a success may clear the count.
    pub fn attempt(&self, key: &str) -> Result<(), AppError> {
        let mut map = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        // Bound memory under a flood of distinct keys.
        if map.len() > 100_000 {
            let window = self.window;
            map.retain(|_, (_, since)| since.elapsed() <= window);
        }
        let entry = map.entry(key.to_string()).or_insert((0, Instant::now()));
        if entry.1.elapsed() > self.window {
            *entry = (0, Instant::now());
        }
        if entry.0 >= self.max {
            return Err(AppError::TooManyRequests);
        }
        entry.0 += 1;
        Ok(())
    }

    pub fn succeeded(&self, key: &str) {
        self.hits.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_the_key_only() {
        let l = RateLimiter::for_logins();
        for _ in 0..MAX_FAILURES {
            assert!(l.attempt("ip/agent").is_ok());
        }
        assert_eq!(l.attempt("ip/agent"), Err(AppError::TooManyRequests));
        assert!(l.attempt("ip/reviewer").is_ok());
        // A success clears the count.
        l.succeeded("ip/reviewer");
        for _ in 0..MAX_FAILURES {
            assert!(l.attempt("ip/reviewer").is_ok());
        }
    }

    #[test]
    fn a_failed_login_waits_longer_the_more_its_account_failed() {
        let waits: Vec<u64> = (0..9).map(|n| failure_delay(n).as_millis() as u64).collect();
        assert_eq!(waits, [0, 0, 0, 250, 500, 1000, 2000, 2000, 2000]);
        let l = RateLimiter::for_accounts();
        assert_eq!(l.count("agent"), 0);
        for _ in 0..3 {
            l.attempt("agent").unwrap();
        }
        assert_eq!(l.count("agent"), 3);
    }

    #[test]
    fn the_dummy_hash_parses() {
        assert!(argon2::password_hash::PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!crate::auth::verify_password("anything", DUMMY_HASH));
    }
}

//! Slows down password guessing: after 5 failures for one client and user
//! name within 15 minutes, further logins are refused until the window ends.

use app::api::AppError;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const MAX_FAILURES: u32 = 5;
const WINDOW: Duration = Duration::from_secs(15 * 60);

/// A valid argon2 hash of a random string: unknown users are verified against it.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2tMEdNiRDYnQ3i4CVMYSmvyKcl4QrWqMbnwwVQqmr5o";

#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginLimiter {
    /// Counts a login attempt, or refuses it once the key has used up its
    /// window. Counting before the password check, under one lock, means
    /// parallel guesses cannot slip past the limit; a success clears the count.
    pub fn attempt(&self, key: &str) -> Result<(), AppError> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Bound memory under a flood of distinct keys.
        if map.len() > 100_000 {
            map.retain(|_, (_, since)| since.elapsed() <= WINDOW);
        }
        let entry = map.entry(key.to_string()).or_insert((0, Instant::now()));
        if entry.1.elapsed() > WINDOW {
            *entry = (0, Instant::now());
        }
        if entry.0 >= MAX_FAILURES {
            return Err(AppError::TooManyRequests);
        }
        entry.0 += 1;
        Ok(())
    }

    pub fn succeeded(&self, key: &str) {
        self.failures.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_the_key_only() {
        let l = LoginLimiter::default();
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
    fn the_dummy_hash_parses() {
        assert!(argon2::password_hash::PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!crate::auth::verify_password("anything", DUMMY_HASH));
    }
}

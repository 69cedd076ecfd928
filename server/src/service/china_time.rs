//! Instants as staff read them: China Standard Time, in the few forms the
//! pages use.

use app::domain::deadline::cst;
use chrono::{DateTime, Utc};

/// `2026-11-27`.
pub fn day(at: DateTime<Utc>) -> String {
    at.with_timezone(&cst()).format("%Y-%m-%d").to_string()
}

/// `2026-11-27 09:05`.
pub fn minute(at: DateTime<Utc>) -> String {
    app::domain::deadline::cst_minute(at)
}

/// `11-27 09:05`: this year's instants in lists.
pub fn short(at: DateTime<Utc>) -> String {
    at.with_timezone(&cst()).format("%m-%d %H:%M").to_string()
}

/// `09:05`: today's instants.
pub fn hour_minute(at: DateTime<Utc>) -> String {
    at.with_timezone(&cst()).format("%H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_china_time() {
        let at = "2026-11-26T17:05:00Z".parse().unwrap();
        assert_eq!(day(at), "2026-11-27");
        assert_eq!(minute(at), "2026-11-27 01:05");
        assert_eq!(short(at), "11-27 01:05");
        assert_eq!(hour_minute(at), "01:05");
    }
}

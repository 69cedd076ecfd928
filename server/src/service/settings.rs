//! Settings read from the environment: a whole number above zero, or the
//! default when it is unset or not one.

/// `name` as a positive whole number, else `default`.
pub fn positive(name: &str, default: i64) -> i64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse::<i64>().ok()).filter(|n| *n > 0).unwrap_or(default)
}

/// A setting in whole seconds, as `positive`.
pub fn seconds(name: &str, default: i64) -> std::time::Duration {
    std::time::Duration::from_secs(positive(name, default).unsigned_abs())
}

/// How long an upload's body may take to arrive: `HOTLINE_UPLOAD_SECONDS`,
/// default 300 (50 MB at 1.4 Mbit/s, a slow phone's uplink).
pub fn upload_deadline() -> std::time::Duration {
    seconds("HOTLINE_UPLOAD_SECONDS", 300)
}

/// How many days an ended request stays quiet before the archive job
/// archives it (Art. 3 归档): `HOTLINE_ARCHIVE_AFTER_DAYS`, default 90.
pub fn archive_after_days() -> u16 {
    let default = i64::from(app::domain::machine::DEFAULT_ARCHIVE_AFTER_DAYS);
    u16::try_from(positive("HOTLINE_ARCHIVE_AFTER_DAYS", default)).unwrap_or(u16::MAX)
}

/// How many years an archived request keeps its requester's personal data
/// before the retention job erases it (Art. 40, PIPL): `HOTLINE_RETENTION_YEARS`, default 5.
pub fn retention_years() -> u16 {
    let default = i64::from(app::domain::machine::DEFAULT_RETENTION_YEARS);
    u16::try_from(positive("HOTLINE_RETENTION_YEARS", default)).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    #[test]
    fn unset_zero_or_garbage_is_the_default() {
        assert_eq!(super::positive("HOTLINE_TEST_SETTING_NEVER_SET", 7), 7);
    }
}

//! Settings read from the environment: a whole number above zero, or the
//! default when it is unset or not one.

/// `name` as a positive whole number, else `default`.
pub fn positive(name: &str, default: i64) -> i64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse::<i64>().ok()).filter(|n| *n > 0).unwrap_or(default)
}

#[cfg(test)]
mod tests {
    #[test]
    fn unset_zero_or_garbage_is_the_default() {
        assert_eq!(super::positive("HOTLINE_TEST_SETTING_NEVER_SET", 7), 7);
    }
}

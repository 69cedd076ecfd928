//! Art. 34 监督处理: the matters the bureau may send, with the discipline
//! commission, for handling — a matter complained about again and again
//! (连续多次被投诉: a chain of requests linked as repeats, the original
//! counted, at least `repeats` long) and requests long past their deadline
//! without a result (较长时间没有整治效果: still open `overdue_days` working
//! days or more after the last day). Pure: the service reads the links and
//! the requests, this says which are leads.

use super::citizen_form::FieldError;
use super::types::RequestNumber;
use std::collections::{BTreeMap, BTreeSet};

/// The thresholds; the page asks for them (the Measures set no number).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OversightRules {
    /// Complaints about one matter, the original counted (default 3).
    pub repeats: u32,
    /// Working days past the last day, still open (default 10).
    pub overdue_days: u32,
}

impl Default for OversightRules {
    fn default() -> Self {
        OversightRules { repeats: 3, overdue_days: 10 }
    }
}

impl OversightRules {
    pub const REPEATS: std::ops::RangeInclusive<u32> = 2..=50;
    pub const OVERDUE_DAYS: std::ops::RangeInclusive<u32> = 1..=250;

    /// The thresholds from the page's fields (empty: the default).
    pub fn parse(repeats: &str, overdue_days: &str) -> Result<OversightRules, Vec<FieldError>> {
        let d = OversightRules::default();
        let mut errors = Vec::new();
        let mut read = |field: &'static str, raw: &str, default: u32, range: std::ops::RangeInclusive<u32>, what: &str| {
            let raw = raw.trim();
            if raw.is_empty() {
                return default;
            }
            match raw.parse::<u32>() {
                Ok(n) if range.contains(&n) => n,
                _ => {
                    errors.push(FieldError::new(field, format!("{what}须为{}至{}之间的整数", range.start(), range.end())));
                    default
                }
            }
        };
        let repeats = read("repeats", repeats, d.repeats, Self::REPEATS, "重复投诉件数");
        let overdue_days = read("overdue_days", overdue_days, d.overdue_days, Self::OVERDUE_DAYS, "超期工作日数");
        if errors.is_empty() {
            Ok(OversightRules { repeats, overdue_days })
        } else {
            Err(errors)
        }
    }
}

/// `repeat` was linked as a repeat of `original` (Art. 14(5)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RepeatLink {
    pub repeat: RequestNumber,
    pub original: RequestNumber,
}

/// One matter complained about repeatedly: the first request and every
/// later one that repeats it, directly or through another repeat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepeatedMatter {
    pub original: RequestNumber,
    /// Oldest first.
    pub repeats: Vec<RequestNumber>,
}

impl RepeatedMatter {
    /// Complaints in all, the original counted.
    pub fn complaints(&self) -> u32 {
        self.repeats.len() as u32 + 1
    }
}

/// The matters with at least `min` complaints, most first. A repeat of a
/// repeat belongs to the first original; a link that would close a circle
/// is ignored (a request is never its own original).
pub fn repeated_matters(links: &[RepeatLink], min: u32) -> Vec<RepeatedMatter> {
    let parent: BTreeMap<RequestNumber, RequestNumber> = links.iter().map(|l| (l.repeat, l.original)).collect();
    let root_of = |mut n: RequestNumber| {
        let mut seen = BTreeSet::new();
        while let Some(p) = parent.get(&n) {
            if !seen.insert(n) {
                break;
            }
            n = *p;
        }
        n
    };
    let mut matters: BTreeMap<RequestNumber, BTreeSet<RequestNumber>> = BTreeMap::new();
    for &repeat in parent.keys() {
        let root = root_of(repeat);
        if root != repeat {
            matters.entry(root).or_default().insert(repeat);
        }
    }
    let mut out: Vec<RepeatedMatter> = matters
        .into_iter()
        .map(|(original, repeats)| RepeatedMatter { original, repeats: repeats.into_iter().collect() })
        .filter(|m| m.complaints() >= min)
        .collect();
    out.sort_by(|a, b| b.complaints().cmp(&a.complaints()).then(a.original.cmp(&b.original)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn n(seq: u32) -> RequestNumber {
        RequestNumber::new(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(), seq).unwrap()
    }

    fn link(repeat: u32, original: u32) -> RepeatLink {
        RepeatLink { repeat: n(repeat), original: n(original) }
    }

    #[test]
    fn a_repeat_of_a_repeat_counts_for_the_first_original() {
        let links = [link(2, 1), link(3, 2), link(5, 4)];
        let matters = repeated_matters(&links, 3);
        assert_eq!(matters, vec![RepeatedMatter { original: n(1), repeats: vec![n(2), n(3)] }]);
        assert_eq!(matters[0].complaints(), 3);
        // With two complaints enough, the other matter shows, after the bigger one.
        let matters = repeated_matters(&links, 2);
        assert_eq!(matters.iter().map(|m| m.original).collect::<Vec<_>>(), [n(1), n(4)]);
    }

    #[test]
    fn a_circle_of_links_ends() {
        let matters = repeated_matters(&[link(1, 2), link(2, 1), link(3, 1)], 2);
        let counted: Vec<RequestNumber> = matters.iter().flat_map(|m| std::iter::once(m.original).chain(m.repeats.iter().copied())).collect();
        let distinct: BTreeSet<RequestNumber> = counted.iter().copied().collect();
        assert!(!counted.is_empty() && counted.len() == distinct.len(), "each request once: {matters:?}");
    }

    #[test]
    fn thresholds_are_read_with_errors_beside_their_fields() {
        assert_eq!(OversightRules::parse("", ""), Ok(OversightRules::default()));
        assert_eq!(OversightRules::parse(" 4 ", "20"), Ok(OversightRules { repeats: 4, overdue_days: 20 }));
        let errors = OversightRules::parse("1", "abc").unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["repeats", "overdue_days"]);
        assert!(errors[0].message.contains("2至50"), "{errors:?}");
        assert!(OversightRules::parse("3", "251").is_err());
    }
}

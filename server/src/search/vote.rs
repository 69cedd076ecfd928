//! Learning from neighbours: what the most similar documents agree on (the
//! intake desk's category and unit suggestions), and how much of a call
//! another text repeats (duplicate candidates).

use super::{text, Hit};
use std::collections::{BTreeSet, HashMap};

/// Past requests that vote on a suggestion.
pub const NEIGHBOURS: usize = 20;

/// Score-weighted votes of the neighbours for a value of each (its code),
/// best first, as (code, share of the votes in 0–1).
pub fn vote(hits: &[Hit], value: impl Fn(&Hit) -> Option<&str>) -> Vec<(String, f32)> {
    let mut tally: HashMap<&str, f32> = HashMap::new();
    let mut total = 0.0;
    for h in hits {
        if let Some(v) = value(h) {
            *tally.entry(v).or_default() += h.score;
            total += h.score;
        }
    }
    let mut ranked: Vec<(String, f32)> = tally.into_iter().map(|(k, v)| (k.to_string(), if total > 0.0 { v / total } else { 0.0 })).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked
}

/// How many of the words of `call` (two characters or more) `other` holds, as a share.
pub fn similarity(call: &str, other: &str) -> f32 {
    let words = |t: &str| -> BTreeSet<String> { text::words(t).into_iter().map(|p| p.text).filter(|w| w.chars().count() >= 2).collect() };
    let (a, b) = (words(call), words(other));
    if a.is_empty() {
        return 0.0;
    }
    a.intersection(&b).count() as f32 / a.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn hit(score: f32, unit: &str) -> Hit {
        Hit {
            key: String::new(),
            score,
            title: String::new(),
            body: String::new(),
            category: None,
            final_unit: Some(unit.into()),
            township: None,
            at: Utc::now(),
            snippet: Vec::new(),
        }
    }

    #[test]
    fn votes_are_weighted_by_similarity_and_sum_to_one() {
        let v = vote(&[hit(3.0, "a"), hit(1.0, "b"), hit(1.0, "b"), hit(5.0, "c")], |h| h.final_unit.as_deref());
        assert_eq!(v.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["c", "a", "b"]);
        assert!((v.iter().map(|(_, s)| s).sum::<f32>() - 1.0).abs() < 1e-5);
        assert!((v[0].1 - 0.5).abs() < 1e-5);
        assert!(vote(&[], |h| h.final_unit.as_deref()).is_empty());
    }

    #[test]
    fn similarity_counts_shared_words() {
        assert!(similarity("小区停水两天了", "幸福小区停水两天没有通知") > 0.6);
        assert!(similarity("小区停水两天了", "路灯不亮") < 0.2);
        assert_eq!(similarity("，。", "任何"), 0.0);
    }
}

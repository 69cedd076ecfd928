//! Hot spots (Art. 10, 31(3)): many requests about the same thing from the
//! same place in a short time — ten complaints of a water outage in one
//! township within two hours. Requests are grouped by place, then joined to
//! the first group whose opening request shares enough of their words; a
//! group that reaches the threshold is a hot spot, named by the words most
//! of its requests share.

use super::text;
use super::Synonyms;
use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// A recent request, as the detector reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecentRequest {
    pub number: String,
    pub county: String,
    pub township: Option<String>,
    /// Title and content.
    pub text: String,
    pub at: DateTime<Utc>,
}

/// When a group is a hot spot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HotSpotRule {
    /// At least this many requests…
    pub min_requests: usize,
    /// …registered within this time…
    pub window: Duration,
    /// …each sharing at least this share of its words with the group's first.
    pub similarity: f32,
}

impl Default for HotSpotRule {
    fn default() -> HotSpotRule {
        HotSpotRule { min_requests: 10, window: Duration::hours(2), similarity: 0.2 }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HotSpot {
    pub county: String,
    pub township: Option<String>,
    /// The words at least half of its requests share, most shared first.
    pub words: Vec<String>,
    /// Oldest first.
    pub numbers: Vec<String>,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
}

/// How many of a request's most telling words stand for what it is about.
const TOPIC_WORDS: usize = 4;

/// What a request is about: its most telling words (TF-IDF, so 停水 outranks
/// 没有 or 这里), without the names of its own place, which every request
/// of the group shares anyway; a word of a synonym group counts as the
/// group's first (断水 as 停水).
fn word_set(t: &str, county: &str, township: Option<&str>, synonyms: &Synonyms) -> BTreeSet<String> {
    let is_place = |w: &str| county.contains(w) || township.is_some_and(|t| t.contains(w));
    text::keywords(t, TOPIC_WORDS + 2)
        .into_iter()
        .filter(|w| !is_place(w))
        .take(TOPIC_WORDS)
        .map(|w| synonyms.canonical(&w).to_string())
        .collect()
}

/// Shared words over the smaller set: a short call saying the same as a long one still counts.
fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f32 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        0.0
    } else {
        a.intersection(b).count() as f32 / smaller as f32
    }
}

/// The hot spots among `recent` (any order) at `now`, biggest first.
pub fn hot_spots(recent: &[RecentRequest], rule: HotSpotRule, synonyms: &Synonyms, now: DateTime<Utc>) -> Vec<HotSpot> {
    let mut by_place: BTreeMap<(&str, Option<&str>), Vec<&RecentRequest>> = BTreeMap::new();
    for r in recent.iter().filter(|r| r.at > now - rule.window && r.at <= now) {
        by_place.entry((r.county.as_str(), r.township.as_deref())).or_default().push(r);
    }
    let mut spots = Vec::new();
    for ((county, township), mut requests) in by_place {
        requests.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.number.cmp(&b.number)));
        // (the first request's words, the members with their words)
        let mut groups: Vec<(BTreeSet<String>, Vec<(&RecentRequest, BTreeSet<String>)>)> = Vec::new();
        for r in requests {
            let words = word_set(&r.text, county, township, synonyms);
            match groups.iter_mut().find(|(seed, _)| overlap(seed, &words) >= rule.similarity) {
                Some((_, members)) => members.push((r, words)),
                None => groups.push((words.clone(), vec![(r, words)])),
            }
        }
        for (_, members) in groups.into_iter().filter(|(_, m)| m.len() >= rule.min_requests) {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, words) in &members {
                for w in words {
                    *counts.entry(w.as_str()).or_default() += 1;
                }
            }
            let mut shared: Vec<(&str, usize)> = counts.into_iter().filter(|(_, n)| n * 2 >= members.len()).collect();
            shared.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            spots.push(HotSpot {
                county: county.to_string(),
                township: township.map(str::to_string),
                words: shared.into_iter().take(5).map(|(w, _)| w.to_string()).collect(),
                numbers: members.iter().map(|(r, _)| r.number.clone()).collect(),
                first_at: members[0].0.at,
                last_at: members[members.len() - 1].0.at,
            });
        }
    }
    spots.sort_by(|a, b| b.numbers.len().cmp(&a.numbers.len()).then_with(|| a.first_at.cmp(&b.first_at)));
    spots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> Synonyms {
        Synonyms::new(Vec::<String>::new())
    }

    fn call(i: usize, township: &str, text: &str, minutes_ago: i64, now: DateTime<Utc>) -> RecentRequest {
        RecentRequest {
            number: format!("YL20261127{i:05}"),
            county: "霍城县".into(),
            township: Some(township.into()),
            text: text.into(),
            at: now - Duration::minutes(minutes_ago),
        }
    }

    const OUTAGE: [&str; 4] = ["小区突然停水了，没有通知", "我们这里停水两个小时了", "幸福小区停水，什么时候来水？", "停水了，家里老人没法做饭"];

    #[test]
    fn ten_outage_calls_in_one_township_within_two_hours_are_a_hot_spot() {
        let now = Utc::now();
        let mut recent: Vec<RecentRequest> = (0..10).map(|i| call(i, "清水河镇", OUTAGE[i % 4], (i * 10) as i64, now)).collect();
        recent.push(call(20, "清水河镇", "路灯坏了一周", 5, now));
        recent.push(call(21, "水定镇", "小区停水了", 5, now));
        let spots = hot_spots(&recent, HotSpotRule::default(), &none(), now);
        assert_eq!(spots.len(), 1, "{spots:?}");
        assert_eq!(spots[0].numbers.len(), 10);
        assert_eq!(spots[0].township.as_deref(), Some("清水河镇"));
        assert_eq!(spots[0].words.first().map(String::as_str), Some("停水"), "{spots:?}");
        assert!(!spots[0].numbers.contains(&"YL2026112700020".to_string()), "the lamp is another matter");
    }

    #[test]
    fn too_few_too_old_or_too_spread_is_no_hot_spot() {
        let now = Utc::now();
        let nine: Vec<RecentRequest> = (0..9).map(|i| call(i, "清水河镇", OUTAGE[i % 4], i as i64, now)).collect();
        assert!(hot_spots(&nine, HotSpotRule::default(), &none(), now).is_empty());
        let old: Vec<RecentRequest> = (0..10).map(|i| call(i, "清水河镇", OUTAGE[i % 4], 121 + i as i64, now)).collect();
        assert!(hot_spots(&old, HotSpotRule::default(), &none(), now).is_empty(), "all older than two hours");
        let half: Vec<RecentRequest> = (0..10).map(|i| call(i, "清水河镇", OUTAGE[i % 4], if i < 5 { i as i64 } else { 125 + i as i64 }, now)).collect();
        assert!(hot_spots(&half, HotSpotRule::default(), &none(), now).is_empty(), "half of them left the window");
        let within: Vec<RecentRequest> = (0..10).map(|i| call(i, "清水河镇", OUTAGE[i % 4], 100 + i as i64, now)).collect();
        assert_eq!(hot_spots(&within, HotSpotRule::default(), &none(), now).len(), 1, "all within two hours");
        let spread: Vec<RecentRequest> = (0..10).map(|i| call(i, if i % 2 == 0 { "清水河镇" } else { "水定镇" }, OUTAGE[i % 4], i as i64, now)).collect();
        assert!(hot_spots(&spread, HotSpotRule::default(), &none(), now).is_empty(), "five in each of two townships");
        let rule = HotSpotRule { min_requests: 5, ..HotSpotRule::default() };
        assert_eq!(hot_spots(&spread, rule, &none(), now).len(), 2, "a lower threshold finds both");
    }

    #[test]
    fn callers_in_their_own_words_still_make_one_spot() {
        // Each shares only 停水 with the first; the place's own name (清水河) does not count.
        let varied = [
            "幸福小区突然停水了，没有任何通知",
            "我们这里停水两个小时了，什么时候来水",
            "清水河镇停水，家里老人没法做饭",
            "小区停水了，物业说是管道爆裂",
            "停水一上午了，孩子放学回来没水用",
        ];
        let now = Utc::now();
        let mut recent: Vec<RecentRequest> = (0..10).map(|i| call(i, "清水河镇", varied[i % 5], i as i64, now)).collect();
        recent.push(call(30, "清水河镇", "清水河镇解放路的路灯坏了一周", 3, now));
        let spots = hot_spots(&recent, HotSpotRule::default(), &none(), now);
        assert_eq!(spots.len(), 1, "{spots:?}");
        assert_eq!(spots[0].numbers.len(), 10, "the lamp stays out: {spots:?}");
        assert_eq!(spots[0].words, vec!["停水".to_string()], "{spots:?}");
    }

    #[test]
    fn synonyms_join_calls_that_name_the_outage_differently() {
        let now = Utc::now();
        let words = ["小区停水了，物业说是管道爆裂", "断水一整天了，孩子放学回来没法洗漱"];
        let recent: Vec<RecentRequest> = (0..10).map(|i| call(i, "清水河镇", words[i % 2], i as i64, now)).collect();
        assert!(hot_spots(&recent, HotSpotRule::default(), &none(), now).is_empty(), "five and five, apart");
        let outage = Synonyms::new(["停水 断水 没水"]);
        let spots = hot_spots(&recent, HotSpotRule::default(), &outage, now);
        assert_eq!(spots.len(), 1, "{spots:?}");
        assert_eq!(spots[0].numbers.len(), 10, "{spots:?}");
        assert_eq!(spots[0].words[0], "停水", "named first by the group's first word, which all share: {spots:?}");
    }
}

//! A unit's score in a period under a scheme: each item linear between its
//! floor and target; items without data (nothing to rate) left out and the
//! rest scaled up to 100; Art. 37's bonuses up to their cap; deductions;
//! never below 0. Every number says what it was made of.

use super::{Scheme, SchemeItem};
use crate::domain::indicators::{Counter, Counters, Indicator, RatingPoints};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a unit did in the period, as the score needs it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnitPeriod {
    /// The unit's subtree's counters (lead and separate assignments).
    pub counters: Counters,
    /// Requests dispatched to it per category, in the period and a year earlier.
    pub by_category: BTreeMap<String, u64>,
    pub by_category_last_year: BTreeMap<String, u64>,
    /// What upheld appeals took out of each indicator (Art. 38).
    pub excluded: BTreeMap<Indicator, Exclusion>,
    /// What upheld appeals had counted again as meeting each indicator (Art. 38).
    pub recounted: BTreeMap<Indicator, Recount>,
    /// The subtree's knowledge-base upkeep (Art. 36).
    pub knowledge: KnowledgeUpkeep,
}

/// Knowledge-base entries a unit's subtree added and revised in the period,
/// and its entries stale at the period's end (Art. 36).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KnowledgeUpkeep {
    pub added: u64,
    pub revised: u64,
    pub stale: u64,
}

/// Requests taken out of one indicator by upheld appeals, and what they had counted in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Exclusion {
    pub requests: u64,
    pub counters: Counters,
}

/// Requests an indicator counts again as meeting it, and how its counts change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recount {
    pub requests: u64,
    pub removed: Counters,
    pub added: Counters,
}

impl UnitPeriod {
    /// The counters an indicator is read from: the unit's, less what upheld
    /// appeals took out of it, with what they counted again.
    pub(super) fn counters_for(&self, indicator: Indicator) -> Counters {
        let mut c = match self.excluded.get(&indicator) {
            Some(e) => self.counters.without(&e.counters),
            None => self.counters.clone(),
        };
        if let Some(r) = self.recounted.get(&indicator) {
            c = c.without(&r.removed);
            c.absorb(&r.added);
        }
        c
    }

    /// Counts one request's `counted` again as meeting `indicator`; false
    /// (nothing changed) where the indicator has no such recount.
    pub fn recount(&mut self, indicator: Indicator, counted: &Counters) -> bool {
        let Some((removed, added)) = indicator.recount(counted) else { return false };
        let r = self.recounted.entry(indicator).or_default();
        r.requests += 1;
        r.removed.absorb(&removed);
        r.added.absorb(&added);
        true
    }

    /// Takes a request's counts out of one indicator.
    pub fn exclude(&mut self, indicator: Indicator, counted: &Counters) {
        let e = self.excluded.entry(indicator).or_default();
        e.requests += 1;
        e.counters.absorb(counted);
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemScore {
    pub indicator: Indicator,
    pub weight: u32,
    pub target: f64,
    pub floor: f64,
    /// What the value was made of.
    pub numerator: f64,
    pub denominator: Option<u64>,
    /// The indicator's value; none when there was nothing to rate.
    pub value: Option<f64>,
    /// Points earned of the weight (before scaling); none without a value.
    pub points: Option<f64>,
    /// Requests upheld appeals took out of this item.
    #[serde(default)]
    pub excluded: u64,
    /// Requests upheld appeals counted again as meeting it.
    #[serde(default)]
    pub recounted: u64,
}

/// A bonus or a deduction: what for, how many, and the points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Adjustment {
    pub label: String,
    pub detail: String,
    pub points: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreCard {
    pub items: Vec<ItemScore>,
    /// The items' points scaled to 100 over the weights that had data;
    /// none when no item had any (the unit is not scored).
    pub base: Option<f64>,
    pub bonuses: Vec<Adjustment>,
    /// The bonuses as counted: at most the scheme's cap.
    pub bonus: f64,
    pub deductions: Vec<Adjustment>,
    pub deduction: f64,
    pub total: Option<f64>,
}

/// Rounded to hundredths; `+ 0.0` turns the -0.0 an empty float sum gives into 0.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0 + 0.0
}

/// The share of an item's weight a value earns: 0 at the floor or worse, 1
/// at the target or better, linear between (either way round).
fn earned(item: &SchemeItem, value: f64) -> f64 {
    ((value - item.floor) / (item.target - item.floor)).clamp(0.0, 1.0)
}

pub fn score(scheme: &Scheme, unit: &UnitPeriod, points: &RatingPoints) -> ScoreCard {
    let c = &unit.counters;
    let items: Vec<ItemScore> = scheme
        .items
        .iter()
        .map(|item| {
            let t = unit.counters_for(item.indicator).tally(item.indicator, points);
            let value = t.value;
            ItemScore {
                indicator: item.indicator,
                weight: item.weight,
                target: item.target,
                floor: item.floor,
                numerator: t.numerator,
                denominator: t.denominator,
                value,
                points: value.map(|v| round2(f64::from(item.weight) * earned(item, v))),
                excluded: unit.excluded.get(&item.indicator).map_or(0, |e| e.requests),
                recounted: unit.recounted.get(&item.indicator).map_or(0, |r| r.requests),
            }
        })
        .collect();
    let rated_weight: u32 = items.iter().filter(|i| i.points.is_some()).map(|i| i.weight).sum();
    let earned_points: f64 = items.iter().filter_map(|i| i.points).sum();
    let base = (rated_weight > 0).then(|| round2(earned_points * 100.0 / f64::from(rated_weight)));

    let b = &scheme.bonuses;
    let mut bonuses = Vec::new();
    let closed = c.get(Counter::Closed);
    if closed > 0 && b.early_completion > 0.0 {
        let early = c.get(Counter::ClosedEarly);
        bonuses.push(Adjustment {
            label: "提前办结".into(),
            detail: format!("办结 {closed} 件，其中提前办结 {early} 件"),
            points: round2(b.early_completion * early as f64 / closed as f64),
        });
    }
    for (category, then) in &unit.by_category_last_year {
        let now = unit.by_category.get(category).copied().unwrap_or(0);
        let fell = *then >= b.fall_minimum.max(1) && now < *then && (*then - now) as f64 * 100.0 >= b.fall_percent * *then as f64;
        if fell && b.fall_in_similar > 0.0 {
            bonuses.push(Adjustment {
                label: "同类诉求下降".into(),
                detail: format!("{category}：去年同期 {then} 件，本期 {now} 件"),
                points: b.fall_in_similar,
            });
        }
    }
    let k = &unit.knowledge;
    let kept = k.added + k.revised;
    if kept > 0 && scheme.knowledge.per_entry > 0.0 {
        bonuses.push(Adjustment {
            label: "知识库建设更新".into(),
            detail: format!("新增 {} 条，修订 {} 条", k.added, k.revised),
            points: round2(scheme.knowledge.per_entry * kept as f64),
        });
    }
    let bonus = round2(bonuses.iter().map(|a| a.points).sum::<f64>().min(b.cap));

    let d = &scheme.deductions;
    let deductions: Vec<Adjustment> = [
        ("督办", "被督办", unit.counters_for(Indicator::Supervised).get(Counter::Supervisions), d.per_supervision, "件"),
        ("媒体曝光", "被媒体曝光", c.get(Counter::MediaExposed), d.per_media_case, "件"),
        ("知识库过期", "知识库条目逾期未复核", k.stale, scheme.knowledge.per_stale, "条"),
    ]
    .into_iter()
    .filter(|(_, _, count, per, _)| *count > 0 && *per > 0.0)
    .map(|(label, what, count, per, measure)| Adjustment { label: label.into(), detail: format!("{what} {count} {measure}"), points: round2(per * count as f64) })
    .collect();
    let deduction = round2(deductions.iter().map(|a| a.points).sum());
    let total = base.map(|base| round2((base + bonus - deduction).max(0.0)));
    ScoreCard { items, base, bonuses, bonus, deductions, deduction, total }
}

/// The ranks of scores, best first: equal scores share a rank (1, 2, 2, 4);
/// units not scored are not ranked.
pub fn ranks(totals: &[Option<f64>]) -> Vec<Option<u32>> {
    totals
        .iter()
        .map(|t| t.map(|t| 1 + totals.iter().filter(|o| o.is_some_and(|o| o > t)).count() as u32))
        .collect()
}

//! The front desk's quality (Art. 36 受理前台服务质量): each month a
//! reviewer checks a random sample of every agent's registrations on a
//! checklist, and the callers rate the call service (Art. 24); an agent's
//! score weighs the two as the year's scheme says.

use crate::domain::indicators::RatingPoints;
use crate::domain::types::{FrontDeskCheck, Rating};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The scheme's rules for the front desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrontDeskRules {
    /// Registrations drawn per agent and month (all of them when fewer).
    pub sample_size: u32,
    /// The call-service ratings' share of an agent's score, in per cent;
    /// the sample's checklist has the rest.
    pub call_weight: u32,
}

impl Default for FrontDeskRules {
    fn default() -> Self {
        FrontDeskRules { sample_size: 5, call_weight: 30 }
    }
}

impl FrontDeskRules {
    /// How many of an agent's `registered` registrations are drawn.
    pub fn draws(&self, registered: usize) -> usize {
        registered.min(self.sample_size as usize)
    }
}

/// A reviewed registration's points: the share of the checklist it passed, of 100.
pub fn checklist_points(passed: &BTreeSet<FrontDeskCheck>) -> f64 {
    round2(passed.len() as f64 * 100.0 / FrontDeskCheck::ALL.len() as f64)
}

/// What an agent did in a month, as the score needs it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgentMonth {
    /// Registrations drawn for review.
    pub sampled: u32,
    /// The checklist points of those reviewed so far.
    pub reviewed: Vec<f64>,
    /// The call-service ratings of the month's calls.
    pub call_ratings: Vec<Rating>,
}

/// An agent's score, with what it was made of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentScore {
    pub sampled: u32,
    pub reviewed: u32,
    /// The mean checklist points of the reviewed sample; none before any review.
    pub quality: Option<f64>,
    pub calls_rated: u32,
    /// The mean points of the call-service ratings; none without ratings.
    pub call_service: Option<f64>,
    /// The two weighed by the rules; one alone when the other has no data;
    /// none when neither has.
    pub total: Option<f64>,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0 + 0.0
}

fn mean(xs: impl ExactSizeIterator<Item = f64>) -> Option<f64> {
    let n = xs.len();
    (n > 0).then(|| round2(xs.sum::<f64>() / n as f64))
}

pub fn agent_score(rules: &FrontDeskRules, month: &AgentMonth, points: &RatingPoints) -> AgentScore {
    let quality = mean(month.reviewed.iter().copied());
    let call_service = mean(month.call_ratings.iter().map(|r| f64::from(points.of(*r))));
    let w = f64::from(rules.call_weight.min(100)) / 100.0;
    let total = match (quality, call_service) {
        (Some(q), Some(c)) => Some(round2(q * (1.0 - w) + c * w)),
        (q, c) => q.or(c),
    };
    AgentScore {
        sampled: month.sampled,
        reviewed: month.reviewed.len() as u32,
        quality,
        calls_rated: month.call_ratings.len() as u32,
        call_service,
        total,
    }
}

//! A report's numbers: what the month's data said when the report was
//! generated (a draft's preview) or issued (kept as it was). Names and codes
//! only — no requester, no free text a citizen wrote.

use crate::domain::indicators::IndicatorRow;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportContent {
    /// Whose numbers, in words: 全州, 伊宁市人民政府热线办受理的诉求.
    pub scope: String,
    pub generated_at: DateTime<Utc>,
    /// The period compared with: `2026年10月`, `2025年11月`.
    pub previous_name: String,
    pub last_year_name: String,
    pub indicators: Vec<IndicatorRow>,
    /// Requests registered in the month, and by type, channel and county.
    pub registered: u64,
    pub by_type: Vec<CountLine>,
    pub by_channel: Vec<CountLine>,
    pub by_county: Vec<CountLine>,
    /// The most frequent categories, with the month before beside them.
    pub top_categories: Vec<CountLine>,
    pub hot_spots: Vec<HotSpotLine>,
    /// The units just below the author, ranked.
    pub units: Vec<UnitRank>,
    pub cases: Vec<CaseLine>,
}

/// A count of one kind of request, with the period before where it is compared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountLine {
    pub label: String,
    pub count: u64,
    #[serde(default)]
    pub previous: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HotSpotLine {
    /// County and township.
    pub place: String,
    pub words: Vec<String>,
    pub size: i64,
    /// China time days, `YYYY-MM-DD`.
    pub first_day: String,
    pub last_day: String,
    pub open: bool,
}

/// A unit's subtree in the month, with its place in the ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitRank {
    /// 1 for the best; units with nothing dispatched are not ranked.
    pub rank: Option<u32>,
    pub name: String,
    pub dispatched: u64,
    pub response_rate: Option<f64>,
    pub on_time_rate: Option<f64>,
    pub satisfaction_rate: Option<f64>,
    pub overdue: u64,
    pub supervised: u64,
}

/// What ranks a unit, in words (the reports print it under the table).
pub const RANKING_RULE: &str = "按满意率排名，满意率相同按按时办结率、再按响应率；本月无派单的单位不排名";

impl UnitRank {
    /// Ranks units by RANKING_RULE: equal units share a rank (1, 2, 2, 4),
    /// units without a dispatch come last, unranked, by name.
    pub fn ranked(mut units: Vec<UnitRank>) -> Vec<UnitRank> {
        let key = |u: &UnitRank| [u.satisfaction_rate, u.on_time_rate, u.response_rate].map(|r| r.unwrap_or(-1.0));
        units.sort_by(|a, b| {
            (b.dispatched > 0)
                .cmp(&(a.dispatched > 0))
                .then_with(|| key(b).partial_cmp(&key(a)).unwrap_or(std::cmp::Ordering::Equal))
                .then_with(|| a.name.cmp(&b.name))
        });
        let mut last: Option<([f64; 3], u32)> = None;
        for (i, u) in units.iter_mut().enumerate() {
            if u.dispatched == 0 {
                u.rank = None;
                continue;
            }
            let k = key(u);
            let rank = match last {
                Some((prev, r)) if prev == k => r,
                _ => i as u32 + 1,
            };
            u.rank = Some(rank);
            last = Some((k, rank));
        }
        units
    }
}

/// A notable case as the report prints it: codes named, no personal data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLine {
    pub number: String,
    pub request_type: String,
    pub category: String,
    /// The units that handled it, by name.
    pub units: Vec<String>,
    pub state: String,
    /// Why the author names it.
    pub note: String,
}

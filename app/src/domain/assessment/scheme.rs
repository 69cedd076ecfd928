//! An assessment scheme and the form it is set with: read whole, every
//! mistake named beside its field, or not at all.

use super::FrontDeskRules;
use crate::domain::citizen_form::FieldError;
use crate::domain::indicators::{Indicator, Period, RatingPoints};
use crate::domain::types::Rating;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What a scheme's weights add up to.
pub const TOTAL_WEIGHT: u32 = 100;

/// One indicator of the scheme: its weight (points), the value that earns
/// them all (target) and the value that earns none (floor). Rates are
/// fractions (0.95), the satisfaction score points (0–100), counts counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchemeItem {
    pub indicator: Indicator,
    pub weight: u32,
    pub target: f64,
    pub floor: f64,
}

/// Art. 37's bonus points, capped in total.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bonuses {
    /// Points for closing everything ahead of time, in proportion to the
    /// share of closings that were.
    pub early_completion: f64,
    /// Points per category whose requests to the unit fell by at least
    /// `fall_percent` against the same period last year, among categories
    /// with at least `fall_minimum` requests then.
    pub fall_in_similar: f64,
    pub fall_percent: f64,
    pub fall_minimum: u64,
    pub cap: f64,
}

/// Art. 36's knowledge-base upkeep: points per entry a unit added or
/// revised in the period (a bonus, within the cap), taken off per entry of
/// its own left unreviewed past the stale limit at the period's end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KnowledgeRules {
    pub per_entry: f64,
    pub per_stale: f64,
}

impl Default for KnowledgeRules {
    fn default() -> Self {
        KnowledgeRules { per_entry: 0.2, per_stale: 0.5 }
    }
}

/// Points taken off per supervision (Art. 31) and per case exposed by the media.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deductions {
    pub per_supervision: f64,
    pub per_media_case: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scheme {
    pub year: i32,
    pub items: Vec<SchemeItem>,
    pub bonuses: Bonuses,
    pub deductions: Deductions,
    /// Art. 36's front desk: read as the default by schemes set before it was part of them.
    #[serde(default)]
    pub front_desk: FrontDeskRules,
    /// Art. 36's knowledge-base upkeep, likewise.
    #[serde(default)]
    pub knowledge: KnowledgeRules,
    /// The points of each rating level in the satisfaction score (SPEC §7:
    /// configurable), used by every reading of a period the scheme is in force for.
    #[serde(default)]
    pub rating_points: RatingPoints,
}

/// A version of a year's scheme: in force from its day until the next version's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchemeVersion {
    pub version: u32,
    pub in_force_from: NaiveDate,
    pub scheme: Scheme,
    pub by: String,
    pub at: DateTime<Utc>,
}

impl SchemeVersion {
    /// The version in force on the period's first day: the latest of its
    /// year that had come into force by then.
    pub fn in_force(versions: &[SchemeVersion], period: Period) -> Option<&SchemeVersion> {
        let day = period.from();
        versions
            .iter()
            .filter(|v| v.scheme.year == day.year() && v.in_force_from <= day)
            .max_by_key(|v| (v.in_force_from, v.version))
    }
}

impl Scheme {
    /// A reasonable first scheme (the demo's and a new year's starting point).
    pub fn standard(year: i32) -> Scheme {
        let item = |indicator, weight, target, floor| SchemeItem { indicator, weight, target, floor };
        Scheme {
            year,
            items: vec![
                item(Indicator::ResponseRate, 15, 1.0, 0.8),
                item(Indicator::OnTimeRate, 25, 1.0, 0.8),
                item(Indicator::SatisfactionRate, 30, 0.95, 0.7),
                item(Indicator::ResolutionRate, 15, 0.9, 0.6),
                item(Indicator::ReturnRate, 5, 0.05, 0.2),
                item(Indicator::ExtensionRate, 5, 0.05, 0.2),
                item(Indicator::RedoRate, 5, 0.05, 0.3),
            ],
            bonuses: Bonuses { early_completion: 3.0, fall_in_similar: 1.0, fall_percent: 20.0, fall_minimum: 5, cap: 5.0 },
            deductions: Deductions { per_supervision: 1.0, per_media_case: 2.0 },
            front_desk: FrontDeskRules::default(),
            knowledge: KnowledgeRules::default(),
            rating_points: RatingPoints::default(),
        }
    }

    /// The form that shows this scheme.
    pub fn form(&self) -> SchemeForm {
        let show = |i: Indicator, v: f64| if is_rate(i) { trim(v * 100.0) } else { trim(v) };
        SchemeForm {
            year: self.year.to_string(),
            in_force_from: String::new(),
            items: self
                .items
                .iter()
                .map(|it| SchemeItemForm {
                    indicator: it.indicator.code().into(),
                    weight: it.weight.to_string(),
                    target: show(it.indicator, it.target),
                    floor: show(it.indicator, it.floor),
                })
                .collect(),
            early_completion: trim(self.bonuses.early_completion),
            fall_in_similar: trim(self.bonuses.fall_in_similar),
            fall_percent: trim(self.bonuses.fall_percent),
            fall_minimum: self.bonuses.fall_minimum.to_string(),
            bonus_cap: trim(self.bonuses.cap),
            per_supervision: trim(self.deductions.per_supervision),
            per_media_case: trim(self.deductions.per_media_case),
            sample_size: self.front_desk.sample_size.to_string(),
            call_weight: self.front_desk.call_weight.to_string(),
            per_knowledge_entry: trim(self.knowledge.per_entry),
            per_stale_entry: trim(self.knowledge.per_stale),
            rating_points: self.rating_points.0.iter().map(|p| p.to_string()).collect(),
        }
    }
}

fn trim(x: f64) -> String {
    let s = format!("{x:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Rates are entered in per cent; the score and counts as they are.
fn is_rate(i: Indicator) -> bool {
    !i.is_count() && i != Indicator::SatisfactionScore
}

/// A number of a form field between 0 and `max`, or an error beside it (and 0).
fn number(errors: &mut Vec<FieldError>, field: &str, text: &str, what: &str, max: f64) -> f64 {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=max).contains(&v) => v,
        _ => {
            errors.push(FieldError::new(field, format!("{what}须为 0 至 {max} 之间的数")));
            0.0
        }
    }
}

/// The scheme as the center fills it in: texts, read by `parse`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemeForm {
    pub year: String,
    /// `YYYY-MM-DD`; empty: the year's first day.
    pub in_force_from: String,
    pub items: Vec<SchemeItemForm>,
    pub early_completion: String,
    pub fall_in_similar: String,
    pub fall_percent: String,
    pub fall_minimum: String,
    pub bonus_cap: String,
    pub per_supervision: String,
    pub per_media_case: String,
    /// Registrations sampled per agent and month (Art. 36).
    #[serde(default)]
    pub sample_size: String,
    /// The call-service ratings' share of an agent's score, in per cent.
    #[serde(default)]
    pub call_weight: String,
    /// Points per knowledge-base entry added or revised, and off per stale entry (Art. 36).
    #[serde(default)]
    pub per_knowledge_entry: String,
    #[serde(default)]
    pub per_stale_entry: String,
    /// The points of 非常满意 … 非常不满意, in that order.
    #[serde(default)]
    pub rating_points: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemeItemForm {
    /// An indicator's code; empty rows are left out.
    pub indicator: String,
    pub weight: String,
    pub target: String,
    pub floor: String,
}

impl SchemeForm {
    /// The scheme and the day it comes into force, or every field that is wrong.
    pub fn parse(&self) -> Result<(Scheme, NaiveDate), Vec<FieldError>> {
        let mut errors = Vec::new();
        let year = match self.year.trim().parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => y,
            _ => {
                errors.push(FieldError::new("year", "请填写考核年度，如 2026"));
                0
            }
        };
        let in_force_from = match self.in_force_from.trim() {
            "" => NaiveDate::from_ymd_opt(year, 1, 1),
            s => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
        };
        let in_force_from = match in_force_from {
            Some(d) if d.year() == year || year == 0 => d,
            _ => {
                errors.push(FieldError::new("in_force_from", "请填写本年度内的施行日期（年-月-日）"));
                NaiveDate::default()
            }
        };
        let mut items: Vec<SchemeItem> = Vec::new();
        let rows: Vec<(usize, &SchemeItemForm)> = self.items.iter().enumerate().filter(|(_, r)| !r.indicator.trim().is_empty()).collect();
        for (i, row) in &rows {
            let field = |name: &str| format!("items.{i}.{name}");
            let Some(indicator) = Indicator::parse(row.indicator.trim()) else {
                errors.push(FieldError::new(&field("indicator"), "请选择指标"));
                continue;
            };
            if items.iter().any(|it| it.indicator == indicator) {
                errors.push(FieldError::new(&field("indicator"), format!("{}已列入，每项指标只列一次", indicator.label())));
                continue;
            }
            let weight = match row.weight.trim().parse::<u32>() {
                Ok(w @ 1..=100) => w,
                _ => {
                    errors.push(FieldError::new(&field("weight"), "权重须为 1 至 100 的整数"));
                    0
                }
            };
            // Division, not multiplication by 0.01: 95 / 100 is exactly the 0.95 the scheme was written with.
            let (max, per) = if is_rate(indicator) { (100.0, 100.0) } else if indicator.is_count() { (1000.0, 1.0) } else { (100.0, 1.0) };
            let target = number(&mut errors, &field("target"), &row.target, "目标值", max) / per;
            let floor = number(&mut errors, &field("floor"), &row.floor, "底线值", max) / per;
            let better = if indicator.higher_is_better() { target > floor } else { target < floor };
            if !better && errors.iter().all(|e| !e.field.starts_with(&format!("items.{i}."))) {
                let (want, why) = if indicator.higher_is_better() { ("高于", "越高越好") } else { ("低于", "越低越好") };
                errors.push(FieldError::new(&field("target"), format!("{}的目标值须{want}底线值（该指标{why}）", indicator.label())));
            }
            items.push(SchemeItem { indicator, weight, target, floor });
        }
        if rows.is_empty() {
            errors.push(FieldError::new("items", "请至少列入一项考核指标"));
        } else {
            let total: u32 = items.iter().map(|it| it.weight).sum();
            if total != TOTAL_WEIGHT && errors.iter().all(|e| !e.field.ends_with(".weight")) {
                errors.push(FieldError::new("items", format!("各项权重之和须为 {TOTAL_WEIGHT}，现为 {total}")));
            }
        }
        let bonuses = Bonuses {
            early_completion: number(&mut errors, "early_completion", &self.early_completion, "提前办结加分", 20.0),
            fall_in_similar: number(&mut errors, "fall_in_similar", &self.fall_in_similar, "同类诉求下降加分", 20.0),
            fall_percent: number(&mut errors, "fall_percent", &self.fall_percent, "下降幅度", 100.0),
            fall_minimum: match self.fall_minimum.trim().parse::<u64>() {
                Ok(n) => n,
                Err(_) => {
                    errors.push(FieldError::new("fall_minimum", "去年同期最少件数须为整数"));
                    0
                }
            },
            cap: number(&mut errors, "bonus_cap", &self.bonus_cap, "加分上限", 20.0),
        };
        let deductions = Deductions {
            per_supervision: number(&mut errors, "per_supervision", &self.per_supervision, "每件督办扣分", 20.0),
            per_media_case: number(&mut errors, "per_media_case", &self.per_media_case, "每件媒体曝光扣分", 20.0),
        };
        let whole = |errors: &mut Vec<FieldError>, field: &str, text: &str, range: std::ops::RangeInclusive<u32>, what: &str| match text.trim().parse::<u32>() {
            Ok(n) if range.contains(&n) => n,
            _ => {
                errors.push(FieldError::new(field, format!("{what}须为 {} 至 {} 的整数", range.start(), range.end())));
                0
            }
        };
        let front_desk = FrontDeskRules {
            sample_size: whole(&mut errors, "sample_size", &self.sample_size, 1..=50, "每名话务员每月抽检件数"),
            call_weight: whole(&mut errors, "call_weight", &self.call_weight, 0..=100, "话务服务评价所占比重"),
        };
        let knowledge = KnowledgeRules {
            per_entry: number(&mut errors, "per_knowledge_entry", &self.per_knowledge_entry, "知识库每条新增或修订加分", 20.0),
            per_stale: number(&mut errors, "per_stale_entry", &self.per_stale_entry, "知识库每条过期未复核扣分", 20.0),
        };
        let mut points = [0_u32; 5];
        for (i, level) in Rating::ALL.iter().enumerate() {
            let text = self.rating_points.get(i).map(String::as_str).unwrap_or_default();
            points[i] = whole(&mut errors, &format!("rating_points.{i}"), text, 0..=100, &format!("“{}”的分值", level.label()));
        }
        if points.windows(2).any(|w| w[0] < w[1]) && errors.iter().all(|e| !e.field.starts_with("rating_points")) {
            errors.push(FieldError::new("rating_points.0", "满意度分值须从“非常满意”到“非常不满意”依次不增"));
        }
        if errors.is_empty() {
            Ok((Scheme { year, items, bonuses, deductions, front_desk, knowledge, rating_points: RatingPoints(points) }, in_force_from))
        } else {
            Err(errors)
        }
    }
}

//! The assessment (Art. 36–37): the center's reviewers and administrators
//! set each year's scheme as versions; the center and analysts read every
//! assessed unit's score of any period under the version in force on its
//! first day — the units just below the center (departments, counties), each
//! with its whole subtree, read from the same rollups as the dashboard.
//! A unit reads its own results once they are published (not yet built).

use super::china_time::minute;
use super::stats::{Breakdown, RollupScope};
use super::{internal, Service};
use crate::store::AuditEntry;
use app::api::assessment::{AssessmentBackend, ItemLine, SchemePage, ScoreDetail, ScoreRow, ScoresPage};
use app::api::auth::StaffUser;
use app::api::dashboard::PeriodView;
use app::api::AppError;
use app::domain::assessment::{ranks, score, Scheme, SchemeForm, SchemeVersion, ScoreCard, UnitPeriod};
use app::domain::deadline::cst_date;
use app::domain::indicators::{Counter, Indicator, Period, RatingPoints, ValueKind};
use app::domain::report::ReportMonth;
use app::domain::types::{AuditAction, Role};
use app::domain::unit::UnitId;
use chrono::{Datelike, Utc};
use std::collections::BTreeMap;

/// How an indicator's target and floor are entered.
fn entered_as(i: Indicator) -> &'static str {
    match ValueKind::of(i) {
        ValueKind::Rate => "%",
        ValueKind::Score => "分",
        ValueKind::Count => "件",
    }
}

impl Service {
    /// The center's staff and analysts read scores; its reviewers and administrators set schemes.
    fn assessment_reader(&self, user: &StaffUser) -> Result<(), AppError> {
        if self.world().is_root(&user.unit_id) || user.role == Role::Analyst {
            Ok(())
        } else {
            Err(AppError::Forbidden("考核结果由热线管理中心公布后，承办单位方可查看本单位得分".into()))
        }
    }

    fn scheme_writer(&self, user: &StaffUser) -> bool {
        self.world().is_root(&user.unit_id) && matches!(user.role, Role::Reviewer | Role::Admin)
    }

    async fn scheme_versions(&self, year: i32) -> Result<Vec<SchemeVersion>, AppError> {
        let mut versions = Vec::new();
        for s in self.store.schemes(year).await.map_err(internal)? {
            versions.push(serde_json::from_str(&s).map_err(internal)?);
        }
        Ok(versions)
    }

    fn scheme_summary(&self, v: &SchemeVersion) -> String {
        let by = self.world().staff_names.get(&v.by).cloned().unwrap_or_else(|| v.by.clone());
        format!("{}年第{}版，{} 起施行（{} {}）", v.scheme.year, v.version, v.in_force_from, by, minute(v.at))
    }

    async fn scheme_page(&self, user: &StaffUser, year: i32) -> Result<SchemePage, AppError> {
        let versions = self.scheme_versions(year).await?;
        let form = versions.last().map(|v| v.scheme.form()).unwrap_or_else(|| Scheme::standard(year).form());
        Ok(SchemePage {
            year,
            versions: versions.iter().map(|v| self.scheme_summary(v)).collect(),
            form,
            indicators: Indicator::ALL.iter().map(|i| (i.code().into(), i.label().into(), entered_as(*i).into())).collect(),
            may_write: self.scheme_writer(user),
        })
    }

    /// A period code, or last month when empty.
    fn scored_period(code: &str) -> Result<Period, AppError> {
        let period = match code.trim() {
            "" => ReportMonth::of(cst_date(Utc::now())).map(|m| m.previous().period()).map_err(|e| AppError::on_field("period", e.message())),
            code => Period::parse_code(code).map_err(|e| AppError::on_field("period", e.message())),
        }?;
        Ok(period)
    }

    /// What one unit did in the period, for its score.
    async fn unit_period(&self, period: Period, unit: &UnitId) -> Result<UnitPeriod, AppError> {
        let scope = RollupScope::Unit(unit.clone());
        let dispatched = |m: BTreeMap<String, app::domain::indicators::Counters>| m.into_iter().map(|(k, c)| (k, c.get(Counter::Dispatched))).collect();
        Ok(UnitPeriod {
            counters: self.whole(period, &scope).await?,
            by_category: dispatched(self.rollup(period, &scope, Breakdown::Category).await.map_err(internal)?),
            by_category_last_year: dispatched(self.rollup(period.a_year_before(), &scope, Breakdown::Category).await.map_err(internal)?),
        })
    }

    /// The version scoring `period`, or a clear refusal.
    async fn scheme_for(&self, period: Period) -> Result<Option<SchemeVersion>, AppError> {
        let versions = self.scheme_versions(period.from().year()).await?;
        Ok(SchemeVersion::in_force(&versions, period).cloned())
    }

    /// The assessed units: those just below the center, active.
    fn assessed_units(&self) -> Vec<(UnitId, String)> {
        let world = self.world();
        let root = world.units.root().map(|u| u.id.clone());
        world.units.iter().filter(|u| u.active && u.parent.is_some() && u.parent == root).map(|u| (u.id.clone(), u.name.to_string())).collect()
    }
}

#[async_trait::async_trait]
impl AssessmentBackend for Service {
    async fn assessment_scheme(&self, user: &StaffUser, year: &str) -> Result<SchemePage, AppError> {
        self.assessment_reader(user)?;
        let year = match year.trim() {
            "" => cst_date(Utc::now()).year(),
            y => y.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y)).ok_or_else(|| AppError::on_field("year", "请填写考核年度，如 2026"))?,
        };
        self.scheme_page(user, year).await
    }

    async fn save_scheme(&self, user: &StaffUser, form: SchemeForm) -> Result<SchemePage, AppError> {
        if !self.scheme_writer(user) {
            return Err(AppError::Forbidden("考核方案由热线管理中心审核员或管理员设定".into()));
        }
        let (scheme, in_force_from) = form.parse().map_err(AppError::Fields)?;
        let year = scheme.year;
        let version = self.scheme_versions(year).await?.last().map(|v| v.version).unwrap_or(0) + 1;
        let now = Utc::now();
        let v = SchemeVersion { version, in_force_from, scheme, by: user.username.clone(), at: now };
        let snapshot = serde_json::to_string(&v).map_err(internal)?;
        let entry = AuditEntry {
            at: now,
            username: user.username.clone(),
            action: AuditAction::SchemeChange,
            request_number: None,
            reason: None,
            detail: Some(format!("scheme {year} v{version} in force from {in_force_from}")),
        };
        self.store
            .insert_scheme(year, i64::from(version), &in_force_from.to_string(), &snapshot, now, entry)
            .await
            .map_err(internal)?
            .ok_or(AppError::Conflict)?;
        self.scheme_page(user, year).await
    }

    async fn assessment_scores(&self, user: &StaffUser, period: &str) -> Result<ScoresPage, AppError> {
        self.assessment_reader(user)?;
        let period = Service::scored_period(period)?;
        let Some(scheme) = self.scheme_for(period).await? else {
            return Ok(ScoresPage { period: PeriodView::of(period), scheme: None, rows: Vec::new() });
        };
        self.catch_up_rollups(Utc::now(), super::dashboard::CATCH_UP_PASSES).await.map_err(internal)?;
        let points = RatingPoints::default();
        let mut cards: Vec<(UnitId, String, ScoreCard)> = Vec::new();
        for (unit, name) in self.assessed_units() {
            let card = score(&scheme.scheme, &self.unit_period(period, &unit).await?, &points);
            cards.push((unit, name, card));
        }
        let totals: Vec<Option<f64>> = cards.iter().map(|(_, _, c)| c.total).collect();
        let mut rows: Vec<ScoreRow> = cards
            .into_iter()
            .zip(ranks(&totals))
            .map(|((unit, name, c), rank)| ScoreRow { rank, unit: unit.to_string(), name, total: c.total, base: c.base, bonus: c.bonus, deduction: c.deduction })
            .collect();
        rows.sort_by(|a, b| a.rank.unwrap_or(u32::MAX).cmp(&b.rank.unwrap_or(u32::MAX)).then_with(|| a.name.cmp(&b.name)));
        Ok(ScoresPage { period: PeriodView::of(period), scheme: Some(self.scheme_summary(&scheme)), rows })
    }

    async fn assessment_detail(&self, user: &StaffUser, period: &str, unit: &str) -> Result<ScoreDetail, AppError> {
        self.assessment_reader(user)?;
        let period = Service::scored_period(period)?;
        let (unit, name) = self
            .assessed_units()
            .into_iter()
            .find(|(u, _)| u.as_str() == unit)
            .ok_or_else(|| AppError::NotFound("被考核单位".into()))?;
        let scheme = self
            .scheme_for(period)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("{}年的考核方案", period.from().year())))?;
        self.catch_up_rollups(Utc::now(), super::dashboard::CATCH_UP_PASSES).await.map_err(internal)?;
        let points = RatingPoints::default();
        let data = self.unit_period(period, &unit).await?;
        let card = score(&scheme.scheme, &data, &points);
        let items = card
            .items
            .iter()
            .map(|i| {
                let kind = ValueKind::of(i.indicator);
                let t = data.counters.tally(i.indicator, &points);
                let made_of = match t.denominator {
                    Some(d) => format!("（{} / {d}）", t.numerator),
                    None => String::new(),
                };
                ItemLine {
                    code: i.indicator.code().into(),
                    label: i.indicator.label().into(),
                    weight: i.weight,
                    target: kind.show(Some(i.target)),
                    floor: kind.show(Some(i.floor)),
                    value: i.value.map(|v| format!("{}{made_of}", kind.show(Some(v)))).unwrap_or_else(|| "无数据".into()),
                    points: i.points,
                }
            })
            .collect();
        Ok(ScoreDetail {
            unit: unit.to_string(),
            name,
            period: PeriodView::of(period),
            scheme: self.scheme_summary(&scheme),
            items,
            base: card.base,
            bonuses: card.bonuses,
            bonus: card.bonus,
            deductions: card.deductions,
            deduction: card.deduction,
            total: card.total,
        })
    }
}

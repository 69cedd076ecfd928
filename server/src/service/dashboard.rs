//! The dashboard (Art. 33) read from the rollups: the center and analysts
//! see the prefecture, a county's hotline office the requests it owns,
//! everyone else their unit's subtree (the same scope rules as the rest).

use super::stats::{Breakdown, RollupScope};
use super::{internal, Service, World};
use app::api::auth::StaffUser;
use crate::store::day_number;
use app::api::dashboard::{Bar, DashboardBackend, DashboardView, PeriodView, TrendDay, UnitLine};
use app::api::AppError;
use app::domain::deadline::cst_date;
use app::domain::indicators::{Counter, Counters, Indicator, IndicatorRow, IntakeHour, Period};
use app::domain::unit::UnitId;
use chrono::{Datelike, Utc};
use std::collections::BTreeMap;

/// Rollup passes a dashboard read may run before it reads.
const CATCH_UP_PASSES: usize = 8;

/// Whose numbers a staff member sees, in words, and the unit at its top.
/// A period by its code; empty: this month.
pub(super) fn period_of(code: &str, today: chrono::NaiveDate) -> Result<Period, AppError> {
    match code.trim() {
        "" => Period::parse_code(&format!("{}-{:02}", today.year(), today.month())),
        code => Period::parse_code(code),
    }
    .map_err(|e| AppError::on_field("period", e.message()))
}

pub(super) fn scope_of(user: &StaffUser, world: &World) -> (RollupScope, String, Option<UnitId>) {
    let unit = UnitId::parse(&user.unit_id).ok();
    let name = |u: &UnitId| world.units.name_of(u);
    match (world.office_queues(&user.unit_id, user.role), unit) {
        (super::world::OfficeQueues::Center, unit) => (RollupScope::Prefecture, "全州".into(), world.units.root().map(|r| r.id.clone()).or(unit)),
        (super::world::OfficeQueues::County { path }, Some(unit)) => (RollupScope::Office(path), format!("{}热线办受理的诉求", name(&unit)), Some(unit)),
        (_, Some(unit)) => (RollupScope::Unit(unit.clone()), world.subtree_name(&unit), Some(unit)),
        (_, None) => (RollupScope::Prefecture, "全州".into(), None),
    }
}

impl Service {
    /// Takes in the changes still queued before a read (bounded: after a
    /// bulk load the job catches up on its own).
    pub(super) async fn rollups_caught_up(&self) -> Result<(), AppError> {
        self.catch_up_rollups(Utc::now(), CATCH_UP_PASSES).await.map(|_| ()).map_err(internal)
    }

    pub(super) async fn whole(&self, period: Period, scope: &RollupScope) -> Result<Counters, AppError> {
        Ok(self.rollup(period, scope, Breakdown::All).await.map_err(internal)?.remove("").unwrap_or_default())
    }

    /// The volume of each value of a breakdown, largest first, named by
    /// `label`, each with its key (the requests behind a bar are listed by it).
    pub(super) async fn bars(&self, period: Period, scope: &RollupScope, by: Breakdown, volume: Counter, world: &World) -> Result<Vec<Bar>, AppError> {
        let mut bars: Vec<Bar> = self
            .rollup(period, scope, by)
            .await
            .map_err(internal)?
            .iter()
            .map(|(key, c)| Bar { label: by.label(key, world), value: c.get(volume), key: key.clone() })
            .filter(|b| b.value > 0)
            .collect();
        bars.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.label.cmp(&b.label)));
        Ok(bars)
    }
}

impl Service {
    /// Each day of the period with its volume and closings, from the daily rollups.
    async fn trend(&self, period: Period, scope: &RollupScope, volume: Counter) -> Result<Vec<TrendDay>, AppError> {
        let (first, last) = (day_number(period.from()), day_number(period.to()));
        let mut days: BTreeMap<i64, (u64, u64)> = (first..=last).map(|d| (d, (0, 0))).collect();
        for (day, counter, amount) in self.store.stat_days(&scope.code(), first, last).await.map_err(internal)? {
            let (Some(slot), Some(counter)) = (days.get_mut(&day), Counter::parse(&counter)) else { continue };
            let amount = u64::try_from(amount).unwrap_or(0);
            if counter == volume {
                slot.0 += amount;
            } else if counter == Counter::Closed {
                slot.1 += amount;
            }
        }
        Ok(period
            .days()
            .zip(days.into_values())
            .map(|(day, (volume, closed))| TrendDay { day: day.to_string(), volume, closed })
            .collect())
    }

    /// Registrations per hour of the week, Monday 0时 first.
    async fn intake_hours(&self, period: Period, scope: &RollupScope) -> Result<Vec<u64>, AppError> {
        let mut hours = vec![0; IntakeHour::COUNT];
        for (key, c) in self.rollup(period, scope, Breakdown::Intake).await.map_err(internal)? {
            if let Some(h) = IntakeHour::parse(&key) {
                hours[h.index()] += c.get(Counter::Registered);
            }
        }
        Ok(hours)
    }

    /// The active units just below `top`, each with its subtree's counters.
    pub(super) async fn units_below(&self, period: Period, top: Option<&UnitId>, world: &World) -> Result<Vec<(UnitId, String, Counters)>, AppError> {
        let children: Vec<UnitId> = match top {
            Some(top) => world.units.iter().filter(|u| u.parent.as_ref() == Some(top) && u.active).map(|u| u.id.clone()).collect(),
            None => Vec::new(),
        };
        let mut lines = Vec::with_capacity(children.len());
        for child in children {
            let c = self.whole(period, &RollupScope::Unit(child.clone())).await?;
            lines.push((child.clone(), world.units.name_of(&child), c));
        }
        Ok(lines)
    }
}

#[async_trait::async_trait]
impl DashboardBackend for Service {
    async fn dashboard_today(&self, user: &StaffUser) -> Result<app::api::dashboard::TodayView, AppError> {
        self.today_view(user).await
    }

    async fn counted(&self, user: &StaffUser, query: app::api::dashboard::CountedQuery) -> Result<app::api::dashboard::CountedPage, AppError> {
        self.counted_page(user, query).await
    }

    async fn dashboard(&self, user: &StaffUser, period: String) -> Result<DashboardView, AppError> {
        let today = cst_date(Utc::now());
        let period = period_of(&period, today)?;
        // The changes still queued are taken in first: the dashboard is live
        // (Art. 33). Bounded: after a bulk load the job catches up on its own.
        self.rollups_caught_up().await?;
        let world = self.world();
        let (scope, scope_name, top) = scope_of(user, &world);
        let points = self.rating_points(period).await?;
        let (current, previous, last_year) = (
            self.whole(period, &scope).await?,
            self.whole(period.previous(), &scope).await?,
            self.whole(period.a_year_before(), &scope).await?,
        );
        let indicators = IndicatorRow::all(&current, &previous, &last_year, &points);
        // A unit's volume is what was dispatched to it; the hotline's, what it registered.
        let (volume, volume_name) = match scope {
            RollupScope::Unit(_) => (Counter::Dispatched, "派单量"),
            _ => (Counter::Registered, "受理量"),
        };
        let by_type = self.bars(period, &scope, Breakdown::Type, volume, &world).await?;
        let by_channel = self.bars(period, &scope, Breakdown::Channel, volume, &world).await?;
        let by_county = self.bars(period, &scope, Breakdown::County, volume, &world).await?;
        let mut by_category = self.bars(period, &scope, Breakdown::Category, volume, &world).await?;
        by_category.truncate(app::api::dashboard::TOP_CATEGORIES);
        let trend = self.trend(period, &scope, volume).await?;
        let intake_hours = match scope {
            RollupScope::Unit(_) => Vec::new(),
            _ => self.intake_hours(period, &scope).await?,
        };
        let units = self
            .units_below(period, top.as_ref(), &world)
            .await?
            .into_iter()
            .map(|(id, name, c)| {
                let rate = |i: Indicator| c.tally(i, &points).value;
                UnitLine {
                    name,
                    id: id.to_string(),
                    dispatched: c.get(Counter::Dispatched),
                    response_rate: rate(Indicator::ResponseRate),
                    on_time_rate: rate(Indicator::OnTimeRate),
                    satisfaction_rate: rate(Indicator::SatisfactionRate),
                    overdue: c.get(Counter::Overdue),
                }
            });
        let mut units: Vec<UnitLine> = units.collect();
        units.sort_by(|a, b| b.dispatched.cmp(&a.dispatched).then_with(|| a.name.cmp(&b.name)));
        Ok(DashboardView {
            scope: scope_name,
            period: PeriodView::of(period),
            today: today.to_string(),
            indicators,
            volume: volume_name.into(),
            volume_code: volume.code().into(),
            by_type,
            by_channel,
            by_county,
            by_category,
            units,
            trend,
            intake_hours,
        })
    }
}

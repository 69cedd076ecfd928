//! The requests behind a number of the dashboard (Art. 33; issue 15 §3):
//! the facts the statistics job counted for it — the same rows it summed
//! into the rollups — in the viewer's scope, or a unit's below it.

use super::dashboard::{period_of, scope_of};
use super::stats::{Breakdown, RollupScope};
use super::{internal, Service};
use crate::store::{day_number, day_of_number, FactQuery, FactScope};
use app::api::auth::StaffUser;
use app::api::dashboard::{CountedPage, CountedQuery, CountedRequest, COUNTED_PAGE};
use app::api::AppError;
use app::domain::deadline::cst_date;
use app::domain::indicators::{Behind, Counter};
use app::domain::state_code::StateCode;
use app::domain::unit::UnitId;
use chrono::{NaiveDate, Utc};

/// The longest breakdown key a query may name.
const KEY_MAX: usize = 100;

impl Service {
    pub(super) async fn counted_page(&self, user: &StaffUser, q: CountedQuery) -> Result<CountedPage, AppError> {
        let period = period_of(&q.period, cst_date(Utc::now()))?;
        let behind = Behind::parse(q.what.trim()).ok_or_else(|| AppError::on_field("what", "未知的统计项"))?;
        let world = self.world();
        let (own, own_name, top) = scope_of(user, &world);
        // A unit of the unit table: within what the viewer oversees, or not found.
        let (scope, scope_name) = match q.unit.trim() {
            "" => (own, own_name),
            unit => {
                let unit = UnitId::parse(unit).ok().filter(|u| world.units.get(u).is_some()).ok_or_else(|| AppError::NotFound("单位".into()))?;
                if !top.as_ref().is_some_and(|t| world.units.is_within(&unit, t)) {
                    return Err(AppError::NotFound("单位".into()));
                }
                let name = world.subtree_name(&unit);
                (RollupScope::Unit(unit), name)
            }
        };
        let (mut first, mut last) = (period.from(), period.to());
        let mut when = period.name();
        if !q.day.trim().is_empty() {
            let day = NaiveDate::parse_from_str(q.day.trim(), "%Y-%m-%d")
                .ok()
                .filter(|d| period.contains(*d))
                .ok_or_else(|| AppError::on_field("day", format!("请选择{}内的一天", period.name())))?;
            (first, last) = (day, day);
            when = day.format("%Y年%-m月%-d日").to_string();
        }
        let (dim, by_words) = match q.by.trim() {
            "" => (None, None),
            code => {
                let (by, column) = Breakdown::parse(code).and_then(|b| Some((b, b.column()?))).ok_or_else(|| AppError::on_field("by", "未知的分类方式"))?;
                let key = q.key.trim();
                if key.chars().count() > KEY_MAX {
                    return Err(AppError::on_field("key", "分类值过长"));
                }
                (Some((column, key.to_string())), Some(format!("{}：{}", by.name(), by.label(key, &world))))
            }
        };
        // The list matches the live number: changes still queued are counted first.
        self.rollups_caught_up().await?;
        let page = q.page.max(1);
        let query = FactQuery {
            scope: match &scope {
                RollupScope::Prefecture => FactScope::Prefecture,
                RollupScope::Office(path) => FactScope::Office(path.clone()),
                RollupScope::Unit(unit) => FactScope::Subtree(world.path(unit.as_str())),
            },
            counters: behind.counters().into_iter().map(Counter::code).collect(),
            first: day_number(first),
            last: day_number(last),
            dim,
            offset: i64::from(page - 1) * i64::from(COUNTED_PAGE),
            limit: i64::from(COUNTED_PAGE),
        };
        let (count, total, rows) = self.store.counted_facts(&query).await.map_err(internal)?;
        let lines = rows
            .into_iter()
            .map(|r| {
                let what = Counter::parse(&r.counter).map_or("", |c| c.label());
                let day = day_of_number(r.day).format("%-m月%-d日");
                let times = if r.amount == 1 { String::new() } else { format!("（计 {}）", r.amount) };
                CountedRequest {
                    number: r.number,
                    title: r.title,
                    state: StateCode::parse(&r.state).map_or("", |s| s.label()).to_string(),
                    counted: format!("{what}{times} · {day}"),
                    unit: UnitId::parse(&r.unit).map(|u| world.units.name_of(&u)).unwrap_or_default(),
                }
            })
            .collect();
        let title = [Some(when), Some(scope_name), Some(behind.label()), by_words].into_iter().flatten().collect::<Vec<_>>().join(" · ");
        let count = u64::try_from(count).unwrap_or(0);
        Ok(CountedPage {
            title,
            total: u64::try_from(total).unwrap_or(0),
            count,
            lines,
            page,
            pages: count.div_ceil(u64::from(COUNTED_PAGE)).max(1) as u32,
            period: period.code(),
        })
    }
}

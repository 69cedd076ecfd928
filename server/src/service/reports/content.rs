//! A report's numbers, generated from the month's data: the same rollups
//! the dashboard reads, for the author's scope (the prefecture, or what a
//! county office registered), with the hot spots and the notable cases.

use super::super::stats::{Breakdown, RollupScope};
use super::super::{internal, Service, World};
use app::api::AppError;
use app::domain::indicators::{Counter, Indicator, IndicatorRow};
use app::domain::report::{CaseLine, CaseNote, CountLine, HotSpotLine, ReportAuthor, ReportContent, ReportMonth, UnitRank};
use app::domain::request::Request;
use app::domain::unit::UnitId;
use app::domain::request::AssignmentRole;
use chrono::Utc;

/// How many categories and hot spots a report lists.
const TOP_CATEGORIES: usize = 10;
const HOT_SPOTS: i64 = 10;

/// The author's scope: its rollups, its name in words and the unit at its top.
pub(super) fn author_scope(author: &ReportAuthor, world: &World) -> (RollupScope, String, Option<UnitId>) {
    match author {
        ReportAuthor::Center => (RollupScope::Prefecture, "全州".into(), world.units.root().map(|u| u.id.clone())),
        ReportAuthor::County(unit) => (
            RollupScope::Office(world.path(unit.as_str())),
            format!("{}热线办受理的诉求", world.units.name_of(unit)),
            Some(unit.clone()),
        ),
    }
}

impl Service {
    /// The month's numbers for `author` as they stand now, with its cases.
    pub(super) async fn report_content(&self, author: &ReportAuthor, month: ReportMonth, cases: &[CaseNote]) -> Result<ReportContent, AppError> {
        self.rollups_caught_up().await?;
        let world = self.world();
        let (scope, scope_name, top) = author_scope(author, &world);
        let period = month.period();
        let points = self.rating_points(period).await?;
        let (current, previous, last_year) = (
            self.whole(period, &scope).await?,
            self.whole(period.previous(), &scope).await?,
            self.whole(period.a_year_before(), &scope).await?,
        );
        let counts = |bars: Vec<app::api::dashboard::Bar>| bars.into_iter().map(|b| CountLine { label: b.label, count: b.value, previous: None }).collect();
        let volume = Counter::Registered;
        let by_type = counts(self.bars(period, &scope, Breakdown::Type, volume, &world).await?);
        let by_channel = counts(self.bars(period, &scope, Breakdown::Channel, volume, &world).await?);
        let by_county = counts(self.bars(period, &scope, Breakdown::County, volume, &world).await?);
        let before = self.rollup(period.previous(), &scope, Breakdown::Category).await.map_err(internal)?;
        let mut top_categories: Vec<CountLine> = self
            .rollup(period, &scope, Breakdown::Category)
            .await
            .map_err(internal)?
            .iter()
            .map(|(key, c)| CountLine {
                label: Breakdown::Category.label(key, &world),
                count: c.get(volume),
                previous: Some(before.get(key).map(|b| b.get(volume)).unwrap_or(0)),
            })
            .filter(|l| l.count > 0)
            .collect();
        top_categories.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        top_categories.truncate(TOP_CATEGORIES);
        let units = self
            .units_below(period, top.as_ref(), &world)
            .await?
            .into_iter()
            .map(|(_, name, c)| {
                let rate = |i: Indicator| c.tally(i, &points).value;
                UnitRank {
                    rank: None,
                    name,
                    dispatched: c.get(Counter::Dispatched),
                    response_rate: rate(Indicator::ResponseRate),
                    on_time_rate: rate(Indicator::OnTimeRate),
                    satisfaction_rate: rate(Indicator::SatisfactionRate),
                    overdue: c.get(Counter::Overdue),
                    supervised: c.get(Counter::Supervisions),
                }
            })
            .collect();
        Ok(ReportContent {
            scope: scope_name,
            generated_at: Utc::now(),
            previous_name: period.previous().name(),
            last_year_name: period.a_year_before().name(),
            indicators: IndicatorRow::all(&current, &previous, &last_year, &points),
            registered: current.get(Counter::Registered),
            by_type,
            by_channel,
            by_county,
            top_categories,
            hot_spots: self.report_hot_spots(author, month, &world).await?,
            units: UnitRank::ranked(units),
            cases: self.case_lines(author, cases, &world).await?,
        })
    }

    /// The hot spots with calls in the month; a county office's, those of its county.
    async fn report_hot_spots(&self, author: &ReportAuthor, month: ReportMonth, world: &World) -> Result<Vec<HotSpotLine>, AppError> {
        use app::domain::deadline::end_of_day;
        let period = month.period();
        let (from, to) = (end_of_day(period.previous().to()), end_of_day(period.to()));
        let office = match author {
            ReportAuthor::Center => None,
            ReportAuthor::County(unit) => Some(world.units.name_of(unit)),
        };
        Ok(self
            .store
            .hot_spots_between(from, to, HOT_SPOTS * 4)
            .await
            .map_err(internal)?
            .into_iter()
            // A county's spots are those whose county its office is named after (伊宁市 → 伊宁市人民政府).
            .filter(|s| office.as_ref().is_none_or(|o| !s.county.is_empty() && o.starts_with(&s.county)))
            .take(HOT_SPOTS as usize)
            .map(|s| HotSpotLine {
                place: format!("{}{}", s.county, s.township.clone().unwrap_or_default()),
                words: s.words.clone(),
                size: s.size,
                first_day: super::super::china_time::day(s.first_at),
                last_day: super::super::china_time::day(s.last_at),
                open: s.closed_at.is_none(),
            })
            .collect())
    }

    /// The notable cases as the report prints them; each must be a request
    /// of the author's scope (the form says which line is not).
    pub(super) async fn case_lines(&self, author: &ReportAuthor, cases: &[CaseNote], world: &World) -> Result<Vec<CaseLine>, AppError> {
        let office_path = match author {
            ReportAuthor::Center => None,
            ReportAuthor::County(unit) => Some(world.path(unit.as_str())),
        };
        let mut lines = Vec::with_capacity(cases.len());
        for (i, case) in cases.iter().enumerate() {
            let number = case.number.to_string();
            let stored = self.store.load_request(&number).await.map_err(internal)?;
            let request = match stored {
                Some(s) => Some(serde_json::from_str::<Request>(&s.row.snapshot).map_err(internal)?),
                None => None,
            };
            let Some(request) = request.filter(|r| office_path.as_ref().is_none_or(|p| world.path(r.office().as_str()).starts_with(p.as_str()))) else {
                return Err(AppError::on_field("cases", format!("典型案例第{}项：{number} 不存在，或不是本办受理的诉求", i + 1)));
            };
            lines.push(CaseLine {
                number,
                request_type: request.request_type().label().into(),
                category: request.category().map(|c| Breakdown::Category.label(c.as_str(), world)).unwrap_or_else(|| "未分类".into()),
                units: request
                    .assignments()
                    .iter()
                    .filter(|a| a.role() != AssignmentRole::Co)
                    .map(|a| world.units.name_of(a.unit()))
                    .collect(),
                state: request.state_label().into(),
                note: case.note.as_str().into(),
            });
        }
        Ok(lines)
    }
}

//! Statistics by full recount (SPEC §7): every request's counted events
//! walked through the domain's indicators, summed over a period and a
//! scope. `hotline stats` prints this; the rollups must equal it.

use super::{Service, World};
use app::domain::types::{Channel, RequestType};
use app::domain::deadline::end_of_day;
use app::domain::indicators::{facts, Counter, CountedEvent, CountedLine, Counters, Fact, IntakeHour, Period};
use std::collections::BTreeMap;
use app::domain::machine::EventKind;
use crate::store::CountedTimeline;
use app::domain::unit::UnitId;
use chrono::{DateTime, Utc};

/// Whose numbers. No unit: the requests as a whole; a unit: the
/// assignments its subtree held as lead or separate unit. A county keeps
/// only the requests located there.
#[derive(Clone, Debug, Default)]
pub struct StatsScope {
    pub unit: Option<UnitId>,
    pub county: Option<String>,
}

/// Requests read per query in a pass over the store.
const BATCH: i64 = 2_000;

/// What the indicators count of a stored timeline's events (seq, instant,
/// event); an event that no longer parses is logged and left out, never a
/// reason to stop counting.
pub(crate) fn counted_events(t: &CountedTimeline) -> Vec<(i64, DateTime<Utc>, CountedEvent)> {
    t.events
        .iter()
        .filter_map(|(seq, at, payload)| match serde_json::from_str::<EventKind>(payload) {
            Ok(kind) => CountedEvent::of(&kind).map(|c| (*seq, *at, c)),
            Err(err) => {
                tracing::warn!(request = %t.number, seq, %err, "an event's payload no longer parses; not counted");
                None
            }
        })
        .collect()
}

fn facts_of(events: &[(i64, DateTime<Utc>, CountedEvent)], world: &super::World, as_of: DateTime<Utc>) -> Vec<Fact> {
    facts(events.iter().map(|(_, at, e)| (*at, e)), &world.calendar, as_of)
}

impl Service {
    /// The counters of `period` and `scope` as they stand at `as_of`.
    pub async fn recount(&self, period: Period, scope: &StatsScope, as_of: DateTime<Utc>) -> anyhow::Result<Counters> {
        let world = self.world();
        if let Some(unit) = &scope.unit {
            anyhow::ensure!(world.units.contains(unit), "unknown unit: {unit}");
        }
        let mut total = Counters::default();
        self.each_timeline(period, |t, events| {
            if scope.county.is_some() && t.county != scope.county {
                return Ok(());
            }
            for f in facts_of(events, &world, as_of) {
                let counted = match (&scope.unit, &f.unit) {
                    (None, None) => true,
                    (Some(want), Some(held)) => world.units.is_within(held, want),
                    _ => false,
                };
                if counted && period.contains(f.day) {
                    total.add(f.counter, f.amount);
                }
            }
            Ok(())
        })
        .await?;
        Ok(total)
    }

    /// Writes the counted events of every request that counts in `period`
    /// (any of its facts as of `as_of` falls in it), whole timelines, so
    /// that the period's indicators can be recomputed from them alone.
    pub async fn export_counted(
        &self,
        period: Period,
        as_of: DateTime<Utc>,
        mut write: impl FnMut(&CountedLine) -> anyhow::Result<()>,
    ) -> anyhow::Result<u64> {
        let world = self.world();
        let mut written = 0;
        self.each_timeline(period, |t, events| {
            if !facts_of(events, &world, as_of).iter().any(|f| period.contains(f.day)) {
                return Ok(());
            }
            for (seq, at, event) in events {
                let county = matches!(event, CountedEvent::Registered { .. }).then(|| t.county.clone()).flatten();
                write(&CountedLine { request: t.number.clone(), seq: *seq, at: *at, county, event: event.clone() })?;
                written += 1;
            }
            Ok(())
        })
        .await?;
        Ok(written)
    }

    /// Calls `each` with every request registered by the end of `period`
    /// and its counted events, in id order.
    async fn each_timeline(
        &self,
        period: Period,
        mut each: impl FnMut(&CountedTimeline, &[(i64, DateTime<Utc>, CountedEvent)]) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let last = self.store.last_request_id().await?;
        let registered_before = end_of_day(period.to());
        let mut after = 0;
        while after < last {
            let up_to = after + BATCH;
            for t in self.store.counted_timelines_between(after, up_to, registered_before).await? {
                each(&t, &counted_events(&t))?;
            }
            after = up_to;
        }
        Ok(())
    }
}

/// Whose rollups: the prefecture's requests, the requests of a county's
/// hotline office (its subtree path), or the assignments of a unit's subtree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RollupScope {
    Prefecture,
    Office(String),
    Unit(UnitId),
}

impl RollupScope {
    /// The scope's key in the rollups (`stat_counts.scope`).
    pub(crate) fn code(&self) -> String {
        match self {
            RollupScope::Prefecture => String::new(),
            RollupScope::Office(path) => format!("o:{path}"),
            RollupScope::Unit(unit) => format!("u:{unit}"),
        }
    }
}

/// How the rollups are broken down: not at all, or by one of the request's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breakdown {
    All,
    County,
    Category,
    Type,
    Channel,
    /// The weekday and hour a request was registered (registrations only): `3-09`.
    Intake,
}

impl Breakdown {
    /// The breakdown's key in the rollups (`stat_counts.dim`).
    pub(crate) fn code(self) -> &'static str {
        match self {
            Breakdown::All => "all",
            Breakdown::County => "county",
            Breakdown::Category => "category",
            Breakdown::Type => "type",
            Breakdown::Channel => "channel",
            Breakdown::Intake => "intake",
        }
    }

    /// A breakdown of a request's values by its code (not `all`).
    pub fn parse(code: &str) -> Option<Breakdown> {
        [Breakdown::County, Breakdown::Category, Breakdown::Type, Breakdown::Channel, Breakdown::Intake].into_iter().find(|b| b.code() == code)
    }

    /// Its column in `stat_facts` (`None` for `All`).
    pub(crate) fn column(self) -> Option<&'static str> {
        match self {
            Breakdown::All => None,
            Breakdown::County => Some("county"),
            Breakdown::Category => Some("category"),
            Breakdown::Type => Some("request_type"),
            Breakdown::Channel => Some("channel"),
            Breakdown::Intake => Some("intake"),
        }
    }

    /// What it breaks down by, in words.
    pub fn name(self) -> &'static str {
        match self {
            Breakdown::All => "合计",
            Breakdown::County => "县（市）",
            Breakdown::Category => "类别",
            Breakdown::Type => "类型",
            Breakdown::Channel => "渠道",
            Breakdown::Intake => "受理时段",
        }
    }

    /// A key of the breakdown in words: 投诉, 电话, 伊宁市, 供暖 (the empty
    /// key: the value was not given).
    pub fn label(self, key: &str, world: &World) -> String {
        match self {
            Breakdown::All => "合计".into(),
            Breakdown::Type => RequestType::parse(key).map(|t| t.label().to_string()).unwrap_or_else(|_| "未分类".into()),
            Breakdown::Channel => Channel::parse(key).map(|c| c.label().to_string()).unwrap_or_else(|_| "其他".into()),
            Breakdown::County if key.is_empty() => "未填写".into(),
            Breakdown::Category if key.is_empty() => "未分类".into(),
            Breakdown::County => key.to_string(),
            Breakdown::Category => world.category_name(key),
            Breakdown::Intake => IntakeHour::parse(key).map(|h| h.label()).unwrap_or_else(|| key.to_string()),
        }
    }
}

impl Service {
    /// The counters of `period` from the rollups, per value of `by` (the
    /// empty key: no value, or `Breakdown::All`).
    pub async fn rollup(&self, period: Period, scope: &RollupScope, by: Breakdown) -> anyhow::Result<BTreeMap<String, Counters>> {
        let mut out: BTreeMap<String, Counters> = BTreeMap::new();
        for (key, counter, sum) in self.store.stat_sums(&scope.code(), by.code(), &period.split_by_months()).await? {
            let Some(counter) = Counter::parse(&counter) else {
                tracing::warn!(%counter, "an unknown counter in the rollups; run `hotline stats rebuild`");
                continue;
            };
            out.entry(key).or_default().add(counter, u64::try_from(sum).unwrap_or(0));
        }
        Ok(out)
    }
}

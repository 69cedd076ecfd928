//! Keeping the indicators' rollups (SPEC §7) in step: each pass takes the
//! requests queued by their changes and those whose deadline has passed
//! since, recounts their facts with the domain's own `facts`, and adds the
//! difference from what the rollups held — one transaction per pass.

use crate::service::{Service, World};
use crate::service::stats::{counted_events, Breakdown, RollupScope};
use crate::store::{day_number, CountedTimeline, FactRow, StatChanges, StatKey, Turn};
use app::domain::indicators::{facts_until_next_change, Counter, Fact, IntakeHour};
use app::domain::unit::UnitId;
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Requests recounted per pass.
const PASS: i64 = 500;

/// Where a request's facts count besides their unit: the breakdown values
/// and the hotline office, as they were when counted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Where {
    county: String,
    category: String,
    request_type: String,
    channel: String,
    office: String,
    /// When the request was registered, as the intake heat map keys it
    /// (`3-09`: a Wednesday, 09:00–09:59 China time); empty in facts held
    /// before it was kept (migration 0022 counts them again).
    #[serde(default)]
    intake: String,
}

/// A request's facts as the rollups hold them.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Held {
    at: Where,
    facts: Vec<Fact>,
}

impl Service {
    /// One pass; returns how many requests were recounted (0: nothing to do).
    pub async fn sync_rollups(&self, now: DateTime<Utc>) -> anyhow::Result<usize> {
        let _pass = self.rollup_pass.lock().await;
        // One pass at a time across instances too: two would count a change twice.
        Ok(self.store.exclusive("rollups", Turn::Wait, self.rollup_pass(now)).await?.unwrap_or(0))
    }

    async fn rollup_pass(&self, now: DateTime<Utc>) -> anyhow::Result<usize> {
        let queued = self.store.stat_queued(PASS).await?;
        let due = self.store.stat_recount_due(now, PASS).await?;
        let mut ids: Vec<i64> = queued.iter().map(|(_, id)| *id).chain(due).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(0);
        }
        let world = self.world();
        let timelines = self.store.counted_timelines(&ids).await?;
        let held = self.store.stat_request_facts(&ids).await?;
        let mut deltas: HashMap<StatKey, i64> = HashMap::new();
        let mut changes = StatChanges { done: queued.iter().map(|(seq, _)| *seq).collect(), ..StatChanges::default() };
        for t in &timelines {
            let before: Held = match held.get(&t.request_id).map(|s| serde_json::from_str(s)) {
                Some(Ok(h)) => h,
                Some(Err(e)) => anyhow::bail!("the rollups' facts of request {} no longer parse: {e}; run `hotline stats rebuild`", t.request_id),
                None => Held::default(),
            };
            let counted = counted_events(t);
            let (facts, next_change) = facts_until_next_change(counted.iter().map(|(_, at, e)| (*at, e)), &world.calendar, now);
            let after = Held { at: where_of(t, &world), facts };
            for f in &before.facts {
                for k in keys(f, &before.at, &world) {
                    *deltas.entry(k).or_default() -= f.amount as i64;
                }
            }
            for f in &after.facts {
                for k in keys(f, &after.at, &world) {
                    *deltas.entry(k).or_default() += f.amount as i64;
                }
            }
            changes.fact_rows.extend(after.facts.iter().map(|f| fact_row(t.request_id, f, &after.at, &world)));
            changes.facts.push((t.request_id, serde_json::to_string(&after)?, next_change));
        }
        changes.deltas = deltas.into_iter().filter(|(_, d)| *d != 0).collect();
        changes.deltas.sort();
        let n = timelines.len();
        self.store.apply_stat_changes(changes).await?;
        Ok(n)
    }

    /// Passes until nothing is left, or `max_passes`; returns how many
    /// requests were recounted.
    pub async fn catch_up_rollups(&self, now: DateTime<Utc>, max_passes: usize) -> anyhow::Result<u64> {
        let mut total = 0;
        for _ in 0..max_passes {
            match self.sync_rollups(now).await? {
                0 => break,
                n => total += n as u64,
            }
        }
        Ok(total)
    }

    /// The facts the rollups hold for a request (none before they took it in).
    pub(crate) async fn held_facts(&self, request_id: i64) -> anyhow::Result<Vec<Fact>> {
        match self.store.stat_request_facts(&[request_id]).await?.get(&request_id) {
            Some(json) => Ok(serde_json::from_str::<Held>(json)?.facts),
            None => Ok(Vec::new()),
        }
    }

    /// Counts everything again from the events (`hotline stats rebuild`).
    pub async fn rebuild_rollups(&self, now: DateTime<Utc>) -> anyhow::Result<u64> {
        self.store.stat_restart().await?;
        self.catch_up_rollups(now, usize::MAX).await
    }
}

fn where_of(t: &CountedTimeline, world: &World) -> Where {
    let root_path = world.units.root().and_then(|u| world.paths.get(u.id.as_str()));
    Where {
        county: t.county.clone().unwrap_or_default(),
        category: t.category.clone().unwrap_or_default(),
        request_type: t.request_type.clone(),
        channel: t.channel.clone(),
        // The center's own requests are the prefecture's; a county office's count for it too.
        office: if Some(&t.office_path) == root_path { String::new() } else { t.office_path.clone() },
        intake: t.events.iter().min_by_key(|(seq, _, _)| *seq).map(|(_, at, _)| IntakeHour::of(*at).key()).unwrap_or_default(),
    }
}

/// A fact as `stat_facts` keeps it, with where it counts.
fn fact_row(request_id: i64, f: &Fact, at: &Where, world: &World) -> FactRow {
    let unit = f.unit.as_ref().map(|u| u.to_string()).unwrap_or_default();
    FactRow {
        request_id,
        counter: f.counter.code(),
        day: day_number(f.day),
        unit_path: if unit.is_empty() { String::new() } else { world.path(&unit) },
        unit,
        office: at.office.clone(),
        county: at.county.clone(),
        category: at.category.clone(),
        request_type: at.request_type.clone(),
        channel: at.channel.clone(),
        intake: if f.counter == Counter::Registered { at.intake.clone() } else { String::new() },
        amount: f.amount as i64,
    }
}

/// The sums a fact adds to: for the request, the prefecture and its
/// hotline office; for an assignment, the unit and every unit above it.
/// Each in every breakdown, by day and by month.
fn keys(f: &Fact, at: &Where, world: &World) -> Vec<StatKey> {
    let scopes: Vec<RollupScope> = match &f.unit {
        None => std::iter::once(RollupScope::Prefecture).chain((!at.office.is_empty()).then(|| RollupScope::Office(at.office.clone()))).collect(),
        Some(unit) => {
            let chain: Vec<UnitId> = world.units.chain(unit).iter().map(|u| u.id.clone()).collect();
            if chain.is_empty() { vec![RollupScope::Unit(unit.clone())] } else { chain.into_iter().map(RollupScope::Unit).collect() }
        }
    };
    let month = f.day.with_day(1).unwrap_or(f.day);
    let dims = [
        (Breakdown::All, ""),
        (Breakdown::County, at.county.as_str()),
        (Breakdown::Category, at.category.as_str()),
        (Breakdown::Type, at.request_type.as_str()),
        (Breakdown::Channel, at.channel.as_str()),
    ];
    // The hour of intake breaks down the registrations only.
    let intake = (f.counter == Counter::Registered && !at.intake.is_empty()).then_some((Breakdown::Intake, at.intake.as_str()));
    let counter = f.counter.code();
    let mut keys = Vec::with_capacity(scopes.len() * dims.len() * 2);
    for scope in scopes.iter().map(RollupScope::code) {
        for (by, key) in dims.into_iter().chain(intake) {
            for (grain, day) in [("d", f.day), ("m", month)] {
                keys.push(StatKey { scope: scope.clone(), dim: by.code(), grain, day: day_number(day), key: key.to_string(), counter });
            }
        }
    }
    keys
}

//! Large stores for benchmarks: real requests made by the domain (one per
//! day, hour and shape), copied under new numbers, units and phones in bulk.

use crate::service::Service;
use crate::store::Bundle;
use app::domain::deadline::{cst, cst_date};
use std::collections::hash_map::{Entry, HashMap};
use chrono::{Duration, Utc};

/// Units that receive preloaded requests (their subtrees get the queues).
const UNITS: &[&str] = &["yining", "huocheng", "zhou-zhujian", "yining-dunmaili", "kuitun", "xinyuan-nalati"];
/// Requests per day: a million cover about 2.7 years, a prefecture's pace
/// (the day sequence allows 99,999; a multiple of `BATCH`, so that a batch
/// holds one day's numbers).
const PER_DAY: usize = 1_000;
const BATCH: usize = 250;
/// One request in this many is still open (about 3 %).
const OPEN_EVERY: usize = 33;
/// Calls come in from 08:00 to 19:59, China time.
const FIRST_HOUR: u32 = 8;
const HOURS: usize = 12;

/// Puts `n` requests into the store, `PER_DAY` a day on the days before
/// yesterday (newest first), each made by the domain on its own day and
/// hour (one template per day, hour and shape, copied under new numbers,
/// units and phones): about 3 % being handled, the rest finished. Returns
/// their numbers.
pub async fn preload(service: &Service, n: usize) -> anyhow::Result<Vec<String>> {
    let world = service.world();
    let today = cst_date(Utc::now());
    let mut numbers = Vec::with_capacity(n);
    let mut batch: Vec<Bundle> = Vec::with_capacity(BATCH);
    // The templates of the day being filled, by hour.
    let mut templates: HashMap<usize, (Bundle, Bundle)> = HashMap::new();
    let mut day = today;
    for i in 0..n {
        if i % PER_DAY == 0 {
            day = today - Duration::days(2 + (i / PER_DAY) as i64);
            templates.clear();
        }
        let hour = i % HOURS;
        let template = match templates.entry(hour) {
            Entry::Occupied(t) => t.into_mut(),
            Entry::Vacant(slot) => {
                let at = day.and_hms_opt(FIRST_HOUR + hour as u32, 0, 0).and_then(|t| t.and_local_timezone(cst()).single());
                let at = at.ok_or_else(|| anyhow::anyhow!("no instant for {day} {hour}"))?.with_timezone(&Utc);
                slot.insert(super::requests::template_bundles(service, at, i / PER_DAY + hour)?)
            }
        };
        let number = format!("YL{}{:05}", day.format("%Y%m%d"), i % PER_DAY + 1);
        let unit = UNITS[i % UNITS.len()];
        // As in a store that has run for years, most requests are finished.
        let (template_number, (mut row, mut assignments, mut events)) = {
            let t = if i % OPEN_EVERY == 0 { &template.0 } else { &template.1 };
            (t.0.number.clone(), t.clone())
        };
        row.snapshot = row.snapshot.replace(&template_number, &number).replace("\"yining\"", &format!("\"{unit}\""));
        row.number = number.clone();
        row.requester_phone = format!("139{:08}", i);
        for a in &mut assignments {
            a.unit_id = unit.to_string();
            a.unit_path = world.path(unit);
        }
        // The statistics read the handling unit from the events.
        let quoted = format!("\"{unit}\"");
        for e in &mut events {
            e.payload = e.payload.replace("\"yining\"", &quoted);
            if e.actor_unit.as_deref() == Some("yining") {
                e.actor_unit = Some(unit.to_string());
            }
        }
        numbers.push(number);
        batch.push((row, assignments, events));
        if batch.len() == BATCH {
            service.store().insert_bundles(std::mem::take(&mut batch)).await?;
        }
    }
    service.store().insert_bundles(batch).await?;
    Ok(numbers)
}

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
/// (a multiple of `BATCH`, so that a batch holds one day's numbers).
const PER_DAY: usize = 1_000;
/// The day's sequence of generated requests starts here, above any a demo
/// or a real day gives (the sequence allows 99,999).
const FIRST_SEQUENCE: usize = 50_001;
/// The template's requester phone, replaced by each copy's own.
const TEMPLATE_PHONE: &str = "13900000000";
const BATCH: usize = 250;
/// One request in this many is still open (about 3 %).
const OPEN_EVERY: usize = 33;
/// Calls come in from 08:00 to 19:59, China time.
const FIRST_HOUR: u32 = 8;
const HOURS: usize = 12;

/// Puts `n` requests into the store, `PER_DAY` a day on the days before
/// yesterday (newest first), each made by the domain on its own day and
/// hour (one template per day, hour and shape, copied under new numbers,
/// units and phones): about 3 % being handled, the rest finished. They go
/// on the days before any an earlier call generated (so a kept store can be
/// topped up on any later day); `start` varies their phones and units.
/// Returns their numbers.
pub async fn preload(service: &Service, start: usize, n: usize) -> anyhow::Result<Vec<String>> {
    let world = service.world();
    let mut newest = cst_date(Utc::now()) - Duration::days(2);
    if let Some(oldest) = service.store().oldest_generated_day(FIRST_SEQUENCE).await? {
        newest = newest.min(oldest - Duration::days(1));
    }
    let mut numbers = Vec::with_capacity(n);
    let mut batch: Vec<Bundle> = Vec::with_capacity(BATCH);
    // The templates of the day being filled, by hour.
    let mut templates: HashMap<usize, (Bundle, Bundle)> = HashMap::new();
    let mut day = newest;
    for i in start..start + n {
        let j = i - start;
        if j % PER_DAY == 0 {
            day = newest - Duration::days((j / PER_DAY) as i64);
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
        let number = format!("YL{}{:05}", day.format("%Y%m%d"), FIRST_SEQUENCE + j % PER_DAY);
        // Spread over the units by a hash of `i`: by `i` alone every open
        // request (each `OPEN_EVERY`th) would go to the same two units.
        let unit = UNITS[(i.wrapping_mul(2_654_435_761) >> 7) % UNITS.len()];
        // As in a store that has run for years, most requests are finished.
        let (template_number, (mut row, mut assignments, mut events)) = {
            let t = if i % OPEN_EVERY == 0 { &template.0 } else { &template.1 };
            (t.0.number.clone(), t.clone())
        };
        let phone = format!("139{:08}", i);
        row.snapshot = row.snapshot.replace(&template_number, &number).replace(TEMPLATE_PHONE, &phone).replace("\"yining\"", &format!("\"{unit}\""));
        row.number = number.clone();
        row.requester_phone = phone;
        for a in &mut assignments {
            a.unit_id = unit.to_string();
            a.unit_path = world.path(unit);
        }
        // The statistics read the handling unit from the events.
        let quoted = format!("\"{unit}\"");
        for e in &mut events {
            e.payload = e.payload.replace(&template_number, &number).replace("\"yining\"", &quoted);
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
    if n > 0 {
        service.store().analyze_after_bulk_load().await?;
    }
    Ok(numbers)
}

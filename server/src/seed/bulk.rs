//! Large stores for benchmarks: one real request per shape is made by the
//! domain, then copied under new numbers, days and units in bulk.

use crate::service::Service;
use crate::store::Bundle;
use app::domain::deadline::cst_date;
use chrono::{Duration, Utc};

/// Units that receive preloaded requests (their subtrees get the queues).
const UNITS: &[&str] = &["yining", "huocheng", "zhou-zhujian", "yining-dunmaili", "kuitun", "xinyuan-nalati"];
/// Requests per day of preloaded numbers (the day sequence allows 99,999).
const PER_DAY: usize = 50_000;
const BATCH: usize = 250;
/// One request in this many is still open (about 3 %).
const OPEN_EVERY: usize = 33;

/// Puts `n` requests into the store on days before today, about 3 % being
/// handled and the rest finished; returns their numbers.
pub async fn preload(service: &Service, n: usize) -> anyhow::Result<Vec<String>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let (handling, finished) = super::requests::template_bundles(service).await?;
    let world = service.world();
    let today = cst_date(Utc::now());
    let mut numbers = Vec::with_capacity(n);
    let mut batch: Vec<Bundle> = Vec::with_capacity(BATCH);
    for i in 0..n {
        let day = today - Duration::days(2 + (i / PER_DAY) as i64);
        let number = format!("YL{}{:05}", day.format("%Y%m%d"), i % PER_DAY + 1);
        let unit = UNITS[i % UNITS.len()];
        // As in a store that has run for years, most requests are finished.
        let template = if i % OPEN_EVERY == 0 { &handling } else { &finished };
        let (mut row, mut assignments, events) = template.clone();
        row.snapshot = row.snapshot.replace(&template.0.number, &number).replace("\"yining\"", &format!("\"{unit}\""));
        row.number = number.clone();
        row.requester_phone = format!("139{:08}", i);
        let shift = Duration::days((i % 20) as i64 - 10);
        row.due_at = row.due_at.map(|d| d + shift);
        for a in &mut assignments {
            a.unit_id = unit.to_string();
            a.unit_path = world.path(unit);
            a.due_at = row.due_at;
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

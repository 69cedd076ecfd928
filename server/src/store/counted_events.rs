//! The events the indicators count (SPEC §7), read a request at a time with
//! where the request counts: for a full recount and `hotline export events`
//! (a range of ids), and for the rollups' job (the ids it was given).

use super::sql::placeholders;
use super::{from_millis, millis, Store};
use app::domain::indicators::CountedEvent;
use chrono::{DateTime, Utc};
use sqlx::Row;
use std::collections::HashMap;

/// A request with its breakdown values and counted events (seq, instant,
/// stored payload), in timeline order.
#[derive(Clone, Debug)]
pub struct CountedTimeline {
    pub request_id: i64,
    pub number: String,
    pub county: Option<String>,
    pub category: Option<String>,
    pub request_type: String,
    pub channel: String,
    pub office_path: String,
    pub events: Vec<(i64, DateTime<Utc>, String)>,
}

/// Which requests to read.
enum Which<'a> {
    /// Ids in `(after, up_to]`, registered before the instant.
    Range { after: i64, up_to: i64, registered_before: DateTime<Utc> },
    Ids(&'a [i64]),
}

impl Store {
    /// The largest request id: where a pass over all requests ends.
    pub async fn last_request_id(&self) -> anyhow::Result<i64> {
        let row = sqlx::query("SELECT COALESCE(MAX(id), 0) FROM requests").fetch_one(&self.pool).await?;
        Ok(row.get(0))
    }

    /// The requests with ids in `(after, up_to]` registered before
    /// `registered_before`, in id order.
    pub async fn counted_timelines_between(&self, after: i64, up_to: i64, registered_before: DateTime<Utc>) -> anyhow::Result<Vec<CountedTimeline>> {
        self.counted_timelines_of(Which::Range { after, up_to, registered_before }).await
    }

    /// The requests `ids` (those that exist), in id order.
    pub async fn counted_timelines(&self, ids: &[i64]) -> anyhow::Result<Vec<CountedTimeline>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.counted_timelines_of(Which::Ids(ids)).await
    }

    async fn counted_timelines_of(&self, which: Which<'_>) -> anyhow::Result<Vec<CountedTimeline>> {
        let (requests_where, events_where) = match &which {
            Which::Range { .. } => ("id > $1 AND id <= $2 AND registered_at < $3".to_string(), "request_id > $1 AND request_id <= $2".to_string()),
            Which::Ids(ids) => {
                let list = placeholders(1, ids.len());
                (format!("id IN ({list})"), format!("request_id IN ({list})"))
            }
        };
        let bind = |sql: String, with_instant: bool| {
            let q = sqlx::query(sqlx::AssertSqlSafe(sql));
            match &which {
                Which::Range { after, up_to, registered_before } => {
                    let q = q.bind(*after).bind(*up_to);
                    if with_instant { q.bind(millis(*registered_before)) } else { q }
                }
                Which::Ids(ids) => ids.iter().fold(q, |q, id| q.bind(*id)),
            }
        };
        let sql = format!(
            "SELECT id, number, county, category, request_type, channel, office_path FROM requests WHERE {requests_where} ORDER BY id"
        );
        let mut timelines: Vec<CountedTimeline> = bind(sql, true)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| CountedTimeline {
                request_id: r.get(0),
                number: r.get(1),
                county: r.get(2),
                category: r.get(3),
                request_type: r.get(4),
                channel: r.get(5),
                office_path: r.get(6),
                events: Vec::new(),
            })
            .collect();
        // The kinds are the domain's own constant codes, not input.
        let kinds = CountedEvent::KINDS.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(", ");
        let sql = format!("SELECT request_id, seq, at, payload FROM events WHERE {events_where} AND kind IN ({kinds}) ORDER BY request_id, seq");
        let index: HashMap<i64, usize> = timelines.iter().enumerate().map(|(i, t)| (t.request_id, i)).collect();
        for r in bind(sql, false).fetch_all(&self.pool).await? {
            // Events of requests registered too late for the range are read and left.
            if let Some(&i) = index.get(&r.get::<i64, _>(0)) {
                timelines[i].events.push((r.get(1), from_millis(r.get(2)), r.get(3)));
            }
        }
        Ok(timelines)
    }
}

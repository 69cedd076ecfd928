//! The events the indicators count (SPEC §7), read request by request for
//! a full recount and for `hotline export events`.

use super::{from_millis, millis, Store};
use app::domain::indicators::CountedEvent;
use chrono::{DateTime, Utc};
use sqlx::Row;

/// One counted event with its request's number and county.
#[derive(Clone, Debug)]
pub struct CountedRow {
    pub request_id: i64,
    pub number: String,
    pub county: Option<String>,
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub payload: String,
}

/// The counted kinds as an SQL list, `'registered', 'dispatched', …`. They
/// are the domain's own constant codes, not input.
pub(super) fn counted_kinds() -> String {
    CountedEvent::KINDS.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(", ")
}

impl Store {
    /// The largest request id: where a pass over all requests ends.
    pub async fn last_request_id(&self) -> anyhow::Result<i64> {
        let row = sqlx::query("SELECT COALESCE(MAX(id), 0) FROM requests").fetch_one(&self.pool).await?;
        Ok(row.get(0))
    }

    /// The counted events of the requests with ids in `(after, up_to]`
    /// registered before `registered_before`, by request then timeline order.
    pub async fn counted_events(&self, after: i64, up_to: i64, registered_before: DateTime<Utc>) -> anyhow::Result<Vec<CountedRow>> {
        let kinds = counted_kinds();
        let sql = format!(
            "SELECT e.request_id, r.number, r.county, e.seq, e.at, e.payload
             FROM events e JOIN requests r ON r.id = e.request_id
             WHERE e.request_id > $1 AND e.request_id <= $2 AND r.registered_at < $3 AND e.kind IN ({kinds})
             ORDER BY e.request_id, e.seq"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(after)
            .bind(up_to)
            .bind(millis(registered_before))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| CountedRow {
                request_id: r.get(0),
                number: r.get(1),
                county: r.get(2),
                seq: r.get(3),
                at: from_millis(r.get(4)),
                payload: r.get(5),
            })
            .collect())
    }
}

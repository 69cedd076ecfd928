//! The indicators' rollups (migration 0014): the queue of changed requests,
//! each request's counted facts as the rollups hold them, and the facts
//! summed per scope, breakdown, grain and day.

use super::sql::placeholders;
use super::{millis, Store};
use app::domain::indicators::Split;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

/// One sum of the rollups: which scope, breakdown and day, which counter.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StatKey {
    pub scope: String,
    pub dim: &'static str,
    pub grain: &'static str,
    pub day: i64,
    pub key: String,
    pub counter: &'static str,
}

/// One counted fact of a request as `stat_facts` keeps it (migration 0027).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactRow {
    pub request_id: i64,
    pub counter: &'static str,
    pub day: i64,
    /// The assignment's unit and its path; empty for the request's own facts.
    pub unit: String,
    pub unit_path: String,
    pub office: String,
    pub county: String,
    pub category: String,
    pub request_type: String,
    pub channel: String,
    pub intake: String,
    pub amount: i64,
}

/// What one pass of the statistics job writes, at once.
#[derive(Default)]
pub struct StatChanges {
    pub deltas: Vec<(StatKey, i64)>,
    /// The recounted requests' facts, replacing what `stat_facts` held of them.
    pub fact_rows: Vec<FactRow>,
    /// Each recounted request: its facts (JSON) and when time alone changes them.
    pub facts: Vec<(i64, String, Option<DateTime<Utc>>)>,
    /// The queue positions taken in.
    pub done: Vec<i64>,
}

/// Queues a request whose events changed, inside the caller's transaction.
pub(super) async fn queue_for_stats(conn: &mut AnyConnection, request_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO stat_queue (request_id) VALUES ($1)").bind(request_id).execute(&mut *conn).await?;
    Ok(())
}

/// Days since 1970-01-01, the rollups' day.
pub fn day_number(day: NaiveDate) -> i64 {
    (day - NaiveDate::default()).num_days()
}

/// The day of a rollups' day number (the inverse of `day_number`).
pub fn day_of_number(n: i64) -> NaiveDate {
    NaiveDate::default() + chrono::Duration::days(n)
}

/// Rows per multi-row statement (7 values each, well under both backends' limits).
const ROWS_PER_STATEMENT: usize = 200;
/// Fact rows per statement (12 values each).
const FACT_ROWS_PER_STATEMENT: usize = 100;

impl Store {
    /// The oldest queued changes: (queue position, request id).
    pub async fn stat_queued(&self, limit: i64) -> anyhow::Result<Vec<(i64, i64)>> {
        let rows = sqlx::query("SELECT seq, request_id FROM stat_queue ORDER BY seq LIMIT $1").bind(limit).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    pub async fn stat_queue_len(&self) -> anyhow::Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) FROM stat_queue").fetch_one(&self.pool).await?.get(0))
    }

    /// Requests whose facts change with time alone by `now`.
    pub async fn stat_recount_due(&self, now: DateTime<Utc>, limit: i64) -> anyhow::Result<Vec<i64>> {
        let rows = sqlx::query("SELECT request_id FROM stat_request_facts WHERE recount_at IS NOT NULL AND recount_at <= $1 ORDER BY recount_at LIMIT $2")
            .bind(millis(now))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// The facts (JSON) the rollups hold for these requests.
    pub async fn stat_request_facts(&self, ids: &[i64]) -> anyhow::Result<HashMap<i64, String>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = format!("SELECT request_id, facts FROM stat_request_facts WHERE request_id IN ({})", placeholders(1, ids.len()));
        let q = ids.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, id| q.bind(*id));
        Ok(q.fetch_all(&self.pool).await?.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Adds the deltas, keeps the requests' new facts and forgets the queue
    /// positions taken in — in one transaction.
    pub async fn apply_stat_changes(&self, changes: StatChanges) -> anyhow::Result<()> {
        self.write(move |conn| {
            Box::pin(async move {
                // The queued changes are claimed first: if another pass took
                // them meanwhile (another instance, whose lock was let go
                // before its commit showed), nothing is counted twice.
                let mut claimed = 0;
                for chunk in changes.done.chunks(ROWS_PER_STATEMENT) {
                    let sql = format!("DELETE FROM stat_queue WHERE seq IN ({})", placeholders(1, chunk.len()));
                    let q = chunk.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, s| q.bind(*s));
                    claimed += q.execute(&mut *conn).await?.rows_affected();
                }
                if claimed != changes.done.len() as u64 {
                    anyhow::bail!("the statistics queue was taken in by another pass meanwhile; counting again");
                }
                for chunk in changes.deltas.chunks(ROWS_PER_STATEMENT) {
                    let values = (0..chunk.len()).map(|i| format!("({})", placeholders(i * 7 + 1, 7))).collect::<Vec<_>>().join(", ");
                    let sql = format!(
                        "INSERT INTO stat_counts (scope, dim, grain, day, key, counter, amount) VALUES {values}
                         ON CONFLICT (scope, dim, grain, day, key, counter) DO UPDATE SET amount = stat_counts.amount + excluded.amount"
                    );
                    let q = chunk.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, (k, amount)| {
                        q.bind(k.scope.clone()).bind(k.dim).bind(k.grain).bind(k.day).bind(k.key.clone()).bind(k.counter).bind(*amount)
                    });
                    q.execute(&mut *conn).await?;
                }
                let recounted: Vec<i64> = changes.facts.iter().map(|(id, _, _)| *id).collect();
                for chunk in recounted.chunks(ROWS_PER_STATEMENT) {
                    let sql = format!("DELETE FROM stat_facts WHERE request_id IN ({})", placeholders(1, chunk.len()));
                    let q = chunk.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, id| q.bind(*id));
                    q.execute(&mut *conn).await?;
                }
                for chunk in changes.fact_rows.chunks(FACT_ROWS_PER_STATEMENT) {
                    let values = (0..chunk.len()).map(|i| format!("({})", placeholders(i * 12 + 1, 12))).collect::<Vec<_>>().join(", ");
                    let sql = format!(
                        "INSERT INTO stat_facts (request_id, counter, day, unit, unit_path, office, county, category, request_type, channel, intake, amount)
                         VALUES {values}"
                    );
                    let q = chunk.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, f| {
                        q.bind(f.request_id)
                            .bind(f.counter)
                            .bind(f.day)
                            .bind(f.unit.clone())
                            .bind(f.unit_path.clone())
                            .bind(f.office.clone())
                            .bind(f.county.clone())
                            .bind(f.category.clone())
                            .bind(f.request_type.clone())
                            .bind(f.channel.clone())
                            .bind(f.intake.clone())
                            .bind(f.amount)
                    });
                    q.execute(&mut *conn).await?;
                }
                for (id, facts, recount_at) in &changes.facts {
                    sqlx::query(
                        "INSERT INTO stat_request_facts (request_id, facts, recount_at) VALUES ($1, $2, $3)
                         ON CONFLICT (request_id) DO UPDATE SET facts = excluded.facts, recount_at = excluded.recount_at",
                    )
                    .bind(*id)
                    .bind(facts)
                    .bind(recount_at.map(millis))
                    .execute(&mut *conn)
                    .await?;
                }
                Ok(((), true))
            })
        })
        .await
    }

    /// The sums of `scope`'s breakdown `dim` over the period split into
    /// whole months and loose days: (key, counter, sum).
    pub async fn stat_sums(&self, scope: &str, dim: &str, split: &Split) -> anyhow::Result<Vec<(String, String, i64)>> {
        let mut ranges: Vec<(&str, i64, i64)> = split.days.iter().map(|(a, b)| ("d", day_number(*a), day_number(*b))).collect();
        if let Some((first, last)) = split.months {
            ranges.push(("m", day_number(first), day_number(last)));
        }
        let mut any = Vec::new();
        for i in 0..ranges.len() {
            let p = 3 + i * 3;
            any.push(format!("(grain = ${p} AND day >= ${} AND day <= ${})", p + 1, p + 2));
        }
        let sql = format!(
            "SELECT key, counter, CAST(SUM(amount) AS BIGINT) FROM stat_counts WHERE scope = $1 AND dim = $2 AND ({}) GROUP BY key, counter",
            any.join(" OR ")
        );
        let q = ranges
            .iter()
            .fold(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(scope.to_string()).bind(dim.to_string()), |q, (grain, a, b)| {
                q.bind(*grain).bind(*a).bind(*b)
            });
        Ok(q.fetch_all(&self.pool).await?.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect())
    }

    /// A scope's counters (no breakdown) of each day from `first` to `last`
    /// (day numbers): (day, counter, amount).
    pub async fn stat_days(&self, scope: &str, first: i64, last: i64) -> anyhow::Result<Vec<(i64, String, i64)>> {
        let rows = sqlx::query(
            "SELECT day, counter, amount FROM stat_counts
             WHERE scope = $1 AND dim = 'all' AND grain = 'd' AND key = '' AND day >= $2 AND day <= $3",
        )
        .bind(scope)
        .bind(first)
        .bind(last)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect())
    }

    /// Forgets every rollup and queues every request: the job counts all again.
    pub async fn stat_restart(&self) -> anyhow::Result<()> {
        self.write(|conn| {
            Box::pin(async move {
                for table in ["stat_counts", "stat_request_facts", "stat_facts", "stat_queue"] {
                    sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}"))).execute(&mut *conn).await?;
                }
                sqlx::query("INSERT INTO stat_queue (request_id) SELECT id FROM requests ORDER BY id").execute(&mut *conn).await?;
                Ok(((), true))
            })
        })
        .await
    }
}

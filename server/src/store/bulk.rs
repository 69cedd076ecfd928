//! Bulk loading for benchmarks and large demo stores: many requests per
//! statement, in one transaction per batch.

use super::requests::{bind_assignment, bind_event, bind_request, Bundle};
use super::sql::{millis, placeholders_rows};
use super::Store;
use sqlx::AnyConnection;
use sqlx::Row;


impl Store {
    /// Inserts the bundles in one transaction (callers keep batches to a few hundred).
    pub async fn insert_bundles(&self, bundles: Vec<Bundle>) -> anyhow::Result<()> {
        if bundles.is_empty() {
            return Ok(());
        }
        self.write(move |conn| Box::pin(async move { insert_all(conn, &bundles).await.map(|()| ((), true)) })).await
    }

    /// The oldest day of a generated request (a day's sequence from
    /// `first_sequence` on, which no real day reaches).
    pub async fn oldest_generated_day(&self, first_sequence: usize) -> anyhow::Result<Option<chrono::NaiveDate>> {
        // YL, the day (8 digits), the sequence (5): generated ones start with its first digit.
        let digit = first_sequence.to_string().chars().next().unwrap_or('5').to_string();
        let oldest: Option<String> = sqlx::query("SELECT MIN(number) FROM requests WHERE substr(number, 11, 1) = $1")
            .bind(digit)
            .fetch_one(&self.pool)
            .await?
            .get(0);
        Ok(oldest.and_then(|n| chrono::NaiveDate::parse_from_str(n.get(2..10)?, "%Y%m%d").ok()))
    }

    /// After a bulk load: PostgreSQL's planner learns the tables' new sizes
    /// at once (before its autovacuum would; a million requests loaded
    /// without it made the request page 16 times slower: sequential scans).
    pub async fn analyze_after_bulk_load(&self) -> anyhow::Result<()> {
        if self.backend == super::Backend::Postgres {
            sqlx::query("ANALYZE").execute(&self.pool).await?;
        }
        Ok(())
    }
}

async fn insert_all(conn: &mut AnyConnection, bundles: &[Bundle]) -> anyhow::Result<()> {
    {
        let now = millis(chrono::Utc::now());
        let values = placeholders_rows(conn, bundles.len(), 14);
        let sql = format!(
            "INSERT INTO requests (number, request_type, emergency, channel, category, state, title, county,
                requester_phone, registered_at, due_at, updated_at, version, snapshot, office_path) VALUES {values}"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (r, _, _) in bundles {
            q = bind_request(q, r, now);
        }
        q.execute(&mut *conn).await?;
        let first = bundles.iter().map(|b| &b.0.number).min();
        let last = bundles.iter().map(|b| &b.0.number).max();
        let ids: std::collections::HashMap<String, i64> =
            sqlx::query("SELECT number, id FROM requests WHERE number >= $1 AND number <= $2")
                .bind(first)
                .bind(last)
                .fetch_all(&mut *conn)
                .await?
                .iter()
                .map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1)))
                .collect();
        let assignments = with_request_ids(bundles, &ids, |b| &b.1);
        let mut counts = super::open_work::Changes::default();
        for (_, _, a) in &assignments {
            counts.add(&a.unit_path, &a.status, a.open, a.due_at.map(millis), 1);
        }
        counts.apply(conn).await?;
        if !assignments.is_empty() {
            let sql = format!(
                "INSERT INTO assignments (request_id, seq, unit_id, unit_path, role, status, open, due_at) VALUES {}",
                placeholders_rows(conn, assignments.len(), 8)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (id, seq, a) in assignments {
                q = bind_assignment(q, id, seq, a);
            }
            q.execute(&mut *conn).await?;
        }
        let events = with_request_ids(bundles, &ids, |b| &b.2);
        if !events.is_empty() {
            let sql = format!(
                "INSERT INTO events (request_id, seq, at, kind, actor_user, actor_role, actor_unit, public_text,
                    internal_note, payload) VALUES {}",
                placeholders_rows(conn, events.len(), 10)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (id, seq, e) in events {
                q = bind_event(q, id, seq as i64 + 1, e);
            }
            q.execute(&mut *conn).await?;
        }
        // The search index takes them in like any other change.
        let sql = format!("INSERT INTO search_queue (kind, key, queued_at) VALUES {}", placeholders_rows(conn, bundles.len(), 3));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        let now = super::millis(chrono::Utc::now());
        for (r, _, _) in bundles {
            q = q.bind(super::QUEUE_REQUEST).bind(&r.number).bind(now);
        }
        q.execute(&mut *conn).await?;
        // So do the statistics' rollups.
        let sql = format!("INSERT INTO stat_queue (request_id) VALUES {}", placeholders_rows(conn, bundles.len(), 1));
        let q = bundles.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, (r, _, _)| q.bind(ids.get(&r.number).copied().unwrap_or(0)));
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The parts of every bundle with their request's id and their position.
fn with_request_ids<'a, T>(
    bundles: &'a [Bundle],
    ids: &std::collections::HashMap<String, i64>,
    part: impl Fn(&'a Bundle) -> &'a Vec<T>,
) -> Vec<(i64, usize, &'a T)> {
    bundles
        .iter()
        .flat_map(|b| {
            let id = ids.get(&b.0.number).copied().unwrap_or(0);
            part(b).iter().enumerate().map(move |(i, x)| (id, i, x))
        })
        .collect()
}

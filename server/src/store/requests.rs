//! Requests: the domain request as a JSON snapshot plus its indexed
//! projection, its assignments (the units' queues) and its append-only events.
//! Every write is one transaction; a concurrent change is detected by version.

use app::domain::state_code::StateCode;
use app::domain::types::{AssignmentStatusCode, CenterWait};
use super::search_queue::{queue_for_index, QUEUE_REQUEST};
use super::stat_rollups::queue_for_stats;
use super::sql::{bind_states, from_millis, millis, path_range, placeholders, placeholders_rows, AnyQuery};
use super::Store;
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use super::citizen::{write_with_request, WithRequest};
use sqlx::{AnyConnection, Row};

/// One request with its assignments and events, as `insert_request` stores it.
pub type Bundle = (RequestRow, Vec<AssignmentRow>, Vec<EventRow>);

/// The indexed projection of a request.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestRow {
    pub number: String,
    pub request_type: String,
    pub emergency: bool,
    pub channel: String,
    pub category: Option<String>,
    pub state: String,
    pub title: String,
    pub county: Option<String>,
    pub requester_phone: String,
    pub registered_at: DateTime<Utc>,
    pub due_at: Option<DateTime<Utc>>,
    /// `extension` or `supervision`: what the center waits on besides the
    /// state. A new request waits on neither, so only updates write it.
    pub center_queue: Option<CenterWait>,
    pub snapshot: String,
    /// The subtree path of the hotline office that owns the request (Art. 4):
    /// a county's office works the queues of what it registered.
    pub office_path: String,
}

/// One unit's share of a request: what its queue is made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssignmentRow {
    pub unit_id: String,
    pub unit_path: String,
    pub role: String,
    pub status: String,
    pub open: bool,
    pub due_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub kind: String,
    pub actor_user: Option<String>,
    pub actor_role: String,
    pub actor_unit: Option<String>,
    pub public_text: Option<String>,
    pub internal_note: Option<String>,
    pub payload: String,
}

/// A request as loaded for a change.
#[derive(Clone, Debug)]
pub struct StoredRequest {
    pub id: i64,
    pub version: i64,
    pub row: RequestRow,
}

/// Why a save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("the request was changed by someone else")]
    Conflict,
    #[error(transparent)]
    Store(#[from] anyhow::Error),
}

impl From<sqlx::Error> for SaveError {
    fn from(e: sqlx::Error) -> Self {
        SaveError::Store(e.into())
    }
}

const REQUEST_COLUMNS: &str = "id, version, number, request_type, emergency, channel, category, state, title, county, \
     requester_phone, registered_at, due_at, snapshot";

impl Store {
    /// The next sequence number of a registration day, in its own short
    /// write: concurrent registrations do not wait on each other's commits.
    pub async fn next_number(&self, day: &str) -> anyhow::Result<i64> {
        let day = day.to_string();
        let postgres = self.backend == super::Backend::Postgres;
        self.write(move |conn| {
            Box::pin(async move {
                if postgres {
                    // Every registration of the day updates this one row, so
                    // its lock is held in turn: waiting for the disk each time
                    // held PostgreSQL's intake to one registration per flush
                    // (~420/s here). Not waiting is safe: the number is used
                    // only by a later, durable commit, and PostgreSQL's log is
                    // flushed in order, so that flush carries this one too; a
                    // crash before it loses only numbers nobody was given.
                    sqlx::query("SET LOCAL synchronous_commit TO OFF").execute(&mut *conn).await?;
                }
                Ok((take_number(conn, &day).await?, true))
            })
        })
        .await
    }

    /// Takes the day's next number and stores the request `build` makes of
    /// it. `Ok(Err(_))`: `build` refused, nothing is written; `Ok(Ok(None))`:
    /// its `with` claims what an earlier attempt claimed, nothing is written.
    ///
    /// On SQLite both happen in one write job: the writer runs one job at a
    /// time, so the counter row waits on nobody, and a refusal or a lost
    /// claim gives the number back (a second job cost every registration a
    /// second group commit to wait for). On PostgreSQL the number is taken
    /// first in its own transaction (`next_number`): the counter row's lock
    /// must not be held through the request's durable commit.
    pub async fn register_numbered<T, E, F>(&self, day: &str, build: F) -> anyhow::Result<Result<Option<T>, E>>
    where
        T: Send + 'static,
        E: Send + 'static,
        F: FnOnce(i64) -> Result<(Bundle, WithRequest, T), E> + Send + 'static,
    {
        if self.backend == super::Backend::Postgres {
            let seq = self.next_number(day).await?;
            return match build(seq) {
                Err(e) => Ok(Err(e)),
                Ok((bundle, with, kept)) => Ok(Ok(self.insert_request(bundle, with).await?.then_some(kept))),
            };
        }
        let day = day.to_string();
        self.write(move |conn| {
            Box::pin(async move {
                let seq = take_number(conn, &day).await?;
                match build(seq) {
                    Err(e) => Ok((Err(e), false)),
                    Ok((bundle, with, kept)) => {
                        let stored = insert_request_on(conn, bundle, &with).await?;
                        Ok((Ok(stored.then_some(kept)), stored))
                    }
                }
            })
        })
        .await
    }

    /// Stores a new request with its assignments and events, and what goes
    /// with it (`with`). False, with nothing written, when `with` claims a
    /// draft that an earlier confirmation already registered.
    pub async fn insert_request(&self, bundle: Bundle, with: WithRequest) -> anyhow::Result<bool> {
        self.write(move |conn| {
            Box::pin(async move {
                let stored = insert_request_on(conn, bundle, &with).await?;
                Ok((stored, stored))
            })
        })
        .await
    }

    pub async fn load_request(&self, number: &str) -> anyhow::Result<Option<StoredRequest>> {
        let sql = format!("SELECT {REQUEST_COLUMNS} FROM requests WHERE number = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(number).fetch_optional(&self.pool).await?;
        Ok(row.map(|r| stored_from_row(&r)))
    }

    /// Replaces a request's projection and assignments and appends its new
    /// events, if nobody changed it since `stored.version` was read.
    pub async fn save_request(
        &self,
        stored: &StoredRequest,
        row: &RequestRow,
        assignments: &[AssignmentRow],
        events: &[EventRow],
        with: WithRequest,
    ) -> Result<(), SaveError> {
        let (id, version) = (stored.id, stored.version);
        let (row, assignments, events) = (row.clone(), assignments.to_vec(), events.to_vec());
        let number = stored.row.number.clone();
        let saved = self
            .write(move |conn| {
                Box::pin(async move {
                    let done = sqlx::query(
                        "UPDATE requests SET state = $1, category = $2, due_at = $3, updated_at = $4, snapshot = $5,
                            center_queue = $6, requester_phone = $7, emergency = $8, version = version + 1
                         WHERE id = $9 AND version = $10",
                    )
                    .bind(&row.state)
                    .bind(&row.category)
                    .bind(row.due_at.map(millis))
                    .bind(millis(Utc::now()))
                    .bind(&row.snapshot)
                    .bind(row.center_queue.map(CenterWait::code))
                    // Changes only when the requester's data is erased (Art. 40).
                    .bind(&row.requester_phone)
                    // Art. 29: a request becomes an emergency after its registration too.
                    .bind(i64::from(row.emergency))
                    .bind(id)
                    .bind(version)
                    .execute(&mut *conn)
                    .await?;
                    if done.rows_affected() != 1 {
                        return Ok((false, false));
                    }
                    let mut counts = super::open_work::delete_assignments(conn, id).await?;
                    write_assignments(conn, id, &assignments).await?;
                    counts.add_rows(&assignments, 1);
                    counts.apply(conn).await?;
                    append_events(conn, id, &events, None).await?;
                    if !write_with_request(conn, &number, &with).await? {
                        return Ok((false, false));
                    }
                    queue_for_index(conn, QUEUE_REQUEST, &number).await?;
                    queue_for_stats(conn, id).await?;
                    Ok((true, true))
                })
            })
            .await?;
        if saved {
            Ok(())
        } else {
            Err(SaveError::Conflict)
        }
    }

    /// Requests in `states` whose deadline has passed at `now`, oldest deadline first.
    pub async fn overdue_in_states(&self, now: DateTime<Utc>, states: &[StateCode]) -> anyhow::Result<Vec<String>> {
        if states.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT number FROM requests WHERE state IN ({}) AND due_at <= $1 ORDER BY due_at",
            placeholders(2, states.len())
        );
        let q = bind_states(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(millis(now)), states);
        Ok(q.fetch_all(&self.pool).await?.iter().map(|r| r.get(0)).collect())
    }

    /// Up to `limit` requests in `states` unchanged since before `before`, oldest first.
    pub async fn quiet_in_states(&self, states: &[StateCode], before: DateTime<Utc>, limit: i64) -> anyhow::Result<Vec<String>> {
        let sql = format!(
            "SELECT number FROM requests WHERE state IN ({}) AND updated_at < $1 ORDER BY updated_at LIMIT ${}",
            placeholders(2, states.len()),
            states.len() + 2
        );
        let q = bind_states(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(millis(before)), states);
        Ok(q.bind(limit).fetch_all(&self.pool).await?.iter().map(|r| r.get(0)).collect())
    }

    /// Up to `limit` archived requests, archived before `before`, whose
    /// requester's personal data is still there (Art. 40 retention).
    pub async fn archived_with_personal_data(&self, before: DateTime<Utc>, limit: i64) -> anyhow::Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT number FROM requests WHERE state = $4 AND requester_phone <> $1 AND updated_at < $2 ORDER BY updated_at LIMIT $3",
        )
        .bind(app::domain::types::ERASED_PHONE)
        .bind(millis(before))
        .bind(limit)
        .bind(StateCode::Archived.code())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// Up to `limit` request numbers, newest first (for benchmarks).
    pub async fn sample_numbers(&self, limit: i64) -> anyhow::Result<Vec<String>> {
        let rows = sqlx::query("SELECT number FROM requests ORDER BY id DESC LIMIT $1").bind(limit).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// The whole timeline of a request, oldest first.
    pub async fn events(&self, request_id: i64) -> anyhow::Result<Vec<EventRow>> {
        let rows = sqlx::query(
            "SELECT seq, at, kind, actor_user, actor_role, actor_unit, public_text, internal_note, payload
             FROM events WHERE request_id = $1 ORDER BY seq",
        )
        .bind(request_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| EventRow {
                seq: r.get(0),
                at: from_millis(r.get(1)),
                kind: r.get(2),
                actor_user: r.get(3),
                actor_role: r.get(4),
                actor_unit: r.get(5),
                public_text: r.get(6),
                internal_note: r.get(7),
                payload: r.get(8),
            })
            .collect())
    }

    /// Requests in `states`, counted.
    pub async fn count_requests_in_states(&self, states: &[StateCode]) -> anyhow::Result<i64> {
        let states: Vec<&str> = states.iter().map(|s| s.code()).collect();
        count_in(&self.pool, "SELECT COUNT(*) FROM requests WHERE state IN", &states).await
    }

    /// Requests in one of the states owned by the hotline office at
    /// `office_path` and its subtree (a county's office), or by any (`None`, the center).
    pub async fn count_office_requests_in_states(&self, office_path: Option<&str>, states: &[StateCode]) -> anyhow::Result<i64> {
        let Some(path) = office_path else { return self.count_requests_in_states(states).await };
        if states.is_empty() {
            return Ok(0);
        }
        let (lo, hi) = path_range(path);
        let sql = format!(
            "SELECT COUNT(*) FROM requests WHERE office_path >= $1 AND office_path < $2 AND state IN ({})",
            placeholders(3, states.len())
        );
        let q = bind_states(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(lo).bind(hi), states);
        Ok(q.fetch_one(&self.pool).await?.get(0))
    }

    /// Open assignments in a unit's subtree with one of the statuses.
    pub async fn count_subtree_assignments(&self, path: &str, statuses: &[AssignmentStatusCode]) -> anyhow::Result<i64> {
        let codes: Vec<&str> = statuses.iter().map(|s| s.code()).collect();
        self.count_open_work(path, &codes, None, None).await
    }

    /// Open assignments in a unit's subtree due before an instant.
    pub async fn count_subtree_due_before(&self, path: &str, before: DateTime<Utc>) -> anyhow::Result<i64> {
        self.count_open_work(path, &[], None, Some(before)).await
    }

    /// Whether an assignment of the request lies in the subtree at `path`
    /// (one the center took back after a return does not count).
    pub async fn request_in_subtree(&self, request_id: i64, path: &str) -> anyhow::Result<bool> {
        let (lo, hi) = path_range(path);
        let row = sqlx::query(
            "SELECT COUNT(*) FROM assignments
             WHERE request_id = $1 AND unit_path >= $2 AND unit_path < $3 AND status <> 'returned'",
        )
        .bind(request_id)
        .bind(lo)
        .bind(hi)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.get::<i64, _>(0) > 0)
    }
}




async fn count_in(pool: &sqlx::AnyPool, head: &str, list: &[&str]) -> anyhow::Result<i64> {
    if list.is_empty() {
        return Ok(0);
    }
    let sql = format!("{head} ({})", placeholders(1, list.len()));
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for s in list {
        q = q.bind(*s);
    }
    Ok(q.fetch_one(pool).await?.get(0))
}

/// The day's next sequence number, counted in `request_counters`.
async fn take_number(conn: &mut AnyConnection, day: &str) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO request_counters (day, last) VALUES ($1, 1)
         ON CONFLICT (day) DO UPDATE SET last = request_counters.last + 1 RETURNING last",
    )
    .bind(day)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.get(0))
}

/// `insert_request`'s work on the writer's connection; false (nothing
/// written) when `with` claims what was claimed already.
async fn insert_request_on(conn: &mut AnyConnection, bundle: Bundle, with: &WithRequest) -> anyhow::Result<bool> {
    let (row, assignments, events) = bundle;
    if !write_with_request(conn, &row.number, with).await? {
        return Ok(false);
    }
    let insert = sqlx::query(
        "INSERT INTO requests (number, request_type, emergency, channel, category, state, title, county,
            requester_phone, registered_at, due_at, updated_at, version, snapshot, office_path)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14) RETURNING id",
    );
    let id: i64 = bind_request(insert, &row, millis(Utc::now())).fetch_one(&mut *conn).await?.get(0);
    write_assignments(conn, id, &assignments).await?;
    let mut counts = super::open_work::Changes::default();
    counts.add_rows(&assignments, 1);
    counts.apply(conn).await?;
    append_events(conn, id, &events, Some(0)).await?;
    queue_for_index(conn, QUEUE_REQUEST, &row.number).await?;
    queue_for_stats(conn, id).await?;
    Ok(true)
}

async fn write_assignments(conn: &mut AnyConnection, id: i64, rows: &[AssignmentRow]) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    // One statement for all: each is a round trip inside the writer's turn.
    let sql = format!(
        "INSERT INTO assignments (request_id, seq, unit_id, unit_path, role, status, open, due_at) VALUES {}",
        placeholders_rows(conn, rows.len(), 8)
    );
    let q = rows.iter().enumerate().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, (seq, a)| bind_assignment(q, id, seq, a));
    q.execute(&mut *conn).await?;
    Ok(())
}

/// Appends events after the request's last one (`last_seq` when the caller knows it).
async fn append_events(conn: &mut AnyConnection, id: i64, events: &[EventRow], last_seq: Option<i64>) -> Result<(), sqlx::Error> {
    if events.is_empty() {
        return Ok(());
    }
    let next: i64 = match last_seq {
        Some(n) => n,
        None => sqlx::query("SELECT COALESCE(MAX(seq), 0) FROM events WHERE request_id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?
            .get(0),
    };
    let sql = format!(
        "INSERT INTO events (request_id, seq, at, kind, actor_user, actor_role, actor_unit, public_text,
            internal_note, payload) VALUES {}",
        placeholders_rows(conn, events.len(), 10)
    );
    let q = events.iter().enumerate().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, (i, e)| bind_event(q, id, next + 1 + i as i64, e));
    q.execute(&mut *conn).await?;
    Ok(())
}



/// Binds a request row's 13 columns, in the order of the INSERT statements.
pub(super) fn bind_request<'q>(q: AnyQuery<'q>, r: &'q RequestRow, now: i64) -> AnyQuery<'q> {
    q.bind(&r.number)
        .bind(&r.request_type)
        .bind(i64::from(r.emergency))
        .bind(&r.channel)
        .bind(&r.category)
        .bind(&r.state)
        .bind(&r.title)
        .bind(&r.county)
        .bind(&r.requester_phone)
        .bind(millis(r.registered_at))
        .bind(r.due_at.map(millis))
        .bind(now)
        .bind(&r.snapshot)
        .bind(&r.office_path)
}

/// Binds an assignment's 8 columns.
pub(super) fn bind_assignment<'q>(q: AnyQuery<'q>, request_id: i64, seq: usize, a: &'q AssignmentRow) -> AnyQuery<'q> {
    q.bind(request_id)
        .bind(seq as i64)
        .bind(&a.unit_id)
        .bind(&a.unit_path)
        .bind(&a.role)
        .bind(&a.status)
        .bind(i64::from(a.open))
        .bind(a.due_at.map(millis))
}

/// Binds an event's 10 columns.
pub(super) fn bind_event<'q>(q: AnyQuery<'q>, request_id: i64, seq: i64, e: &'q EventRow) -> AnyQuery<'q> {
    q.bind(request_id)
        .bind(seq)
        .bind(millis(e.at))
        .bind(&e.kind)
        .bind(&e.actor_user)
        .bind(&e.actor_role)
        .bind(&e.actor_unit)
        .bind(&e.public_text)
        .bind(&e.internal_note)
        .bind(&e.payload)
}

fn stored_from_row(r: &AnyRow) -> StoredRequest {
    StoredRequest {
        id: r.get(0),
        version: r.get(1),
        row: RequestRow {
            number: r.get(2),
            request_type: r.get(3),
            emergency: r.get::<i64, _>(4) != 0,
            channel: r.get(5),
            category: r.get(6),
            state: r.get(7),
            title: r.get(8),
            county: r.get(9),
            requester_phone: r.get(10),
            registered_at: from_millis(r.get(11)),
            due_at: r.get::<Option<i64>, _>(12).map(from_millis),
            // Derived from the snapshot on every save; not read back.
            center_queue: None,
            snapshot: r.get(13),
            office_path: String::new(),
        },
    }
}

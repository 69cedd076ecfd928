//! Work lists: the open assignments of a unit's subtree (its inbox), by
//! status and due time, earliest deadline first, a page at a time; and the
//! center's registered requests awaiting acceptance.

use app::domain::state_code::StateCode;
use app::domain::types::{AssignmentStatusCode, CenterWait, WorkListColumn, WorkListOrder};
use super::work_list_line::inbox_row;
pub use super::work_list_line::InboxRow;
use super::{millis, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

/// Which open assignments of a subtree: statuses (empty: any), a due
/// window, and the request's state (empty: any) or center queue.
#[derive(Clone, Debug, Default)]
pub struct InboxQuery<'a> {
    pub statuses: &'a [AssignmentStatusCode],
    pub due_from: Option<DateTime<Utc>>,
    pub due_before: Option<DateTime<Utc>>,
    pub request_states: &'a [StateCode],
    pub center_queue: Option<CenterWait>,
    pub order: WorkListOrder,
}

/// Which requests a center queue holds: by state, or by `center_queue`.
#[derive(Clone, Copy, Debug)]
pub enum CenterQueue<'a> {
    States(&'a [StateCode]),
    Waiting(CenterWait),
}

/// The ORDER BY of a work list, on columns of `requests` named `r.…` and the
/// deadline `due`; ties go to `tie`. Undated lines come last either way, on
/// both backends.
fn order_by(order: WorkListOrder, due: &str, tie: &str) -> String {
    let dir = if order.descending { "DESC" } else { "ASC" };
    let first = match order.by {
        WorkListColumn::Due => {
            let undated = if order.descending { i64::MIN } else { i64::MAX };
            format!("COALESCE({due}, {undated}) {dir}")
        }
        WorkListColumn::Registered => format!("r.registered_at {dir}"),
        WorkListColumn::County => format!("COALESCE(r.county, '') {dir}"),
        WorkListColumn::Type => format!("r.request_type {dir}"),
    };
    format!("{first}, {tie}")
}

/// Ties in a hotline office's queue go to the older registration, then the row.
const OFFICE_TIE: &str = "r.registered_at, r.id";

impl Store {
    /// A page of the subtree's open assignments matching `q`, in `q.order`
    /// (earliest due first by default), and how many match in all.
    pub async fn subtree_inbox(&self, path: &str, q: &InboxQuery<'_>, limit: i64, offset: i64) -> anyhow::Result<(Vec<InboxRow>, i64)> {
        let (lo, hi) = super::sql::path_range(path);
        let mut filter = String::from("a.open = 1 AND a.unit_path >= $1 AND a.unit_path < $2");
        let mut next = 3;
        if !q.statuses.is_empty() {
            filter.push_str(&format!(" AND a.status IN ({})", super::sql::placeholders(next, q.statuses.len())));
            next += q.statuses.len();
        }
        if q.due_from.is_some() {
            filter.push_str(&format!(" AND a.due_at >= ${next}"));
            next += 1;
        }
        if q.due_before.is_some() {
            filter.push_str(&format!(" AND a.due_at < ${next}"));
            next += 1;
        }
        if !q.request_states.is_empty() {
            filter.push_str(&format!(" AND r.state IN ({})", super::sql::placeholders(next, q.request_states.len())));
            next += q.request_states.len();
        }
        if q.center_queue.is_some() {
            filter.push_str(&format!(" AND r.center_queue = ${next}"));
            next += 1;
        }
        let on_requests = !q.request_states.is_empty() || q.center_queue.is_some();
        let list_sql = format!(
            "SELECT r.number, r.title, r.request_type, r.state, r.emergency, a.unit_id, a.status, a.due_at, r.county
             FROM assignments a JOIN requests r ON r.id = a.request_id WHERE {filter}
             ORDER BY {} LIMIT ${next} OFFSET ${}",
            order_by(q.order, "a.due_at", super::queue_merge::TIE),
            next + 1
        );
        let count_sql = format!("SELECT COUNT(*) FROM assignments a JOIN requests r ON r.id = a.request_id WHERE {filter}");
        let bind = |sql: String| {
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(lo.clone()).bind(hi.clone());
            for s in q.statuses {
                query = query.bind(s.code());
            }
            if let Some(t) = q.due_from {
                query = query.bind(millis(t));
            }
            if let Some(t) = q.due_before {
                query = query.bind(millis(t));
            }
            for s in q.request_states {
                query = query.bind(s.code());
            }
            if let Some(c) = q.center_queue {
                query = query.bind(c.code());
            }
            query
        };
        // The default order on the assignments alone is merged from the
        // subtree's queues, already in deadline order (constant time).
        let statuses: Vec<&str> = q.statuses.iter().map(|s| s.code()).collect();
        let merged = if !on_requests && q.order == WorkListOrder::default() {
            let window = super::queue_merge::Window { statuses: &statuses, from: q.due_from, before: q.due_before };
            self.merged_page(path, &window, limit, offset).await?
        } else {
            None
        };
        let (rows, counted) = match merged {
            Some((rows, total)) => (rows, total),
            None => (bind(list_sql).bind(limit).bind(offset).fetch_all(&self.pool).await?.iter().map(inbox_row).collect(), None),
        };
        // The kept counts answer for the assignments' own conditions; a
        // condition on the requests is counted on them.
        let total: i64 = match counted {
            Some(total) => total,
            None if !on_requests => self.count_open_work(path, &statuses, q.due_from, q.due_before).await?,
            None => bind(count_sql).fetch_one(&self.pool).await?.get(0),
        };
        Ok((rows, total))
    }

    /// A page of a hotline office's queue in `order` (earliest due first by
    /// default, then oldest), and how many it holds: the center's (`office_path` `None`) holds every
    /// request; a county office's those it owns.
    pub async fn center_inbox(
        &self,
        queue: CenterQueue<'_>,
        office_path: Option<&str>,
        order: WorkListOrder,
        limit: i64,
        offset: i64,
    ) -> anyhow::Result<(Vec<InboxRow>, i64)> {
        let mut filter = match queue {
            CenterQueue::States(states) => format!("state IN ({})", super::sql::placeholders(1, states.len())),
            CenterQueue::Waiting(_) => "center_queue = $1".to_string(),
        };
        let mut n = match queue {
            CenterQueue::States(states) => states.len(),
            CenterQueue::Waiting(_) => 1,
        };
        let range = office_path.map(super::sql::path_range);
        if range.is_some() {
            filter.push_str(&format!(" AND office_path >= ${} AND office_path < ${}", n + 1, n + 2));
            n += 2;
        }
        let list_sql = format!(
            "SELECT number, title, request_type, state, emergency, NULL, NULL, due_at, county FROM requests r WHERE {filter}
             ORDER BY {} LIMIT ${} OFFSET ${}",
            order_by(order, "r.due_at", OFFICE_TIE),
            n + 1,
            n + 2
        );
        let count_sql = format!("SELECT COUNT(*) FROM requests WHERE {filter}");
        let bind = |sql: String| {
            let query = sqlx::query(sqlx::AssertSqlSafe(sql));
            let query = match queue {
                CenterQueue::States(states) => super::sql::bind_states(query, states),
                CenterQueue::Waiting(w) => query.bind(w.code()),
            };
            match &range {
                Some((lo, hi)) => query.bind(lo.clone()).bind(hi.clone()),
                None => query,
            }
        };
        let rows = bind(list_sql).bind(limit).bind(offset).fetch_all(&self.pool).await?;
        let total: i64 = bind(count_sql).fetch_one(&self.pool).await?.get(0);
        Ok((rows.iter().map(inbox_row).collect(), total))
    }
}

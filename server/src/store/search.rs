//! Searching requests: any mix of number, phone, state, unit, type,
//! category, county, registration dates and the hits of a text search,
//! newest first, a page at a time; limited to a subtree (the requests
//! assigned into it, archived ones left out) unless the searcher is the center.

use super::work_list_line::InboxRow;
use super::{millis, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

/// The conditions of a search; empty fields do not narrow it.
#[derive(Clone, Debug, Default)]
pub struct SearchFilter {
    /// Only requests assigned into this subtree path (`None`: all).
    pub scope: Option<String>,
    pub number: Option<String>,
    pub phone: Option<String>,
    /// Only these requests (the hits of a text search).
    pub numbers: Option<Vec<String>>,
    pub state: Option<String>,
    /// Requests assigned into this unit's subtree path.
    pub unit_path: Option<String>,
    pub request_type: Option<String>,
    pub category: Option<String>,
    pub county: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// A value bound to the search's SQL.
enum Arg {
    Text(String),
    Int(i64),
}

impl Store {
    /// A page of the requests matching `f`, newest first, and how many match.
    pub async fn search_requests(&self, f: &SearchFilter, limit: i64, offset: i64) -> anyhow::Result<(Vec<InboxRow>, i64)> {
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<Arg> = Vec::new();
        let mut add = |cond: &str, values: Vec<Arg>| {
            let mut c = cond.to_string();
            for v in values {
                args.push(v);
                c = c.replacen('?', &format!("${}", args.len()), 1);
            }
            conds.push(c);
        };
        if let Some(path) = &f.scope {
            let (lo, hi) = super::sql::path_range(path);
            add(
                &super::sql::in_subtree("?", "?"),
                vec![Arg::Text(lo.clone()), Arg::Text(hi.clone()), Arg::Text(lo), Arg::Text(hi)],
            );
            // Archived requests (Art. 3) stay searchable by the center only.
            add("r.state <> 'archived'", vec![]);
        }
        if let Some(path) = &f.unit_path {
            let (lo, hi) = super::sql::path_range(path);
            add(
                "EXISTS (SELECT 1 FROM assignments a WHERE a.request_id = r.id AND a.unit_path >= ? AND a.unit_path < ?)",
                vec![Arg::Text(lo), Arg::Text(hi)],
            );
        }
        let exact = [
            ("r.number = ?", &f.number),
            ("r.requester_phone = ?", &f.phone),
            ("r.state = ?", &f.state),
            ("r.request_type = ?", &f.request_type),
            ("r.category = ?", &f.category),
            ("r.county = ?", &f.county),
        ];
        for (cond, value) in exact {
            if let Some(v) = value {
                add(cond, vec![Arg::Text(v.clone())]);
            }
        }
        if let Some(numbers) = &f.numbers {
            let marks = vec!["?"; numbers.len().max(1)].join(", ");
            let values = if numbers.is_empty() { vec![Arg::Text(String::new())] } else { numbers.iter().cloned().map(Arg::Text).collect() };
            add(&format!("r.number IN ({marks})"), values);
        }
        if let Some(t) = f.from {
            add("r.registered_at >= ?", vec![Arg::Int(millis(t))]);
        }
        if let Some(t) = f.until {
            add("r.registered_at < ?", vec![Arg::Int(millis(t))]);
        }
        let filter = if conds.is_empty() { "1 = 1".to_string() } else { conds.join(" AND ") };
        let n = args.len();
        let list_sql = format!(
            "SELECT r.number, r.title, r.request_type, r.state, r.emergency, NULL, NULL, r.due_at, r.county FROM requests r
             WHERE {filter} ORDER BY r.registered_at DESC, r.id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let count_sql = format!("SELECT COUNT(*) FROM requests r WHERE {filter}");
        let bind = |sql: String| {
            args.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, a| match a {
                Arg::Text(s) => q.bind(s.clone()),
                Arg::Int(i) => q.bind(*i),
            })
        };
        let rows = bind(list_sql).bind(limit).bind(offset).fetch_all(&self.pool).await?;
        let total: i64 = bind(count_sql).fetch_one(&self.pool).await?.get(0);
        Ok((rows.iter().map(super::work_list_line::inbox_row).collect(), total))
    }
}

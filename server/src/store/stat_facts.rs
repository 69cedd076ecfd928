//! The requests behind a number (issue 15 §3): the rows of `stat_facts`
//! (migration 0027) of some counters in a period and scope, with the
//! request each belongs to — the same facts the rollups summed.

use super::sql::{path_range, placeholders};
use super::Store;
use sqlx::Row;

/// Whose facts: the prefecture's requests, a county office's, or the
/// assignments of a unit's subtree (by its path) — as the rollups' scopes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FactScope {
    Prefecture,
    Office(String),
    Subtree(String),
}

/// Which facts to read.
#[derive(Clone, Debug)]
pub struct FactQuery {
    pub scope: FactScope,
    pub counters: Vec<&'static str>,
    /// Day numbers, both included.
    pub first: i64,
    pub last: i64,
    /// A breakdown's column (`county`, `category`, `request_type`,
    /// `channel`, `intake`) and its value, as the fact was counted.
    pub dim: Option<(&'static str, String)>,
    pub offset: i64,
    pub limit: i64,
}

/// One fact with its request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountedRow {
    pub number: String,
    pub title: String,
    pub state: String,
    pub counter: String,
    pub day: i64,
    /// The assignment's unit; empty for the request's own facts.
    pub unit: String,
    pub amount: i64,
}

/// The columns a breakdown may filter on.
const DIMS: &[&str] = &["county", "category", "request_type", "channel", "intake"];

impl Store {
    /// How many facts there are, their sum (what the dashboard shows) and
    /// the page of them asked for, newest day first.
    pub async fn counted_facts(&self, q: &FactQuery) -> anyhow::Result<(i64, i64, Vec<CountedRow>)> {
        anyhow::ensure!(!q.counters.is_empty(), "no counter to read");
        let mut n = q.counters.len();
        let mut condition = format!("f.counter IN ({}) AND f.day >= ${} AND f.day <= ${}", placeholders(1, n), n + 1, n + 2);
        n += 2;
        let mut binds: Vec<String> = Vec::new();
        match &q.scope {
            FactScope::Prefecture => condition.push_str(" AND f.unit = ''"),
            FactScope::Office(path) => {
                condition.push_str(&format!(" AND f.unit = '' AND f.office = ${}", n + 1));
                binds.push(path.clone());
                n += 1;
            }
            FactScope::Subtree(path) => {
                let (lo, hi) = path_range(path);
                condition.push_str(&format!(" AND f.unit_path >= ${} AND f.unit_path < ${}", n + 1, n + 2));
                binds.extend([lo, hi]);
                n += 2;
            }
        }
        if let Some((column, value)) = &q.dim {
            anyhow::ensure!(DIMS.contains(column), "no breakdown column {column}");
            condition.push_str(&format!(" AND f.{column} = ${}", n + 1));
            binds.push(value.clone());
            n += 1;
        }
        let bind_all = |sql: String| {
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for c in &q.counters {
                query = query.bind(*c);
            }
            query = query.bind(q.first).bind(q.last);
            for b in &binds {
                query = query.bind(b.clone());
            }
            query
        };
        let sums = bind_all(format!("SELECT COUNT(*), CAST(COALESCE(SUM(f.amount), 0) AS BIGINT) FROM stat_facts f WHERE {condition}"))
            .fetch_one(&self.pool)
            .await?;
        let (count, total): (i64, i64) = (sums.get(0), sums.get(1));
        let page = format!(
            "SELECT r.number, r.title, r.state, f.counter, f.day, f.unit, f.amount
             FROM stat_facts f JOIN requests r ON r.id = f.request_id
             WHERE {condition} ORDER BY f.day DESC, f.request_id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let rows = bind_all(page).bind(q.limit).bind(q.offset).fetch_all(&self.pool).await?;
        let rows = rows
            .iter()
            .map(|r| CountedRow {
                number: r.get(0),
                title: r.get(1),
                state: r.get(2),
                counter: r.get(3),
                day: r.get(4),
                unit: r.get(5),
                amount: r.get(6),
            })
            .collect();
        Ok((count, total, rows))
    }
}

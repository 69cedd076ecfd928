//! The open work of each unit, counted as it changes (issue 16 §2;
//! migration 0032): a row per unit path, assignment status and deadline
//! holds how many open assignments there are, changed in the transaction
//! that writes the assignments. A subtree's queue counts are sums over its
//! rows, independent of how many requests the store holds; the upkeep folds
//! the deadlines passed into one row per unit and status.

use super::requests::AssignmentRow;
use super::sql::{millis, path_range, placeholders};
use super::Store;
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;

/// The `due_at` of assignments without a deadline.
pub(super) const NO_DEADLINE: i64 = i64::MAX;
/// The `due_at` of the row that holds deadlines long passed, folded together.
const FOLDED: i64 = 0;
/// Deadlines passed more than this are folded (none is asked about).
const FOLD_AFTER: chrono::Duration = chrono::Duration::hours(1);

/// What a write changes in the counts: (unit path, status, deadline) → change.
#[derive(Default)]
pub(super) struct Changes(BTreeMap<(String, String, i64), i64>);

impl Changes {
    /// Counts an open assignment in (`+1`) or out (`-1`); a closed one counts nothing.
    pub(super) fn add(&mut self, unit_path: &str, status: &str, open: bool, due_at: Option<i64>, by: i64) {
        if open {
            *self.0.entry((unit_path.to_string(), status.to_string(), due_at.unwrap_or(NO_DEADLINE))).or_default() += by;
        }
    }

    pub(super) fn add_rows(&mut self, rows: &[AssignmentRow], by: i64) {
        for a in rows {
            self.add(&a.unit_path, &a.status, a.open, a.due_at.map(millis), by);
        }
    }

    /// Writes the changes that are not nil, in key order (two transactions
    /// touching the same rows take their locks in the same order).
    pub(super) async fn apply(self, conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
        let changes: Vec<_> = self.0.into_iter().filter(|(_, by)| *by != 0).collect();
        for chunk in changes.chunks(200) {
            let values = (0..chunk.len()).map(|i| format!("(${}, ${}, ${}, ${})", 4 * i + 1, 4 * i + 2, 4 * i + 3, 4 * i + 4)).collect::<Vec<_>>().join(", ");
            let sql = format!(
                "INSERT INTO open_work (unit_path, status, due_at, n) VALUES {values}
                 ON CONFLICT (unit_path, status, due_at) DO UPDATE SET n = open_work.n + excluded.n"
            );
            let q = chunk.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, ((path, status, due), by)| q.bind(path).bind(status).bind(*due).bind(*by));
            q.execute(&mut *conn).await?;
        }
        Ok(())
    }
}

/// Deletes a request's assignments; what that takes out of the counts.
pub(super) async fn delete_assignments(conn: &mut AnyConnection, request_id: i64) -> Result<Changes, sqlx::Error> {
    let rows = sqlx::query("DELETE FROM assignments WHERE request_id = $1 RETURNING unit_path, status, open, due_at")
        .bind(request_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut changes = Changes::default();
    for r in &rows {
        changes.add(&r.get::<String, _>(0), &r.get::<String, _>(1), r.get::<i64, _>(2) != 0, r.get(3), -1);
    }
    Ok(changes)
}

impl Store {
    /// Open assignments in a unit's subtree with one of the statuses (any
    /// status when none is given) and a deadline in `[from, before)`.
    pub async fn count_open_work(&self, path: &str, statuses: &[&str], from: Option<DateTime<Utc>>, before: Option<DateTime<Utc>>) -> anyhow::Result<i64> {
        let (lo, hi) = path_range(path);
        let mut sql = String::from("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM open_work WHERE unit_path >= $1 AND unit_path < $2");
        let mut next = 3;
        if !statuses.is_empty() {
            sql.push_str(&format!(" AND status IN ({})", placeholders(next, statuses.len())));
            next += statuses.len();
        }
        if from.is_some() {
            // As `due_at >= from` on the assignments: none without a deadline.
            sql.push_str(&format!(" AND due_at >= ${next} AND due_at < {NO_DEADLINE}"));
            next += 1;
        }
        if before.is_some() {
            sql.push_str(&format!(" AND due_at < ${next}"));
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(lo).bind(hi);
        for s in statuses {
            q = q.bind(*s);
        }
        for t in [from, before].into_iter().flatten() {
            q = q.bind(millis(t));
        }
        Ok(q.fetch_one(&self.pool).await?.get(0))
    }

    /// Folds the rows of deadlines passed over an hour ago into one per unit
    /// and status, and drops rows that count nothing; how many rows went.
    /// The rows are deleted and what they held is added to the folded rows
    /// in one transaction, with the values the delete took: a save that
    /// changes one meanwhile either lands before (and is folded) or after
    /// (on a new row of its exact deadline, folded next time).
    pub async fn fold_open_work(&self, now: DateTime<Utc>) -> anyhow::Result<u64> {
        let horizon = millis(now - FOLD_AFTER);
        let postgres = self.backend == super::Backend::Postgres;
        self.write(move |conn| {
            Box::pin(async move {
                if postgres {
                    // Locked in key order, as the saves lock them (no deadlock
                    // with a save that changes two of them).
                    sqlx::query("SELECT 1 FROM open_work WHERE (due_at > $1 AND due_at < $2) OR n = 0 ORDER BY unit_path, status, due_at FOR UPDATE")
                        .bind(FOLDED)
                        .bind(horizon)
                        .execute(&mut *conn)
                        .await?;
                }
                let passed = sqlx::query("DELETE FROM open_work WHERE due_at > $1 AND due_at < $2 RETURNING unit_path, status, n")
                    .bind(FOLDED)
                    .bind(horizon)
                    .fetch_all(&mut *conn)
                    .await?;
                let mut folded = Changes::default();
                for r in &passed {
                    folded.add(&r.get::<String, _>(0), &r.get::<String, _>(1), true, Some(FOLDED), r.get(2));
                }
                folded.apply(conn).await?;
                let empty = sqlx::query("DELETE FROM open_work WHERE n = 0").execute(&mut *conn).await?;
                Ok((passed.len() as u64 + empty.rows_affected(), true))
            })
        })
        .await
    }

    /// Where the kept counts differ from the assignments' own, by unit path
    /// and status: (path, status, (open, due before `at`) counted, the same kept).
    /// Tests check there is no difference, ever.
    pub async fn open_work_differences(&self, at: DateTime<Utc>) -> anyhow::Result<Vec<(String, String, (i64, i64), (i64, i64))>> {
        let counted = |sql: &'static str| async move {
            let rows = sqlx::query(sql).bind(millis(at)).fetch_all(&self.pool).await?;
            anyhow::Ok(rows.iter().map(|r| ((r.get::<String, _>(0), r.get::<String, _>(1)), (r.get::<i64, _>(2), r.get::<i64, _>(3)))).collect::<BTreeMap<_, _>>())
        };
        let actual = counted(
            "SELECT unit_path, status, COUNT(*), CAST(SUM(CASE WHEN due_at < $1 THEN 1 ELSE 0 END) AS BIGINT)
             FROM assignments WHERE open = 1 GROUP BY unit_path, status",
        )
        .await?;
        let kept = counted(
            "SELECT unit_path, status, CAST(SUM(n) AS BIGINT), CAST(SUM(CASE WHEN due_at < $1 THEN n ELSE 0 END) AS BIGINT)
             FROM open_work GROUP BY unit_path, status",
        )
        .await?;
        let keys: std::collections::BTreeSet<_> = actual.keys().chain(kept.keys()).cloned().collect();
        Ok(keys
            .into_iter()
            .filter_map(|k| {
                let (a, b) = (actual.get(&k).copied().unwrap_or((0, 0)), kept.get(&k).copied().unwrap_or((0, 0)));
                (a != b).then(|| (k.0, k.1, a, b))
            })
            .collect())
    }
}

//! Units (承办单位): the tree of handling units, stored with a materialized
//! path so that "this unit and everything under it" is one index range.

use super::Store;
use sqlx::Row;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitRow {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
    pub path: String,
    pub vertical: bool,
    pub dispatches_subtree: bool,
    pub active: bool,
    /// Proposed by a unit's administrator, waiting for the center (Art. 4).
    pub proposed: bool,
}

/// A unit's settings an administrator changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitFlags {
    pub vertical: bool,
    pub dispatches_subtree: bool,
    pub active: bool,
}

impl Store {
    /// Adds a unit under `parent_id` (or as the root); returns its path.
    pub async fn insert_unit(
        &self,
        id: &str,
        name: &str,
        parent_id: Option<&str>,
        vertical: bool,
        dispatches_subtree: bool,
    ) -> anyhow::Result<String> {
        self.add_unit(id, name, parent_id, UnitFlags { vertical, dispatches_subtree, active: true }, false).await
    }

    /// Adds a unit with its settings; a proposed one waits for approval.
    pub async fn add_unit(&self, id: &str, name: &str, parent_id: Option<&str>, flags: UnitFlags, proposed: bool) -> anyhow::Result<String> {
        let parent_path = match parent_id {
            Some(p) => self
                .unit(p)
                .await?
                .ok_or_else(|| anyhow::anyhow!("unknown parent unit {p}"))?
                .path,
            None => "/".to_string(),
        };
        let path = format!("{parent_path}{id}/");
        sqlx::query(
            "INSERT INTO units (id, name, parent_id, path, vertical, dispatches_subtree, active, proposed)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(name)
        .bind(parent_id)
        .bind(&path)
        .bind(i64::from(flags.vertical))
        .bind(i64::from(flags.dispatches_subtree))
        .bind(i64::from(flags.active))
        .bind(i64::from(proposed))
        .execute(&self.writer)
        .await?;
        Ok(path)
    }

    pub async fn unit(&self, id: &str) -> anyhow::Result<Option<UnitRow>> {
        let row = sqlx::query(
            "SELECT id, name, parent_id, path, vertical, dispatches_subtree, active, proposed FROM units WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| unit_from_row(&r)))
    }

    /// Every unit, parents before children.
    pub async fn units(&self) -> anyhow::Result<Vec<UnitRow>> {
        let rows = sqlx::query(
            "SELECT id, name, parent_id, path, vertical, dispatches_subtree, active, proposed FROM units ORDER BY path",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(unit_from_row).collect())
    }

    /// Changes a unit's settings; approving a proposal is setting it active.
    pub async fn set_unit_flags(&self, id: &str, flags: UnitFlags) -> anyhow::Result<()> {
        sqlx::query("UPDATE units SET vertical = $1, dispatches_subtree = $2, active = $3, proposed = 0 WHERE id = $4")
            .bind(i64::from(flags.vertical))
            .bind(i64::from(flags.dispatches_subtree))
            .bind(i64::from(flags.active))
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Moves a unit (and its subtree) under another parent: every path
    /// below it, and the queue paths of its assignments and their counts,
    /// change together.
    pub async fn move_unit(&self, id: &str, old_path: &str, new_parent: &str, new_path: &str) -> anyhow::Result<()> {
        let (id, old, parent, new) = (id.to_string(), old_path.to_string(), new_parent.to_string(), new_path.to_string());
        self.write(move |conn| {
            Box::pin(async move {
                let (lo, hi) = super::sql::path_range(&old);
                let cut = old.chars().count() as i64 + 1;
                sqlx::query("UPDATE units SET parent_id = $1 WHERE id = $2").bind(&parent).bind(&id).execute(&mut *conn).await?;
                for sql in [
                    "UPDATE units SET path = $1 || substr(path, CAST($2 AS INTEGER)) WHERE path >= $3 AND path < $4",
                    "UPDATE assignments SET unit_path = $1 || substr(unit_path, CAST($2 AS INTEGER))
                     WHERE unit_path >= $3 AND unit_path < $4",
                    "UPDATE open_work SET unit_path = $1 || substr(unit_path, CAST($2 AS INTEGER))
                     WHERE unit_path >= $3 AND unit_path < $4",
                ] {
                    sqlx::query(sql).bind(&new).bind(cut).bind(&lo).bind(&hi).execute(&mut *conn).await?;
                }
                Ok(((), true))
            })
        })
        .await
    }

    pub async fn insert_category(
        &self,
        code: &str,
        name: &str,
        parent: Option<&str>,
        statutory_days: Option<i64>,
    ) -> anyhow::Result<()> {
        sqlx::query("INSERT INTO categories (code, name, parent_code, statutory_days) VALUES ($1, $2, $3, $4)")
            .bind(code)
            .bind(name)
            .bind(parent)
            .bind(statutory_days)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// The category tree as (code, name, parent), parents first.
    pub async fn categories(&self) -> anyhow::Result<Vec<(String, String, Option<String>)>> {
        let rows = sqlx::query("SELECT code, name, parent_code FROM categories ORDER BY code").fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect())
    }

    /// Every category with its stricter limit, if any: (code, name, parent, days).
    pub async fn categories_with_limits(&self) -> anyhow::Result<Vec<(String, String, Option<String>, Option<i64>)>> {
        let rows = sqlx::query("SELECT code, name, parent_code, statutory_days FROM categories ORDER BY code").fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3))).collect())
    }

    /// Sets or clears a category's stricter limit; false if there is no such category.
    pub async fn set_category_days(&self, code: &str, days: Option<i64>) -> anyhow::Result<bool> {
        let done = sqlx::query("UPDATE categories SET statutory_days = $1 WHERE code = $2")
            .bind(days)
            .bind(code)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Categories with a stricter statutory limit (Art. 19(3)).
    pub async fn category_limits(&self) -> anyhow::Result<Vec<(String, i64)>> {
        let rows = sqlx::query("SELECT code, statutory_days FROM categories WHERE statutory_days IS NOT NULL")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1))).collect())
    }
}

fn unit_from_row(r: &sqlx::any::AnyRow) -> UnitRow {
    UnitRow {
        id: r.get(0),
        name: r.get(1),
        parent_id: r.get(2),
        path: r.get(3),
        vertical: r.get::<i64, _>(4) != 0,
        dispatches_subtree: r.get::<i64, _>(5) != 0,
        active: r.get::<i64, _>(6) != 0,
        proposed: r.get::<i64, _>(7) != 0,
    }
}

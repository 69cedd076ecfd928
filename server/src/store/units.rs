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
            "INSERT INTO units (id, name, parent_id, path, vertical, dispatches_subtree, active)
             VALUES ($1, $2, $3, $4, $5, $6, 1)",
        )
        .bind(id)
        .bind(name)
        .bind(parent_id)
        .bind(&path)
        .bind(i64::from(vertical))
        .bind(i64::from(dispatches_subtree))
        .execute(&self.writer)
        .await?;
        Ok(path)
    }

    pub async fn unit(&self, id: &str) -> anyhow::Result<Option<UnitRow>> {
        let row = sqlx::query(
            "SELECT id, name, parent_id, path, vertical, dispatches_subtree, active FROM units WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| unit_from_row(&r)))
    }

    /// Every unit, parents before children.
    pub async fn units(&self) -> anyhow::Result<Vec<UnitRow>> {
        let rows = sqlx::query(
            "SELECT id, name, parent_id, path, vertical, dispatches_subtree, active FROM units ORDER BY path",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(unit_from_row).collect())
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
    }
}

//! A unit's notification list: notices are written with the change that
//! caused them; each user remembers the newest notice they have seen.

use super::{from_millis, Store};
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

/// A notice to the people of one unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffNoticeRow {
    pub unit_id: String,
    pub kind: String,
    pub request_number: String,
    pub body: String,
}

/// A stored notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredStaffNotice {
    pub id: i64,
    pub notice: StaffNoticeRow,
    pub created_at: DateTime<Utc>,
}

pub(super) async fn insert(conn: &mut AnyConnection, n: &StaffNoticeRow, now: i64) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO staff_notices (unit_id, kind, request_number, body, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&n.unit_id)
        .bind(&n.kind)
        .bind(&n.request_number)
        .bind(&n.body)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Counting stops here: a badge shows "99+".
pub const UNSEEN_CAP: i64 = 100;

impl Store {
    /// The newest notices of a unit.
    pub async fn staff_notices(&self, unit_id: &str, limit: i64) -> anyhow::Result<Vec<StoredStaffNotice>> {
        let rows = sqlx::query(
            "SELECT id, unit_id, kind, request_number, body, created_at FROM staff_notices
             WHERE unit_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(unit_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| StoredStaffNotice {
                id: r.get(0),
                notice: StaffNoticeRow { unit_id: r.get(1), kind: r.get(2), request_number: r.get(3), body: r.get(4) },
                created_at: from_millis(r.get(5)),
            })
            .collect())
    }

    /// How many notices of the unit the user has not seen (at most `UNSEEN_CAP`).
    pub async fn unseen_notices(&self, user_id: i64, unit_id: &str) -> anyhow::Result<i64> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM staff_notices
               WHERE unit_id = $1 AND id > (SELECT notices_seen FROM users WHERE id = $2) LIMIT $3) AS unseen",
        )
        .bind(unit_id)
        .bind(user_id)
        .bind(UNSEEN_CAP)
        .fetch_one(&self.pool)
        .await?;
        Ok(n)
    }

    /// The newest notice id the user has seen.
    pub async fn notices_seen(&self, user_id: i64) -> anyhow::Result<i64> {
        let n: Option<i64> = sqlx::query_scalar("SELECT notices_seen FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(n.unwrap_or(0))
    }

    /// Remembers that the user has seen the notices up to `id`.
    pub async fn mark_notices_seen(&self, user_id: i64, id: i64) -> anyhow::Result<()> {
        sqlx::query("UPDATE users SET notices_seen = $1 WHERE id = $2 AND notices_seen < $1")
            .bind(id)
            .bind(user_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}

//! Staff accounts and their server-side sessions.

use super::{millis, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub unit_id: String,
    pub unit_name: String,
    pub active: bool,
    /// A leading post (Art. 42), by its code.
    pub post: Option<String>,
}

const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.password_hash, u.role, u.unit_id, n.name, u.active, u.post";

impl Store {
    pub async fn insert_user(
        &self,
        username: &str,
        display_name: &str,
        password_hash: &str,
        role: &str,
        unit_id: &str,
        now: DateTime<Utc>,
    ) -> anyhow::Result<i64> {
        let row = sqlx::query(
            "INSERT INTO users (username, display_name, password_hash, role, unit_id, active, created_at)
             VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id",
        )
        .bind(username)
        .bind(display_name)
        .bind(password_hash)
        .bind(role)
        .bind(unit_id)
        .bind(millis(now))
        .fetch_one(&self.writer)
        .await?;
        Ok(row.get(0))
    }

    /// Every account, by unit and name.
    pub async fn users(&self) -> anyhow::Result<Vec<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u JOIN units n ON n.id = u.unit_id ORDER BY n.path, u.username");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(user_from_row).collect())
    }

    /// Changes an account's role, unit and whether it may log in; a
    /// deactivated account's sessions end at once.
    pub async fn update_user(&self, id: i64, role: &str, unit_id: &str, active: bool) -> anyhow::Result<bool> {
        let done = sqlx::query("UPDATE users SET role = $1, unit_id = $2, active = $3 WHERE id = $4")
            .bind(role)
            .bind(unit_id)
            .bind(i64::from(active))
            .bind(id)
            .execute(&self.writer)
            .await?;
        if !active {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&self.writer).await?;
        }
        Ok(done.rows_affected() == 1)
    }

    /// Sets or clears the leading post an account holds (Art. 42).
    pub async fn set_user_post(&self, id: i64, post: Option<&str>) -> anyhow::Result<bool> {
        let done = sqlx::query("UPDATE users SET post = $1 WHERE id = $2").bind(post).bind(id).execute(&self.writer).await?;
        Ok(done.rows_affected() == 1)
    }

    /// Sets a new password; every session of the account ends.
    pub async fn set_password(&self, id: i64, password_hash: &str) -> anyhow::Result<bool> {
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(password_hash).bind(id).execute(&self.writer).await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&self.writer).await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn user_by_name(&self, username: &str) -> anyhow::Result<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u JOIN units n ON n.id = u.unit_id WHERE u.username = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(username).fetch_optional(&self.pool).await?;
        Ok(row.map(|r| user_from_row(&r)))
    }

    pub async fn insert_session(
        &self,
        token_hash: &str,
        user_id: i64,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user_id)
            .bind(millis(now))
            .bind(millis(expires))
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// The active user of a live session.
    pub async fn session_user(&self, token_hash: &str, now: DateTime<Utc>) -> anyhow::Result<Option<UserRow>> {
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id JOIN units n ON n.id = u.unit_id
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(token_hash)
            .bind(millis(now))
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| user_from_row(&r)))
    }

    pub async fn delete_session(&self, token_hash: &str) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&self.writer).await?;
        Ok(())
    }

    /// Removes expired sessions; returns how many.
    pub async fn purge_sessions(&self, now: DateTime<Utc>) -> anyhow::Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(millis(now)).execute(&self.writer).await?;
        Ok(done.rows_affected())
    }
}

fn user_from_row(r: &sqlx::any::AnyRow) -> UserRow {
    UserRow {
        id: r.get(0),
        username: r.get(1),
        display_name: r.get(2),
        password_hash: r.get(3),
        role: r.get(4),
        unit_id: r.get(5),
        unit_name: r.get(6),
        active: r.get::<i64, _>(7) != 0,
        post: r.get(8),
    }
}

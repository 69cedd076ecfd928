//! The append-only audit log: every reveal and search of personal data,
//! every record released, every administrator's change (`AuditAction`).

use super::{from_millis, millis, Store};
use app::domain::types::AuditAction;
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

/// Finishes a versioned update: commits it with its audit entries when it
/// changed one row, else writes nothing and says so (someone else's change
/// came first).
pub(super) async fn commit_with_audit(mut tx: sqlx::Transaction<'_, sqlx::Any>, rows: u64, audit: &[AuditEntry]) -> anyhow::Result<bool> {
    if rows != 1 {
        return Ok(false);
    }
    for entry in audit {
        write_audit(&mut tx, entry).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Finishes an insert that may have found its key taken (`ON CONFLICT DO
/// NOTHING RETURNING id`): commits it with its audit entry when it inserted
/// a row, else writes nothing and says so.
pub(super) async fn commit_insert_with_audit(mut tx: sqlx::Transaction<'_, sqlx::Any>, id: Option<i64>, audit: &AuditEntry) -> anyhow::Result<Option<i64>> {
    let Some(id) = id else {
        return Ok(None);
    };
    write_audit(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// Writes one entry on `conn`, so that a change and its entry commit together.
pub(super) async fn write_audit(conn: &mut AnyConnection, entry: &AuditEntry) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, username, action, request_number, reason, detail, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(millis(entry.at))
    .bind(&entry.username)
    .bind(entry.action.code())
    .bind(&entry.request_number)
    .bind(&entry.reason)
    .bind(&entry.detail)
    .bind(crate::request_id::current())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Which entries to list; empty fields do not narrow it.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub username: Option<String>,
    pub request_number: Option<String>,
    pub action: Option<AuditAction>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub username: String,
    pub action: AuditAction,
    pub request_number: Option<String>,
    pub reason: Option<String>,
    pub detail: Option<String>,
}

impl Store {
    pub async fn audit(&self, entry: &AuditEntry) -> anyhow::Result<()> {
        let mut conn = self.writer.acquire().await?;
        write_audit(&mut conn, entry).await?;
        Ok(())
    }

    /// The latest entries about one request, newest first.
    pub async fn audit_for_request(&self, number: &str) -> anyhow::Result<Vec<AuditEntry>> {
        self.audit_entries(&AuditFilter { request_number: Some(number.to_string()), ..AuditFilter::default() }, 200, 0).await
    }

    /// A page of entries matching `f`, newest first.
    pub async fn audit_entries(&self, f: &AuditFilter, limit: i64, offset: i64) -> anyhow::Result<Vec<AuditEntry>> {
        let mut conds = Vec::new();
        let mut values = Vec::new();
        let action = f.action.map(|a| a.code().to_string());
        for (column, value) in [("username", &f.username), ("request_number", &f.request_number), ("action", &action)] {
            if let Some(v) = value {
                values.push(v.clone());
                conds.push(format!("{column} = ${}", values.len()));
            }
        }
        let filter = if conds.is_empty() { "1 = 1".to_string() } else { conds.join(" AND ") };
        let sql = format!(
            "SELECT at, username, action, request_number, reason, detail FROM audit_log
             WHERE {filter} ORDER BY at DESC, id DESC LIMIT ${} OFFSET ${}",
            values.len() + 1,
            values.len() + 2
        );
        let rows = values
            .into_iter()
            .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, v| q.bind(v))
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let code: String = r.get(2);
                // Every writer names an `AuditAction`; another code means a newer build wrote it.
                let action = AuditAction::parse(&code).map_err(|e| anyhow::anyhow!("audit log: {e}"))?;
                Ok(AuditEntry {
                    at: from_millis(r.get(0)),
                    username: r.get(1),
                    action,
                    request_number: r.get(3),
                    reason: r.get(4),
                    detail: r.get(5),
                })
            })
            .collect()
    }
}

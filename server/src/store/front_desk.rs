//! The front desk's monthly samples (Art. 36, migration 0021): whose
//! registrations a month holds, the sample drawn once per month, each
//! sampled registration reviewed once; and the call-service ratings of the
//! month's calls, by the agent who took them.

use super::audit::{commit_insert_with_audit, commit_with_audit};
use super::{from_millis, millis, AuditEntry, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

/// A sampled registration with what the review page shows of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleRow {
    pub id: i64,
    pub agent: String,
    pub number: String,
    pub title: String,
    pub request_type: String,
    pub category: Option<String>,
    /// Once reviewed: the checks passed (a JSON array of codes), the note, who and when.
    pub passed: Option<String>,
    pub note: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

/// A review of one sampled registration.
pub struct SampleReview<'a> {
    pub id: i64,
    pub passed: &'a str,
    pub note: Option<&'a str>,
    pub by: &'a str,
}

/// The registering event of a request: its first, by an agent.
const REGISTERED_BY_AGENT: &str = "JOIN events reg ON reg.request_id = r.id AND reg.seq = 1 AND reg.kind = 'registered' AND reg.actor_role = 'agent'";

impl Store {
    /// The requests registered by agents between two instants (from
    /// inclusive): each with its agent's username.
    pub async fn agent_registrations(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> anyhow::Result<Vec<(String, i64)>> {
        let sql = format!("SELECT reg.actor_user, r.id FROM requests r {REGISTERED_BY_AGENT} WHERE r.registered_at >= $1 AND r.registered_at < $2 ORDER BY r.id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(millis(from)).bind(millis(to)).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// The call-service ratings (their events' payloads) of the calls agents
    /// took between two instants, each with the agent's username.
    pub async fn call_ratings(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> anyhow::Result<Vec<(String, String)>> {
        let sql = format!(
            "SELECT reg.actor_user, rated.payload FROM requests r {REGISTERED_BY_AGENT}
             JOIN events rated ON rated.request_id = r.id AND rated.kind = 'call_service_rated'
             WHERE r.registered_at >= $1 AND r.registered_at < $2 ORDER BY r.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(millis(from)).bind(millis(to)).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// A month's sample, once: the draw and its rows with the audit entry in
    /// one transaction; `None` when the month was drawn already, nothing written.
    pub async fn insert_front_desk_draw(&self, month: &str, drawn: &[(String, i64)], by: &str, at: DateTime<Utc>, audit: AuditEntry) -> anyhow::Result<Option<i64>> {
        let mut tx = self.writer.begin().await?;
        let id: Option<i64> = sqlx::query("INSERT INTO front_desk_draws (month, drawn_by, drawn_at) VALUES ($1, $2, $3) ON CONFLICT (month) DO NOTHING RETURNING id")
            .bind(month)
            .bind(by)
            .bind(millis(at))
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.get(0));
        if id.is_some() {
            for (agent, request_id) in drawn {
                sqlx::query("INSERT INTO front_desk_samples (month, agent, request_id) VALUES ($1, $2, $3)")
                    .bind(month)
                    .bind(agent)
                    .bind(request_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        commit_insert_with_audit(tx, id, &audit).await
    }

    /// Who drew a month's sample and when, if anyone has.
    pub async fn front_desk_draw(&self, month: &str) -> anyhow::Result<Option<(String, DateTime<Utc>)>> {
        let row = sqlx::query("SELECT drawn_by, drawn_at FROM front_desk_draws WHERE month = $1").bind(month).fetch_optional(&self.pool).await?;
        Ok(row.map(|r| (r.get(0), from_millis(r.get(1)))))
    }

    /// A month's sampled registrations, by agent and number.
    pub async fn front_desk_samples(&self, month: &str) -> anyhow::Result<Vec<SampleRow>> {
        let rows = sqlx::query(
            "SELECT s.id, s.agent, r.number, r.title, r.request_type, r.category, s.passed, s.note, s.reviewed_by, s.reviewed_at
             FROM front_desk_samples s JOIN requests r ON r.id = s.request_id WHERE s.month = $1 ORDER BY s.agent, r.number",
        )
        .bind(month)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| SampleRow {
                id: r.get(0),
                agent: r.get(1),
                number: r.get(2),
                title: r.get(3),
                request_type: r.get(4),
                category: r.get(5),
                passed: r.get(6),
                note: r.get(7),
                reviewed_by: r.get(8),
                reviewed_at: r.get::<Option<i64>, _>(9).map(from_millis),
            })
            .collect())
    }

    /// A sampled registration's month and request number.
    pub async fn front_desk_sample(&self, id: i64) -> anyhow::Result<Option<(String, String)>> {
        let row = sqlx::query("SELECT s.month, r.number FROM front_desk_samples s JOIN requests r ON r.id = s.request_id WHERE s.id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    /// Records a review with its audit entry; false when the sample was
    /// reviewed meanwhile (or does not exist), nothing written.
    pub async fn review_front_desk_sample(&self, review: SampleReview<'_>, at: DateTime<Utc>, audit: AuditEntry) -> anyhow::Result<bool> {
        let mut tx = self.writer.begin().await?;
        let changed = sqlx::query("UPDATE front_desk_samples SET passed = $1, note = $2, reviewed_by = $3, reviewed_at = $4 WHERE id = $5 AND reviewed_at IS NULL")
            .bind(review.passed)
            .bind(review.note)
            .bind(review.by)
            .bind(millis(at))
            .bind(review.id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        commit_with_audit(tx, changed, &[audit]).await
    }
}

//! The citizen portal's records: drafts of the submit form, photos'
//! metadata, one-time codes, citizen sessions and the link-signing key; and
//! what is written in the same transaction as a request (the draft's claim,
//! messages, photos).

use super::outbox::{enqueue, OutboxMessage};
use super::{millis, Store};
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

/// A stored draft of the submit form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftRow {
    pub form: String,
    pub errors: String,
    pub request_number: Option<String>,
    pub tracking_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentRow {
    pub id: String,
    pub media_type: String,
    pub bytes: i64,
    pub sha256: String,
}

/// Confirming a draft: it gets the request's number and tracking token, once.
#[derive(Clone, Debug)]
pub struct DraftClaim {
    pub draft_hash: String,
    pub tracking_token: String,
}

/// What is written in the same transaction as a request's change, so that
/// a message is never lost and a draft never registered twice.
#[derive(Clone, Debug, Default)]
pub struct WithRequest {
    pub notices: Vec<OutboxMessage>,
    pub draft: Option<DraftClaim>,
    /// Photos to attach to the request.
    pub attachments: Vec<String>,
    /// Lines for the units' notification lists.
    pub staff_notices: Vec<super::StaffNoticeRow>,
    /// Who did what to whose personal data, written with the change.
    pub audit: Vec<super::AuditEntry>,
    /// A requester's correction application this change answers (PIPL Art. 46).
    pub correction: Option<super::CorrectionUpdate>,
    /// The requester's personal data was erased: their applications go too (Art. 40).
    pub forget_corrections: bool,
    /// A staff registration's idempotency key (its hash), claimed for the new request.
    pub registration_key: Option<String>,
}

/// Writes `with` for request `number`; false (write nothing) when the draft
/// or the registration key was already claimed by an earlier attempt, or the
/// correction application changed since it was read.
pub(super) async fn write_with_request(conn: &mut AnyConnection, number: &str, with: &WithRequest) -> anyhow::Result<bool> {
    let now = millis(Utc::now());
    if let Some(key) = &with.registration_key {
        let claimed = sqlx::query(
            "INSERT INTO registration_keys (key_hash, request_number, created_at) VALUES ($1, $2, $3) ON CONFLICT (key_hash) DO NOTHING",
        )
        .bind(key)
        .bind(number)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        if claimed.rows_affected() != 1 {
            return Ok(false);
        }
    }
    if let Some(claim) = &with.draft {
        let done = sqlx::query(
            "UPDATE drafts SET request_number = $1, tracking_token = $2, updated_at = $3
             WHERE token_hash = $4 AND request_number IS NULL",
        )
        .bind(number)
        .bind(&claim.tracking_token)
        .bind(now)
        .bind(&claim.draft_hash)
        .execute(&mut *conn)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
    }
    for id in &with.attachments {
        sqlx::query("UPDATE attachments SET request_number = $1 WHERE id = $2")
            .bind(number)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    for message in &with.notices {
        enqueue(conn, message, now).await?;
    }
    for notice in &with.staff_notices {
        super::staff_notices::insert(conn, notice, now).await?;
    }
    if let Some(update) = &with.correction {
        if !super::data_corrections::answer(conn, update).await? {
            return Ok(false);
        }
    }
    if with.forget_corrections {
        super::data_corrections::forget(conn, number).await?;
    }
    for entry in &with.audit {
        super::audit::write_audit(conn, entry).await?;
    }
    Ok(true)
}

impl Store {
    pub async fn save_draft(&self, hash: &str, form: &str, errors: &str, client: &str, now: DateTime<Utc>) -> anyhow::Result<()> {
        let (hash, form, errors, client, now) = (hash.to_string(), form.to_string(), errors.to_string(), client.to_string(), millis(now));
        self.write(move |conn| {
            Box::pin(async move {
                sqlx::query(
                    "INSERT INTO drafts (token_hash, form, errors, client, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
                     ON CONFLICT (token_hash) DO UPDATE SET form = $2, errors = $3, updated_at = $5
                     WHERE drafts.request_number IS NULL",
                )
                .bind(&hash)
                .bind(&form)
                .bind(&errors)
                .bind(&client)
                .bind(now)
                .execute(&mut *conn)
                .await?;
                Ok(((), true))
            })
        })
        .await
    }

    pub async fn draft(&self, hash: &str) -> anyhow::Result<Option<DraftRow>> {
        let row = sqlx::query("SELECT form, errors, request_number, tracking_token FROM drafts WHERE token_hash = $1")
            .bind(hash)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| DraftRow {
            form: r.get(0),
            errors: r.get(1),
            request_number: r.get(2),
            tracking_token: r.get(3),
        }))
    }

    pub async fn insert_attachment(&self, row: &AttachmentRow, draft_hash: Option<&str>, number: Option<&str>) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO attachments (id, draft_hash, request_number, media_type, bytes, sha256, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&row.id)
        .bind(draft_hash)
        .bind(number)
        .bind(&row.media_type)
        .bind(row.bytes)
        .bind(&row.sha256)
        .bind(millis(Utc::now()))
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn draft_attachments(&self, draft_hash: &str) -> anyhow::Result<Vec<AttachmentRow>> {
        let rows = sqlx::query(
            "SELECT id, media_type, bytes, sha256 FROM attachments WHERE draft_hash = $1 ORDER BY created_at, id",
        )
        .bind(draft_hash)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(attachment_from_row).collect())
    }

    /// A photo's row and the request it belongs to (none while in a draft).
    pub async fn attachment(&self, id: &str) -> anyhow::Result<Option<(AttachmentRow, AttachmentOwner)>> {
        let row = sqlx::query("SELECT id, media_type, bytes, sha256, request_number, appeal_id FROM attachments WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| (attachment_from_row(&r), AttachmentOwner { request: r.get(4), appeal: r.get(5) })))
    }

    /// A file a staff member uploads for an appeal they are about to lodge;
    /// it is theirs until an appeal claims it.
    pub async fn insert_appeal_file(&self, row: &AttachmentRow, uploaded_by: &str) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO attachments (id, media_type, bytes, sha256, created_at, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&row.id)
        .bind(&row.media_type)
        .bind(row.bytes)
        .bind(&row.sha256)
        .bind(millis(Utc::now()))
        .bind(uploaded_by)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn appeal_files(&self, appeal_id: i64) -> anyhow::Result<Vec<AttachmentRow>> {
        let rows = sqlx::query("SELECT id, media_type, bytes, sha256 FROM attachments WHERE appeal_id = $1 ORDER BY created_at, id")
            .bind(appeal_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(attachment_from_row).collect())
    }

    /// Removes a photo's row (its file is the caller's to delete).
    pub async fn delete_attachment(&self, id: &str) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM attachments WHERE id = $1").bind(id).execute(&self.writer).await?;
        Ok(())
    }

    pub async fn request_attachments(&self, number: &str) -> anyhow::Result<Vec<AttachmentRow>> {
        let rows = sqlx::query(
            "SELECT id, media_type, bytes, sha256 FROM attachments WHERE request_number = $1 ORDER BY created_at, id",
        )
        .bind(number)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(attachment_from_row).collect())
    }

    /// Removes a photo from a draft that is not yet submitted; true when it was there.
    pub async fn remove_draft_attachment(&self, draft_hash: &str, id: &str) -> anyhow::Result<bool> {
        let done = sqlx::query("DELETE FROM attachments WHERE id = $1 AND draft_hash = $2 AND request_number IS NULL")
            .bind(id)
            .bind(draft_hash)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A named secret, made by `make` on first use and kept from then on
    /// (the first writer wins when two servers start at once).
    pub async fn secret(&self, name: &str, make: impl FnOnce() -> String) -> anyhow::Result<String> {
        sqlx::query("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(make())
            .execute(&self.writer)
            .await?;
        let row = sqlx::query("SELECT value FROM settings WHERE name = $1").bind(name).fetch_one(&self.writer).await?;
        Ok(row.get(0))
    }

    /// The requests of one phone number, newest first: (number, title, state, registered_at).
    pub async fn requests_of_phone(&self, phone: &str, limit: i64) -> anyhow::Result<Vec<(String, String, String, i64)>> {
        self.requests_of_phone_in(phone, None, limit).await
    }

    /// The same, limited to what a subtree sees (`scope`, a county office's
    /// path): the requests its office owns or its units work on.
    pub async fn requests_of_phone_in(
        &self,
        phone: &str,
        scope: Option<&str>,
        limit: i64,
    ) -> anyhow::Result<Vec<(String, String, String, i64)>> {
        let in_scope = match scope {
            Some(_) => format!("AND {}", super::sql::in_subtree("$3", "$4")),
            None => String::new(),
        };
        let sql = format!(
            "SELECT r.number, r.title, r.state, r.registered_at FROM requests r WHERE r.requester_phone = $1 {in_scope}
             ORDER BY r.registered_at DESC LIMIT $2"
        );
        let q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(phone).bind(limit);
        let q = match scope.map(super::sql::path_range) {
            Some((lo, hi)) => q.bind(lo).bind(hi),
            None => q,
        };
        let rows = q.fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3))).collect())
    }

    /// Replaces the phone's one-time code.
    pub async fn put_code(&self, phone: &str, code_hash: &str, expires: DateTime<Utc>) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO otp_codes (phone, code_hash, expires_at, attempts) VALUES ($1, $2, $3, 0)
             ON CONFLICT (phone) DO UPDATE SET code_hash = $2, expires_at = $3, attempts = 0",
        )
        .bind(phone)
        .bind(code_hash)
        .bind(millis(expires))
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Counts one try against the phone's live code and returns (code hash,
    /// tries including this one); None when there is no live code.
    pub async fn try_code(&self, phone: &str, now: DateTime<Utc>) -> anyhow::Result<Option<(String, i64)>> {
        let row = sqlx::query(
            "UPDATE otp_codes SET attempts = attempts + 1 WHERE phone = $1 AND expires_at > $2
             RETURNING code_hash, attempts",
        )
        .bind(phone)
        .bind(millis(now))
        .fetch_optional(&self.writer)
        .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    /// Uses the phone's code `code_hash` up and opens a citizen session, in
    /// one transaction: of two verifications at the same instant only one
    /// finds the code (false for the other, nothing written).
    pub async fn consume_code_into_session(&self, phone: &str, code_hash: &str, session_hash: &str, expires: DateTime<Utc>) -> anyhow::Result<bool> {
        let mut tx = self.writer.begin().await?;
        let taken = sqlx::query("DELETE FROM otp_codes WHERE phone = $1 AND code_hash = $2")
            .bind(phone)
            .bind(code_hash)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if taken != 1 {
            return Ok(false);
        }
        sqlx::query("INSERT INTO citizen_sessions (token_hash, phone, expires_at) VALUES ($1, $2, $3)")
            .bind(session_hash)
            .bind(phone)
            .bind(millis(expires))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn citizen_session_phone(&self, hash: &str, now: DateTime<Utc>) -> anyhow::Result<Option<String>> {
        let row = sqlx::query("SELECT phone FROM citizen_sessions WHERE token_hash = $1 AND expires_at > $2")
            .bind(hash)
            .bind(millis(now))
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    /// The request a registration key was claimed for.
    pub async fn registration_by_key(&self, key_hash: &str) -> anyhow::Result<Option<String>> {
        let row = sqlx::query("SELECT request_number FROM registration_keys WHERE key_hash = $1").bind(key_hash).fetch_optional(&self.pool).await?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Drops expired codes, citizen sessions and day-old registration keys,
    /// and drafts never confirmed for a week (and appeal files never claimed for a week); returns the
    /// photo ids of those drafts (their files go too).
    pub async fn purge_citizen_records(&self, now: DateTime<Utc>) -> anyhow::Result<Vec<String>> {
        let now_ms = millis(now);
        let stale = now_ms - 7 * 24 * 3600 * 1000;
        sqlx::query("DELETE FROM otp_codes WHERE expires_at <= $1").bind(now_ms).execute(&self.writer).await?;
        sqlx::query("DELETE FROM citizen_sessions WHERE expires_at <= $1").bind(now_ms).execute(&self.writer).await?;
        // A retry comes within seconds; a day is plenty.
        sqlx::query("DELETE FROM registration_keys WHERE created_at <= $1").bind(now_ms - 24 * 3600 * 1000).execute(&self.writer).await?;
        let rows = sqlx::query(
            "SELECT a.id FROM attachments a JOIN drafts d ON d.token_hash = a.draft_hash
             WHERE a.request_number IS NULL AND d.updated_at <= $1",
        )
        .bind(stale)
        .fetch_all(&self.pool)
        .await?;
        let mut ids: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
        // Files uploaded for an appeal that was never lodged.
        let unclaimed = sqlx::query("SELECT id FROM attachments WHERE uploaded_by IS NOT NULL AND appeal_id IS NULL AND created_at <= $1")
            .bind(stale)
            .fetch_all(&self.pool)
            .await?;
        ids.extend(unclaimed.iter().map(|r| r.get::<String, _>(0)));
        for id in &ids {
            sqlx::query("DELETE FROM attachments WHERE id = $1").bind(id).execute(&self.writer).await?;
        }
        sqlx::query("DELETE FROM drafts WHERE updated_at <= $1").bind(stale).execute(&self.writer).await?;
        Ok(ids)
    }
}

/// What a stored file belongs to: a request (a citizen's photo, a unit's
/// document) or an appeal (Art. 38); neither while a draft holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttachmentOwner {
    pub request: Option<String>,
    pub appeal: Option<i64>,
}

fn attachment_from_row(r: &sqlx::any::AnyRow) -> AttachmentRow {
    AttachmentRow {
        id: r.get(0),
        media_type: r.get(1),
        bytes: r.get(2),
        sha256: r.get(3),
    }
}

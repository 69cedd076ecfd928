-- Citizen portal: the submit form's drafts, private tracking links, photos,
-- one-time codes and sessions for "my requests", and the notifications outbox.

-- A submit form between "check" and "confirm". The token (hashed here) is
-- the form's idempotency key: confirming it twice gives the same request.
CREATE TABLE drafts (
    token_hash TEXT PRIMARY KEY,
    form TEXT NOT NULL,
    errors TEXT NOT NULL,
    client TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- Set once, in the transaction that registers the request.
    request_number TEXT,
    tracking_token TEXT
);
CREATE INDEX drafts_age ON drafts(updated_at);

-- Server secrets made on first start (the key that signs private links).
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Photos: metadata here, bytes (stripped of EXIF) in the upload folder.
CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    draft_hash TEXT,
    request_number TEXT,
    media_type TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX attachments_draft ON attachments(draft_hash);
CREATE INDEX attachments_request ON attachments(request_number);

-- One live code per phone; a wrong guess counts against it.
CREATE TABLE otp_codes (
    phone TEXT PRIMARY KEY,
    code_hash TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL
);

CREATE TABLE citizen_sessions (
    token_hash TEXT PRIMARY KEY,
    phone TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX citizen_sessions_expiry ON citizen_sessions(expires_at);

-- Every message to a citizen, written in the transaction that caused it and
-- delivered by a background worker with retries.
CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    request_number TEXT,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    sent_at BIGINT,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox(next_attempt_at) WHERE sent_at IS NULL;

-- Foundation schema (SQLite). Times are epoch milliseconds (UTC); flags are
-- 0/1 integers; the portable subset works through sqlx's Any driver.

CREATE TABLE units (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    parent_id TEXT REFERENCES units(id),
    -- '/root/county/township/': a subtree is a path-prefix range.
    path TEXT NOT NULL UNIQUE,
    vertical INTEGER NOT NULL DEFAULT 0,
    dispatches_subtree INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie token: a stolen table does not log anyone in.
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE categories (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    parent_code TEXT REFERENCES categories(code),
    -- Art. 19(3): a stricter statutory limit in working days.
    statutory_days INTEGER
);

CREATE TABLE request_counters (
    day TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL UNIQUE,
    request_type TEXT NOT NULL,
    emergency INTEGER NOT NULL,
    channel TEXT NOT NULL,
    category TEXT,
    state TEXT NOT NULL,
    title TEXT NOT NULL,
    county TEXT,
    requester_phone TEXT NOT NULL,
    registered_at INTEGER NOT NULL,
    due_at INTEGER,
    updated_at INTEGER NOT NULL,
    -- Optimistic concurrency: every write bumps it.
    version INTEGER NOT NULL,
    -- The domain request, as JSON; the columns above are its indexed projection.
    snapshot TEXT NOT NULL
);
CREATE INDEX requests_phone ON requests(requester_phone, registered_at);
CREATE INDEX requests_state_due ON requests(state, due_at);
CREATE INDEX requests_registered ON requests(registered_at);

CREATE TABLE assignments (
    request_id INTEGER NOT NULL REFERENCES requests(id),
    seq INTEGER NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    unit_path TEXT NOT NULL,
    role TEXT NOT NULL,
    status TEXT NOT NULL,
    open INTEGER NOT NULL,
    due_at INTEGER,
    PRIMARY KEY (request_id, seq)
);
-- A unit's queue by state and due time; a subtree's open work by path range
-- (partial: of a million requests only the few thousand open ones are in it).
CREATE INDEX assignments_unit_queue ON assignments(unit_id, status, due_at);
CREATE INDEX assignments_open_queue ON assignments(unit_path, status, due_at) WHERE open = 1;

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    actor_user TEXT,
    actor_role TEXT NOT NULL,
    actor_unit TEXT,
    public_text TEXT,
    internal_note TEXT,
    payload TEXT NOT NULL,
    UNIQUE (request_id, seq)
);
-- Events are append-only.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE calendar_days (
    layer TEXT NOT NULL,
    day TEXT NOT NULL,
    name TEXT NOT NULL,
    off INTEGER NOT NULL,
    PRIMARY KEY (layer, day)
);
CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    imported_at INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    username TEXT NOT NULL,
    action TEXT NOT NULL,
    request_number TEXT,
    reason TEXT,
    detail TEXT
);
CREATE INDEX audit_by_user ON audit_log(username, at);
CREATE INDEX audit_by_request ON audit_log(request_number, at);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Foundation schema (PostgreSQL). Times are epoch milliseconds (UTC); flags are
-- 0/1 integers; the portable subset works through sqlx's Any driver.

CREATE TABLE units (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    parent_id TEXT REFERENCES units(id),
    -- '/root/county/township/': a subtree is a path-prefix range, compared
    -- bytewise (COLLATE "C") as SQLite does, whatever the database's locale.
    path TEXT COLLATE "C" NOT NULL UNIQUE,
    vertical BIGINT NOT NULL DEFAULT 0,
    dispatches_subtree BIGINT NOT NULL DEFAULT 0,
    active BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie token: a stolen table does not log anyone in.
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE categories (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    parent_code TEXT REFERENCES categories(code),
    -- Art. 19(3): a stricter statutory limit in working days.
    statutory_days BIGINT
);

CREATE TABLE request_counters (
    day TEXT PRIMARY KEY,
    last BIGINT NOT NULL
);

CREATE TABLE requests (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    request_type TEXT NOT NULL,
    emergency BIGINT NOT NULL,
    channel TEXT NOT NULL,
    category TEXT,
    state TEXT NOT NULL,
    title TEXT NOT NULL,
    county TEXT,
    requester_phone TEXT NOT NULL,
    registered_at BIGINT NOT NULL,
    due_at BIGINT,
    updated_at BIGINT NOT NULL,
    -- Optimistic concurrency: every write bumps it.
    version BIGINT NOT NULL,
    -- The domain request, as JSON; the columns above are its indexed projection.
    snapshot TEXT NOT NULL
);
CREATE INDEX requests_phone ON requests(requester_phone, registered_at);
CREATE INDEX requests_state_due ON requests(state, due_at);
CREATE INDEX requests_registered ON requests(registered_at);

CREATE TABLE assignments (
    request_id BIGINT NOT NULL REFERENCES requests(id),
    seq BIGINT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    unit_path TEXT COLLATE "C" NOT NULL,
    role TEXT NOT NULL,
    status TEXT NOT NULL,
    open BIGINT NOT NULL,
    due_at BIGINT,
    PRIMARY KEY (request_id, seq)
);
-- A unit's queue by state and due time; a subtree's open work by path range
-- (partial: of a million requests only the few thousand open ones are in it).
CREATE INDEX assignments_unit_queue ON assignments(unit_id, status, due_at);
CREATE INDEX assignments_open_queue ON assignments(unit_path, status, due_at) WHERE open = 1;

CREATE TABLE events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES requests(id),
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
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

CREATE TABLE calendar_days (
    layer TEXT NOT NULL,
    day TEXT NOT NULL,
    name TEXT NOT NULL,
    off BIGINT NOT NULL,
    PRIMARY KEY (layer, day)
);
CREATE TABLE calendar_years (
    year BIGINT PRIMARY KEY,
    source TEXT NOT NULL,
    imported_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at BIGINT NOT NULL,
    username TEXT NOT NULL,
    action TEXT NOT NULL,
    request_number TEXT,
    reason TEXT,
    detail TEXT
);
CREATE INDEX audit_by_user ON audit_log(username, at);
CREATE INDEX audit_by_request ON audit_log(request_number, at);

CREATE FUNCTION forbid_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION forbid_change();

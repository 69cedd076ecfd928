-- The front desk's quality (Art. 36): each month's sample of every agent's
-- registrations, drawn once per month, each reviewed once on a checklist.
CREATE TABLE front_desk_draws (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- 'YYYY-MM'
    month TEXT NOT NULL UNIQUE,
    drawn_by TEXT NOT NULL,
    drawn_at INTEGER NOT NULL
);
CREATE TABLE front_desk_samples (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    month TEXT NOT NULL,
    -- the registering agent's username
    agent TEXT NOT NULL,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    -- once reviewed: the checks passed, as a JSON array of codes
    passed TEXT,
    note TEXT,
    reviewed_by TEXT,
    reviewed_at INTEGER,
    UNIQUE (month, request_id)
);

-- The front desk's quality (Art. 36): each month's sample of every agent's
-- registrations, drawn once per month, each reviewed once on a checklist.
CREATE TABLE front_desk_draws (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- 'YYYY-MM'
    month TEXT NOT NULL UNIQUE,
    drawn_by TEXT NOT NULL,
    drawn_at BIGINT NOT NULL
);
CREATE TABLE front_desk_samples (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    month TEXT NOT NULL,
    -- the registering agent's username
    agent TEXT NOT NULL,
    request_id BIGINT NOT NULL REFERENCES requests(id),
    -- once reviewed: the checks passed, as a JSON array of codes
    passed TEXT,
    note TEXT,
    reviewed_by TEXT,
    reviewed_at BIGINT,
    UNIQUE (month, request_id)
);

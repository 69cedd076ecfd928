-- Rate limits kept in the store (issues 16 §1, 19 §1.3): every instance
-- serving one database counts the same attempts, so a client cannot get
-- five guesses per instance. A fixed window per key (the limit's name and
-- what it counts: an address, a phone number, an account); rows whose
-- window ended a day ago are purged.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    hits BIGINT NOT NULL,
    window_start BIGINT NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);

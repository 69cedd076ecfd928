-- Warnings sent as notices (Art. 32): each once per request and key (the
-- clock, the unit and the deadline it is about), however often the job looks.
CREATE TABLE sent_warnings (
    request_number TEXT NOT NULL,
    warning_key TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (request_number, warning_key)
);

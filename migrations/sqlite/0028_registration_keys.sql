-- A staff registration's idempotency key (issue 19 §1.9): the intake desk
-- sends one key per call it registers; a retry with the same key (an answer
-- lost to the network, a double click) gets the request the first attempt
-- registered instead of a second one. Written in the registering
-- transaction; key_hash is the SHA-256 of the staff member and the key.
-- Kept a day.
CREATE TABLE registration_keys (
    key_hash TEXT PRIMARY KEY,
    request_number TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX registration_keys_created ON registration_keys (created_at);

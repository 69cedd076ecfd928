-- Requesters' applications to correct their personal data (PIPL Art. 46).
-- The whole application, with its answer, is the snapshot; the columns
-- beside it are what the register and "my requests" look up by. The rows
-- of a request go when its requester's data is erased (Art. 40).
CREATE TABLE data_corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_number TEXT NOT NULL,
    phone TEXT NOT NULL,
    -- asked, corrected or refused
    status TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    version INTEGER NOT NULL,
    asked_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX data_corrections_status ON data_corrections(status, asked_at);
CREATE INDEX data_corrections_phone ON data_corrections(phone);
CREATE INDEX data_corrections_request ON data_corrections(request_number);

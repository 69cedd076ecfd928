-- A unit's notification list (issue 4): written in the transaction of the
-- command that caused it; each user remembers the newest one they have seen.
CREATE TABLE staff_notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    request_number TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX staff_notices_unit ON staff_notices(unit_id, id);

ALTER TABLE users ADD COLUMN notices_seen INTEGER NOT NULL DEFAULT 0;

-- The center's queue a request waits in besides its state (issue 4):
-- 'extension' while an extension request awaits a decision (Art. 21),
-- 'supervision' while a supervision awaits the unit's answer (Art. 31).
ALTER TABLE requests ADD COLUMN center_queue TEXT;
CREATE INDEX requests_center_queue ON requests(center_queue, due_at) WHERE center_queue IS NOT NULL;

-- A sub-unit a unit's administrator proposed waits, inactive, for the
-- center's approval (Art. 4).
ALTER TABLE units ADD COLUMN proposed INTEGER NOT NULL DEFAULT 0;

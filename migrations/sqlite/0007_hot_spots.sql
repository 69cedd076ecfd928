-- Hot spots (Art. 10, 31(3)): many similar requests from one place in a
-- short time, found by the detector job and kept for the center. A spot
-- grows while it is open (later calls join it); the center closes it when
-- dealt with.
CREATE TABLE hot_spots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    county TEXT NOT NULL,
    township TEXT,
    -- The words most of its requests share, space-separated.
    words TEXT NOT NULL,
    size INTEGER NOT NULL,
    first_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    detected_at INTEGER NOT NULL,
    closed_at INTEGER,
    closed_by TEXT
);
CREATE INDEX hot_spots_open ON hot_spots(closed_at, last_at);

CREATE TABLE hot_spot_members (
    hot_spot_id INTEGER NOT NULL REFERENCES hot_spots(id),
    number TEXT NOT NULL,
    PRIMARY KEY (hot_spot_id, number)
);
CREATE INDEX hot_spot_members_number ON hot_spot_members(number);

-- Published assessment results (通报, Art. 36): each version of a period's
-- results, kept as published; the snapshot holds every unit's score card.
CREATE TABLE assessment_publications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- the period's code: '2026-11', '2026-Q4', '2026', 'a..b'
    period TEXT NOT NULL,
    version INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    UNIQUE (period, version)
);

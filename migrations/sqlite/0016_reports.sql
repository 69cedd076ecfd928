-- The monthly reports (Art. 10): one row per version of an office's report
-- of a month. The whole version (narrative, and once issued its frozen
-- numbers) is the snapshot; an issued row is never written again, a
-- correction is the next version.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- 'center' or 'county:<unit id>'
    author TEXT NOT NULL,
    -- 'YYYY-MM'
    month TEXT NOT NULL,
    version INTEGER NOT NULL,
    -- 'draft' or 'issued'
    state TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    row_version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (author, month, version)
);
CREATE INDEX reports_month ON reports(month, author);

-- The monthly reports (Art. 10): one row per version of an office's report
-- of a month. The whole version (narrative, and once issued its frozen
-- numbers) is the snapshot; an issued row is never written again, a
-- correction is the next version.
CREATE TABLE reports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- 'center' or 'county:<unit id>'
    author TEXT NOT NULL,
    -- 'YYYY-MM'
    month TEXT NOT NULL,
    version BIGINT NOT NULL,
    -- 'draft' or 'issued'
    state TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    row_version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (author, month, version)
);
CREATE INDEX reports_month ON reports(month, author);

-- Published assessment results (通报, Art. 36): each version of a period's
-- results, kept as published; the snapshot holds every unit's score card.
CREATE TABLE assessment_publications (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the period's code: '2026-11', '2026-Q4', '2026', 'a..b'
    period TEXT NOT NULL,
    version BIGINT NOT NULL,
    snapshot TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    UNIQUE (period, version)
);

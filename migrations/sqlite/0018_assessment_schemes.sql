-- The assessment schemes (Art. 36–37): each version of a year's scheme, in
-- force from its day; the whole version (items, bonuses, deductions) is the
-- snapshot. Versions are only ever added.
CREATE TABLE assessment_schemes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,
    -- 'YYYY-MM-DD'
    in_force_from TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (year, version)
);

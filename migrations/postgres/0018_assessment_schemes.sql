-- The assessment schemes (Art. 36–37): each version of a year's scheme, in
-- force from its day; the whole version (items, bonuses, deductions) is the
-- snapshot. Versions are only ever added.
CREATE TABLE assessment_schemes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year BIGINT NOT NULL,
    version BIGINT NOT NULL,
    -- 'YYYY-MM-DD'
    in_force_from TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (year, version)
);

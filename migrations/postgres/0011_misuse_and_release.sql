-- Callers flagged for misusing the hotline (Art. 41). The whole flag, with
-- its reviews and police referral, is the snapshot; the columns beside it
-- are what the intake desk looks up by.
CREATE TABLE misuse_flags (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    phone TEXT NOT NULL,
    -- The last day in force (China time), and whether a review lifted it.
    until_day TEXT NOT NULL,
    lifted BIGINT NOT NULL DEFAULT 0,
    snapshot TEXT NOT NULL,
    version BIGINT NOT NULL,
    decided_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX misuse_flags_phone ON misuse_flags(phone);
CREATE INDEX misuse_flags_updated ON misuse_flags(updated_at);

-- Applications to release records (Art. 42): the register of releases.
CREATE TABLE records_releases (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    state TEXT NOT NULL,
    body_name TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    version BIGINT NOT NULL,
    registered_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX records_releases_state ON records_releases(state, registered_at);

-- The leading post a user holds, for what Art. 42 reserves to it.
ALTER TABLE users ADD COLUMN post TEXT;

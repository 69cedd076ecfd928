-- The knowledge base's review (issue 5, Art. 28, 36). Every change of an
-- entry is a version; the latest version is a draft, under review,
-- published or expired. knowledge_entries keeps, per entry, the last
-- published content (what is read and searched) with its validity, and
-- where the latest version stands.
ALTER TABLE knowledge_entries ADD COLUMN status TEXT NOT NULL DEFAULT 'published';
ALTER TABLE knowledge_entries ADD COLUMN latest_version INTEGER NOT NULL DEFAULT 1;
-- The version that is read (NULL: none yet, or withdrawn).
ALTER TABLE knowledge_entries ADD COLUMN live_version INTEGER DEFAULT 1;
ALTER TABLE knowledge_entries ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE knowledge_entries ADD COLUMN valid_from TEXT;
ALTER TABLE knowledge_entries ADD COLUMN valid_until TEXT;
-- The center's last approval: an entry not reviewed for long is stale.
ALTER TABLE knowledge_entries ADD COLUMN reviewed_at INTEGER;
UPDATE knowledge_entries SET reviewed_at = updated_at;

CREATE TABLE knowledge_versions (
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    basis TEXT NOT NULL,
    category TEXT,
    tags TEXT NOT NULL,
    valid_from TEXT,
    valid_until TEXT,
    status TEXT NOT NULL,
    written_by TEXT NOT NULL,
    -- The unit the writer acted for: the assessment counts updates per unit (Art. 36).
    written_unit TEXT,
    written_at INTEGER NOT NULL,
    decided_by TEXT,
    decided_at INTEGER,
    -- The reviewer's note when sending back.
    note TEXT,
    PRIMARY KEY (code, version)
);
CREATE INDEX knowledge_versions_unit ON knowledge_versions(written_unit, written_at);
INSERT INTO knowledge_versions (code, version, question, answer, basis, category, tags, status, written_by, written_unit, written_at, decided_by, decided_at)
    SELECT code, 1, question, answer, basis, category, '', 'published', 'seed', unit_id, updated_at, 'seed', updated_at FROM knowledge_entries;

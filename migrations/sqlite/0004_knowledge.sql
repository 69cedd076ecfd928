-- The knowledge base (Art. 14(1), 28): answers the center gives at once.
-- Issue 5 adds review, versions and full-text search; the intake desk
-- searches it plainly.
CREATE TABLE knowledge_entries (
    code TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    basis TEXT NOT NULL,
    category TEXT,
    unit_id TEXT,
    updated_at INTEGER NOT NULL
);

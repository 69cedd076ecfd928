-- The open work of each unit, counted as it changes (issue 16 §2): how many
-- open assignments a unit path has in a status with a deadline, kept in
-- the transaction that writes the assignments. A subtree's queue counts and
-- a work list's total are sums over its rows, whatever the store's size.
-- `due_at` is the deadline's instant in milliseconds, 0 for deadlines the
-- upkeep folded together once passed (so the rows stay few: units ×
-- statuses × the deadlines still ahead), and the largest integer for none.
CREATE TABLE open_work (
    -- Compared bytewise, as units.path and assignments.unit_path (subtree ranges).
    unit_path TEXT COLLATE "C" NOT NULL,
    status TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (unit_path, status, due_at)
);
INSERT INTO open_work (unit_path, status, due_at, n)
SELECT unit_path, status, COALESCE(due_at, 9223372036854775807), COUNT(*)
FROM assignments WHERE open = 1
GROUP BY unit_path, status, COALESCE(due_at, 9223372036854775807);

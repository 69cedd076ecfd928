-- A unit's open work of one status in deadline order, ties by request and
-- assignment (issue 16 §2): a subtree's work list is merged from these
-- queues a page at a time instead of sorting all its open work.
DROP INDEX assignments_open_queue;
CREATE INDEX assignments_open_due ON assignments(unit_path, status, due_at, request_id, seq) WHERE open = 1;

-- Several instances, each with its own search index (issue 16 §1): the
-- indexer no longer takes keys off the queue; each index keeps the queue
-- position it holds every change up to (in its commit), and the queue is
-- purged by age. An index that missed purged changes is rebuilt.
ALTER TABLE search_queue ADD COLUMN queued_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX search_queue_queued_at ON search_queue (queued_at);

-- When an entry's unit was last told it is due for another look (issue 5):
-- told once per review, again after the next review grows old.
ALTER TABLE knowledge_entries ADD COLUMN stale_noticed_at BIGINT;

-- The rollups gain the count of registrations (the volume received): every
-- request is counted again by the statistics job.
DELETE FROM stat_counts;
DELETE FROM stat_request_facts;
DELETE FROM stat_queue;
INSERT INTO stat_queue (request_id) SELECT id FROM requests ORDER BY id;

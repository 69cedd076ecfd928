-- Each counted fact of each request, one row apiece (SPEC §7; issue 15 §3:
-- every number on the dashboard opens exactly the requests behind it).
-- Written by the statistics job in the same transaction as the sums it
-- adds to, with the values the fact was counted under. unit/unit_path: the
-- assignment's unit, '' for the request's own facts (the prefecture's and
-- its hotline office's); day counts days from 1970-01-01 (CST).
CREATE TABLE stat_facts (
    request_id BIGINT NOT NULL,
    counter TEXT NOT NULL,
    day BIGINT NOT NULL,
    unit TEXT NOT NULL,
    unit_path TEXT NOT NULL,
    office TEXT NOT NULL,
    county TEXT NOT NULL,
    category TEXT NOT NULL,
    request_type TEXT NOT NULL,
    channel TEXT NOT NULL,
    intake TEXT NOT NULL,
    amount BIGINT NOT NULL
);
-- A number's requests: by counter and day (the prefecture, an office), or
-- within a unit's subtree.
CREATE INDEX stat_facts_counter_day ON stat_facts (counter, day);
CREATE INDEX stat_facts_unit ON stat_facts (counter, unit_path, day);
CREATE INDEX stat_facts_request ON stat_facts (request_id);
-- Every request is counted again by the statistics job, which writes its facts.
INSERT INTO stat_queue (request_id) SELECT id FROM requests ORDER BY id;

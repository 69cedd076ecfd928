-- The indicators' rollups (SPEC §7, issue 15). Every write that adds a
-- request's events queues its id in the same transaction; the statistics
-- job takes queued ids, recounts each request's facts, adds what changed to
-- the rollups and forgets the ids, all in one transaction: a crash neither
-- skips nor double-counts a change.
CREATE TABLE stat_queue (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL
);

-- Each request's facts as the rollups hold them, with the breakdown values
-- they were counted under (JSON); and the instant after which time alone
-- changes them (an open request's deadline ending), to be recounted then.
CREATE TABLE stat_request_facts (
    request_id INTEGER PRIMARY KEY,
    facts TEXT NOT NULL,
    recount_at INTEGER
);
CREATE INDEX stat_request_facts_recount ON stat_request_facts (recount_at) WHERE recount_at IS NOT NULL;

-- The facts summed. scope: '' the prefecture's requests, 'o:PATH' the
-- requests of a county's hotline office, 'u:ID' the assignments of a unit's
-- subtree. dim/key: 'all'/'' or a breakdown ('county', 'category', 'type',
-- 'channel') and its value. grain: 'd' one CST day, 'm' a month (day = its
-- first day); day counts days from 1970-01-01.
CREATE TABLE stat_counts (
    scope TEXT NOT NULL,
    dim TEXT NOT NULL,
    grain TEXT NOT NULL,
    day INTEGER NOT NULL,
    key TEXT NOT NULL,
    counter TEXT NOT NULL,
    amount INTEGER NOT NULL,
    PRIMARY KEY (scope, dim, grain, day, key, counter)
);

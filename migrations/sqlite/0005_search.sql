-- Full-text search (issue 5). The index lives outside the database; every
-- write that changes a searchable record queues its key in the same
-- transaction, and the indexer takes the queue in order and removes what it
-- has committed to the index. A crash loses nothing: what was not indexed
-- is still queued.
CREATE TABLE search_queue (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    key TEXT NOT NULL
);

-- Words that mean the same to a searcher, one group per row, as the
-- center's administrators keep them (e.g. 暖气 供暖 采暖).
CREATE TABLE search_synonyms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    words TEXT NOT NULL
);
INSERT INTO search_synonyms (words) VALUES
    ('暖气 供暖 采暖 供热'),
    ('噪音 噪声'),
    ('社保卡 社会保障卡'),
    ('停水 断水 没水'),
    ('停电 断电 没电'),
    ('路灯 街灯'),
    ('物业 物业公司 物业服务');

-- The subtree path of the hotline office that owns a request (issue 12,
-- Art. 4 last paragraph): a county's office works its own queues for the
-- requests it registered; the center sees all. Filled from the snapshot for
-- the requests already stored.
ALTER TABLE requests ADD COLUMN office_path TEXT NOT NULL DEFAULT '/';
UPDATE requests SET office_path = COALESCE(
    (SELECT path FROM units WHERE units.id = json_extract(requests.snapshot, '$.office')), '/');
CREATE INDEX requests_office_state ON requests(office_path, state);

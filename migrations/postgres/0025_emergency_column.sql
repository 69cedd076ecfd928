-- A request marked an emergency after its registration (Art. 29) kept
-- `emergency = 0` in its row (only the snapshot knew): the work lists did
-- not flag it. The row now follows the snapshot; this mends the rows
-- written before, and indexes the emergencies for the dashboard's today.
UPDATE requests SET emergency = 1
WHERE emergency = 0 AND jsonb_typeof(snapshot::jsonb -> 'emergency') = 'object';
CREATE INDEX requests_emergency ON requests(registered_at) WHERE emergency = 1;
-- The dashboard counts today's Art. 32 warnings.
CREATE INDEX sent_warnings_sent_at ON sent_warnings(sent_at);

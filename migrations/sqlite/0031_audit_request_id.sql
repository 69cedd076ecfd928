-- The HTTP request an audit entry was written for (issue 16 §4): the same
-- id is on the request's log lines and in its answer's X-Request-Id.
ALTER TABLE audit_log ADD COLUMN request_id TEXT;

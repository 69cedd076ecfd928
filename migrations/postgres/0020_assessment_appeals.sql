-- Appeals against published assessment results (Art. 38): one row per
-- appeal, its snapshot the domain's Appeal (subject, reasons, answer).
-- A unit appeals one data point (or its result) of a period once.
CREATE TABLE assessment_appeals (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    -- 'result' or '<request number>:<indicator code>'
    subject TEXT NOT NULL,
    -- 'lodged', 'upheld', 'dismissed'
    state TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    lodged_at BIGINT NOT NULL,
    UNIQUE (period, unit_id, subject)
);
CREATE INDEX assessment_appeals_by_state ON assessment_appeals (state, id);

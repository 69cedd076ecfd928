-- Cases and hot topics for the public page (Art. 35): proposed by the
-- center from an ended request, in its own words without personal data
-- (the place no closer than the township), published after a second
-- person's review, and taken down when needed. One live case per request.
CREATE TABLE public_cases (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_number TEXT NOT NULL,
    -- 'case' or 'hot_topic'
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    outcome TEXT NOT NULL,
    -- as published: the category's name, county, township, 'YYYY-MM' of registration
    category TEXT,
    county TEXT NOT NULL,
    township TEXT,
    month TEXT NOT NULL,
    -- 'proposed', 'published', 'returned' or 'withdrawn'
    state TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    proposed_at BIGINT NOT NULL,
    reviewed_by TEXT,
    reviewed_at BIGINT,
    review_note TEXT
);
CREATE INDEX public_cases_state ON public_cases(state, reviewed_at);
CREATE UNIQUE INDEX public_cases_live ON public_cases(request_number) WHERE state IN ('proposed', 'published');

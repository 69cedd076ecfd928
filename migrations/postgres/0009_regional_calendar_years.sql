-- Years whose Xinjiang regional holiday notice was imported (issue 12): a
-- year needs its national and its regional notice before counts in it are
-- certain. The shipped 2021–2026 notices are compiled in.
CREATE TABLE calendar_regional_years (
    year BIGINT PRIMARY KEY,
    source TEXT NOT NULL,
    imported_at BIGINT NOT NULL
);

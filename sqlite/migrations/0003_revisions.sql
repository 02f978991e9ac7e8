-- Revisions: every change made through the API, with the value before and
-- after, who made it, when and why. Nothing is updated or deleted here.
CREATE TABLE revisions (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id       TEXT NOT NULL,
    action          TEXT NOT NULL,
    at              TEXT NOT NULL,
    by_name         TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    previous        TEXT,            -- JSON money, or NULL
    amount          TEXT,            -- JSON money, or NULL
    previous_status TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX revisions_by_record ON revisions (record_id, seq);

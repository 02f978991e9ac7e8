-- Claims and movements (issue 9).
--
-- A figure's point may be unknown: "hundreds of millions" has bounds and a
-- phrase but no amount, so flows.amount becomes nullable (SQLite cannot
-- drop NOT NULL in place: the table is rebuilt, every row kept) and every
-- figure keeps its phrase. Each flow records what it measures; a budget
-- line's figures keep the line's status rather than their measure as
-- status. Links say which claims describe one movement, and which
-- movements are parts of a whole.
CREATE TABLE flows_new (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    from_id      TEXT NOT NULL REFERENCES nodes (id) DEFERRABLE INITIALLY DEFERRED,
    to_id        TEXT NOT NULL REFERENCES nodes (id) DEFERRABLE INITIALLY DEFERRED,
    year         TEXT NOT NULL DEFAULT '',
    amount       INTEGER,
    low          INTEGER,
    high         INTEGER,
    qualifier    TEXT NOT NULL,
    currency     TEXT NOT NULL,
    phrase       TEXT NOT NULL DEFAULT '',
    measure      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    dataset      TEXT NOT NULL REFERENCES datasets (id),
    sort_asc     TEXT NOT NULL DEFAULT '[]',
    sort_desc    TEXT NOT NULL DEFAULT '[]',
    known_from   TEXT NOT NULL DEFAULT '',
    line_id      TEXT,
    derived_from TEXT NOT NULL DEFAULT '[]'
);
INSERT INTO flows_new (id, kind, from_id, to_id, year, amount, low, high, qualifier, currency, measure, status,
                       note, dataset, sort_asc, sort_desc, known_from, line_id)
SELECT f.id, f.kind, f.from_id, f.to_id, f.year, f.amount, f.low, f.high, f.qualifier, f.currency,
       -- flow.MeasureOf; a budget line's figure stored its measure as status.
       CASE
         WHEN f.kind = 'BUDGET_LINE' THEN f.status
         WHEN f.kind = 'REQUEST' THEN 'REQUESTED'
         WHEN f.kind = 'REQUIREMENT' THEN 'NEEDED'
         WHEN f.status IN ('ANNOUNCED', 'PROPOSED', 'PLANNED', 'FORECAST') THEN f.status
         WHEN f.kind = 'ALLOCATION' THEN 'ALLOCATED'
         ELSE 'MOVED'
       END,
       CASE WHEN f.kind = 'BUDGET_LINE' THEN coalesce((SELECT b.status FROM budget_lines b WHERE b.id = f.line_id), f.status)
            ELSE f.status END,
       f.note, f.dataset, f.sort_asc, f.sort_desc, f.known_from, f.line_id
FROM flows f;
DROP TABLE flows;
ALTER TABLE flows_new RENAME TO flows;
CREATE INDEX flows_by_from ON flows (from_id, kind);
CREATE INDEX flows_by_to ON flows (to_id, kind);
CREATE INDEX flows_by_dataset ON flows (dataset);
CREATE INDEX flows_by_line ON flows (line_id);

-- A budget line's figure is present when it has a qualifier; its point may
-- be unknown.
ALTER TABLE budget_lines ADD COLUMN planned_phrase TEXT;
ALTER TABLE budget_lines ADD COLUMN forecast_phrase TEXT;
ALTER TABLE budget_lines ADD COLUMN actual_phrase TEXT;
ALTER TABLE budget_lines ADD COLUMN variance_phrase TEXT;

CREATE TABLE links (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('SAME', 'PART_OF')),
    whole      TEXT NOT NULL DEFAULT '',
    claims     TEXT NOT NULL DEFAULT '[]', -- JSON list of figure names
    note       TEXT NOT NULL DEFAULT '',
    known_from TEXT NOT NULL DEFAULT '',
    dataset    TEXT NOT NULL REFERENCES datasets (id)
);
CREATE INDEX links_by_dataset ON links (dataset);
-- Every figure a link names (its whole and its claims), to find the links
-- of the figures a question sums.
CREATE TABLE link_figures (
    link_id TEXT NOT NULL REFERENCES links (id) ON DELETE CASCADE,
    figure  TEXT NOT NULL,
    PRIMARY KEY (figure, link_id)
);

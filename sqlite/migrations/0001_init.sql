-- The fund-flow graph as tables: one row per node, flow and budget line.
-- Money is integer pence; each uncertain amount keeps its bounds and qualifier.

CREATE TABLE datasets (
    id        TEXT PRIMARY KEY,
    title     TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);

-- Funds, programmes, organisations and sources share one table so that
-- node(id) and the batch loaders answer with one query whatever the label.
CREATE TABLE nodes (
    id          TEXT PRIMARY KEY,
    label       TEXT NOT NULL CHECK (label IN ('Fund', 'Programme', 'Organisation', 'Source')),
    name        TEXT NOT NULL,           -- a source's title
    sort_key    TEXT NOT NULL,           -- fold.Key(name): sorting and matching
    alias_keys  TEXT NOT NULL DEFAULT '',-- fold.Key of each alias, one per line
    aliases     TEXT NOT NULL DEFAULT '[]',
    description TEXT NOT NULL DEFAULT '',
    fund_id     TEXT REFERENCES nodes (id) DEFERRABLE INITIALLY DEFERRED,
    kind        TEXT NOT NULL DEFAULT '',
    publisher   TEXT NOT NULL DEFAULT '',
    published   TEXT NOT NULL DEFAULT '',
    date_note   TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT '',
    file        TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '[]',
    dataset     TEXT NOT NULL REFERENCES datasets (id)
);
CREATE INDEX nodes_by_label_name ON nodes (label, sort_key, id);
CREATE INDEX nodes_by_dataset ON nodes (dataset);

CREATE TABLE flows (
    id        TEXT PRIMARY KEY,
    kind      TEXT NOT NULL,
    from_id   TEXT NOT NULL REFERENCES nodes (id) DEFERRABLE INITIALLY DEFERRED,
    to_id     TEXT NOT NULL REFERENCES nodes (id) DEFERRABLE INITIALLY DEFERRED,
    year      TEXT NOT NULL DEFAULT '',
    amount    INTEGER NOT NULL,
    low       INTEGER,
    high      INTEGER,
    qualifier TEXT NOT NULL,
    currency  TEXT NOT NULL,
    status    TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    dataset   TEXT NOT NULL REFERENCES datasets (id)
);
CREATE INDEX flows_by_from ON flows (from_id, kind);
CREATE INDEX flows_by_to ON flows (to_id, kind);
CREATE INDEX flows_by_dataset ON flows (dataset);

CREATE TABLE budget_lines (
    id                 TEXT PRIMARY KEY,
    programme_id       TEXT NOT NULL REFERENCES nodes (id) DEFERRABLE INITIALLY DEFERRED,
    year               TEXT NOT NULL,
    planned_amount     INTEGER,
    planned_low        INTEGER,
    planned_high       INTEGER,
    planned_qualifier  TEXT,
    forecast_amount    INTEGER,
    forecast_low       INTEGER,
    forecast_high      INTEGER,
    forecast_qualifier TEXT,
    actual_amount      INTEGER,
    actual_low         INTEGER,
    actual_high        INTEGER,
    actual_qualifier   TEXT,
    variance_amount    INTEGER,
    variance_low       INTEGER,
    variance_high      INTEGER,
    variance_qualifier TEXT,
    currency           TEXT NOT NULL,
    -- Resolved amounts (stated or derived) that lines are ordered by.
    sort_planned       INTEGER,
    sort_actual        INTEGER,
    sort_variance      INTEGER,
    status             TEXT NOT NULL,
    note               TEXT NOT NULL DEFAULT '',
    dataset            TEXT NOT NULL REFERENCES datasets (id)
);
CREATE INDEX budget_lines_by_programme ON budget_lines (programme_id, year);
CREATE INDEX budget_lines_by_year ON budget_lines (year, programme_id, id);
CREATE INDEX budget_lines_by_dataset ON budget_lines (dataset);

-- A citation belongs to a flow or a budget line (owner_id); position keeps
-- the curator's order.
CREATE TABLE citations (
    owner_id  TEXT NOT NULL,
    position  INTEGER NOT NULL,
    source_id TEXT NOT NULL REFERENCES nodes (id) DEFERRABLE INITIALLY DEFERRED,
    quote     TEXT NOT NULL,
    dataset   TEXT NOT NULL REFERENCES datasets (id),
    PRIMARY KEY (owner_id, position)
);
CREATE INDEX citations_by_dataset ON citations (dataset);

-- Facts that are not money: the people the sources quote, the counts they
-- give (facts) and what people said (statements), each cited like every
-- money figure. Their citations share the citations table, owned by the
-- record's id.
--
-- Nothing already stored changes: a store loaded before this migration
-- lacks its datasets' people, facts and statements until they are loaded
-- again (`fundflow load`).
--
-- search_keys holds fold.Key of every text a search may match the record
-- by (name, aliases, role and description; what is counted and the words
-- stating it; what was said; notes and quotes), one per line.

CREATE TABLE people (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    sort_key        TEXT NOT NULL,            -- fold.Key(name): sorting and matching
    alias_keys      TEXT NOT NULL DEFAULT '', -- fold.Key of each alias, one per line
    aliases         TEXT NOT NULL DEFAULT '[]',
    role            TEXT NOT NULL DEFAULT '',
    organisation_id TEXT REFERENCES nodes (id) DEFERRABLE INITIALLY DEFERRED,
    description     TEXT NOT NULL DEFAULT '',
    search_keys     TEXT NOT NULL DEFAULT '',
    sort_asc        TEXT NOT NULL DEFAULT '[]',
    sort_desc       TEXT NOT NULL DEFAULT '[]',
    dataset         TEXT NOT NULL REFERENCES datasets (id)
);
CREATE INDEX people_by_name ON people (sort_key, id);
CREATE INDEX people_by_organisation ON people (organisation_id);
CREATE INDEX people_by_dataset ON people (dataset);

-- A count: NULL count_value where the source states no point figure
-- ("hundreds of"); the bounds and qualifier carry what it says.
CREATE TABLE facts (
    id              TEXT PRIMARY KEY,
    subject_id      TEXT NOT NULL,            -- a node or a person: the service checks it
    counted         TEXT NOT NULL,
    stated          TEXT NOT NULL,
    count_value     INTEGER,
    count_low       INTEGER,
    count_high      INTEGER,
    count_qualifier TEXT NOT NULL,
    date            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    known_from      TEXT NOT NULL DEFAULT '',
    search_keys     TEXT NOT NULL DEFAULT '',
    sort_asc        TEXT NOT NULL DEFAULT '[]',
    sort_desc       TEXT NOT NULL DEFAULT '[]',
    dataset         TEXT NOT NULL REFERENCES datasets (id)
);
CREATE INDEX facts_by_subject ON facts (subject_id);
CREATE INDEX facts_by_dataset ON facts (dataset);

CREATE TABLE statements (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED,
    said        TEXT NOT NULL,
    form        TEXT NOT NULL,
    date        TEXT NOT NULL DEFAULT '',
    about       TEXT NOT NULL DEFAULT '[]',   -- JSON list of the entity ids it is about
    note        TEXT NOT NULL DEFAULT '',
    known_from  TEXT NOT NULL DEFAULT '',
    search_keys TEXT NOT NULL DEFAULT '',
    sort_asc    TEXT NOT NULL DEFAULT '[]',
    sort_desc   TEXT NOT NULL DEFAULT '[]',
    dataset     TEXT NOT NULL REFERENCES datasets (id)
);
CREATE INDEX statements_by_person ON statements (person_id);
CREATE INDEX statements_by_dataset ON statements (dataset);

-- Search: every record's searchable texts, each with its folded words
-- (internal/searchdoc), written by loads and API writes alike, so that a
-- search folds only what was typed. An FTS5 index over the words narrows a
-- search to the texts that hold every word by prefix; the search's own
-- rule, which Neo4j applies too, then decides.
CREATE TABLE search_texts (
    id        INTEGER PRIMARY KEY,  -- a rowid that VACUUM keeps, for the index
    record_id TEXT NOT NULL,
    position  INTEGER NOT NULL,     -- the text's index among the record's texts
    kind      TEXT NOT NULL,        -- the kind of record: fund, ..., flow, budget line
    field     TEXT NOT NULL,        -- NAME, ALIAS, DESCRIPTION, NOTE or QUOTE
    words     TEXT NOT NULL,        -- fold.Phrase of the text
    name_key  TEXT NOT NULL,        -- orders results of one rank: folded name, or id
    dataset   TEXT NOT NULL,
    UNIQUE (record_id, position)
);
CREATE INDEX search_texts_by_dataset ON search_texts (dataset);

-- The words are already folded and split by spaces, so the index must keep
-- each word as one token: the ascii tokenizer splits only at ASCII
-- characters other than letters and digits (and here not at points, for
-- "63.7m"), whatever the Unicode version of its tables, where unicode61
-- would also split at combining marks and at letters newer than its tables.
CREATE VIRTUAL TABLE search_words USING fts5(
    words,
    content = 'search_texts',
    content_rowid = 'id',
    tokenize = "ascii tokenchars '.'"
);
CREATE TRIGGER search_texts_insert AFTER INSERT ON search_texts BEGIN
    INSERT INTO search_words (rowid, words) VALUES (new.id, new.words);
END;
CREATE TRIGGER search_texts_delete AFTER DELETE ON search_texts BEGIN
    INSERT INTO search_words (search_words, rowid, words) VALUES ('delete', old.id, old.words);
END;
CREATE TRIGGER search_texts_update AFTER UPDATE ON search_texts BEGIN
    INSERT INTO search_words (search_words, rowid, words) VALUES ('delete', old.id, old.words);
    INSERT INTO search_words (rowid, words) VALUES (new.id, new.words);
END;

-- The searchdoc.Version the texts were computed by. The store rebuilds
-- them from the records when it opens with another version (0: the records
-- written before this migration, whose texts were never computed), so no
-- record, loaded or written through the API, is lost to search.
CREATE TABLE search_version (version INTEGER NOT NULL);
INSERT INTO search_version (version) VALUES (0);

-- A source's full text, stored with it so that quotes written through the
-- API are checked against the same text a load checks them against; empty
-- for a source without one (unverified). Sources loaded before this
-- migration have none until their dataset is loaded again.
ALTER TABLE nodes ADD COLUMN text TEXT NOT NULL DEFAULT '';

-- The fields a revision changed, with the values they replaced: a JSON
-- array of {field, previous, value} (internal/changejson).
ALTER TABLE revisions ADD COLUMN changes TEXT NOT NULL DEFAULT '[]';

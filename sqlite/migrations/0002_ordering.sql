-- Ordering by any field, "as of" dates, and budget lines as flows.
--
-- Sort keys and dates are computed when a dataset is loaded, so rows written
-- before this migration cannot be upgraded in place: they are removed here,
-- and the server loads the bundled dataset into the empty store on its next
-- start (other datasets must be loaded again).
DELETE FROM citations;
DELETE FROM budget_lines;
DELETE FROM flows;
DELETE FROM nodes;
DELETE FROM datasets;

-- sortkey lists, one value per orderable field (see internal/sortkey).
ALTER TABLE nodes ADD COLUMN sort_asc TEXT NOT NULL DEFAULT '[]';
ALTER TABLE nodes ADD COLUMN sort_desc TEXT NOT NULL DEFAULT '[]';
ALTER TABLE flows ADD COLUMN sort_asc TEXT NOT NULL DEFAULT '[]';
ALTER TABLE flows ADD COLUMN sort_desc TEXT NOT NULL DEFAULT '[]';
ALTER TABLE budget_lines ADD COLUMN sort_asc TEXT NOT NULL DEFAULT '[]';
ALTER TABLE budget_lines ADD COLUMN sort_desc TEXT NOT NULL DEFAULT '[]';
ALTER TABLE budget_lines DROP COLUMN sort_planned;
ALTER TABLE budget_lines DROP COLUMN sort_actual;
ALTER TABLE budget_lines DROP COLUMN sort_variance;

-- The day a flow or line was first reported, and each citation's source
-- date, for asOf.
ALTER TABLE flows ADD COLUMN known_from TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_lines ADD COLUMN known_from TEXT NOT NULL DEFAULT '';
ALTER TABLE citations ADD COLUMN published TEXT NOT NULL DEFAULT '';

-- A budget line's figures as flows of kind BUDGET_LINE carry the line's id.
ALTER TABLE flows ADD COLUMN line_id TEXT;
CREATE INDEX flows_by_line ON flows (line_id);

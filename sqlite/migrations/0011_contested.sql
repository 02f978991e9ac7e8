-- Disagreements group flows by year, kind and ends to find those that
-- share them (Store.Contested): these indexes serve that grouping in its
-- own order, covering every column it reads, so that neither a table row
-- nor a sort is needed, for a year (a range of the first) and for an
-- entity, with or without a year (a range of the second).
CREATE INDEX IF NOT EXISTS flows_by_year_ends ON flows (year, kind, from_id, to_id);
CREATE INDEX IF NOT EXISTS flows_by_to_year_ends ON flows (to_id, year, kind, from_id);

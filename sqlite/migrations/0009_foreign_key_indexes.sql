-- Every foreign key's child columns are indexed, so that removing a record
-- finds what refers to it by a seek: without these, a load that removed a
-- node scanned all citations and all nodes for each node it removed, and
-- removing records cost far more than adding them.
CREATE INDEX IF NOT EXISTS citations_by_source ON citations (source_id);
CREATE INDEX IF NOT EXISTS nodes_by_fund ON nodes (fund_id);
CREATE INDEX IF NOT EXISTS link_figures_by_link ON link_figures (link_id);

-- Child lists (issue 12): a node's outflows and inflows are paged per
-- parent, each parent's flows sought by its end and read in the default
-- order, by id. flows_by_from and flows_by_to hold the kind between, so
-- without a kind they cannot serve that order and every flow of the parent
-- is read and sorted; these serve it, and the seek stops after a page.
CREATE INDEX flows_by_from_id ON flows (from_id, id);
CREATE INDEX flows_by_to_id ON flows (to_id, id);

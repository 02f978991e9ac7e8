-- Indexes for every filter and ordering the lists offer (issue 12).
--
-- A list statement holds only the conditions of the filters a request sets,
-- and orders by each field's sort key: a column where the key is the
-- column's value (ids, kinds, statuses, years of budget lines, folded
-- names), otherwise the very expression json_extract(sort_asc|sort_desc,
-- '$[field]') indexed here. A descending key is indexed descending, since
-- the id that breaks ties always ascends. Single values are matched with
-- "=", so an equality prefix can also serve the ordering.

-- Flows: a programme, fund or organisation is matched on either end (the
-- two endpoint indexes, each ending with the id for the default order);
-- kind, status, measure and year are filters and, but for the measure, orderings.
DROP INDEX flows_by_from;
DROP INDEX flows_by_to;
CREATE INDEX flows_by_from ON flows (from_id, kind, id);
CREATE INDEX flows_by_to ON flows (to_id, kind, id);
CREATE INDEX flows_by_kind ON flows (kind, id);
CREATE INDEX flows_by_kind_desc ON flows (kind DESC, id);
CREATE INDEX flows_by_status ON flows (status, id);
CREATE INDEX flows_by_status_desc ON flows (status DESC, id);
CREATE INDEX flows_by_measure ON flows (measure, id);
CREATE INDEX flows_by_year ON flows (year, id);
CREATE INDEX flows_by_year_key ON flows (json_extract(sort_asc, '$[1]'), id);
CREATE INDEX flows_by_year_key_desc ON flows (json_extract(sort_desc, '$[1]') DESC, id);
CREATE INDEX flows_by_amount_key ON flows (json_extract(sort_asc, '$[2]'), id);
CREATE INDEX flows_by_amount_key_desc ON flows (json_extract(sort_desc, '$[2]') DESC, id);

-- Budget lines: by programme, by year (the default order), by status, and
-- by each resolved figure.
DROP INDEX budget_lines_by_programme;
CREATE INDEX budget_lines_by_programme ON budget_lines (programme_id, year, id);
CREATE INDEX budget_lines_by_year_id ON budget_lines (year, id);
CREATE INDEX budget_lines_by_year_desc ON budget_lines (year DESC, id);
CREATE INDEX budget_lines_by_programme_id ON budget_lines (programme_id, id);
CREATE INDEX budget_lines_by_programme_desc ON budget_lines (programme_id DESC, id);
CREATE INDEX budget_lines_by_status ON budget_lines (status, id);
CREATE INDEX budget_lines_by_planned_key ON budget_lines (json_extract(sort_asc, '$[2]'), id);
CREATE INDEX budget_lines_by_planned_key_desc ON budget_lines (json_extract(sort_desc, '$[2]') DESC, id);
CREATE INDEX budget_lines_by_actual_key ON budget_lines (json_extract(sort_asc, '$[3]'), id);
CREATE INDEX budget_lines_by_actual_key_desc ON budget_lines (json_extract(sort_desc, '$[3]') DESC, id);
CREATE INDEX budget_lines_by_variance_key ON budget_lines (json_extract(sort_asc, '$[4]'), id);
CREATE INDEX budget_lines_by_variance_key_desc ON budget_lines (json_extract(sort_desc, '$[4]') DESC, id);

-- Nodes: by label and name either way, or by id; a programme's fund; an
-- organisation's kind.
CREATE INDEX nodes_by_label_name_desc ON nodes (label, sort_key DESC, id);
CREATE INDEX nodes_by_label_id ON nodes (label, id);
CREATE INDEX nodes_by_fund ON nodes (fund_id);

-- People, facts and statements: each ordering and reference filter.
CREATE INDEX people_by_name_desc ON people (sort_key DESC, id);
DROP INDEX people_by_organisation;
CREATE INDEX people_by_organisation ON people (organisation_id, sort_key, id);
DROP INDEX facts_by_subject;
CREATE INDEX facts_by_subject ON facts (subject_id, id);
CREATE INDEX facts_by_subject_desc ON facts (subject_id DESC, id);
CREATE INDEX facts_by_date_key ON facts (json_extract(sort_asc, '$[1]'), id);
CREATE INDEX facts_by_date_key_desc ON facts (json_extract(sort_desc, '$[1]') DESC, id);
DROP INDEX statements_by_person;
CREATE INDEX statements_by_person ON statements (person_id, id);
CREATE INDEX statements_by_person_desc ON statements (person_id DESC, id);
CREATE INDEX statements_by_date_key ON statements (json_extract(sort_asc, '$[0]'), id);
CREATE INDEX statements_by_date_key_desc ON statements (json_extract(sort_desc, '$[0]') DESC, id);

package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/fundflow/fundflow/flow"
)

// contestedLines selects the budget lines that share their programme and
// year with another line, or whose figure a SAME link names; {lines} are
// the year and entity conditions present, on b. The named
// lines are read from the links first (a materialised list, joined to
// budget lines by id): a figure's line id is an expression, so a join the
// other way round would read every link for every line.
const contestedLines = `
WITH named AS MATERIALIZED (
  SELECT DISTINCT substr(lf.figure, 1, instr(lf.figure, ':') - 1) AS id
  FROM link_figures lf JOIN links lk ON lk.id = lf.link_id AND lk.kind = 'SAME'
  WHERE instr(lf.figure, ':') > 0
)
SELECT b.id FROM budget_lines b
JOIN (SELECT programme_id, year FROM budget_lines b WHERE {lines}
      GROUP BY programme_id, year HAVING count(*) > 1) g
  ON b.programme_id = g.programme_id AND b.year = g.year
UNION
SELECT b.id FROM named n CROSS JOIN budget_lines b ON b.id = n.id
WHERE {lines}`

// contestedFlows selects the flows of the edge kinds that share their
// kind, ends and year with another flow, or that a SAME link names. The
// kinds are tested on each group's aggregate (max(kind) is the group's
// kind), which SQLite cannot push down into WHERE, so that the grouping
// reads an index in its own order (flows_by_year_ends,
// flows_by_to_year_ends) rather than a kind index and a sort. {named} is
// how the named flows are found: from an entity's flows when one is given
// (namedOfEntity), else from the links (namedFromLinks), whichever is
// fewer rows to read.
const contestedFlows = `
SELECT f.id FROM flows f
JOIN (SELECT kind, from_id, to_id, year FROM flows f WHERE {groups}
      GROUP BY year, kind, from_id, to_id HAVING count(*) > 1 AND {kinds}) g
  ON f.from_id = g.from_id AND f.kind = g.kind AND f.to_id = g.to_id AND f.year = g.year
UNION
{named}
WHERE {flows}`

const (
	namedOfEntity = `SELECT f.id FROM flows f
JOIN link_figures lf ON lf.figure = f.id
JOIN links lk ON lk.id = lf.link_id AND lk.kind = 'SAME'`
	// CROSS JOIN keeps the links first: SQLite never reorders it.
	namedFromLinks = `SELECT f.id FROM link_figures lf
JOIN links lk ON lk.id = lf.link_id AND lk.kind = 'SAME'
CROSS JOIN flows f ON f.id = lf.figure`
)

// edgeKinds is the list of flow.EdgeKinds as SQL constants, written out
// from the declared kinds so that the planner sees constants.
var edgeKinds = func() string {
	q := make([]string, len(flow.EdgeKinds))
	for i, k := range flow.EdgeKinds {
		q[i] = "'" + string(k) + "'"
	}
	return "(" + strings.Join(q, ", ") + ")"
}()

// Contested finds the records that can hold a disagreement's claims: two
// statements, each grouping only the year's (or the entity's) rows
// through an index, whatever the store's size.
func (s *Store) Contested(ctx context.Context, year flow.FinancialYear, entity string) (flow.Contested, error) {
	lines, groups := []string{"1"}, []string{"1"}
	if year != "" {
		lines, groups = append(lines, "b.year = :year"), append(groups, "f.year = :year")
	}
	if entity != "" {
		lines, groups = append(lines, "b.programme_id = :entity"), append(groups, "f.to_id = :entity")
	}
	named := namedFromLinks
	if entity != "" {
		named = namedOfEntity
	}
	r := strings.NewReplacer("{named}", named, "{lines}", strings.Join(lines, " AND "),
		"{groups}", strings.Join(groups, " AND "), "{kinds}", "max(kind) IN "+edgeKinds,
		"{flows}", strings.Join(append(groups, "f.kind IN "+edgeKinds), " AND "))
	args := []any{sql.Named("year", string(year)), sql.Named("entity", entity)}
	var out flow.Contested
	var err error
	if out.BudgetLines, err = s.ids(ctx, r.Replace(contestedLines), args, "contested budget lines"); err != nil {
		return flow.Contested{}, err
	}
	if out.Flows, err = s.ids(ctx, r.Replace(contestedFlows), args, "contested flows"); err != nil {
		return flow.Contested{}, err
	}
	return out, nil
}

// ids runs a query of one text column.
func (s *Store) ids(ctx context.Context, query string, args []any, what string) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(what, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, wrap(what, err)
		}
		out = append(out, id)
	}
	return out, wrap(what, rows.Err())
}

package neo4j

import (
	"context"
	"strings"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/fundflow/fundflow/flow"
)

// contestedLines and contestedFlows group the year's (or the entity's)
// budget lines by programme and year, and flows by kind, ends and year,
// and return the ids of the groups of more than one. Each is registered
// once per combination of the conditions present, so that a statement
// holds only the predicates it needs and the planner can seek on them
// (b.year and b.programmeId, r.year and the ends' ids, all indexed).
var (
	contestedLines = contestedStatements("contested-lines", `
MATCH (b:BudgetLine)
{where}
WITH b.programmeId AS programme, b.year AS year, collect(b.id) AS ids
WHERE size(ids) > 1
UNWIND ids AS id
RETURN id`, "b.year = $year", "b.programmeId = $entity")
	contestedFlows = contestedStatements("contested-flows", perEdgeType(`
  MATCH (a:Node)-[r:{type}]->(b:Node)
  {where}
  WITH a, b, r.year AS year, collect(r.id) AS ids
  WHERE size(ids) > 1
  UNWIND ids AS id
  RETURN id`), "r.year = $year", "b.id = $entity")
)

// perEdgeType writes a statement's body once per relationship type of
// flow.EdgeKinds, joined by UNION ALL in a subquery: a relationship index
// is an index of one type, so only a pattern of one type can seek on it,
// and grouping within a type groups by the flow's kind.
func perEdgeType(body string) string {
	parts := make([]string, len(flow.EdgeKinds))
	for i, k := range flow.EdgeKinds {
		parts[i] = strings.ReplaceAll(body, "{type}", flowTypes[k])
	}
	return "CALL () {" + strings.Join(parts, "\n  UNION ALL") + "\n}\nRETURN id"
}

// sameFigures returns every figure a SAME link names: links are few
// (curated by hand), so the scan of the Link label is bounded by the
// curation, not by the flows.
var sameFigures = statement("same-figures", `
MATCH (l:Link)
WHERE l.kind = 'SAME'
UNWIND l.claims AS figure
RETURN DISTINCT figure AS id`, nil)

// contestedStatements registers a statement's four forms, keyed by
// whether the year and the entity are given.
func contestedStatements(name, cypher, year, entity string) map[[2]bool]*Statement {
	out := map[[2]bool]*Statement{}
	for _, y := range []bool{false, true} {
		for _, e := range []bool{false, true} {
			var conds []string
			params := map[string]any{}
			n := name
			if y {
				conds, params["year"], n = append(conds, year), "", n+"-year"
			}
			if e {
				conds, params["entity"], n = append(conds, entity), "", n+"-entity"
			}
			where := ""
			if len(conds) > 0 {
				where = "WHERE " + strings.Join(conds, " AND ")
			}
			out[[2]bool{y, e}] = statement(n, strings.ReplaceAll(cypher, "{where}", where), params)
		}
	}
	return out
}

// Contested finds the records that can hold a disagreement's claims, in
// one read transaction of three statements.
func (s *Store) Contested(ctx context.Context, year flow.FinancialYear, entity string) (flow.Contested, error) {
	key := [2]bool{year != "", entity != ""}
	params := map[string]any{}
	if year != "" {
		params["year"] = string(year)
	}
	if entity != "" {
		params["entity"] = entity
	}
	var out flow.Contested
	err := s.read(ctx, func(tx driver.ManagedTransaction) error {
		out = flow.Contested{}
		lines, err := ids(ctx, tx, call{contestedLines[key], params})
		if err != nil {
			return err
		}
		flows, err := ids(ctx, tx, call{contestedFlows[key], params})
		if err != nil {
			return err
		}
		named, err := ids(ctx, tx, call{sameFigures, map[string]any{}})
		if err != nil {
			return err
		}
		out.BudgetLines, out.Flows = lines, flows
		for _, fig := range named {
			if id, suffix := flow.SplitFigure(fig); suffix != "" {
				out.BudgetLines = append(out.BudgetLines, id)
			} else {
				out.Flows = append(out.Flows, id)
			}
		}
		return nil
	})
	if err != nil {
		return flow.Contested{}, internal("contested records", err)
	}
	return out, nil
}

// ids runs a call whose rows hold one string, id.
func ids(ctx context.Context, tx driver.ManagedTransaction, c call) ([]string, error) {
	recs, err := run(ctx, tx, c)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		id, err := value[string](r.AsMap(), "id")
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

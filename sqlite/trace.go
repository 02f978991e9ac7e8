package sqlite

import (
	"context"
	"database/sql"

	"github.com/fundflow/fundflow/flow"
)

// Trace walks flows outward from q.From in Go (flow.TraceWalk.Run), which
// counts its steps and stops when their budget is spent; the store answers
// one query per layer of hops (two with citations), and with q.To one per
// layer of the search back from it.
func (s *Store) Trace(ctx context.Context, q flow.TraceWalk) (*flow.TraceResult, error) {
	return q.Run(ctx, func(ctx context.Context, h flow.HopQuery) ([]*flow.Flow, error) {
		return s.hop(ctx, q, h)
	})
}

// The fragments of a hop's statement, assembled for its direction and
// whether it keeps only some ends. wanted numbers the nodes asked about,
// and CROSS JOIN keeps it the outer loop (SQLite's query planner: the left
// table of a CROSS JOIN is never moved inward), so each node costs one
// seek of flows_by_from or flows_by_to. The sort keeps only the top :limit
// rows, so however many flows a hub sends, no more than the walk can spend
// become flows or have their citations read. The IS NULL forms only filter
// the rows those seeks find; they choose no index.
const (
	hopWanted = `WITH wanted(pos, node) AS (SELECT key, value FROM json_each(:nodes))
SELECT `
	hopFrom = ` FROM wanted CROSS JOIN flows ON `
	// hopEndColumns are all the search back from To reads of a flow.
	hopEndColumns = `id, from_id, to_id`
	hopOut        = `from_id = wanted.node`
	hopInto       = `to_id = wanted.node`
	hopWhere      = `
WHERE to_id <> from_id AND status <> 'RETRACTED'
  AND (:kinds IS NULL AND kind <> 'BUDGET_LINE' OR kind IN (SELECT value FROM json_each(:kinds)))
  AND (:as_of = '' OR (known_from <> '' AND known_from <= :as_of))`
	hopOutEnds = `
  AND to_id IN (SELECT value FROM json_each(:ends))`
	hopIntoEnds = `
  AND from_id IN (SELECT value FROM json_each(:ends))`
	hopOrder = `
ORDER BY wanted.pos, id LIMIT :limit`
)

// hopStatement assembles the statement for h from the fixed fragments.
func hopStatement(h flow.HopQuery) string {
	columns, join, ends := flowColumns, hopOut, hopOutEnds
	if h.Into {
		columns, join, ends = hopEndColumns, hopInto, hopIntoEnds
	}
	if h.Ends == nil {
		ends = ""
	}
	return hopWanted + columns + hopFrom + join + hopWhere + ends + hopOrder
}

// hop returns the flows h asks for, of the kinds q follows: every kind but
// budget lines unless q names kinds, never retracted ones, and only those
// known by q.AsOf when it is set. Flows out of nodes come whole, with
// their citations; flows into them, read only for their ends, with their
// ids and ends alone.
func (s *Store) hop(ctx context.Context, q flow.TraceWalk, h flow.HopQuery) ([]*flow.Flow, error) {
	rows, err := s.read.QueryContext(ctx, hopStatement(h), sql.Named("nodes", jsonList(h.Nodes)),
		sql.Named("kinds", jsonList(q.Kinds)), sql.Named("as_of", string(q.AsOf)),
		sql.Named("ends", jsonList(h.Ends)), sql.Named("limit", h.Limit))
	if err != nil {
		return nil, wrap("trace", err)
	}
	defer rows.Close()
	if h.Into {
		return hopEnds(rows)
	}
	lines := map[string]string{}
	scan := scanFlow(lines)
	var flows []*flow.Flow
	for rows.Next() {
		dest, finish := scan()
		if err := rows.Scan(dest...); err != nil {
			return nil, wrap("trace", err)
		}
		f, _, err := finish()
		if err != nil {
			return nil, wrap("trace", err)
		}
		flows = append(flows, f)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("trace", err)
	}
	return flows, s.flowCitations(ctx, flows, lines, q.AsOf)
}

// hopEnds reads rows of hopEndColumns.
func hopEnds(rows *sql.Rows) ([]*flow.Flow, error) {
	var flows []*flow.Flow
	for rows.Next() {
		var f flow.Flow
		if err := rows.Scan(&f.ID, &f.FromID, &f.ToID); err != nil {
			return nil, wrap("trace", err)
		}
		flows = append(flows, &f)
	}
	return flows, wrap("trace", rows.Err())
}

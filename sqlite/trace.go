package sqlite

import (
	"context"
	"database/sql"

	"github.com/fundflow/fundflow/flow"
)

// Trace walks flows outward from q.From in Go (flow.TraceWalk.Run), which
// counts its steps and stops when their budget is spent; the store answers
// a few queries per layer of hops (each for the whole layer's nodes, the
// walk reading on only as it needs), and with q.To one per layer of the
// search back from it, each reading only the flows' ids and ends. Then
// one query reads the flows of the paths found in full, and one their
// citations.
func (s *Store) Trace(ctx context.Context, q flow.TraceWalk) (*flow.TraceResult, error) {
	res, err := q.Run(ctx, func(ctx context.Context, h flow.HopQuery) ([]*flow.Flow, error) {
		return s.hop(ctx, q, h)
	})
	if err != nil {
		return nil, err
	}
	if err := s.fillPaths(ctx, q, res); err != nil {
		return nil, err
	}
	return res, nil
}

// The fragments of a hop's statement, assembled for its direction and
// whether it keeps only some ends. wanted numbers the nodes asked about,
// and CROSS JOIN keeps it the outer loop (SQLite's query planner: the left
// table of a CROSS JOIN is never moved inward), so each node costs one
// seek of flows_by_from or flows_by_to. The sort keeps only the top :limit
// rows, so however many flows a hub sends, no more than the walk can spend
// reach it, and those as ids and ends only; :after resumes the first node
// past the flows an earlier query read of it. The IS NULL forms and :after
// only filter the rows those seeks find; they choose no index.
const (
	hopSelect = `WITH wanted(pos, node) AS (SELECT key, value FROM json_each(:nodes))
SELECT id, from_id, to_id FROM wanted CROSS JOIN flows ON `
	hopOut   = `from_id = wanted.node`
	hopInto  = `to_id = wanted.node`
	hopWhere = `
WHERE to_id <> from_id AND status <> 'RETRACTED'
  AND (:kinds IS NULL AND kind <> 'BUDGET_LINE' OR kind IN (SELECT value FROM json_each(:kinds)))
  AND (:as_of = '' OR (known_from <> '' AND known_from <= :as_of))
  AND (wanted.pos > 0 OR id > :after)`
	hopOutEnds = `
  AND to_id IN (SELECT value FROM json_each(:ends))`
	hopIntoEnds = `
  AND from_id IN (SELECT value FROM json_each(:ends))`
	hopOrder = `
ORDER BY wanted.pos, id LIMIT :limit`
)

// hopStatement assembles the statement for h from the fixed fragments.
func hopStatement(h flow.HopQuery) string {
	join, ends := hopOut, hopOutEnds
	if h.Into {
		join, ends = hopInto, hopIntoEnds
	}
	if h.Ends == nil {
		ends = ""
	}
	return hopSelect + join + hopWhere + ends + hopOrder
}

// hop returns the flows h asks for, of the kinds q follows: every kind but
// budget lines unless q names kinds, never retracted ones, and only those
// known by q.AsOf when it is set; each with its id and ends alone.
func (s *Store) hop(ctx context.Context, q flow.TraceWalk, h flow.HopQuery) ([]*flow.Flow, error) {
	rows, err := s.read.QueryContext(ctx, hopStatement(h), sql.Named("nodes", jsonList(h.Nodes)),
		sql.Named("kinds", jsonList(q.Kinds)), sql.Named("as_of", string(q.AsOf)),
		sql.Named("ends", jsonList(h.Ends)), sql.Named("after", h.After), sql.Named("limit", h.Limit))
	if err != nil {
		return nil, wrap("trace", err)
	}
	defer rows.Close()
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

// fillPaths reads the flows of res's paths in full, with their citations
// known by q.AsOf, and puts them in place of the ids and ends the walk
// read. A flow gone by then was removed by a load or a retraction while
// the trace ran: CONFLICT, and asking again answers from the new data.
func (s *Store) fillPaths(ctx context.Context, q flow.TraceWalk, res *flow.TraceResult) error {
	const query = `SELECT ` + flowColumns + ` FROM flows WHERE id IN (SELECT value FROM json_each(:ids))`
	ids := res.FlowIDs()
	if len(ids) == 0 {
		return nil
	}
	rows, err := s.read.QueryContext(ctx, query, sql.Named("ids", jsonList(ids)))
	if err != nil {
		return wrap("trace", err)
	}
	defer rows.Close()
	lines := map[string]string{}
	scan := scanFlow(lines)
	full := make(map[string]*flow.Flow, len(ids))
	var flows []*flow.Flow
	for rows.Next() {
		dest, finish := scan()
		if err := rows.Scan(dest...); err != nil {
			return wrap("trace", err)
		}
		f, _, err := finish()
		if err != nil {
			return wrap("trace", err)
		}
		full[f.ID] = f
		flows = append(flows, f)
	}
	if err := rows.Err(); err != nil {
		return wrap("trace", err)
	}
	if err := s.flowCitations(ctx, flows, lines, q.AsOf); err != nil {
		return err
	}
	if id, ok := res.Fill(full); !ok {
		return flow.Errorf(flow.ECONFLICT, "trace: flow %q changed while the trace ran; ask again", id)
	}
	return nil
}

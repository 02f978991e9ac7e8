package sqlite

import (
	"context"
	"database/sql"

	"github.com/fundflow/fundflow/flow"
)

// Trace walks flows outward from q.From in Go (flow.TraceWalk.Run), which
// counts its steps and stops when their budget is spent; the store answers
// one query (two with citations) per layer of hops, for the nodes the walk
// has not asked about before.
func (s *Store) Trace(ctx context.Context, q flow.TraceWalk) (*flow.TraceResult, error) {
	return q.Run(ctx, func(ctx context.Context, nodes []string) ([]*flow.Flow, error) {
		return s.outflows(ctx, q, nodes)
	})
}

// outflows returns the flows q may follow out of nodes: every kind but
// budget lines unless q names kinds, never retracted ones, and only those
// known by q.AsOf when it is set.
func (s *Store) outflows(ctx context.Context, q flow.TraceWalk, nodes []string) ([]*flow.Flow, error) {
	const query = `SELECT ` + flowColumns + ` FROM flows
WHERE from_id IN (SELECT value FROM json_each(:nodes)) AND to_id <> from_id AND status <> 'RETRACTED'
  AND (:kinds IS NULL AND kind <> 'BUDGET_LINE' OR kind IN (SELECT value FROM json_each(:kinds)))
  AND (:as_of = '' OR (known_from <> '' AND known_from <= :as_of))
ORDER BY id`
	rows, err := s.db.QueryContext(ctx, query, sql.Named("nodes", jsonList(nodes)),
		sql.Named("kinds", jsonList(q.Kinds)), sql.Named("as_of", string(q.AsOf)))
	if err != nil {
		return nil, wrap("trace", err)
	}
	defer rows.Close()
	lines := map[string]string{}
	scan := scanFlow(lines)
	var flows []*flow.Flow
	for rows.Next() {
		dest, finish := scan()
		if err := rows.Scan(dest...); err != nil {
			return nil, wrap("trace", err)
		}
		f, _, _ := finish()
		flows = append(flows, f)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("trace", err)
	}
	return flows, s.flowCitations(ctx, flows, lines, q.AsOf)
}

package neo4j

import (
	"context"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/fundflow/fundflow/flow"
)

// traceOutflows returns the flows a trace may follow out of some nodes, one
// layer of the walk. The walk itself runs in Go (flow.TraceWalk.Run), which
// counts its steps and stops when their budget is spent: a variable-length
// pattern enumerates every relationship-unique path before any filter or
// LIMIT can apply, so on a densely connected graph it cannot be bounded by
// the number of simple paths it keeps. Each layer starts from a.id IN
// $nodes, which the planner answers with a NodeUniqueIndexSeek on the
// Node id constraint, one seek per listed id (Cypher manual, "Execution
// plan operators": index seeks take IN lists), then expands only those
// nodes' outgoing flow relationships; ORDER BY r.id sorts one layer, never
// the graph, and the walk asks for each node once.
var traceOutflows = statement("trace-outflows", `
MATCH (a:Node)-[r:`+flowPattern+`]->(b:Node)
WHERE a.id IN $nodes AND b.id <> a.id
  AND ($kinds IS NULL AND r.kind <> 'BUDGET_LINE' OR r.kind IN $kinds)
  AND r.status <> 'RETRACTED'
  AND ($asOf = '' OR r.knownFrom <= $asOf)
RETURN {rel: r, from: a.id, to: b.id} AS hop
ORDER BY r.id`,
	map[string]any{"nodes": []string{}, "kinds": []string{}, "asOf": ""})

// Trace finds the simple paths from q.From, shortest first, in one read
// transaction: one round trip per layer of hops.
func (s *Store) Trace(ctx context.Context, q flow.TraceWalk) (*flow.TraceResult, error) {
	var res *flow.TraceResult
	err := s.read(ctx, func(tx driver.ManagedTransaction) error {
		var err error
		res, err = q.Run(ctx, func(ctx context.Context, nodes []string) ([]*flow.Flow, error) {
			return outflows(ctx, tx, q, nodes)
		})
		return err
	})
	if err != nil {
		return nil, internal("trace", err)
	}
	return res, nil
}

// outflows runs traceOutflows for one layer.
func outflows(ctx context.Context, tx driver.ManagedTransaction, q flow.TraceWalk, nodes []string) ([]*flow.Flow, error) {
	recs, err := run(ctx, tx, traceCall(q, nodes))
	if err != nil {
		return nil, err
	}
	out := make([]*flow.Flow, 0, len(recs))
	for _, r := range recs {
		hop, err := value[map[string]any](r.AsMap(), "hop")
		if err != nil {
			return nil, err
		}
		f, err := toFlowRow(hop)
		if err != nil {
			return nil, err
		}
		f.Citations, _ = flow.KnownAsOf(f.Citations, q.AsOf)
		out = append(out, f)
	}
	return out, nil
}

// traceCall builds the call for one layer of a trace.
func traceCall(q flow.TraceWalk, nodes []string) call {
	return call{traceOutflows, map[string]any{"nodes": nodes, "kinds": stringsOrNil(q.Kinds), "asOf": string(q.AsOf)}}
}

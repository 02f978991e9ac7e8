package neo4j

import (
	"context"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/fundflow/fundflow/flow"
)

// traceHop builds the statement of one hop of a trace: the flows out of
// (or into, when into) the nodes asked about, and only those whose far
// end is in $ends when ends. The walk itself runs in Go
// (flow.TraceWalk.Run), which keeps paths simple, counts its steps and
// stops when their budget is spent: a variable-length pattern enumerates
// every relationship-unique trail before any filter or LIMIT can apply,
// so on a densely connected graph it cannot be bounded by the paths it
// keeps. Each hop unwinds $nodes with their positions and finds each node
// by {id: $nodes[pos]}, one NodeUniqueIndexSeek on the Node id constraint
// a row (Cypher manual, "Execution plan operators"), then expands only
// those nodes' flow relationships. ORDER BY pos, r.id with LIMIT plans as
// a Top, which keeps $limit rows however many a hub sends (UNWIND alone
// promises no order; ORDER BY does), so the walk is never handed more
// flows than its budget can spend, and every backend is handed the same;
// $after resumes the first node past the flows an earlier query read.
func traceHop(name string, into, ends bool) *Statement {
	match := `
UNWIND range(0, size($nodes) - 1) AS pos
MATCH (a:Node {id: $nodes[pos]})-[r:` + flowPattern + `]->(b:Node)`
	far, ret := "b", "{rel: r, from: a.id, to: b.id}"
	if into {
		match = `
UNWIND range(0, size($nodes) - 1) AS pos
MATCH (b:Node {id: $nodes[pos]})<-[r:` + flowPattern + `]-(a:Node)`
		// The search back from To reads only a flow's id and ends.
		far, ret = "a", "{id: r.id, from: a.id, to: b.id}"
	}
	where := `
WHERE b.id <> a.id
  AND ($kinds IS NULL AND r.kind <> 'BUDGET_LINE' OR r.kind IN $kinds)
  AND r.status <> 'RETRACTED'
  AND ($asOf = '' OR r.knownFrom <= $asOf)
  AND (pos > 0 OR r.id > $after)`
	params := map[string]any{"nodes": []string{}, "kinds": []string{}, "asOf": "", "after": "", "limit": int64(1)}
	if ends {
		where += `
  AND ` + far + `.id IN $ends`
		params["ends"] = []string{}
	}
	return statement(name, match+where+`
RETURN `+ret+` AS hop
ORDER BY pos, r.id
LIMIT $limit`, params)
}

// The statements of a hop, by direction and whether it keeps only some
// ends.
var (
	traceOut     = traceHop("trace-out", false, false)
	traceOutEnds = traceHop("trace-out-ends", false, true)
	traceInto    = traceHop("trace-into", true, false)
	traceIntoEnd = traceHop("trace-into-ends", true, true)
)

// Trace finds the simple paths from q.From, shortest first, in one read
// transaction: a few round trips per layer of hops, each for the whole
// layer's nodes (flow.TraceWalk.Run reads on only as it needs), and with
// q.To one per layer of the search back from it.
func (s *Store) Trace(ctx context.Context, q flow.TraceWalk) (*flow.TraceResult, error) {
	var res *flow.TraceResult
	err := s.read(ctx, func(tx driver.ManagedTransaction) error {
		var err error
		res, err = q.Run(ctx, func(ctx context.Context, h flow.HopQuery) ([]*flow.Flow, error) {
			return hop(ctx, tx, q, h)
		})
		return err
	})
	if err != nil {
		return nil, internal("trace", err)
	}
	return res, nil
}

// hop runs one hop's statement. Flows into nodes are read only for their
// ends, so they carry only their ids and ends.
func hop(ctx context.Context, tx driver.ManagedTransaction, q flow.TraceWalk, h flow.HopQuery) ([]*flow.Flow, error) {
	recs, err := run(ctx, tx, traceCall(q, h))
	if err != nil {
		return nil, err
	}
	out := make([]*flow.Flow, 0, len(recs))
	for _, r := range recs {
		hop, err := value[map[string]any](r.AsMap(), "hop")
		if err != nil {
			return nil, err
		}
		if h.Into {
			f, err := toFlowEnds(hop)
			if err != nil {
				return nil, err
			}
			out = append(out, f)
			continue
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

// toFlowEnds maps a row of {id, from, to}.
func toFlowEnds(m map[string]any) (*flow.Flow, error) {
	var f flow.Flow
	var err error
	if f.ID, err = value[string](m, "id"); err != nil {
		return nil, err
	}
	if f.FromID, err = value[string](m, "from"); err != nil {
		return nil, err
	}
	if f.ToID, err = value[string](m, "to"); err != nil {
		return nil, err
	}
	return &f, nil
}

// traceCall builds the call for one hop of a trace.
func traceCall(q flow.TraceWalk, h flow.HopQuery) call {
	stmt := traceOut
	switch {
	case h.Into && h.Ends != nil:
		stmt = traceIntoEnd
	case h.Into:
		stmt = traceInto
	case h.Ends != nil:
		stmt = traceOutEnds
	}
	params := map[string]any{"nodes": h.Nodes, "kinds": stringsOrNil(q.Kinds), "asOf": string(q.AsOf), "after": h.After, "limit": int64(h.Limit)}
	if h.Ends != nil {
		params["ends"] = h.Ends
	}
	return call{stmt, params}
}

package neo4j

import (
	"context"
	"strconv"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/fundflow/fundflow/flow"
)

// traceStatements[n] follows flows outward at most n hops with a
// variable-length pattern (Cypher takes no parameter for the bound, so there
// is one statement per allowed bound, and a short trace never expands
// further than asked). It keeps simple paths only and orders them as the
// embedded store does: by length, then by the comma-joined ids of their
// flows. It returns every hop with its ends in one round trip.
var traceStatements = map[int]*Statement{}

func init() {
	for hops := 1; hops <= flow.MaxHopsCap; hops++ {
		traceStatements[hops] = statement("trace-"+strconv.Itoa(hops), `
MATCH p = (a:Node {id: $from})-[:`+flowPattern+`*1..`+strconv.Itoa(hops)+`]->(b:Node)
WHERE ($to = '' OR b.id = $to)
  AND all(r IN relationships(p) WHERE
        ($kinds IS NULL AND r.kind <> 'BUDGET_LINE' OR r.kind IN $kinds)
        AND r.status <> 'RETRACTED'
        AND ($asOf = '' OR r.knownFrom <= $asOf))
  AND size(nodes(p)) = size(reduce(seen = [], n IN nodes(p) | CASE WHEN n IN seen THEN seen ELSE seen + [n] END))
WITH p, reduce(k = '', r IN relationships(p) | k + ',' + r.id) AS key
ORDER BY length(p), key
LIMIT $limit
RETURN [r IN relationships(p) | {rel: r, from: startNode(r).id, to: endNode(r).id}] AS hops`,
			map[string]any{"from": "", "to": "", "kinds": []string{}, "asOf": "", "limit": int64(1)})
	}
}

// Trace finds the simple paths from q.From, shortest first.
func (s *Store) Trace(ctx context.Context, q flow.TraceWalk) (*flow.TraceResult, error) {
	c := traceCall(q)
	res := &flow.TraceResult{}
	err := s.read(ctx, func(tx driver.ManagedTransaction) error {
		res.Paths = nil
		recs, err := run(ctx, tx, c)
		if err != nil {
			return err
		}
		for _, r := range recs {
			hops, err := value[[]any](r.AsMap(), "hops")
			if err != nil {
				return err
			}
			flows, err := toFlows(hops)
			if err != nil {
				return err
			}
			for _, f := range flows {
				f.Citations, _ = flow.KnownAsOf(f.Citations, q.AsOf)
			}
			res.Paths = append(res.Paths, flow.Path{Hops: flows})
		}
		return nil
	})
	if err != nil {
		return nil, internal("trace", err)
	}
	if len(res.Paths) > q.Limit {
		res.Paths, res.More = res.Paths[:q.Limit], true
	}
	return res, nil
}

// traceCall builds the call for a trace.
func traceCall(q flow.TraceWalk) call {
	return call{traceStatements[q.MaxHops], map[string]any{"from": q.From, "to": q.To,
		"kinds": stringsOrNil(q.Kinds), "asOf": string(q.AsOf), "limit": int64(q.Limit + 1)}}
}

package flow

import (
	"context"
	"slices"
)

// HopQuery asks a store for the flows of one hop of a trace: those a trace
// may follow (not retracted, of the walk's kinds, known by its day, never
// from a node to itself) out of Nodes or, for the search back from the
// walk's To, into them.
type HopQuery struct {
	// Nodes are the nodes whose flows are wanted, in the order the walk
	// needs them.
	Nodes []string
	// Into asks for the flows into Nodes rather than out of them. The
	// search back from To reads only their ends, so they come without
	// citations.
	Into bool
	// Ends, when not nil, keeps only the flows whose far end is one of
	// these: the nodes from which To can still be reached in the hops left.
	Ends []string
	// Limit caps the flows returned, taken in the order of Nodes and, for
	// one node, of flow id, so that a hub is never read past what the
	// walk's budget can spend.
	Limit int
}

// Hops answers a HopQuery with one query, whatever the number of nodes,
// flows in the order Limit takes them.
type Hops func(ctx context.Context, q HopQuery) ([]*Flow, error)

// reach is what the search back from a walk's To found: each node's fewest
// hops to To, complete for every node within known hops of it. A node
// missing from dist with known hops or fewer left cannot reach To in time.
type reach struct {
	dist  map[string]int
	known int
}

// reachTo searches back from w.To a layer at a time, as far as the walk
// can use (w.MaxHops-1 hops), reading at most budget flows, one step each.
// It does not search on through w.From: a trace's paths never pass through
// their start. When the budget runs out inside a layer, that layer is
// dropped and the walk prunes only as far as the layers before it reach;
// so the search may cost the walk pruning, never a path. It returns the
// steps it took.
func (w TraceWalk) reachTo(ctx context.Context, hops Hops, budget int) (reach, int, error) {
	r := reach{dist: map[string]int{w.To: 0}}
	frontier, spent := []string{w.To}, 0
	for k := 1; k < w.MaxHops; k++ {
		if len(frontier) == 0 {
			// Nothing more reaches To at all: every distance is known.
			r.known = w.MaxHops
			break
		}
		left := budget - spent
		flows, err := hops(ctx, HopQuery{Nodes: frontier, Into: true, Limit: left + 1})
		if err != nil {
			return r, spent, err
		}
		if len(flows) > left {
			return r, budget, nil
		}
		spent += len(flows)
		var next []string
		for _, f := range flows {
			if _, ok := r.dist[f.FromID]; !ok {
				r.dist[f.FromID] = k
				if f.FromID != w.From {
					next = append(next, f.FromID)
				}
			}
		}
		r.known, frontier = k, next
	}
	return r, spent, nil
}

// ends returns the far ends a hop may reach when left hops remain after
// it: To itself, and the nodes that reach To within left hops. It reports
// false when the search back did not reach that far, so the hop cannot be
// pruned.
func (r reach) ends(to string, left int) ([]string, bool) {
	if left == 0 {
		return []string{to}, true
	}
	if left > r.known {
		return nil, false
	}
	var out []string
	for n, d := range r.dist {
		if d <= left {
			out = append(out, n)
		}
	}
	// Sorted, so that a store is asked the same question every time.
	slices.Sort(out)
	return out, true
}

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
	// Into asks for the flows into Nodes rather than out of them.
	Into bool
	// Ends, when not nil, keeps only the flows whose far end is one of
	// these: the nodes from which To can still be reached in the hops left.
	Ends []string
	// After, when set, skips the flows of Nodes[0] whose ids sort at or
	// before it: those a query before this one read.
	After string
	// Limit caps the flows returned, taken in the order of Nodes and, for
	// one node, of flow id, so that a hub is never read past what the
	// walk's budget can spend.
	Limit int
}

// Hops answers a HopQuery with one query, whatever the number of nodes,
// flows in the order Limit takes them. The walk reads only a flow's id and
// ends, so a store may hand it just those, and fill in the flows of the
// paths found afterwards (TraceResult.Fill): far fewer than it read.

type Hops func(ctx context.Context, q HopQuery) ([]*Flow, error)

// search is the search back from a walk's To, a layer at a time: each
// node's fewest hops to To, complete for every node within known hops of
// it, so a node missing from dist with known hops or fewer left cannot
// reach To in time. It does not search on through the walk's From: a
// trace's paths never pass through their start.
type search struct {
	dist  map[string]int
	known int
	// frontier holds the nodes first reached at known hops, from which
	// the next layer searches on.
	frontier []string
	// budget is how many more flows the search may read; spent says it ran
	// out inside a layer, which is dropped, so the search goes no further.
	budget int
	spent  bool
	// read is the flows the search has read; cheap, what it may read
	// whatever the walk has.
	read, cheap int
}

// newSearch starts the search back from w.To, to read at most budget
// flows.
func (w TraceWalk) newSearch(budget int) *search {
	return &search{dist: map[string]int{w.To: 0}, frontier: []string{w.To}, budget: budget, cheap: w.Steps / 20}
}

// worth reports whether searching a layer further back is worth it before
// the walk's next hop, which has left hops after it, extends paths paths,
// and follows walked steps of the walk's own: the hop could then be
// pruned, the layer (one flow read per flow into its frontier) is no
// wider than the hop (one per flow out of the end of each path), and the
// search has read no more than the walk, or than a twentieth of the
// walk's steps. So the search and the walk each take the narrower side: a
// target that many flows reach is not searched from when the walk out
// finds its paths in fewer steps, and one few flows reach is searched
// from as far as the walk can use.
func (s *search) worth(left, paths, walked int) bool {
	return s.known < left && len(s.frontier) > 0 && !s.spent && len(s.frontier) <= paths &&
		s.read <= max(walked, s.cheap)
}

// deepen searches one layer further back, reading at most the search's
// budget and at most room flows, and returns the flows it read: its steps.
// When the layer holds more, it is dropped and the search is spent: the
// walk then prunes only as far as the layers before it reach, so the
// search may cost the walk pruning, never a path.
func (s *search) deepen(ctx context.Context, w TraceWalk, hops Hops, room int) (int, error) {
	limit := min(s.budget, room)
	flows, err := hops(ctx, HopQuery{Nodes: s.frontier, Into: true, Limit: limit + 1})
	if err != nil {
		return 0, err
	}
	if len(flows) > limit {
		s.spent, s.budget, s.read = true, s.budget-limit, s.read+limit
		return limit, nil
	}
	s.budget -= len(flows)
	s.read += len(flows)
	k := s.known + 1
	var next []string
	for _, f := range flows {
		if _, ok := s.dist[f.FromID]; !ok {
			s.dist[f.FromID] = k
			if f.FromID != w.From {
				next = append(next, f.FromID)
			}
		}
	}
	s.known, s.frontier = k, next
	if len(next) == 0 {
		// Nothing more reaches To at all: every distance is known.
		s.known = MaxHopsCap
	}
	return len(flows), nil
}

// ends returns the far ends a hop may reach when left hops remain after
// it: To itself, and the nodes that reach To within left hops. It reports
// false when the search back has not reached that far, so the hop cannot
// be pruned.
func (s *search) ends(to string, left int) ([]string, bool) {
	if left == 0 {
		return []string{to}, true
	}
	if left > s.known {
		return nil, false
	}
	var out []string
	for n, d := range s.dist {
		if d <= left {
			out = append(out, n)
		}
	}
	// Sorted, so that a store is asked the same question every time.
	slices.Sort(out)
	return out, true
}

// FlowIDs returns the ids of the flows on r's paths, each once, in the
// order first met.
func (r *TraceResult) FlowIDs() []string {
	seen := map[string]bool{}
	var ids []string
	for _, p := range r.Paths {
		for _, f := range p.Hops {
			if !seen[f.ID] {
				seen[f.ID] = true
				ids = append(ids, f.ID)
			}
		}
	}
	return ids
}

// Fill replaces each hop of r's paths by the flow of its id in full. It
// returns the id of a hop full lacks, and false, if there is one.
func (r *TraceResult) Fill(full map[string]*Flow) (string, bool) {
	for _, p := range r.Paths {
		for i, f := range p.Hops {
			whole, ok := full[f.ID]
			if !ok {
				return f.ID, false
			}
			p.Hops[i] = whole
		}
	}
	return "", true
}

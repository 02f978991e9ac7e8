package flow

import (
	"context"
	"slices"
	"strings"
)

// step is one path of a walk: the path it extends, and the flow it adds.
type step struct {
	prev *step
	hop  *Flow
	hops int
}

// end returns the node the path ends at; the empty path ends at from.
func (s *step) end(from string) string {
	if s == nil {
		return from
	}
	return s.hop.ToID
}

// visits reports whether the path passes through node (its start aside).
func (s *step) visits(node string) bool {
	for ; s != nil; s = s.prev {
		if s.hop.ToID == node {
			return true
		}
	}
	return false
}

// path returns the flows of the path, first hop first.
func (s *step) path() Path {
	hops := make([]*Flow, s.hops)
	for ; s != nil; s = s.prev {
		hops[s.hops-1] = s.hop
	}
	return Path{Hops: hops}
}

// Run walks w breadth first, a layer of hops at a time, asking hops for
// the flows out of a layer's nodes in one query. A step is one flow the
// walk looks at: one read by the search back from w.To (which may spend
// half of w.Steps), or one considered for extending one path, kept or not;
// so the flows read and the work done are bounded by w.Steps whatever the
// graph. Paths are simple (no node twice). With w.To, before each hop the
// walk searches a layer further back from w.To while that is the narrower
// side (search.worth), and a hop the search reaches far enough never
// reads a flow to a node that cannot reach w.To in the hops left.
//
// The walk extends the paths of a layer in the order of their flow ids and
// each by its flows in id order, so paths are found in the order a trace
// returns them (shortest first, then by the comma-joined ids of their
// flows; ids sort after ','): it stops as soon as it has one path more
// than w.Limit, or when it has spent w.Steps, and what it returns is the
// same on every backend, pruned or not.
func (w TraceWalk) Run(ctx context.Context, hops Hops) (*TraceResult, error) {
	res := &TraceResult{}
	if w.To == w.From {
		return res, nil // a simple path never comes back to its start
	}
	var back *search
	if w.To != "" {
		back = w.newSearch(w.Steps / 2)
	}
	from := map[string][]*Flow{}
	layer := []*step{nil}
	for h := 1; h <= w.MaxHops && len(layer) > 0; h++ {
		left := w.MaxHops - h
		var ends []string
		pruned := false
		if back != nil {
			for back.worth(left, len(layer)) {
				n, err := back.deepen(ctx, w, hops, w.Steps-res.Steps)
				if err != nil {
					return nil, err
				}
				res.Steps += n
			}
			ends, pruned = back.ends(w.To, left)
		}
		if pruned {
			// Each layer keeps different ends: what the last one read
			// under its own is not this one's.
			from = map[string][]*Flow{}
		}
		if err := w.fetch(ctx, hops, from, layer, ends, w.Steps-res.Steps); err != nil {
			return nil, err
		}
		var next []*step
		for _, s := range layer {
			for _, f := range from[s.end(w.From)] {
				if res.Steps == w.Steps {
					res.More, res.CutShort = true, StepBudget
					return res, nil
				}
				res.Steps++
				if f.ToID == w.From || s.visits(f.ToID) {
					continue
				}
				t := &step{prev: s, hop: f, hops: h}
				if w.To == "" || f.ToID == w.To {
					if len(res.Paths) == w.Limit {
						res.More, res.CutShort = true, PathLimit
						return res, nil
					}
					res.Paths = append(res.Paths, t.path())
				}
				// A path that has reached To goes no further: any longer
				// one would pass through To twice.
				if f.ToID != w.To && h < w.MaxHops {
					next = append(next, t)
				}
			}
		}
		layer = next
	}
	return res, nil
}

// fetch reads, in one query, the flows out of the ends of layer's paths
// that from does not hold yet, keeping those to ends when it is not nil,
// in the order the layer needs them. It reads at most left+1 flows: the
// layer looks at every flow of a node before the first path ending at the
// next one, so a layer that needs more spends its budget first, and the
// one more tells the walk it was cut short.
func (w TraceWalk) fetch(ctx context.Context, hops Hops, from map[string][]*Flow, layer []*step, ends []string, left int) error {
	var nodes []string
	for _, s := range layer {
		n := s.end(w.From)
		if _, ok := from[n]; !ok {
			from[n] = nil
			nodes = append(nodes, n)
		}
	}
	if len(nodes) == 0 {
		return nil
	}
	flows, err := hops(ctx, HopQuery{Nodes: nodes, Ends: ends, Limit: left + 1})
	if err != nil {
		return err
	}
	for _, f := range flows {
		from[f.FromID] = append(from[f.FromID], f)
	}
	for _, n := range nodes {
		slices.SortFunc(from[n], func(a, b *Flow) int { return strings.Compare(a.ID, b.ID) })
	}
	return nil
}

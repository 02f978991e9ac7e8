package flow

import (
	"context"
	"slices"
	"strings"
)

// Outflows returns the flows a trace may follow out of each of nodes (not
// retracted, of the walk's kinds, known by its day), with their citations.
// A store answers it with one query, whatever the number of nodes.
type Outflows func(ctx context.Context, nodes []string) ([]*Flow, error)

// step is one path of a walk: the path it extends, and the flow it adds.
type step struct {
	prev *step
	hop  *Flow
	hops int
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

// Run walks w breadth first, a layer of hops at a time, asking out for the
// flows out of each node once. It extends the paths of a layer in the order
// of their flow ids and each by its flows in id order, so paths are found
// in the order a trace returns them (shortest first, then by the
// comma-joined ids of their flows; ids sort after ','): it can stop as soon
// as it has one path more than w.Limit, or when it has spent w.Steps, and
// what it returns is the same on every backend.
func (w TraceWalk) Run(ctx context.Context, out Outflows) (*TraceResult, error) {
	res := &TraceResult{}
	from := map[string][]*Flow{}
	fetch := func(nodes []string) error {
		var missing []string
		for _, n := range nodes {
			if _, ok := from[n]; !ok {
				missing = append(missing, n)
				from[n] = nil
			}
		}
		if len(missing) == 0 {
			return nil
		}
		flows, err := out(ctx, missing)
		if err != nil {
			return err
		}
		for _, f := range flows {
			from[f.FromID] = append(from[f.FromID], f)
		}
		for _, n := range missing {
			slices.SortFunc(from[n], func(a, b *Flow) int { return strings.Compare(a.ID, b.ID) })
		}
		return nil
	}
	layer := []*step{nil}
	for hops := 1; hops <= w.MaxHops && len(layer) > 0; hops++ {
		nodes := make([]string, 0, len(layer))
		seen := map[string]bool{}
		for _, s := range layer {
			n := w.From
			if s != nil {
				n = s.hop.ToID
			}
			if !seen[n] {
				seen[n] = true
				nodes = append(nodes, n)
			}
		}
		if err := fetch(nodes); err != nil {
			return nil, err
		}
		var next []*step
		for _, s := range layer {
			end := w.From
			if s != nil {
				end = s.hop.ToID
			}
			for _, f := range from[end] {
				if f.ToID == w.From || s.visits(f.ToID) {
					continue
				}
				if res.Steps == w.Steps {
					res.More, res.CutShort = true, StepBudget
					return res, nil
				}
				res.Steps++
				t := &step{prev: s, hop: f, hops: hops}
				if w.To == "" || f.ToID == w.To {
					if len(res.Paths) == w.Limit {
						res.More, res.CutShort = true, PathLimit
						return res, nil
					}
					res.Paths = append(res.Paths, t.path())
				}
				// A path that has reached To goes no further: any longer
				// one would pass through To twice.
				if f.ToID != w.To && hops < w.MaxHops {
					next = append(next, t)
				}
			}
		}
		layer = next
	}
	return res, nil
}

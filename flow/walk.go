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
// the flows out of a layer's nodes in batches as it reaches them
// (hopReader). A step is one flow the walk looks at: one read by the
// search back from w.To (which may spend half of w.Steps), or one
// considered for extending one path, kept or not;
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
		ends, pruned, err := w.prune(ctx, hops, back, w.MaxHops-h, len(layer), res)
		if err != nil {
			return nil, err
		}
		if pruned {
			// Each layer keeps different ends: what the last one read
			// under its own is not this one's.
			from = map[string][]*Flow{}
		}
		r := w.reading(hops, from, layer, ends)
		var next []*step
		for _, s := range layer {
			for i := 0; ; i++ {
				f, err := r.at(ctx, s.end(w.From), i, w.Steps-res.Steps)
				if err != nil {
					return nil, err
				}
				if f == nil {
					break
				}
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

// prune searches back from w.To before a hop with left hops after it that
// extends paths paths, as far as that is worth it, counting the flows read
// as res's steps, and returns the far ends the hop may reach, reporting
// false when any may do (no w.To, or the search did not reach so far).
func (w TraceWalk) prune(ctx context.Context, hops Hops, back *search, left, paths int, res *TraceResult) ([]string, bool, error) {
	if back == nil {
		return nil, false, nil
	}
	for back.worth(left, paths, res.Steps-back.read) {
		n, err := back.deepen(ctx, w, hops, w.Steps-res.Steps)
		if err != nil {
			return nil, false, err
		}
		res.Steps += n
	}
	ends, ok := back.ends(w.To, left)
	return ends, ok, nil
}

// firstRead is how many flows a layer's first query reads at most. Each
// further query of the layer reads twice as many as the one before (up to
// the budget left), so a layer stopped early by its path limit has read
// little more than it looked at, and one that needs every flow takes a
// handful of queries.
const firstRead = 256

// hopReader reads the flows out of a layer's nodes as the walk reaches
// them, in the order it needs them, keeping those to ends when it is not
// nil.
type hopReader struct {
	hops Hops
	from map[string][]*Flow // the nodes read in full
	need []string           // the nodes not read in full yet, in the order needed
	// partial holds the flows read so far of need[0], whose flows the last
	// query cut off.
	partial []*Flow
	ends    []string
	limit   int
}

// reading starts reading the flows out of the ends of layer's paths that
// from does not hold yet.
func (w TraceWalk) reading(hops Hops, from map[string][]*Flow, layer []*step, ends []string) *hopReader {
	r := &hopReader{hops: hops, from: from, ends: ends, limit: firstRead}
	seen := map[string]bool{}
	for _, s := range layer {
		if n := s.end(w.From); !seen[n] {
			seen[n] = true
			if _, ok := from[n]; !ok {
				r.need = append(r.need, n)
			}
		}
	}
	return r
}

// at returns node's i-th flow in id order, or nil when it has no more,
// reading on if it must: the flows of the nodes needed next, from node on,
// up to twice as many as the last query read. No query reads more than
// left+1 flows, and it comes only when the walk has looked at every flow
// read before it: so the flows read and not looked at are never more than
// the budget left and one, which tells the walk it was cut short. A node
// whose flows a query cut off is read on past them by the next.
func (r *hopReader) at(ctx context.Context, node string, i, left int) (*Flow, error) {
	for {
		if flows, ok := r.from[node]; ok {
			if i < len(flows) {
				return flows[i], nil
			}
			return nil, nil
		}
		// node is need[0], read in part or not yet.
		if i < len(r.partial) {
			return r.partial[i], nil
		}
		q := HopQuery{Nodes: r.need, Ends: r.ends, Limit: min(r.limit, left+1)}
		if len(r.partial) > 0 {
			q.After = r.partial[len(r.partial)-1].ID
		}
		flows, err := r.hops(ctx, q)
		if err != nil {
			return nil, err
		}
		r.limit *= 2
		got := map[string][]*Flow{r.need[0]: r.partial}
		for _, f := range flows {
			got[f.FromID] = append(got[f.FromID], f)
		}
		if len(flows) < q.Limit {
			r.done(len(r.need), got) // every node's flows were read
			continue
		}
		// Every node before the last one read was read in full.
		last := flows[len(flows)-1].FromID
		r.done(slices.Index(r.need, last), got)
		r.partial = got[last]
	}
}

// done records the first n nodes needed as read in full, their flows in
// got.
func (r *hopReader) done(n int, got map[string][]*Flow) {
	for _, node := range r.need[:n] {
		slices.SortFunc(got[node], func(a, b *Flow) int { return strings.Compare(a.ID, b.ID) })
		r.from[node] = got[node]
	}
	if n > 0 {
		r.partial = nil
	}
	r.need = r.need[n:]
}

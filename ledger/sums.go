package ledger

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"time"

	"github.com/fundflow/fundflow/flow"
)

// TotalSums returns what Totals does, except that each total is brief: it
// holds no movements and no links (flow.Total.Brief), which is all that a
// request showing neither needs. Its answers are kept, and given again for
// the same request, for as long as the store's generation stays the same:
// totals over a million flows take seconds to sum, and what they sum only
// changes with a load or a write, so they are summed once per change
// rather than once per request. The first request after a change sums;
// requests asking the same meanwhile wait for its answer rather than sum
// it again. A request that ends first is answered UNAVAILABLE while the
// sum goes on (see sum) and is kept for the next. A kept answer is exact:
// it was computed between two equal readings of the generation, so from
// the rows as they still are.
func (s *Service) TotalSums(ctx context.Context, groupBy []flow.TotalsDimension, f flow.FlowFilter) ([]flow.Total, map[string]flow.Node, error) {
	key, err := json.Marshal(struct {
		GroupBy []flow.TotalsDimension
		Filter  flow.FlowFilter
	}{groupBy, f})
	if err != nil {
		return nil, nil, flow.Internal("total sums", err)
	}
	sum := func(ctx context.Context) ([]flow.Total, map[string]flow.Node, error) {
		totals, nodes, err := s.Totals(ctx, groupBy, f)
		if err != nil {
			return nil, nil, err
		}
		totals, nodes = briefTotals(groupBy, totals, nodes)
		return totals, nodes, nil
	}
	for {
		before, err := s.store.Generation(ctx)
		if err != nil {
			return nil, nil, err
		}
		e, lead := s.sums.claim(before, string(key))
		if lead {
			go s.sums.sum(ctx, e, func(ctx context.Context) {
				e.totals, e.nodes, e.err = sum(ctx)
				after, err := s.store.Generation(ctx)
				s.sums.settle(e, err == nil && after == before)
			})
		}
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, nil, &flow.Error{Code: flow.EUNAVAILABLE, Err: ctx.Err(),
				Message: "totals: the request was cancelled or timed out while the totals were summed; they are kept when done, ask again"}
		}
		// The request that summed ran out of time, was cancelled or found
		// the store busy: this one, still in time, sums in its turn.
		if flow.ErrorCode(e.err) == flow.EUNAVAILABLE && ctx.Err() == nil {
			continue
		}
		return e.answer()
	}
}

// maxDetachedSum bounds a sum that goes on after the request that began
// it ended. One at a time may: at a million flows on a slow machine the
// first totals over everything after a change took longer than a
// request may run, so that, cancelled with each request, the sum was
// never finished and never kept, and every request timed out.
const maxDetachedSum = 2 * time.Minute

// sum runs work, which sums e and settles it, to its end: within the
// request's context if another sum already goes on detached, otherwise
// detached from the request (its values kept, for the logs), within
// maxDetachedSum, so that the answer is kept for the next requests even
// when this one ends first.
func (m *sumsMemo) sum(ctx context.Context, e *keptSums, work func(context.Context)) {
	select {
	case m.detached <- struct{}{}:
		defer func() { <-m.detached }()
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), maxDetachedSum)
		defer cancel()
	default:
	}
	work(ctx)
}

// briefTotals drops the movements and links of totals, and keeps only the
// nodes their keys name, for labelling them.
func briefTotals(groupBy []flow.TotalsDimension, totals []flow.Total, nodes map[string]flow.Node) ([]flow.Total, map[string]flow.Node) {
	named := map[string]flow.Node{}
	for i := range totals {
		t := &totals[i]
		t.Movements, t.Links, t.Listed, t.ListedFirst, t.Query, t.Brief = nil, nil, nil, 0, nil, true
		for j, d := range groupBy {
			if n, ok := nodes[t.Key[j]]; ok && d.Entity() {
				named[t.Key[j]] = n
			}
		}
	}
	return totals, named
}

// maxKeptSums bounds what the kept answers hold between them, counted as
// totals plus the nodes they name: each is a few hundred bytes, so the
// answers take at most about 40 MB of the server's memory. Grouped by
// year, kind or status an answer is a few dozen totals; by organisation
// over a million flows, 400,000 totals and nodes, which is never kept.
const maxKeptSums = 100_000

// sumsMemo keeps TotalSums' answers for one generation of the store.
type sumsMemo struct {
	// detached holds a token while a sum goes on detached from its
	// request: there is room for one.
	detached chan struct{}

	mu         sync.Mutex
	generation uint64
	entries    map[string]*keptSums
	order      []*keptSums // kept answers, oldest first, for eviction
	weight     int
}

// keptSums is one request's answer, or the promise of it: done is closed
// once totals, nodes and err are set.
type keptSums struct {
	key    string
	done   chan struct{}
	totals []flow.Total
	nodes  map[string]flow.Node
	err    error
	weight int
}

// answer returns a copy of the kept totals, which the caller may change
// (the nodes are shared, and only read).
func (e *keptSums) answer() ([]flow.Total, map[string]flow.Node, error) {
	if e.err != nil {
		return nil, nil, e.err
	}
	return slices.Clone(e.totals), e.nodes, nil
}

// claim returns the answer kept, or being summed, for key at generation:
// lead is true when there is none, and then the caller sums it and calls
// settle. A new generation forgets every answer of the last one.
func (m *sumsMemo) claim(generation uint64, key string) (e *keptSums, lead bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil || generation != m.generation {
		m.generation, m.entries, m.order, m.weight = generation, map[string]*keptSums{}, nil, 0
	}
	if e, ok := m.entries[key]; ok {
		return e, false
	}
	e = &keptSums{key: key, done: make(chan struct{})}
	m.entries[key] = e
	return e, true
}

// settle publishes a summed answer to the requests waiting for it, and
// keeps it if keep holds (the generation did not move while it was
// summed), it was no error and it fits, forgetting the oldest answers to
// make room.
func (m *sumsMemo) settle(e *keptSums, keep bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	defer close(e.done)
	e.weight = len(e.totals) + len(e.nodes)
	if m.entries[e.key] != e {
		return // a newer generation forgot it already
	}
	if !keep || e.err != nil || e.weight > maxKeptSums {
		delete(m.entries, e.key)
		return
	}
	m.order, m.weight = append(m.order, e), m.weight+e.weight
	for m.weight > maxKeptSums {
		old := m.order[0]
		m.order, m.weight = m.order[1:], m.weight-old.weight
		delete(m.entries, old.key)
	}
}

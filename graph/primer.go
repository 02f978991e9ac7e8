package graph

import (
	"context"
	"sync"
)

// primer gathers the nodes the pages of a request refer to (their flows'
// ends, their citations' sources), so that the first field to show one of
// them fetches every one in one store call, with no wait. A page's
// resolver lists its references (prime) without fetching them: a query
// that shows only ids and amounts fetches no node at all. A field whose
// node was never listed goes through the request's batch, which waits
// batchWait to gather its siblings; listed ones need not wait, since the
// page already said which ids it needs. At 500 µs a level, that wait was
// half of question 1's time at c=1 (go test ./bench -run '^$' -bench
// 'Query/1-lost').
type primer struct {
	mu      sync.Mutex
	pending map[string]bool   // listed, not yet asked for
	asked   map[string]*flush // asked for, by the fetch that asks
}

// flush is one fetch of the pending ids; done closes when its nodes are in
// the request's batch cache.
type flush struct{ done chan struct{} }

// prime lists the ids a page refers to, for the first field that shows
// one to fetch together.
func (r *Resolver) prime(ctx context.Context, ids []string) {
	p := &batchesFrom(ctx).primer
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, id := range ids {
		if _, ok := p.asked[id]; id != "" && !ok {
			p.pending[id] = true
		}
	}
}

// fetch makes sure id, if a page listed it, has been fetched: it fetches
// every pending id when id is one of them, or waits for the fetch that
// asked for it. An id no page listed is left to the batch. A failed or
// partial fetch is not an error here: the field's own lookup, through the
// batch, meets the failure again and reports it for its field.
func (p *primer) fetch(ctx context.Context, r *Resolver, id string) error {
	p.mu.Lock()
	if f, ok := p.asked[id]; ok {
		p.mu.Unlock()
		select {
		case <-f.done:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if !p.pending[id] {
		p.mu.Unlock()
		return nil
	}
	f := &flush{done: make(chan struct{})}
	ids := make([]string, 0, len(p.pending))
	for pid := range p.pending {
		ids = append(ids, pid)
		p.asked[pid] = f
	}
	clear(p.pending)
	p.mu.Unlock()
	defer close(f.done)
	if found, err := r.Ledger.NodesBrief(ctx, ids); err == nil {
		r.remember(ctx, found)
	}
	return nil
}

package graph

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/fundflow/fundflow/flow"
)

// Loaders batch the node lookups of one request: every flow's from and to,
// every citation's source and every line's programme are fetched together
// instead of one query per row. They live for one request only, so a
// correction loaded mid-way is never hidden by a stale cache.
type Loaders struct {
	nodes       *dataloader.Loader[string, flow.Node]
	children    *children
	historyOnce sync.Once
	revisions   *dataloader.Loader[string, []flow.Revision]
}

type loadersKey struct{}

// NewLoaders returns request-scoped loaders over st; child lists wait up to
// wait (zero: batchWait) to gather their parents.
func NewLoaders(st flow.Store, wait time.Duration) *Loaders {
	if wait <= 0 {
		wait = batchWait
	}
	batch := func(ctx context.Context, ids []string) []*dataloader.Result[flow.Node] {
		nodes, err := st.Nodes(ctx, ids)
		out := make([]*dataloader.Result[flow.Node], len(ids))
		for i, id := range ids {
			switch n, ok := nodes[id]; {
			case err != nil:
				out[i] = &dataloader.Result[flow.Node]{Error: err}
			case !ok:
				out[i] = &dataloader.Result[flow.Node]{Error: flow.Errorf(flow.ENOTFOUND, "no node has id %q", id)}
			default:
				out[i] = &dataloader.Result[flow.Node]{Data: n}
			}
		}
		return out
	}
	// A short wait gathers the lookups gqlgen makes concurrently for the
	// elements of a list; pages prime the cache anyway (see prime), so it
	// rarely matters.
	return &Loaders{nodes: dataloader.NewBatchedLoader(batch,
		dataloader.WithWait[string, flow.Node](wait),
		dataloader.WithBatchCapacity[string, flow.Node](flow.MaxPageSize)),
		children: &children{wait: wait, loaders: map[string]any{}}}
}

// Middleware gives each request its own Loaders.
func Middleware(res *Resolver, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(WithLoaders(r.Context(), NewLoaders(res.Store, res.BatchWait))))
	})
}

// WithLoaders returns ctx carrying l.
func WithLoaders(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, loadersKey{}, l)
}

func loadersFor(ctx context.Context, st flow.Store) *Loaders {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l
	}
	// Outside the HTTP middleware (in tests of the executable schema alone)
	// batching still works, for this resolver call.
	return NewLoaders(st, 0)
}

// node loads one node through the request's batch.
func (r *Resolver) node(ctx context.Context, id string) (flow.Node, error) {
	return loadersFor(ctx, r.Store).nodes.Load(ctx, id)()
}

// prime loads every node a page refers to in one batch, before gqlgen
// resolves the page's fields, so that the number of store round trips does
// not depend on the number of rows or on goroutine timing.
func (r *Resolver) prime(ctx context.Context, ids []string) {
	if len(ids) == 0 {
		return
	}
	// Errors surface again, per field, when the fields load the same ids.
	_, _ = loadersFor(ctx, r.Store).nodes.LoadMany(ctx, dedupe(ids))()
}

// nodesByID loads nodes through the request's batch, so that the nodes a
// resolver needs are the ones its fields will show, fetched once. Unknown
// ids are left out.
func (r *Resolver) nodesByID(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	ids = dedupe(ids)
	nodes, errs := loadersFor(ctx, r.Store).nodes.LoadMany(ctx, ids)()
	out := make(map[string]flow.Node, len(ids))
	for i, id := range ids {
		switch {
		case errs != nil && errs[i] != nil && flow.ErrorCode(errs[i]) != flow.ENOTFOUND:
			return nil, errs[i]
		case errs == nil || errs[i] == nil:
			out[id] = nodes[i]
		}
	}
	return out, nil
}

func dedupe(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// flowRefs lists the nodes flows refer to: their ends and cited sources.
func flowRefs(fs []*flow.Flow) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.FromID, f.ToID)
		for _, c := range f.Citations {
			ids = append(ids, c.SourceID)
		}
	}
	return ids
}

// lineRefs lists the nodes budget lines refer to.
func lineRefs(ls []*flow.BudgetLine) []string {
	var ids []string
	for _, l := range ls {
		ids = append(ids, l.ProgrammeID)
		for _, c := range l.Citations {
			ids = append(ids, c.SourceID)
		}
	}
	return ids
}

// history loads a record's revisions through the request's batch: one store
// call for every flow of a page.
func (r *Resolver) history(ctx context.Context, id string) ([]*flow.Revision, error) {
	l := loadersFor(ctx, r.Store)
	l.historyOnce.Do(func() {
		l.revisions = dataloader.NewBatchedLoader(func(ctx context.Context, ids []string) []*dataloader.Result[[]flow.Revision] {
			h, err := r.Store.History(ctx, ids)
			out := make([]*dataloader.Result[[]flow.Revision], len(ids))
			for i, id := range ids {
				out[i] = &dataloader.Result[[]flow.Revision]{Data: h[id], Error: err}
			}
			return out
		}, dataloader.WithWait[string, []flow.Revision](l.children.wait))
	})
	revs, err := l.revisions.Load(ctx, id)()
	if err != nil {
		return nil, err
	}
	out := make([]*flow.Revision, len(revs))
	for i := range revs {
		out[i] = &revs[i]
	}
	return out, nil
}

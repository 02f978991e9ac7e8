package graph

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// Batches gather the lookups of one request, so that every flow's ends,
// every citation's source, every line's programme, every record's history
// and every parent's child list are fetched together instead of one query
// per row. They live for one request only, so a correction made mid-way is
// never hidden by a stale cache.
type Batches struct {
	nodesByID         *dataloader.Loader[string, flow.Node]
	quoteTexts        *dataloader.Loader[string, flow.QuoteText]
	revisionsByRecord *dataloader.Loader[string, []flow.Revision]
	childLists        *childLists
	primer            primer
	ended             atomic.Bool // the operation's end has been logged
}

type batchesKey struct{}

// batchWait is how long a batch gathers the lookups gqlgen makes
// concurrently (for the elements of a list) before it asks the service.
// gqlgen starts a list's elements together, so their lookups arrive within
// microseconds; every nested level of a query waits this long once, so it
// is a floor on each request's latency. At 5 ms question 1 took 7.9 ms a
// request at c=1 on 10,000 flows; at 500 µs, 3.6 ms (go test ./bench -run
// '^$' -bench 'Query/1-lost'). A lookup that misses the window only makes
// another batch, never a wrong answer.
const batchWait = 500 * time.Microsecond

// NewBatches returns request-scoped batches over the service; child lists
// wait up to wait (zero: batchWait) to gather their parents.
func NewBatches(l *ledger.Service, wait time.Duration) *Batches {
	if wait <= 0 {
		wait = batchWait
	}
	nodes := func(ctx context.Context, ids []string) []*dataloader.Result[flow.Node] {
		found, err := l.NodesBrief(ctx, ids)
		out := make([]*dataloader.Result[flow.Node], len(ids))
		for i, id := range ids {
			switch n, ok := found[id]; {
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
	// Texts are read only for citations whose verified field is asked for,
	// and each is prepared once a request however many quotes cite it.
	texts := func(ctx context.Context, ids []string) []*dataloader.Result[flow.QuoteText] {
		found, err := l.Nodes(ctx, ids)
		out := make([]*dataloader.Result[flow.QuoteText], len(ids))
		for i, id := range ids {
			var t flow.QuoteText
			if src, ok := found[id].(*flow.Source); ok {
				t = flow.NewQuoteText(src.Text)
			}
			out[i] = &dataloader.Result[flow.QuoteText]{Data: t, Error: err}
		}
		return out
	}
	revisions := func(ctx context.Context, ids []string) []*dataloader.Result[[]flow.Revision] {
		h, err := l.History(ctx, ids)
		out := make([]*dataloader.Result[[]flow.Revision], len(ids))
		for i, id := range ids {
			out[i] = &dataloader.Result[[]flow.Revision]{Data: h[id], Error: err}
		}
		return out
	}
	return &Batches{
		nodesByID: dataloader.NewBatchedLoader(nodes, dataloader.WithWait[string, flow.Node](wait),
			dataloader.WithBatchCapacity[string, flow.Node](flow.MaxPageSize)),
		quoteTexts: dataloader.NewBatchedLoader(texts, dataloader.WithWait[string, flow.QuoteText](wait),
			dataloader.WithBatchCapacity[string, flow.QuoteText](flow.MaxPageSize)),
		revisionsByRecord: dataloader.NewBatchedLoader(revisions, dataloader.WithWait[string, []flow.Revision](wait)),
		childLists:        &childLists{wait: wait, batches: map[string]any{}},
		primer:            primer{pending: map[string]bool{}, asked: map[string]*flush{}},
	}
}

// Middleware gives each request its own Batches. Every resolver needs
// them: a request that reaches the schema without them is a wiring bug,
// and batchesFrom panics rather than quietly losing the batching.
func Middleware(r *Resolver, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		next.ServeHTTP(w, req.WithContext(WithBatches(req.Context(), NewBatches(r.Ledger, r.BatchWait))))
	})
}

// firstEnd reports whether this is the first error of the request to say
// that its context ended, so that the end is logged once; true outside a
// request's batches.
func firstEnd(ctx context.Context) bool {
	b, ok := ctx.Value(batchesKey{}).(*Batches)
	return !ok || b.ended.CompareAndSwap(false, true)
}

// WithBatches returns ctx carrying b.
func WithBatches(ctx context.Context, b *Batches) context.Context {
	return context.WithValue(ctx, batchesKey{}, b)
}

// batchesFrom returns the request's batches, and panics, naming the fix,
// when the middleware that makes them is missing (gqlgen's recover turns
// the panic into a logged INTERNAL error).
func batchesFrom(ctx context.Context) *Batches {
	b, ok := ctx.Value(batchesKey{}).(*Batches)
	if !ok {
		panic("graph: no request batches in the context; serve the schema through graph.Middleware (NewHandler does)")
	}
	return b
}

// node loads one node: with the rest of its page when a page primed it
// (primer.go), otherwise through the request's batch.
func (r *Resolver) node(ctx context.Context, id string) (flow.Node, error) {
	b := batchesFrom(ctx)
	if err := b.primer.fetch(ctx, r, id); err != nil {
		return nil, err
	}
	return b.nodesByID.Load(ctx, id)()
}

// remember puts nodes the service already looked up into the request's
// batch, so that fields showing them do not look them up again.
func (r *Resolver) remember(ctx context.Context, nodes map[string]flow.Node) {
	b := batchesFrom(ctx)
	for id, n := range nodes {
		b.nodesByID.Prime(ctx, id, n)
	}
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

// history loads a record's revisions through the request's batch: one
// service call for every record of a page.
func (r *Resolver) history(ctx context.Context, id string) ([]*flow.Revision, error) {
	revs, err := batchesFrom(ctx).revisionsByRecord.Load(ctx, id)()
	if err != nil {
		return nil, err
	}
	out := make([]*flow.Revision, len(revs))
	for i := range revs {
		out[i] = &revs[i]
	}
	return out, nil
}

// childLists batches the child lists of a request (a programme's budget
// lines, an entity's inflows...): one batch per list and arguments, each
// answering every parent of the request with one service call.
type childLists struct {
	mu      sync.Mutex
	wait    time.Duration
	batches map[string]any
}

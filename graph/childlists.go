package graph

import (
	"context"
	"encoding/json"
	"reflect"

	"github.com/99designs/gqlgen/graphql"
	"github.com/graph-gophers/dataloader/v7"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph/model"
)

// The ends of a flow a child flow list hangs from: a node's inflows are
// the flows into it, its outflows those out of it.
const (
	into  = flow.ToEnd
	outOf = flow.FromEnd
)

// childFlows resolves an entity's flow list (inflows, outflows, allocations,
// received) through a per-request batch, so that every parent of the
// request is answered by one store call, which pages each parent's flows.
func (r *Resolver) childFlows(ctx context.Context, field string, parent string, by flow.End, kinds []flow.FlowKind,
	where *flow.FlowFilter, orderBy []*flow.FlowOrder, first *int, after *string, last *int, before *string, asOf *flow.Date) (*model.FlowConnection, error) {
	p := countWhenAsked(ctx, pageArgs(first, after, last, before))
	f := flowFilter(where, asOf)
	order := derefs(orderBy)
	if kinds != nil {
		f.Kinds = kinds
	}
	key := argsKey(field, f, order, p)
	l := childBatch(ctx, r, key, func(ctx context.Context, parents []string) (map[string]*flow.Page[*flow.Flow], error) {
		scope := flow.Scope{FromIDs: parents, Parents: true}
		if by == into {
			scope = flow.Scope{ToIDs: parents, Parents: true}
		}
		pages, err := r.Ledger.ChildFlows(ctx, by, flow.FlowQuery{Filter: f, Scope: scope, Order: order, Page: p})
		if err != nil {
			return nil, err
		}
		// One batch for the references of every parent's page, before the
		// parents resolve their fields one by one.
		r.prime(ctx, flowRefs(allItems(pages)))
		return pages, nil
	})
	page, err := l.Load(ctx, parent)()
	if err != nil {
		return nil, err
	}
	return flowConnection(page), nil
}

// childBudgetLines resolves a programme's budget lines through a
// per-request batch.
func (r *Resolver) childBudgetLines(ctx context.Context, parent string, where *flow.BudgetLineFilter, orderBy []*flow.BudgetLineOrder,
	first *int, after *string, last *int, before *string, asOf *flow.Date) (*model.BudgetLineConnection, error) {
	p := countWhenAsked(ctx, pageArgs(first, after, last, before))
	f := budgetFilter(where, asOf)
	order := derefs(orderBy)
	key := argsKey("budgetLines", f, order, p)
	l := childBatch(ctx, r, key, func(ctx context.Context, parents []string) (map[string]*flow.Page[*flow.BudgetLine], error) {
		q := flow.BudgetLineQuery{Filter: f, Scope: flow.Scope{ProgrammeIDs: parents, Parents: true}, Order: order, Page: p}
		pages, err := r.Ledger.ChildBudgetLines(ctx, q)
		if err != nil {
			return nil, err
		}
		r.prime(ctx, lineRefs(allItems(pages)))
		return pages, nil
	})
	page, err := l.Load(ctx, parent)()
	if err != nil {
		return nil, err
	}
	return budgetLineConnection(page), nil
}

// childBatch returns the request's batch of child lists for key, making
// it with batch on first use.
func childBatch[T any](ctx context.Context, r *Resolver, key string,
	batch func(ctx context.Context, parents []string) (map[string]*flow.Page[T], error)) *dataloader.Loader[string, *flow.Page[T]] {
	c := batchesFrom(ctx).childLists
	c.mu.Lock()
	defer c.mu.Unlock()
	if l, ok := c.batches[key].(*dataloader.Loader[string, *flow.Page[T]]); ok {
		return l
	}
	fn := func(ctx context.Context, parents []string) []*dataloader.Result[*flow.Page[T]] {
		pages, err := batch(ctx, parents)
		out := make([]*dataloader.Result[*flow.Page[T]], len(parents))
		for i, p := range parents {
			page := pages[p]
			if page == nil && err == nil {
				// A parent the filter leaves nothing to match.
				page = &flow.Page[T]{}
			}
			out[i] = &dataloader.Result[*flow.Page[T]]{Data: page, Error: err}
		}
		return out
	}
	capacity := flow.MaxPageSize
	if n := siblings(ctx); n > 0 && n < capacity {
		capacity = n
	}
	l := dataloader.NewBatchedLoader(fn, dataloader.WithWait[string, *flow.Page[T]](c.wait),
		dataloader.WithBatchCapacity[string, *flow.Page[T]](capacity))
	c.batches[key] = l
	return l
}

// siblings returns how many parents will ask for the child list the
// resolver in ctx is resolving, when gqlgen's field contexts tell: the
// length of the one list above it. A batch of that capacity starts the
// moment the last parent asks, not batchWait later; at 500 µs a level,
// the wait was half of a small query's time (go test ./bench -run '^$'
// -bench 'Query/nested'). Under two lists (a list of each parent's
// children, say) the parents asking are the inner lists' elements
// together, which no one list gives: it returns 0, and the batch waits.
func siblings(ctx context.Context) int {
	fc := graphql.GetFieldContext(ctx)
	for fc != nil && fc.Index == nil {
		fc = fc.Parent
	}
	if fc == nil || fc.Parent == nil {
		return 0
	}
	list := fc.Parent
	for up := list.Parent; up != nil; up = up.Parent {
		if up.Index != nil {
			return 0
		}
	}
	if v := reflect.ValueOf(list.Result); v.Kind() == reflect.Slice {
		return v.Len()
	}
	return 0
}

// argsKey identifies a child list's arguments.
func argsKey(field string, args ...any) string {
	b, _ := json.Marshal(args)
	return field + string(b)
}

// allItems lists the items of every parent's page, for one batch of
// what they refer to.
func allItems[T any](pages map[string]*flow.Page[T]) []T {
	var out []T
	for _, p := range pages {
		out = append(out, p.Items...)
	}
	return out
}

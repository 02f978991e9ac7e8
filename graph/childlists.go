package graph

import (
	"context"
	"encoding/json"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph/model"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// side says which end of a flow its parent is.
type side int

const (
	into side = iota
	outOf
)

// childFlows resolves an entity's flow list (inflows, outflows, allocations,
// received) through a per-request batch, so that every parent of the
// request is answered by one store call.
func (r *Resolver) childFlows(ctx context.Context, field string, parent string, s side, kinds []flow.FlowKind,
	where *flow.FlowFilter, orderBy []*flow.FlowOrder, first *int, after *string, last *int, before *string, asOf *flow.Date) (*model.FlowConnection, error) {
	p := pageArgs(first, after, last, before)
	f := flowFilter(where, asOf)
	order := derefs(orderBy)
	o, err := flow.FlowOrdering(order)
	if err != nil {
		return nil, err
	}
	if kinds != nil {
		f.Kinds = kinds
	}
	key := argsKey(field, f, order, p)
	l := childBatch(ctx, r, key, func(ctx context.Context, parents []string) (map[string]*flow.Page[*flow.Flow], error) {
		scope := flow.Scope{FromIDs: parents, Parents: true}
		if s == into {
			scope = flow.Scope{ToIDs: parents, Parents: true}
		}
		all, err := r.Ledger.Flows(ctx, flow.FlowQuery{Filter: f, Scope: scope, Order: order, Page: flow.PageArgs{All: true}})
		if err != nil {
			return nil, err
		}
		// One batch for the references of every parent's page, before the
		// parents resolve their fields one by one.
		r.prime(ctx, flowRefs(all.Items))
		return pageGroups(all, parents, func(fl *flow.Flow) []string {
			if s == into {
				return []string{fl.ToID}
			}
			return []string{fl.FromID}
		}, o.Tag, p)
	})
	page, err := l.Load(ctx, parent)()
	if err != nil {
		return nil, err
	}
	r.prime(ctx, flowRefs(page.Items))
	return flowConnection(page), nil
}

// childBudgetLines resolves a programme's budget lines through a
// per-request batch.
func (r *Resolver) childBudgetLines(ctx context.Context, parent string, where *flow.BudgetLineFilter, orderBy []*flow.BudgetLineOrder,
	first *int, after *string, last *int, before *string, asOf *flow.Date) (*model.BudgetLineConnection, error) {
	p := pageArgs(first, after, last, before)
	f := budgetFilter(where, asOf)
	order := derefs(orderBy)
	o, err := flow.BudgetOrdering(order)
	if err != nil {
		return nil, err
	}
	key := argsKey("budgetLines", f, order, p)
	l := childBatch(ctx, r, key, func(ctx context.Context, parents []string) (map[string]*flow.Page[*flow.BudgetLine], error) {
		q := flow.BudgetLineQuery{Filter: f, Scope: flow.Scope{ProgrammeIDs: parents, Parents: true}, Order: order, Page: flow.PageArgs{All: true}}
		all, err := r.Ledger.BudgetLines(ctx, q)
		if err != nil {
			return nil, err
		}
		r.prime(ctx, lineRefs(all.Items))
		return pageGroups(all, parents, func(b *flow.BudgetLine) []string { return []string{b.ProgrammeID} }, o.Tag, p)
	})
	page, err := l.Load(ctx, parent)()
	if err != nil {
		return nil, err
	}
	r.prime(ctx, lineRefs(page.Items))
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
			out[i] = &dataloader.Result[*flow.Page[T]]{Data: pages[p], Error: err}
		}
		return out
	}
	l := dataloader.NewBatchedLoader(fn, dataloader.WithWait[string, *flow.Page[T]](c.wait),
		dataloader.WithBatchCapacity[string, *flow.Page[T]](flow.MaxPageSize))
	c.batches[key] = l
	return l
}

// argsKey identifies a child list's arguments.
func argsKey(field string, args ...any) string {
	b, _ := json.Marshal(args)
	return field + string(b)
}

// pageGroups splits every row of a parent-spanning list (fetched whole, in
// order) into one page per parent, applying the window in memory with the
// same cursors the store makes.
func pageGroups[T any](all *flow.Page[T], parents []string, parentOf func(T) []string, tag string, p flow.PageArgs) (map[string]*flow.Page[T], error) {
	w, err := p.Size()
	if err != nil {
		return nil, err
	}
	var at []string
	if w.Cursor != "" {
		if at, err = flow.DecodeCursor(w.Cursor, tag, sortkey.CursorKeys); err != nil {
			return nil, err
		}
	}
	type row struct {
		item   T
		cursor string
		keys   []string
	}
	groups := map[string][]row{}
	for i, it := range all.Items {
		keys, err := flow.DecodeCursor(all.Cursors[i], tag, sortkey.CursorKeys)
		if err != nil {
			return nil, err
		}
		for _, parent := range parentOf(it) {
			groups[parent] = append(groups[parent], row{it, all.Cursors[i], keys})
		}
	}
	out := map[string]*flow.Page[T]{}
	for _, parent := range parents {
		rows := groups[parent]
		var items []T
		var cursors []string
		if w.Backward {
			for i := len(rows) - 1; i >= 0 && len(items) <= w.Limit; i-- {
				if at == nil || sortkey.Less(rows[i].keys, at) {
					items, cursors = append(items, rows[i].item), append(cursors, rows[i].cursor)
				}
			}
		} else {
			for i := 0; i < len(rows) && len(items) <= w.Limit; i++ {
				if at == nil || sortkey.Less(at, rows[i].keys) {
					items, cursors = append(items, rows[i].item), append(cursors, rows[i].cursor)
				}
			}
		}
		page := flow.Paginate(items, cursors, w)
		page.TotalCount = len(rows)
		out[parent] = page
	}
	return out, nil
}

package graph

import (
	"context"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph/model"
)

// side says which end of a flow its parent is.
type side int

const (
	into side = iota
	outOf
)

// childFlows resolves an entity's flow list (inflows, outflows, allocations,
// received) through a per-request loader, so that every parent of the
// request is answered by one store call.
func (r *Resolver) childFlows(ctx context.Context, field string, parent string, s side, kinds []flow.FlowKind,
	where *flow.FlowFilter, orderBy []*flow.FlowOrder, first *int, after *string, last *int, before *string, asOf *flow.Date) (*model.FlowConnection, error) {
	p, err := pageArgs(first, after, last, before)
	if err != nil {
		return nil, err
	}
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
	l := childLoader(ctx, r, key, func(ctx context.Context, parents []string) (map[string]*flow.Page[*flow.Flow], error) {
		q := f
		if s == into {
			q.ToIDs = intersect(f.ToIDs, parents)
		} else {
			q.FromIDs = intersect(f.FromIDs, parents)
		}
		all, err := r.Store.Flows(ctx, flow.FlowQuery{Filter: q, Order: order, Page: flow.PageArgs{All: true}})
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
// per-request loader.
func (r *Resolver) childBudgetLines(ctx context.Context, parent string, where *flow.BudgetLineFilter, orderBy []*flow.BudgetLineOrder,
	first *int, after *string, last *int, before *string, asOf *flow.Date) (*model.BudgetLineConnection, error) {
	p, err := pageArgs(first, after, last, before)
	if err != nil {
		return nil, err
	}
	f := budgetFilter(where, asOf)
	order := derefs(orderBy)
	o, err := flow.BudgetOrdering(order)
	if err != nil {
		return nil, err
	}
	key := argsKey("budgetLines", f, order, p)
	l := childLoader(ctx, r, key, func(ctx context.Context, parents []string) (map[string]*flow.Page[*flow.BudgetLine], error) {
		q := f
		q.ProgrammeIDs = intersect(f.ProgrammeIDs, parents)
		all, err := r.Store.BudgetLines(ctx, flow.BudgetLineQuery{Filter: q, Order: order, Page: flow.PageArgs{All: true}})
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

package graph

import (
	"context"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph/model"
)

// loadAs loads a node through the request's batch and checks its type: a
// reference to a node of the wrong type is a data error, not a panic.
func loadAs[T flow.Node](ctx context.Context, r *Resolver, id string) (T, error) {
	var zero T
	n, err := r.node(ctx, id)
	if err != nil {
		return zero, err
	}
	t, ok := n.(T)
	if !ok {
		return zero, flow.Errorf(flow.EINTERNAL, "node %q is a %T, not a %T", id, n, zero)
	}
	return t, nil
}

// flows lists flows, narrowed to the scope of a shorthand argument, and
// primes the nodes they refer to.
func (r *queryResolver) flows(ctx context.Context, f flow.FlowFilter, scope flow.Scope, orderBy []*flow.FlowOrder, first *int, after *string, last *int, before *string) (*model.FlowConnection, error) {
	p := countWhenAsked(ctx, pageArgs(first, after, last, before))
	page, err := r.Ledger.Flows(ctx, flow.FlowQuery{Filter: f, Scope: scope, Order: derefs(orderBy), Page: p})
	if err != nil {
		return nil, err
	}
	r.prime(ctx, flowRefs(page.Items))
	return flowConnection(page), nil
}

// optionalYear is a year for a nullable field.
func optionalYear(y flow.FinancialYear) *string {
	if y == "" {
		return nil
	}
	s := string(y)
	return &s
}

// optionalString is a text for a nullable field: null when empty.
func optionalString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

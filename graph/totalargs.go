package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/fundflow/fundflow/flow"
)

// intOr is *n, or def when the argument is null.
func intOr(n *int, def int) int {
	if n == nil {
		return def
	}
	return *n
}

// pagesAsked returns the first argument of every selection of a field
// of the totals being resolved (movements or links), defaults applied, so
// that the totals can be refused once for a page out of range, and every
// total's movements read ahead in one store call rather than one per
// total. A first that is not an integer is left to the field itself.
func pagesAsked(ctx context.Context, field string) []int {
	if graphql.GetFieldContext(ctx) == nil {
		return nil
	}
	vars := graphql.GetOperationContext(ctx).Variables
	var firsts []int
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name != field {
			continue
		}
		first := flow.DefaultMovements
		if v, ok := f.ArgumentMap(vars)["first"].(int64); ok {
			first = int(v)
		}
		firsts = append(firsts, first)
	}
	return firsts
}

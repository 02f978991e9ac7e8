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

// movementsAsked reports whether the totals field being resolved selects
// its movements, and the largest first any selection of them gives, so
// that every total's movements can be read ahead in one store call rather
// than one per total. An out-of-range first reads nothing ahead: the
// movements field then reports it.
func movementsAsked(ctx context.Context) (int, bool) {
	if graphql.GetFieldContext(ctx) == nil {
		return 0, false
	}
	vars := graphql.GetOperationContext(ctx).Variables
	most, asked := 0, false
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name != "movements" {
			continue
		}
		first := flow.DefaultMovements
		if v, ok := f.ArgumentMap(vars)["first"]; ok && v != nil {
			n, ok := v.(int64)
			if !ok || n < 1 || n > flow.MaxMovements {
				return 0, false
			}
			first = int(n)
		}
		most, asked = max(most, first), true
	}
	return most, asked
}

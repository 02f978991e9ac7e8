package graph_test

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/fundflow/fundflow/graph"
)

// A document gqlgen has cached was measured when it was first validated:
// the limits do not lex and parse it again. Shown with a limit the cached
// document would fail, which only a second measurement could notice.
func TestValidatedDocumentsAreNotMeasuredAgain(t *testing.T) {
	ctx := context.Background()
	const query = `{ funds { totalCount } sources { totalCount } }` // 4 fields
	cache := lru.New[*ast.QueryDocument](10)
	l := graph.ShapeLimits{MaxFields: 2, Validated: cache}
	if err := l.MutateOperationParameters(ctx, &graphql.RawParams{Query: query}); err == nil {
		t.Fatal("4 fields passed a limit of 2")
	}
	cache.Add(ctx, query, &ast.QueryDocument{})
	if err := l.MutateOperationParameters(ctx, &graphql.RawParams{Query: query}); err != nil {
		t.Errorf("a cached document was measured again: %v", err)
	}
}

package graph

import (
	"context"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/web"
)

// queryCacheSize bounds the parsed-and-validated query cache: the playground
// and front ends send the same few documents over and over.
const queryCacheSize = 1000

// NewHandler returns the /graphql endpoint: gqlgen set up explicitly with
// GET (queries only) and POST transports, a query cache, introspection for
// GraphiQL, request-scoped batch loaders, and an error presenter that never
// shows driver or SQL text to clients.
func NewHandler(r *Resolver) http.Handler {
	srv := handler.New(NewExecutableSchema(Config{Resolvers: r, Complexity: complexity()}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](queryCacheSize))
	srv.Use(extension.Introspection{})
	srv.Use(extension.FixedComplexityLimit(ComplexityLimit))
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		oc := graphql.GetOperationContext(ctx)
		name := oc.OperationName
		if name == "" && oc.Operation != nil {
			name = oc.Operation.Name // the request named it only in the document
		}
		web.SetOperation(ctx, name)
		return next(ctx)
	})
	srv.SetErrorPresenter(r.presentError)
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		r.Logger.Error().Str("request_id", web.RequestID(ctx)).Interface("panic", p).Msg("resolver panicked")
		return &flow.Error{Code: flow.EINTERNAL, Message: "internal error"}
	})
	return Middleware(r, srv)
}

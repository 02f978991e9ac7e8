package graph

import (
	"context"
	"net/http"
	"runtime"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/fundflow/fundflow/auth"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph/transport"
	"github.com/fundflow/fundflow/web"
)

// queryCacheSize bounds the parsed-and-validated query cache: the playground
// and front ends send the same few documents over and over.
const queryCacheSize = 1000

// Options are the endpoint's protections.
type Options struct {
	// Production turns off introspection and every "did you mean"
	// suggestion (fields, arguments, enum values, input fields, types),
	// which would map the schema for an attacker (GraphiQL is off too; see
	// the server).
	Production bool
	// MaxBody bounds a request body (413 beyond).
	MaxBody int64
	// Timeout bounds each operation, parsing and validation included; the
	// deadline reaches the store.
	Timeout time.Duration
	// Shape bounds tokens, expanded fields, selection sets, directives,
	// depth and aliases, before parsing and validation.
	Shape ShapeLimits
	// MaxErrors bounds the errors in one response; one more says how many
	// were left out.
	MaxErrors int
	// Tokens may write; with none the endpoint is read-only.
	Tokens auth.Tokens
	// MaxAnalyses bounds the queries asking totals, a trace, disagreements
	// or search that run at once; the rest wait their turn within their
	// time limit. 0 is no bound.
	MaxAnalyses int
}

// DefaultOptions are the limits the server runs with unless configured:
// 1 MiB bodies, 15 s per operation, 20 errors per response, the shape
// limits of DefaultShapeLimits, and as many analyses at once as there are
// cores (at least two, so that one long analysis never holds up the rest).
func DefaultOptions() Options {
	return Options{MaxBody: 1 << 20, Timeout: 15 * time.Second, MaxErrors: 20, Shape: DefaultShapeLimits(),
		MaxAnalyses: max(2, runtime.GOMAXPROCS(0))}
}

// DefaultShapeLimits suit every documented question with room to spare
// (the largest, 7-totals-by-year, has 152 tokens and 49 fields): 10,000 tokens, 2,000
// fields after fragment expansion, 200 fields in one selection set, 10
// directives at one location, depth 12 and 30 aliases. Introspection may be
// 20 fields deep with 10 nested ofType fields: graphql-js 16's standard
// query is 15 deep with 9 (older versions and other clients use 7 or 8),
// and the deepest useful one, two nested lists of types with a full ofType
// chain, 18.
func DefaultShapeLimits() ShapeLimits {
	return ShapeLimits{MaxTokens: 10_000, MaxFields: 2_000, MaxSelections: 200, MaxDirectives: 10, MaxDepth: 12, MaxAliases: 30,
		MaxIntrospectionDepth: 20, MaxOfTypeDepth: 10}
}

// NewHandler returns the /graphql endpoint: gqlgen set up explicitly with
// fundflow's GraphQL-over-HTTP transport, a query cache, a cost limit
// weighted by page size, depth and alias limits, request-scoped batch
// loaders, and an error presenter that never shows driver or SQL text to
// clients.
func NewHandler(r *Resolver, o Options) http.Handler {
	srv := newServer(r, o, transport.HTTP{MaxBody: o.MaxBody, Timeout: o.Timeout, MaxErrors: o.MaxErrors})
	return auth.Middleware(o.Tokens, Middleware(r, srv))
}

// newServer is gqlgen set up with every protection, serving through tr.
func newServer(r *Resolver, o Options, tr graphql.Transport) *handler.Server {
	srv := handler.New(NewExecutableSchema(Config{Resolvers: r, Complexity: complexity()}))
	srv.AddTransport(tr)
	cache := lru.New[*ast.QueryDocument](queryCacheSize)
	srv.SetQueryCache(cache)
	if o.Production {
		srv.Use(NoIntrospection{})
	} else {
		srv.Use(extension.Introspection{})
	}
	srv.SetDisableSuggestion(o.Production)
	if o.Production {
		srv.SetValidationRulesFn(quietRules)
	}
	// The shape limits run before parsing and validation, so their work
	// and the complexity walk's stay bounded; Deadline runs after them,
	// before the cost calculation.
	shape := o.Shape
	shape.Validated = cache // gqlgen caches only documents that passed the limits
	srv.Use(shape)
	srv.Use(Deadline{})
	srv.Use(extension.FixedComplexityLimit(ComplexityLimit))
	if gate := newAnalysisGate(o.MaxAnalyses, r.Logger); gate != nil {
		srv.AroundOperations(gate.around)
	}
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		oc := graphql.GetOperationContext(ctx)
		name := oc.OperationName
		if name == "" && oc.Operation != nil {
			name = oc.Operation.Name // the request named it only in the document
		}
		web.SetOperation(ctx, name)
		return next(ctx)
	})
	present := r.presentError
	if o.Production {
		present = func(ctx context.Context, err error) *gqlerror.Error {
			gerr := r.presentError(ctx, err)
			gerr.Message = withoutSuggestion(gerr.Message)
			return gerr
		}
	}
	srv.SetErrorPresenter(present)
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		r.Logger.Error().Str("request_id", web.RequestID(ctx)).Interface("panic", p).Msg("resolver panicked")
		return &flow.Error{Code: flow.EINTERNAL, Message: "internal error"}
	})
	return srv
}

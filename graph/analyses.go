package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/rs/zerolog"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/fundflow/fundflow/graph/transport"
	"github.com/fundflow/fundflow/web"
)

// analysisFields are the root fields whose work grows with the data, not
// with a page: totals sum every matching flow, a trace walks the graph,
// disagreements compare every contested record of a year, and search ranks
// every match. (schema/analysis.graphqls)
var analysisFields = map[string]bool{"totals": true, "trace": true, "disagreements": true, "search": true}

// analysisGate lets at most cap(slots) operations that ask an analysis
// field run at once; the others wait their turn, within their own time
// limit. Sixteen disagreements queries at once over a million flows each
// held a year's contested records and a goroutine per field: every one ran
// past the 15 s limit, and the server's RSS reached 865 MB. Taking turns,
// each waits for the ones ahead and then runs at full speed. Operations
// that ask only for pages do not wait.
type analysisGate struct {
	slots chan struct{}
	log   zerolog.Logger
}

func newAnalysisGate(n int, log zerolog.Logger) *analysisGate {
	if n <= 0 {
		return nil
	}
	return &analysisGate{slots: make(chan struct{}, n), log: log}
}

// around is the gqlgen operation middleware: an operation asking an
// analysis field takes a slot before it executes and gives it back when
// its response is made.
func (g *analysisGate) around(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if !asksAnalysis(graphql.GetOperationContext(ctx)) {
		return next(ctx)
	}
	respond := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		select {
		case g.slots <- struct{}{}:
		case <-ctx.Done():
			g.log.Warn().Str("request_id", web.RequestID(ctx)).Msg("operation ended waiting for its turn among the analyses")
			return &graphql.Response{Errors: gqlerror.List{transport.DeadlineError(ctx)}}
		}
		defer func() { <-g.slots }()
		return respond(ctx)
	}
}

// asksAnalysis reports whether a query's root selects an analysis field.
func asksAnalysis(oc *graphql.OperationContext) bool {
	if oc == nil || oc.Operation == nil || oc.Operation.Operation != "query" {
		return false
	}
	for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Query"}) {
		if analysisFields[f.Name] {
			return true
		}
	}
	return false
}

package graph

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph/transport"
	"github.com/fundflow/fundflow/web"
)

// presentError turns every error a resolver returns into a GraphQL error
// with a stable extensions.code. Domain errors keep their message (they are
// written for clients); anything else, such as a driver or SQL failure, is
// logged in full with the request id and reaches the client only as
// INTERNAL with that id, so internals never leak.
func (r *Resolver) presentError(ctx context.Context, err error) *gqlerror.Error {
	gerr := r.present(ctx, err)
	code, _ := gerr.Extensions["code"].(string)
	if code == "" {
		code = "UNKNOWN"
	}
	r.Metrics.Error(code)
	return gerr
}

func (r *Resolver) present(ctx context.Context, err error) *gqlerror.Error {
	gerr := graphql.DefaultErrorPresenter(ctx, err)
	var fe *flow.Error
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		// The operation's deadline passed or its client went away: every
		// field still resolving fails the same way, from the store or from
		// a batch waiting on it. It is one event, answered as the stores
		// answer it and logged once, not once per field (at a million
		// flows, one timed-out disagreements query logged 1,600 lines).
		gerr.Message = "the request was cancelled or timed out"
		if errors.As(err, &fe) && fe.Code == flow.EUNAVAILABLE {
			gerr.Message = fe.Message
		}
		gerr.Extensions = map[string]any{"code": flow.EUNAVAILABLE}
		if firstEnd(ctx) {
			r.Logger.Warn().Str("request_id", web.RequestID(ctx)).Err(err).Str("path", gerr.Path.String()).
				Msg("operation ended before it was answered")
		}
	case errors.As(err, &fe) && fe.Code != flow.EINTERNAL:
		gerr.Message = fe.Message
		gerr.Extensions = map[string]any{"code": fe.Code}
		if len(fe.Problems) > 0 {
			problems := make([]map[string]any, len(fe.Problems))
			for i, p := range fe.Problems {
				if p.Field == "" {
					// A scalar that cannot be read does not know its
					// field; the input's path does ("amountMin").
					p.Field = inputField(gerr.Path)
				}
				problems[i] = map[string]any{"id": p.ID, "field": p.Field, "value": p.Value, "message": p.Message}
			}
			field := problems[0]["field"].(string)
			if fe.Problems[0].Field == "" && field != "" {
				gerr.Message = field + ": " + gerr.Message
			}
			gerr.Extensions["problems"] = problems
			gerr.Extensions["field"] = field
		}
		if fe.Code == flow.EUNAVAILABLE {
			r.Logger.Warn().Str("request_id", web.RequestID(ctx)).Err(err).Msg("store unavailable")
		}
	case isGraphQLError(err):
		// Parse and validation errors from gqlgen describe the request,
		// not the server: they are safe and useful to show, but never echo
		// a huge name or value back at length.
		gerr.Message = shorten(gerr.Message)
		switch gerr.Extensions["code"] {
		case transport.CodeTimeout:
			r.Logger.Warn().Str("request_id", web.RequestID(ctx)).Msg("operation timed out before execution")
		case transport.CodeCancelled:
			r.Logger.Info().Str("request_id", web.RequestID(ctx)).Msg("operation cancelled before execution")
		}
	default:
		id := web.RequestID(ctx)
		cause := err
		if fe != nil && fe.Err != nil {
			cause = fe.Err
		}
		r.Logger.Error().Str("request_id", id).Err(cause).Str("path", gerr.Path.String()).Msg("internal error")
		gerr.Message = "internal error; quote request id " + id + " when reporting it"
		gerr.Extensions = map[string]any{"code": flow.EINTERNAL, "requestId": id}
	}
	return gerr
}

// inputField names the field an error's path ends in, skipping list
// indexes: "amountMin" for flows.where.amountMin, "ids" for ids[2]. A path
// of one element is the resolved field itself, not an input: none.
func inputField(path ast.Path) string {
	if len(path) < 2 {
		return ""
	}
	for i := len(path) - 1; i >= 0; i-- {
		if name, ok := path[i].(ast.PathName); ok {
			return string(name)
		}
	}
	return ""
}

// isGraphQLError reports whether err is gqlgen's own error about the
// request, with no cause from a resolver behind it.
func isGraphQLError(err error) bool {
	var ge *gqlerror.Error
	return errors.As(err, &ge) && ge.Unwrap() == nil
}

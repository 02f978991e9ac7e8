package transport

import (
	"context"
	"errors"
	"strconv"

	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Error codes the transport gives.
const (
	// CodeTimeout is an operation that ran past its deadline, in parsing,
	// validation, the cost calculation or execution.
	CodeTimeout = "TIMEOUT"
	// CodeCancelled is an operation whose client went away.
	CodeCancelled = "CANCELLED"
	// CodeTooManyErrors is the last error of a capped list, saying how many
	// were left out.
	CodeTooManyErrors = "TOO_MANY_ERRORS"
)

func init() {
	for _, c := range []string{CodeTimeout, CodeCancelled, CodeTooManyErrors} {
		errcode.RegisterErrorType(c, errcode.KindProtocol)
	}
}

// DeadlineError is the error for an operation whose context has ended, or
// nil while it is live: a check between the stages of an operation, since
// gqlgen's parser and validator do not watch the context.
func DeadlineError(ctx context.Context) *gqlerror.Error {
	switch err := ctx.Err(); {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled):
		e := gqlerror.Errorf("the request was cancelled")
		errcode.Set(e, CodeCancelled)
		return e
	default:
		e := gqlerror.Errorf("the operation ran past its time limit")
		errcode.Set(e, CodeTimeout)
		return e
	}
}

// capErrors keeps the first max errors and replaces the rest by one saying
// how many there were, so a document that fails validation everywhere
// cannot make the response (or the error presenter's work) grow with it.
// max of 0 is no cap.
func capErrors(list gqlerror.List, max int) gqlerror.List {
	if max <= 0 || len(list) <= max {
		return list
	}
	more := len(list) - max
	left := strconv.Itoa(more) + " more errors were left out"
	if more == 1 {
		left = "1 more error was left out"
	}
	summary := gqlerror.Errorf("%s; %d errors in all", left, len(list))
	errcode.Set(summary, CodeTooManyErrors)
	return append(list[:max:max], summary)
}

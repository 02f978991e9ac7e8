package neo4j

import (
	"context"
	"errors"
	"strings"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/fundflow/fundflow/flow"
)

// mapError turns a driver error into a flow error with a stable code. The
// driver's own text stays in Err, for logs only.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	var fe *flow.Error
	if errors.As(err, &fe) {
		return err // already a domain error, from inside a unit of work
	}
	var limit *driver.TransactionExecutionLimit
	if errors.As(err, &limit) && len(limit.Errors) > 0 {
		// Retries ran out: classify by the last failure.
		if m := mapError(limit.Errors[len(limit.Errors)-1]); flow.ErrorCode(m) != flow.EINTERNAL {
			return &flow.Error{Code: flow.ErrorCode(m), Message: flow.ErrorMessage(m), Err: err}
		}
	}
	return &flow.Error{Code: code(err), Message: "neo4j: " + summary(err), Err: err}
}

// code classifies a driver error.
func code(err error) string {
	var (
		nerr *driver.Neo4jError
		cerr *driver.ConnectivityError
	)
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		return flow.EUNAVAILABLE
	case errors.As(err, &cerr):
		return flow.EUNAVAILABLE
	case errors.As(err, &nerr):
		switch {
		case nerr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			return flow.ECONFLICT
		case strings.HasPrefix(nerr.Code, "Neo.ClientError.Security."),
			nerr.Code == "Neo.ClientError.Database.DatabaseNotFound",
			strings.HasPrefix(nerr.Code, "Neo.TransientError."):
			return flow.EUNAVAILABLE
		}
	}
	return flow.EINTERNAL
}

// summary says what went wrong without the driver's internals: it is shown
// to operators at startup and in load errors, never to API clients for
// INTERNAL errors.
func summary(err error) string {
	var (
		nerr *driver.Neo4jError
		cerr *driver.ConnectivityError
	)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case errors.Is(err, context.Canceled):
		return "the request was cancelled"
	case errors.As(err, &cerr):
		return "cannot reach the server"
	case errors.As(err, &nerr):
		switch {
		case nerr.Code == "Neo.ClientError.Security.Unauthorized":
			return "authentication failed: check NEO4J_USERNAME and NEO4J_PASSWORD"
		case strings.HasPrefix(nerr.Code, "Neo.ClientError.Security."):
			return "the server refused access (" + nerr.Code + ")"
		case nerr.Code == "Neo.ClientError.Database.DatabaseNotFound":
			return "the database does not exist: check NEO4J_DATABASE"
		case nerr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			return "an id is already in use"
		case strings.HasPrefix(nerr.Code, "Neo.TransientError."):
			return "the server is busy; try again"
		}
	}
	return "internal error"
}

// describe renders a startup failure for the operator: the summary and the
// driver's own words, which name the cause precisely.
func describe(err error) string {
	detail := err.Error()
	var fe *flow.Error
	if errors.As(err, &fe) && fe.Err != nil {
		detail = fe.Err.Error()
	}
	return summary(err) + " (" + detail + ")"
}

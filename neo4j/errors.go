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

// Neo4j status codes the store classifies (Neo4j Status Codes, "List of
// all server error codes"). Memory: the transaction outgrew
// db.memory.transaction.max (a client error), the pool of every
// transaction's memory, dbms.memory.transaction.total.max, ran out, or the
// JVM did (both transient, which the driver would retry). Timeouts: the
// transaction outlived db.transaction.timeout or the timeout the driver
// sent with it.
const (
	codeTxOutOfMemory   = "Neo.ClientError.General.TransactionOutOfMemoryError"
	codePoolOutOfMemory = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"
	codeOutOfMemory     = "Neo.TransientError.General.OutOfMemoryError"
	codeTimedOut        = "Neo.ClientError.Transaction.TransactionTimedOut"
	codeTimedOutClient  = "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"
	codeConstraint      = "Neo.ClientError.Schema.ConstraintValidationFailed"
)

// neo4jCode is the status code of a server error, or "".
func neo4jCode(err error) string {
	var nerr *driver.Neo4jError
	if errors.As(err, &nerr) {
		return nerr.Code
	}
	return ""
}

// isMemory reports a server error that says the transaction needed more
// memory than the server allows.
func isMemory(err error) bool {
	switch neo4jCode(err) {
	case codeTxOutOfMemory, codePoolOutOfMemory, codeOutOfMemory:
		return true
	}
	return false
}

// isTimeout reports a server error that says the transaction ran past its
// timeout.
func isTimeout(err error) bool {
	switch neo4jCode(err) {
	case codeTimedOut, codeTimedOutClient:
		return true
	}
	return false
}

// tooLargeMessage tells the operator what to change: the batch size, the
// rows each transaction of a load writes, or the server's transaction
// memory, which one batch must fit (docs/neo4j.md, "Memory").
const tooLargeMessage = "neo4j: the transaction needs more memory than the server allows: " +
	"lower NEO4J_BATCH_SIZE (--neo4j-batch-size), the rows each load transaction writes, " +
	"or raise db.memory.transaction.max and dbms.memory.transaction.total.max"

// final hides a server error from the driver's retry check, which finds a
// retryable Neo4jError with errors.As: a memory error would fail again on
// every retry of the same work, so retrying a whole load on it only wastes
// the server's time. Error keeps the driver's words for the logs.
type final struct{ err error }

func (f final) Error() string { return f.err.Error() }

// notRetried turns a memory error from inside a unit of work into the
// TOO_LARGE error it will be mapped to, so that the driver stops at once.
// Any other error is returned as it is.
func notRetried(err error) error {
	if err == nil || !isMemory(err) {
		return err
	}
	return &flow.Error{Code: flow.ETOOLARGE, Message: tooLargeMessage, Err: final{err}}
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
		case nerr.Code == codeConstraint:
			return flow.ECONFLICT
		case isMemory(nerr):
			return flow.ETOOLARGE
		// flow has no code of its own for a timeout: like a request
		// context's deadline, and like the embedded store's, it is
		// UNAVAILABLE, and the message says it timed out.
		case isTimeout(nerr), strings.HasPrefix(nerr.Code, "Neo.ClientError.Security."),
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
		case nerr.Code == codeConstraint:
			return "an id is already in use"
		case isMemory(nerr):
			return strings.TrimPrefix(tooLargeMessage, "neo4j: ")
		case isTimeout(nerr):
			return "timed out on the server"
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

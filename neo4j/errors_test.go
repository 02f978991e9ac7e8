package neo4j

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/fundflow/fundflow/flow"
)

func TestMapError(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		code string
		msg  string
	}{
		{"Connectivity", &driver.ConnectivityError{Inner: errors.New("dial tcp 127.0.0.1:7687: connect: connection refused")},
			flow.EUNAVAILABLE, "cannot reach the server"},
		{"Authentication", &driver.Neo4jError{Code: "Neo.ClientError.Security.Unauthorized", Msg: "The client is unauthorized due to authentication failure."},
			flow.EUNAVAILABLE, "authentication failed: check NEO4J_USERNAME and NEO4J_PASSWORD"},
		{"UnknownDatabase", &driver.Neo4jError{Code: "Neo.ClientError.Database.DatabaseNotFound", Msg: "Database does not exist. Database name: 'fundflw'."},
			flow.EUNAVAILABLE, "the database does not exist: check NEO4J_DATABASE"},
		{"ConstraintViolation", &driver.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed", Msg: "Node(12) already exists with label `Node` and property `id` = 'wifi'"},
			flow.ECONFLICT, "an id is already in use"},
		{"Transient", &driver.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected", Msg: "deadlock"},
			flow.EUNAVAILABLE, "the server is busy"},
		{"RetriesExhausted", &driver.TransactionExecutionLimit{Cause: "timeout", Errors: []error{
			&driver.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable"}, &driver.ConnectivityError{Inner: errors.New("reset")}}},
			flow.EUNAVAILABLE, "cannot reach the server"},
		{"Deadline", fmt.Errorf("run: %w", context.DeadlineExceeded), flow.EUNAVAILABLE, "timed out"},
		{"TransactionMemory", &driver.Neo4jError{Code: "Neo.ClientError.General.TransactionOutOfMemoryError", Msg: "The allocation of an extra 2.0 MiB would use more than the limit 1.0 GiB."},
			flow.ETOOLARGE, "lower NEO4J_BATCH_SIZE (--neo4j-batch-size), the rows each load transaction writes"},
		{"MemoryPool", &driver.Neo4jError{Code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError", Msg: "dbms.memory.transaction.total.max threshold reached"},
			flow.ETOOLARGE, "lower NEO4J_BATCH_SIZE (--neo4j-batch-size), the rows each load transaction writes"},
		{"RetriedMemory", &driver.TransactionExecutionLimit{Cause: "timeout", Errors: []error{
			&driver.Neo4jError{Code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError"}}},
			flow.ETOOLARGE, "NEO4J_BATCH_SIZE"},
		{"ServerTimeout", &driver.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", Msg: "The transaction has been terminated."},
			flow.EUNAVAILABLE, "timed out"},
		{"ServerTimeoutSetting", &driver.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOut", Msg: "The transaction has not completed within the specified timeout."},
			flow.EUNAVAILABLE, "timed out"},
		{"SyntaxIsInternal", &driver.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "Invalid input 'RETRUN'"},
			flow.EINTERNAL, "internal error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := mapError(tc.err)
			if got := flow.ErrorCode(err); got != tc.code {
				t.Errorf("code: got %s, want %s", got, tc.code)
			}
			if msg := flow.ErrorMessage(err); !strings.Contains(msg, tc.msg) {
				t.Errorf("message: got %q, want it to contain %q", msg, tc.msg)
			}
			// The driver's own words are kept for logs, not for clients.
			if !errors.Is(err, tc.err) {
				t.Errorf("cause lost: %v", err)
			}
			if tc.code == flow.EINTERNAL && strings.Contains(flow.ErrorMessage(err), "RETRUN") {
				t.Errorf("client message leaks the statement: %q", flow.ErrorMessage(err))
			}
		})
	}

	// A memory error from inside a unit of work is final: the driver,
	// which would retry a transient error, does not see one, and the
	// error maps to TOO_LARGE with the driver's words kept for the logs.
	t.Run("MemoryIsNotRetried", func(t *testing.T) {
		cause := &driver.Neo4jError{Code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError", Msg: "threshold reached"}
		if !driver.IsRetryable(cause) {
			t.Fatal("the driver does not retry the pool's memory error: this test proves nothing")
		}
		err := notRetried(fmt.Errorf("run load-PAID_TO: %w", cause))
		if driver.IsRetryable(err) {
			t.Errorf("the driver would retry %v", err)
		}
		if got := mapError(err); flow.ErrorCode(got) != flow.ETOOLARGE || !strings.Contains(got.Error(), "NEO4J_BATCH_SIZE") ||
			!strings.Contains(errors.Unwrap(got).Error(), "threshold reached") {
			t.Errorf("got %v (%s), cause %v", got, flow.ErrorCode(got), errors.Unwrap(got))
		}
		// Every other error stays retryable, or not, as it was.
		busy := &driver.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected"}
		if got := notRetried(busy); got != error(busy) || !driver.IsRetryable(got) {
			t.Errorf("a deadlock became %v", got)
		}
	})

	t.Run("DomainErrorsPassThrough", func(t *testing.T) {
		want := flow.Errorf(flow.ECONFLICT, "dataset x: 1 ids belong to another dataset")
		if got := mapError(want); got != want {
			t.Errorf("got %v, want the same error", got)
		}
	})

	t.Run("StartupMessageNamesCause", func(t *testing.T) {
		got := describe(&driver.Neo4jError{Code: "Neo.ClientError.Security.Unauthorized", Msg: "The client is unauthorized due to authentication failure."})
		if !strings.Contains(got, "authentication failed") || !strings.Contains(got, "unauthorized due to authentication failure") {
			t.Errorf("got %q", got)
		}
	})
}

// TestWriteErrorsKeepTheirCode checks what the writes (RecordFlow,
// SaveNode, UpdateFlow) return for a driver failure: its own code, never
// NOT_FOUND and never INTERNAL for a busy, timed-out or overloaded server.
func TestWriteErrorsKeepTheirCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		code string
	}{
		{&driver.Neo4jError{Code: "Neo.TransientError.Transaction.LockClientStopped"}, flow.EUNAVAILABLE},
		{&driver.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"}, flow.EUNAVAILABLE},
		{notRetried(&driver.Neo4jError{Code: "Neo.ClientError.General.TransactionOutOfMemoryError"}), flow.ETOOLARGE},
		{&driver.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed"}, flow.ECONFLICT},
		{&driver.Neo4jError{Code: "Neo.DatabaseError.General.UnknownError"}, flow.EINTERNAL},
	} {
		if got := internal("record flow f", mapError(tc.err)); flow.ErrorCode(got) != tc.code {
			t.Errorf("%v: got %s (%v), want %s", tc.err, flow.ErrorCode(got), got, tc.code)
		}
	}
}

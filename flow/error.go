package flow

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes are the only error vocabulary that crosses the Store boundary
// and reaches API clients (as extensions.code). They are stable: clients
// switch on them.
const (
	ECONFLICT        = "CONFLICT"        // the write clashes with data already stored
	EINTERNAL        = "INTERNAL"        // a bug or an unexpected backend failure
	EINVALID         = "INVALID"         // the input breaks a rule; Problems says which
	ENOTFOUND        = "NOT_FOUND"       // the named thing does not exist
	EUNAVAILABLE     = "UNAVAILABLE"     // the backend cannot be reached right now
	ETOOLARGE        = "LIMIT_EXCEEDED"  // a request asks for more than the service allows
	EUNAUTHENTICATED = "UNAUTHENTICATED" // a write without a valid bearer token
	EFORBIDDEN       = "FORBIDDEN"       // a write to a read-only server
)

// Error is a domain error: a code for programs, a message for people and,
// for EINVALID, every problem found rather than just the first.
type Error struct {
	Code     string
	Message  string
	Problems []Problem
	// Err is the underlying cause, kept for logs only: it is never shown to
	// API clients because driver and SQL text can leak internals.
	Err error
}

// Error renders the message followed by one problem per line, the form the
// loader prints and tests compare.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Unwrap exposes the cause to errors.Is and errors.As in logs and tests.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Internal wraps an unexpected backend failure. The message shown to clients
// is generic; the cause stays in Err for the logs.
func Internal(op string, err error) *Error {
	return &Error{Code: EINTERNAL, Message: op + ": internal error", Err: fmt.Errorf("%s: %w", op, err)}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, and
// EINTERNAL for any other non-nil error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the client-safe message of err: the message of an
// *Error, or a generic text for anything else.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// Problem is one rule broken by one value. Path locates the value in the
// dataset ("flows[3].amount.low"); the loader fills File and Line from it.
type Problem struct {
	File    string
	Line    int
	Path    string
	ID      string
	Field   string
	Value   string
	Message string
}

// String renders "file:line: id: field: message (got "value")", leaving out
// the parts that are unknown.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	}
	if p.ID != "" {
		fmt.Fprintf(&b, "%s: ", p.ID)
	}
	if p.Field != "" {
		fmt.Fprintf(&b, "%s: ", p.Field)
	}
	b.WriteString(p.Message)
	if p.Value != "" {
		fmt.Fprintf(&b, " (got %q)", p.Value)
	}
	return b.String()
}

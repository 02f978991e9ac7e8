// Package web holds fundflow's HTTP plumbing that is not GraphQL: request
// ids, the access log, panic recovery, health checks and the GraphiQL page.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"regexp"
	"sync"
)

// RequestIDHeader carries the request id in and out: a client or proxy may
// supply one, and every response returns the one used, so a user reporting
// an error can quote it and an operator can find the log line.
const RequestIDHeader = "X-Request-ID"

type infoKey struct{}

// info is what the access log learns about a request while it is served.
type info struct {
	id string
	mu sync.Mutex
	op string
}

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	if in, ok := ctx.Value(infoKey{}).(*info); ok {
		return in.id
	}
	return ""
}

// SetOperation records the GraphQL operation name for the access log.
func SetOperation(ctx context.Context, name string) {
	if in, ok := ctx.Value(infoKey{}).(*info); ok {
		in.mu.Lock()
		in.op = name
		in.mu.Unlock()
	}
}

func (in *info) operation() string {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.op
}

// validID accepts client-supplied ids that are safe to echo and log.
var validID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// withInfo assigns the request its id and returns the request carrying it.
func withInfo(w http.ResponseWriter, r *http.Request) (*http.Request, *info) {
	id := r.Header.Get(RequestIDHeader)
	if !validID.MatchString(id) {
		id = newRequestID()
	}
	w.Header().Set(RequestIDHeader, id)
	in := &info{id: id}
	return r.WithContext(context.WithValue(r.Context(), infoKey{}, in)), in
}

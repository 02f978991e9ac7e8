package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/rs/zerolog"
)

// readyTimeout bounds a readiness check, so a hung database makes the check
// fail rather than hang the prober.
const readyTimeout = 3 * time.Second

// Readyz answers 200 when ping reaches the store and 503 when it does not,
// so a load balancer stops sending traffic to an instance whose database is
// away. The cause goes to the log with the request id, not to the prober.
func Readyz(ping func(context.Context) error, log zerolog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := ping(ctx); err != nil {
			log.Warn().Str("request_id", RequestID(r.Context())).Err(err).AnErr("cause", errors.Unwrap(err)).Msg("not ready: store unreachable")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("not ready: the store is unreachable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
}

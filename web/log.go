package web

import (
	"net/http"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/metrics"
)

// statusWriter remembers the status and size of a response for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Logged gives every request an id and writes one access-log line when it
// ends: method, path, status, bytes, duration and GraphQL operation name. A
// panic is logged with the request id and answered with a 500 that leaks
// nothing. now is the clock, passed in so tests can fix durations; m, when
// not nil, counts the request by operation, path and status.
func Logged(log zerolog.Logger, now func() time.Time, m *metrics.Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := now()
		r, in := withInfo(w, r)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.Error().Str("request_id", in.id).Interface("panic", p).Msg("handler panicked")
				if sw.status == 0 {
					http.Error(sw, "internal error; request id "+in.id, http.StatusInternalServerError)
				}
			}
			m.Request(in.operation(), r.URL.Path, sw.status, now().Sub(start))
			ev := log.Info()
			if sw.status >= 500 {
				ev = log.Error()
			}
			ev.Str("request_id", in.id).
				Str("method", r.Method).
				Str("path", r.URL.Path).
				Int("status", sw.status).
				Int("bytes", sw.bytes).
				Dur("duration_ms", now().Sub(start)).
				Str("operation", in.operation()).
				Msg("request")
		}()
		next.ServeHTTP(sw, r)
	})
}

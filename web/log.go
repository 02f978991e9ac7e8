package web

import (
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

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
// ends: client address, method, path, route, status, bytes, duration and
// GraphQL operation name. A panic is logged with the request id and
// answered with a 500 that leaks nothing. now is the clock, passed in so
// tests can fix durations; m, when not nil, counts the request by
// operation, route and status. next should be the http.ServeMux, whose
// matched pattern names the route.
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
			route := Route(r)
			m.Request(in.operation(), route, sw.status, now().Sub(start))
			ev := log.Info()
			if sw.status >= 500 {
				ev = log.Error()
			}
			ev.Str("request_id", in.id).
				Str("client", clientString(r)).
				Str("method", r.Method).
				Str("path", truncate(r.URL.Path, maxLoggedPath)).
				Str("route", route).
				Int("status", sw.status).
				Int("bytes", sw.bytes).
				Dur("duration_ms", now().Sub(start)).
				Str("operation", truncate(in.operation(), maxLoggedPath)).
				Msg("request")
		}()
		next.ServeHTTP(sw, r)
	})
}

// maxLoggedPath bounds the client-chosen strings in a log line.
const maxLoggedPath = 256

// Route is the route template r was served by: the ServeMux pattern it
// matched, without its method ("GET /healthz" is "/healthz", "/{$}" is
// "/"), or "other" when none matched (404s, 405s). Unlike the raw path it
// has a fixed set of values, so it is safe as a metrics label. The mux sets
// the pattern on the request it was given, so Route works after the mux
// has served r.
func Route(r *http.Request) string {
	p := r.Pattern
	if _, rest, ok := strings.Cut(p, " "); ok {
		p = rest
	}
	p = strings.TrimSuffix(p, "{$}")
	if p == "" {
		return "other"
	}
	return p
}

// clientString is the client address for the log, or the raw peer.
func clientString(r *http.Request) string {
	if a := clientOf(r); a.IsValid() {
		return a.String()
	}
	return r.RemoteAddr
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

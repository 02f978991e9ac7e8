package bench

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/graph"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/metrics"
	"github.com/fundflow/fundflow/sqlite"
	"github.com/fundflow/fundflow/web"
)

// handler is /graphql over the loaded store, built as the server builds it
// (server.go's newMux) with the default limits and no rate limit: the
// metrics-counting store under the ledger, the GraphQL handler, and the
// access log (to a discarding logger).
var handler = sync.OnceValues(func() (http.Handler, error) {
	path, err := loadedDB()
	if err != nil {
		return nil, err
	}
	st, err := sqlite.Open(context.Background(), path, time.Now)
	if err != nil {
		return nil, err
	}
	m := metrics.New()
	log := zerolog.Nop()
	svc := ledger.New(metrics.Store(st, m), log, time.Now)
	h := graph.NewHandler(&graph.Resolver{Ledger: svc, Logger: log, Metrics: m}, graph.DefaultOptions())
	return web.Logged(log, time.Now, m, h), nil
})

func mustHandler(b testing.TB) http.Handler {
	b.Helper()
	h, err := handler()
	if err != nil {
		b.Fatal(err)
	}
	return h
}

// do sends body to h and returns the response.
func do(h http.Handler, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// failed reports whether a response is not a clean answer.
func failed(rec *httptest.ResponseRecorder) bool {
	return rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`))
}

func clip(b []byte) string {
	if len(b) > 400 {
		return string(b[:400]) + "..."
	}
	return string(b)
}

// baselines are {__typename}'s results by concurrency, measured once per
// run (3,000 requests) the first time a query needs them.
var (
	baselineMu sync.Mutex
	baselines  = map[int]Result{}
)

// send is a Drive function sending body to h.
func send(h http.Handler, body []byte) func() bool {
	return func() bool { return !failed(do(h, body)) }
}

func baseline(b testing.TB, c int) Result {
	baselineMu.Lock()
	defer baselineMu.Unlock()
	if r, ok := baselines[c]; ok {
		return r
	}
	s := send(mustHandler(b), Request(Typename, nil))
	Drive(s, 300, c) // warm up: the query cache, the connection pool
	r := Drive(s, 3000, c)
	baselines[c] = r
	return r
}

// BenchmarkQuery runs each query through the handler at 1 and 16
// concurrent requests and reports its rate (req/s) and p99 latency, each
// also as a ratio to {__typename}'s in the same run: x-typename is the
// query's rate as a share of the baseline's (the targets are 0.2
// and 0.02), p99-x-typename its p99 as a multiple of the baseline's (the
// target: at most 20). errors counts responses with errors (timeouts at
// c=16, LIMIT_EXCEEDED), which the numbers include.
func BenchmarkQuery(b *testing.B) {
	h := mustHandler(b)
	for _, q := range Queries() {
		b.Run(q.Name, func(b *testing.B) {
			body := q.Body
			if q.Name == "deep-page" {
				var ok bool
				rec := do(h, DeepCursorRequest(*flows))
				if body, ok = DeepPage(rec.Body.Bytes()); !ok {
					b.Fatalf("no deep cursor: %s", clip(rec.Body.Bytes()))
				}
			}
			if rec := do(h, body); failed(rec) {
				b.Fatalf("%s answers with errors: %s", q.Name, clip(rec.Body.Bytes()))
			}
			for _, c := range []int{1, 16} {
				b.Run(fmt.Sprintf("c=%d", c), func(b *testing.B) {
					base := baseline(b, c)
					b.ResetTimer()
					r := Drive(send(h, body), max(b.N, c), c)
					b.StopTimer()
					b.ReportMetric(r.PerSecond, "req/s")
					b.ReportMetric(float64(r.P99.Microseconds())/1000, "p99-ms")
					b.ReportMetric(r.PerSecond/base.PerSecond, "x-typename")
					b.ReportMetric(float64(r.P99)/float64(base.P99), "p99-x-typename")
					b.ReportMetric(float64(r.Errors), "errors")
				})
			}
		})
	}
}

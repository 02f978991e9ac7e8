package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/examples"
	"github.com/fundflow/fundflow/graph"
	"github.com/fundflow/fundflow/internal/gen"
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

// request is a GraphQL POST body.
func request(query string, vars map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		panic(err)
	}
	return b
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

// typename is the baseline query: the cheapest the handler answers.
const typename = `{__typename}`

// benchQuery is one benchmarked query.
type benchQuery struct {
	name string
	body func(testing.TB) []byte
}

// benchQueries are the docs/questions.md queries and the others.
func benchQueries() []benchQuery {
	qs := []benchQuery{{"typename", func(testing.TB) []byte { return request(typename, nil) }}}
	for _, ex := range examples.All() {
		qs = append(qs, benchQuery{ex.Name, func(testing.TB) []byte { return request(ex.Query, nil) }})
	}
	return append(qs,
		benchQuery{"deep-page", deepPage},
		benchQuery{"totals-by-year", func(testing.TB) []byte {
			return request(`{ totals(groupBy: [YEAR]) { key measure count movementCount amount { amount low high qualifier } } }`, nil)
		}},
		benchQuery{"trace-4-hops", func(testing.TB) []byte {
			return request(`{ trace(from: "phc-2020", maxHops: 4) { paths { length bottleneck { formatted } hops { id kind year } } pageInfo { hasNextPage } } }`, nil)
		}},
		benchQuery{"search", func(testing.TB) []byte {
			return request(`{ search(text: "cyber security paid") { edges { node { __typename } matched { field text } } } }`, nil)
		}},
		benchQuery{"nested-lists", func(testing.TB) []byte {
			return request(`{ programmes(first: 50) { nodes { id outflows(first: 5) { nodes { id amount { formatted } } } } } }`, nil)
		}},
	)
}

// deepPage is a page of 50 flows nine tenths of the way down the list
// (default order: by id, which is generation order), from the cursor of
// the flow there.
func deepPage(b testing.TB) []byte {
	b.Helper()
	id := gen.FlowID(*flows * 9 / 10)
	rec := do(mustHandler(b), request(`query($ids: [ID!]) { flows(where: {ids: $ids}) { edges { cursor } } }`, map[string]any{"ids": []string{id}}))
	var out struct {
		Data struct {
			Flows struct{ Edges []struct{ Cursor string } }
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || len(out.Data.Flows.Edges) != 1 {
		b.Fatalf("no cursor for %s: %v %s", id, err, clip(rec.Body.Bytes()))
	}
	return request(`query($after: String) { flows(first: 50, after: $after) { nodes { id kind amount { formatted } } pageInfo { hasNextPage endCursor } } }`,
		map[string]any{"after": out.Data.Flows.Edges[0].Cursor})
}

// result is what one run of a query at one concurrency measured.
type result struct {
	perSecond float64
	p99       time.Duration
	errors    int
}

// run sends body n times from c workers and measures the rate, the 99th
// percentile latency and the responses that were not clean answers.
func run(h http.Handler, body []byte, n, c int) result {
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var errs atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t := time.Now()
				rec := do(h, body)
				lat[i] = time.Since(t)
				if failed(rec) {
					errs.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	return result{perSecond: float64(n) / elapsed.Seconds(), p99: lat[(len(lat)*99)/100], errors: int(errs.Load())}
}

// baselines are {__typename}'s results by concurrency, measured once per
// run (3,000 requests) the first time a query needs them.
var (
	baselineMu sync.Mutex
	baselines  = map[int]result{}
)

func baseline(b testing.TB, c int) result {
	baselineMu.Lock()
	defer baselineMu.Unlock()
	if r, ok := baselines[c]; ok {
		return r
	}
	r := run(mustHandler(b), request(typename, nil), 3000, c)
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
	for _, q := range benchQueries() {
		b.Run(q.name, func(b *testing.B) {
			body := q.body(b)
			if rec := do(h, body); failed(rec) {
				b.Fatalf("%s answers with errors: %s", q.name, clip(rec.Body.Bytes()))
			}
			for _, c := range []int{1, 16} {
				b.Run(fmt.Sprintf("c=%d", c), func(b *testing.B) {
					base := baseline(b, c)
					b.ResetTimer()
					r := run(h, body, max(b.N, c), c)
					b.StopTimer()
					b.ReportMetric(r.perSecond, "req/s")
					b.ReportMetric(float64(r.p99.Microseconds())/1000, "p99-ms")
					b.ReportMetric(r.perSecond/base.perSecond, "x-typename")
					b.ReportMetric(float64(r.p99)/float64(base.p99), "p99-x-typename")
					b.ReportMetric(float64(r.errors), "errors")
				})
			}
		})
	}
}

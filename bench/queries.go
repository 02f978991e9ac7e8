package bench

import (
	"encoding/json"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fundflow/fundflow/examples"
	"github.com/fundflow/fundflow/internal/gen"
)

// Typename is the baseline query: the cheapest the handler answers.
const Typename = `{__typename}`

// Query is one benchmarked GraphQL request.
type Query struct {
	Name string
	// Body is the POST body; for the deep page it needs the cursor
	// (DeepPage), so it is empty here.
	Body []byte
}

// Request is the POST body of a GraphQL query with its variables.
func Request(query string, vars map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		panic(err) // the values are strings and lists of them
	}
	return b
}

// Queries are the baseline, the docs/questions.md queries and the issue's
// others: a deep cursor page of flows (deep-page, whose Body DeepPage
// makes), totals by year over everything (kept between requests, and
// summed on every request), a 4-hop trace from a fund,
// search, and nested lists.
func Queries() []Query {
	qs := []Query{{"typename", Request(Typename, nil)}}
	for _, ex := range examples.All() {
		qs = append(qs, Query{ex.Name, Request(ex.Query, nil)})
	}
	return append(qs,
		Query{Name: "deep-page"},
		Query{"totals-by-year", Request(`{ totals(groupBy: [YEAR]) { key measure count movementCount amount { amount low high qualifier } } }`, nil)},
		// The same, asking for the links too, which the service does not
		// keep between requests (ledger.TotalSums): every request sums.
		Query{"totals-by-year-summed", Request(`{ totals(groupBy: [YEAR]) { key measure count movementCount amount { amount low high qualifier } links(first: 1) { id } } }`, nil)},
		Query{"trace-4-hops", Request(`{ trace(from: "phc-2020", maxHops: 4) { paths { length bottleneck { formatted } hops { id kind year } } pageInfo { hasNextPage } } }`, nil)},
		Query{"search", Request(`{ search(text: "cyber security paid") { edges { node { __typename } matched { field text } } } }`, nil)},
		Query{"nested-lists", Request(`{ programmes(first: 50) { nodes { id outflows(first: 5) { nodes { id amount { formatted } } } } } }`, nil)},
	)
}

// DeepCursorRequest asks for the cursor of the flow nine tenths of the way
// down the list of a generated dataset of n flows (the default order is by
// id, which is generation order).
func DeepCursorRequest(n int) []byte {
	return Request(`query($ids: [ID!]) { flows(where: {ids: $ids}) { edges { cursor } } }`,
		map[string]any{"ids": []string{gen.FlowID(n * 9 / 10)}})
}

// DeepPage is the deep-page query: 50 flows after the cursor that
// DeepCursorRequest's answer holds.
func DeepPage(answer []byte) ([]byte, bool) {
	var out struct {
		Data struct {
			Flows struct{ Edges []struct{ Cursor string } }
		}
	}
	if err := json.Unmarshal(answer, &out); err != nil || len(out.Data.Flows.Edges) != 1 {
		return nil, false
	}
	return Request(`query($after: String) { flows(first: 50, after: $after) { nodes { id kind amount { formatted } } pageInfo { hasNextPage endCursor } } }`,
		map[string]any{"after": out.Data.Flows.Edges[0].Cursor}), true
}

// Result is what n requests from c workers measured.
type Result struct {
	PerSecond float64
	P99       time.Duration
	Errors    int
}

// Drive calls send n times from c workers and measures the rate, the 99th
// percentile latency and how many sends reported failure.
func Drive(send func() bool, n, c int) Result {
	lat := make([]time.Duration, n)
	var next, errs atomic.Int64
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
				ok := send()
				lat[i] = time.Since(t)
				if !ok {
					errs.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	return Result{PerSecond: float64(n) / elapsed.Seconds(), P99: lat[len(lat)*99/100], Errors: int(errs.Load())}
}

// DriveFor is Drive for about d: it calibrates n from one request first.
func DriveFor(send func() bool, d time.Duration, c int) Result {
	t := time.Now()
	send()
	one := max(time.Since(t), time.Microsecond)
	n := int(d/one) * max(1, min(c, 2)) // two cores: at most twice as many at once
	return Drive(send, max(n, c, 10), c)
}

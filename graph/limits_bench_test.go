package graph

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/examples"
)

// grab is a transport that hands over gqlgen's executor, so a benchmark
// can run parsing, the limits, validation and the cost calculation
// (CreateOperationContext) without HTTP or a store.
type grab struct{ exec *graphql.GraphExecutor }

func (grab) Supports(*http.Request) bool { return true }

func (g grab) Do(_ http.ResponseWriter, _ *http.Request, exec graphql.GraphExecutor) { *g.exec = exec }

func executor(tb testing.TB) graphql.GraphExecutor {
	tb.Helper()
	var exec graphql.GraphExecutor
	srv := newServer(&Resolver{Logger: zerolog.Nop()}, DefaultOptions(), grab{&exec})
	srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/graphql", nil))
	if exec == nil {
		tb.Fatal("no executor")
	}
	return exec
}

// prepare runs everything before execution on query; a counter in a
// comment makes every document new to the query cache, so validation runs
// each time.
func prepare(exec graphql.GraphExecutor, query string, i int) {
	_, _ = exec.CreateOperationContext(graphql.StartOperationTrace(context.Background()), &graphql.RawParams{Query: query + "\n#" + strconv.Itoa(i)})
}

// loop runs prepare on query for the benchmark and returns its time per
// byte in nanoseconds.
func loop(b *testing.B, exec graphql.GraphExecutor, query string) float64 {
	n := 0
	for b.Loop() {
		n++
		prepare(exec, query, int(serial.Add(1)))
	}
	return float64(b.Elapsed().Nanoseconds()) / float64(n) / float64(len(query))
}

// serial numbers every document the benchmarks prepare, across runs too:
// with -count 2 a counter that restarted would find the first run's
// documents in the query cache, and time neither the limits nor validation.
var serial atomic.Int64

// BenchmarkLimits times parsing, the limits, validation and the cost
// calculation of each measured attack, and reports its time per byte as a
// multiple of the largest README question's from the same run
// (x-baseline/byte): the attacks are 1 KB to 750 KB and the question 1 KB,
// so per byte is the fair measure of work that must grow at most linearly.
// The "Accepted" shapes are the worst of each attack within the limits,
// which validation does run; IntrospectionAccepted is graphql-js's
// standard introspection query.
func BenchmarkLimits(b *testing.B) {
	exec := executor(b)
	var baseline string
	for _, ex := range examples.All() {
		if len(ex.Query) > len(baseline) {
			baseline = ex.Query
		}
	}
	introspection, err := os.ReadFile("testdata/introspection/full.graphql")
	if err != nil {
		b.Fatal(err)
	}
	var base float64 // set by the Baseline run, which runs first
	trace := `trace(from: "phc-2020", to: "major-trauma-centres") { paths { length steps { flow { id } } } }`
	for _, c := range []struct{ name, query string }{
		{"Baseline", baseline},
		{"FragmentBomb26", fragmentBomb(26)},
		{"FragmentBomb40", fragmentBomb(40)},
		{"FragmentBomb7Accepted", fragmentBomb(7)},
		{"Typename8000", "{" + strings.Repeat(" __typename", 8000) + " }"},
		{"Typename200Accepted", "{" + strings.Repeat(" __typename", 200) + " }"},
		{"Trace5000", "{" + strings.Repeat(" "+trace, 5000) + " }"},
		{"Trace200Accepted", "{" + strings.Repeat(" "+trace, 200) + " }"},
		{"DirectiveFlood", "{ __typename" + strings.Repeat(" @a", 250_000) + " }"},
		{"Directive150Accepted", "{" + strings.Repeat(" __typename @a", 150) + " }"},
		{"IntrospectionAccepted", string(introspection)},
	} {
		b.Run(c.name, func(b *testing.B) {
			nsPerByte := loop(b, exec, c.query)
			if c.name == "Baseline" {
				base = nsPerByte
			}
			b.ReportMetric(nsPerByte, "ns/byte")
			b.ReportMetric(nsPerByte/base, "x-baseline/byte")
		})
	}
}

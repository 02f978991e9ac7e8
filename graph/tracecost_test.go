package graph

import (
	"context"
	"fmt"
	"testing"

	gqlcomplexity "github.com/99designs/gqlgen/complexity"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/fundflow/fundflow/flow"
)

// queryCost is the complexity the server reckons for query.
func queryCost(tb testing.TB, query string) int {
	tb.Helper()
	es := NewExecutableSchema(Config{Resolvers: &Resolver{}, Complexity: complexity()})
	doc, errs := gqlparser.LoadQueryWithRules(es.Schema(), query, rules.NewDefaultRules())
	if len(errs) > 0 {
		tb.Fatalf("%s: %v", query, errs)
	}
	return gqlcomplexity.Calculate(context.Background(), es, doc.Operations[0], nil)
}

// traceQuery is a trace of the given depth selecting each hop's amount and
// citations.
func traceQuery(hops int) string {
	return fmt.Sprintf(`{ trace(from: "phc-2020", maxHops: %d) { paths { length hops { id amount { formatted } citations { quote } } } } }`, hops)
}

// TestTraceCostRisesWithMaxHops: a trace six hops deep costs at least six
// times a one-hop trace of the same paths, the cost rises with every hop,
// and a deep trace is charged the whole step budget of its walk.
func TestTraceCostRisesWithMaxHops(t *testing.T) {
	one := queryCost(t, traceQuery(1))
	prev := one
	for hops := 2; hops <= flow.MaxHopsCap; hops++ {
		c := queryCost(t, traceQuery(hops))
		if c <= prev {
			t.Errorf("maxHops %d costs %d, no more than maxHops %d (%d)", hops, c, hops-1, prev)
		}
		prev = c
	}
	six := prev
	if six < flow.MaxHopsCap*one {
		t.Errorf("maxHops 6 costs %d, less than 6 × maxHops 1 (%d)", six, flow.MaxHopsCap*one)
	}
	if six < flow.TraceStepBudget {
		t.Errorf("maxHops 6 costs %d, less than the step budget %d its walk may spend", six, flow.TraceStepBudget)
	}
	if def := queryCost(t, `{ trace(from: "phc-2020") { paths { length hops { id amount { formatted } citations { quote } } } } }`); def != queryCost(t, traceQuery(flow.DefaultMaxHops)) {
		t.Errorf("a trace without maxHops costs %d, not the cost of the default depth", def)
	}
	t.Logf("trace cost: %d at maxHops 1, %d at maxHops 6", one, six)
}

// TestDeepTracesAreLimitedPerRequest: aliasing deep traces runs out of
// budget, so one request cannot multiply the step budget without bound.
func TestDeepTracesAreLimitedPerRequest(t *testing.T) {
	q := "{"
	for i := range ComplexityLimit/flow.TraceStepBudget + 1 {
		q += fmt.Sprintf(` t%d: trace(from: "phc-2020", maxHops: 6) { steps }`, i)
	}
	q += " }"
	if c := queryCost(t, q); c <= ComplexityLimit {
		t.Errorf("%d deep traces cost %d, within the limit %d", ComplexityLimit/flow.TraceStepBudget+1, c, ComplexityLimit)
	}
}

// TestTraceToIsChargedItsSearchBack: a trace to a node is charged the
// search back from it as well as the walk out, maxHops-1 layers at the
// nominal fan-out (8 steps for two hops, 8+64 for three), and a deep one
// no more than the step budget in all.
func TestTraceToIsChargedItsSearchBack(t *testing.T) {
	for _, c := range []struct{ hops, more int }{{1, 0}, {2, 8}, {3, 72}, {flow.MaxHopsCap, 0}} {
		without := queryCost(t, fmt.Sprintf(`{ trace(from: "phc-2020", maxHops: %d) { steps } }`, c.hops))
		with := queryCost(t, fmt.Sprintf(`{ trace(from: "phc-2020", to: "cyber-security", maxHops: %d) { steps } }`, c.hops))
		if with-without != c.more {
			t.Errorf("maxHops %d: to costs %d more, want %d", c.hops, with-without, c.more)
		}
	}
}

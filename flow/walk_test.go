package flow_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// complete returns the flows of a graph in which each of n nodes sends to
// every other, and an Outflows over them that records what it is asked.
func complete(tb testing.TB, n int) (flow.Outflows, *[][]string) {
	tb.Helper()
	out := map[string][]*flow.Flow{}
	for i := range n {
		for j := range n {
			if i != j {
				from, to := fmt.Sprintf("n%02d", i), fmt.Sprintf("n%02d", j)
				out[from] = append(out[from], &flow.Flow{ID: from + "-" + to, FromID: from, ToID: to})
			}
		}
	}
	var asked [][]string
	return func(_ context.Context, nodes []string) ([]*flow.Flow, error) {
		asked = append(asked, nodes)
		var fs []*flow.Flow
		for _, n := range nodes {
			fs = append(fs, out[n]...)
		}
		return fs, nil
	}, &asked
}

// TestWalkAsksForEachNodeOnce: the walk asks the store at most once a layer,
// never about a node twice, and stops at its step budget.
func TestWalkAsksForEachNodeOnce(t *testing.T) {
	out, asked := complete(t, 12)
	w, err := flow.TraceQuery{From: "n00", MaxHops: new(flow.MaxHopsCap), Limit: new(flow.MaxTraceLimit)}.Walk()
	if err != nil {
		t.Fatal(err)
	}
	w.To = "elsewhere" // reached by nothing, so only the budget stops the walk
	res, err := w.Run(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	if res.Steps != flow.TraceStepBudget || res.CutShort != flow.StepBudget || !res.More {
		t.Errorf("got %d steps, cut short %q, more %v; want %d, %q, more", res.Steps, res.CutShort, res.More, flow.TraceStepBudget, flow.StepBudget)
	}
	seen := map[string]bool{}
	for _, nodes := range *asked {
		for _, n := range nodes {
			if seen[n] {
				t.Errorf("asked about %s twice", n)
			}
			seen[n] = true
		}
	}
	if len(*asked) > flow.MaxHopsCap {
		t.Errorf("asked the store %d times, more than once a hop", len(*asked))
	}
}

// TestWalkWithinBudgetFindsEveryPath: in a complete graph of four nodes the
// walk finds every simple path from one node, 3 + 6 + 6 of them, taking one
// step for each.
func TestWalkWithinBudgetFindsEveryPath(t *testing.T) {
	out, _ := complete(t, 4)
	w, err := flow.TraceQuery{From: "n00", MaxHops: new(flow.MaxHopsCap)}.Walk()
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.Run(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Paths) != 15 || res.Steps != 15 || res.More || res.CutShort != "" {
		t.Errorf("got %d paths in %d steps, more %v, cut short %q; want 15 in 15", len(res.Paths), res.Steps, res.More, res.CutShort)
	}
	if got := res.Paths[3].Hops; len(got) != 2 || got[0].ID != "n00-n01" || got[1].ID != "n01-n02" {
		t.Errorf("fourth path: got %v, want n00-n01, n01-n02", got)
	}
}

package flow_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// graph is a store's flows held in memory, answering a walk's hops as a
// store does, and recording what it was asked and how many flows it
// handed back.
type graph struct {
	flows []*flow.Flow
	asked []flow.HopQuery
	read  int
}

// hops answers q: the flows out of (or into) q.Nodes, their far end in
// q.Ends when given, by node position and then id, at most q.Limit.
func (g *graph) hops(_ context.Context, q flow.HopQuery) ([]*flow.Flow, error) {
	g.asked = append(g.asked, q)
	var out []*flow.Flow
	for _, n := range q.Nodes {
		var of []*flow.Flow
		for _, f := range g.flows {
			near, far := f.FromID, f.ToID
			if q.Into {
				near, far = far, near
			}
			if near == n && (q.Ends == nil || slices.Contains(q.Ends, far)) && (n != q.Nodes[0] || f.ID > q.After) {
				of = append(of, f)
			}
		}
		slices.SortFunc(of, func(a, b *flow.Flow) int { return strings.Compare(a.ID, b.ID) })
		out = append(out, of...)
	}
	out = out[:min(len(out), q.Limit)]
	g.read += len(out)
	return out, nil
}

// add adds a flow from one node to another, named for both and a suffix.
func (g *graph) add(from, to, suffix string) {
	g.flows = append(g.flows, &flow.Flow{ID: from + "-" + to + suffix, FromID: from, ToID: to})
}

// complete returns a graph in which each of n nodes sends to every other.
func complete(n int) *graph {
	g := &graph{}
	for i := range n {
		for j := range n {
			if i != j {
				g.add(fmt.Sprintf("n%02d", i), fmt.Sprintf("n%02d", j), "")
			}
		}
	}
	return g
}

// walk checks q, failing the test if it is refused.
func walk(tb testing.TB, q flow.TraceQuery) flow.TraceWalk {
	tb.Helper()
	w, err := q.Walk()
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

// ids renders a trace as the flow ids of each path, comma-joined.
func ids(res *flow.TraceResult) []string {
	var out []string
	for _, p := range res.Paths {
		var hop []string
		for _, f := range p.Hops {
			hop = append(hop, f.ID)
		}
		out = append(out, strings.Join(hop, ","))
	}
	return out
}

// TestWalkAsksForEachNodeOnce: without a To the walk asks the store once a
// layer, never about a node twice, and stops at its step budget.
func TestWalkAsksForEachNodeOnce(t *testing.T) {
	g := complete(12)
	w := walk(t, flow.TraceQuery{From: "n00", MaxHops: new(flow.MaxHopsCap)})
	w.Limit = 1 << 30 // more paths than the budget can find, so only the budget stops the walk
	res, err := w.Run(context.Background(), g.hops)
	if err != nil {
		t.Fatal(err)
	}
	if res.Steps != flow.TraceStepBudget || res.CutShort != flow.StepBudget || !res.More {
		t.Errorf("got %d steps, cut short %q, more %v; want %d, %q, more", res.Steps, res.CutShort, res.More, flow.TraceStepBudget, flow.StepBudget)
	}
	seen := map[string]bool{}
	for _, q := range g.asked {
		for _, n := range q.Nodes {
			if seen[n] {
				t.Errorf("asked about %s twice", n)
			}
			seen[n] = true
		}
	}
	if len(g.asked) > flow.MaxHopsCap {
		t.Errorf("asked the store %d times, more than once a hop", len(g.asked))
	}
}

// TestWalkWithinBudgetFindsEveryPath: in a complete graph of four nodes the
// walk finds every simple path from one node, 3 + 6 + 6 of them, shortest
// first and then by their flows' ids. It looks at 3 flows for one hop, 3
// for each of the 3 one-hop paths, and 3 for each of the 6 two- and 6
// three-hop paths: 48 steps, the 33 that would revisit a node included.
func TestWalkWithinBudgetFindsEveryPath(t *testing.T) {
	g := complete(4)
	res, err := walk(t, flow.TraceQuery{From: "n00", MaxHops: new(flow.MaxHopsCap)}).Run(context.Background(), g.hops)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Paths) != 15 || res.Steps != 48 || res.More || res.CutShort != "" {
		t.Errorf("got %d paths in %d steps, more %v, cut short %q; want 15 in 48", len(res.Paths), res.Steps, res.More, res.CutShort)
	}
	want := []string{"n00-n01", "n00-n02", "n00-n03", "n00-n01,n01-n02", "n00-n01,n01-n03", "n00-n02,n02-n01"}
	if got := ids(res)[:6]; !reflect.DeepEqual(got, want) {
		t.Errorf("first paths: got %v, want %v", got, want)
	}
}

// hub is a graph whose start sends fanOut flows to as many leaves, and one
// to a node that sends on to the target: the shape of a department that
// pays thousands of suppliers and one programme.
func hub(fanOut int) *graph {
	g := &graph{}
	for i := range fanOut {
		g.add("hub", fmt.Sprintf("leaf%06d", i), "")
	}
	g.add("hub", "prog", "")
	g.add("prog", "target", "")
	return g
}

// TestWalkReadsNoMoreThanItsBudget: from a hub of 100,000 flows the walk
// is handed one flow more than its budget, not the hub's every flow, and
// says the budget cut it short.
func TestWalkReadsNoMoreThanItsBudget(t *testing.T) {
	g := hub(100_000)
	w := walk(t, flow.TraceQuery{From: "hub", MaxHops: new(2)})
	w.Limit = 1 << 30
	res, err := w.Run(context.Background(), g.hops)
	if err != nil {
		t.Fatal(err)
	}
	if g.read != flow.TraceStepBudget+1 || res.Steps != flow.TraceStepBudget || res.CutShort != flow.StepBudget {
		t.Errorf("read %d flows in %d steps, cut short %q; want %d in %d, %q", g.read, res.Steps, res.CutShort, flow.TraceStepBudget+1, flow.TraceStepBudget, flow.StepBudget)
	}
}

// TestWalkToAHubsTargetReadsOnlyItsWay: with a To the walk first searches
// back from it (two flows: prog's to the target, then the hub's to prog),
// then reads from the hub only the flow to prog, and from prog the flow to
// the target: four flows, four steps, where without pruning the hub's
// 100,000 would spend the budget.
func TestWalkToAHubsTargetReadsOnlyItsWay(t *testing.T) {
	g := hub(100_000)
	res, err := walk(t, flow.TraceQuery{From: "hub", To: "target"}).Run(context.Background(), g.hops)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); !reflect.DeepEqual(got, []string{"hub-prog,prog-target"}) || res.More || res.Steps != 4 || g.read != 4 {
		t.Errorf("got %v in %d steps, %d flows read, more %v; want the way through prog in 4, 4 read", got, res.Steps, g.read, res.More)
	}
}

// TestWalkToIsTheUnprunedWalkFiltered: in a complete graph with parallel
// flows, every trace to each node finds exactly the paths an unpruned
// walk finds that end there, in the same order.
func TestWalkToIsTheUnprunedWalkFiltered(t *testing.T) {
	g := complete(5)
	g.add("n01", "n02", "-again")
	g.add("n03", "n00", "-back")
	all, err := walk(t, flow.TraceQuery{From: "n00", MaxHops: new(4), Limit: new(flow.MaxTraceLimit)}).Run(context.Background(), g.hops)
	if err != nil || all.More {
		t.Fatalf("unpruned: %v, more %v", err, all.More)
	}
	for _, to := range []string{"n01", "n02", "n03", "n04"} {
		for hops := 1; hops <= 4; hops++ {
			var want []string
			for _, p := range all.Paths {
				if end := p.Hops[len(p.Hops)-1].ToID; end == to && p.Length() <= hops {
					want = append(want, ids(&flow.TraceResult{Paths: []flow.Path{p}})...)
				}
			}
			res, err := walk(t, flow.TraceQuery{From: "n00", To: to, MaxHops: new(hops), Limit: new(flow.MaxTraceLimit)}).Run(context.Background(), g.hops)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(res); !reflect.DeepEqual(got, want) || res.More {
				t.Errorf("to %s in %d hops: got %d paths (more %v), want %d\n got %v\nwant %v", to, hops, len(got), res.More, len(want), got, want)
			}
		}
	}
}

// TestWalkSearchBackWithinItsBudget: when the search back from To runs out
// of its half of the budget, the walk still finds every path, pruning
// only as far as the search reached. Here 6,000 leaves feed the target,
// more than the 5,000 flows the search may read, so its first layer is
// dropped and nothing is pruned but the last hop, to the target alone.
func TestWalkSearchBackWithinItsBudget(t *testing.T) {
	g := &graph{}
	for i := range 6000 {
		g.add(fmt.Sprintf("leaf%04d", i), "target", "")
	}
	g.add("start", "a", "")
	g.add("start", "b", "")
	g.add("a", "target", "")
	g.add("b", "c", "")
	res, err := walk(t, flow.TraceQuery{From: "start", To: "target", MaxHops: new(2)}).Run(context.Background(), g.hops)
	if err != nil {
		t.Fatal(err)
	}
	// 5,000 steps for the search back, 2 for start's flows, 1 for a's
	// flow to the target; b's flow to c is never read.
	if got := ids(res); !reflect.DeepEqual(got, []string{"start-a,a-target"}) || res.More || res.Steps != flow.TraceStepBudget/2+3 {
		t.Errorf("got %v in %d steps, more %v; want the way through a in %d", got, res.Steps, res.More, flow.TraceStepBudget/2+3)
	}
}

// TestFillPutsTheWholeFlowsInPlace: a store that hands the walk ids and
// ends alone fills in the paths' flows afterwards, each id asked for once,
// and hears which one it lacks.
func TestFillPutsTheWholeFlowsInPlace(t *testing.T) {
	res, err := walk(t, flow.TraceQuery{From: "n00", MaxHops: new(2)}).Run(context.Background(), complete(3).hops)
	if err != nil {
		t.Fatal(err)
	}
	ids := res.FlowIDs()
	if want := []string{"n00-n01", "n00-n02", "n01-n02", "n02-n01"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("flow ids: got %v, want %v", ids, want)
	}
	full := map[string]*flow.Flow{}
	for _, id := range ids[1:] {
		full[id] = &flow.Flow{ID: id, Note: "whole"}
	}
	if id, ok := res.Fill(full); ok || id != "n00-n01" {
		t.Errorf("fill without n00-n01: got %q, %v; want it named", id, ok)
	}
	full["n00-n01"] = &flow.Flow{ID: "n00-n01", Note: "whole"}
	if _, ok := res.Fill(full); !ok || res.Paths[2].Hops[1].Note != "whole" || res.Paths[2].Hops[0] != full["n00-n01"] {
		t.Errorf("filled paths: got %+v", res.Paths[2].Hops)
	}
}

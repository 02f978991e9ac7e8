package storetest

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// joined renders each path of a trace as its flows' ids, comma-joined: the
// order a trace keeps within one length.
func joined(res *flow.TraceResult) []string {
	var out []string
	for _, p := range res.Paths {
		out = append(out, strings.Join(flowIDs(p.Hops), ","))
	}
	return out
}

// testTraceSimplePathsShortestFirst: through four programmes that all
// divert to one another, a trace with room to wander finds every simple
// path once (4 + 12 + 24 + 24, none past four hops, where trails that
// revisit a programme would go on to six), shortest first and then by
// their flows' ids.
func testTraceSimplePathsShortestFirst(t *testing.T, open Opener) {
	svc := meshedOf(t, open, 4)
	res, err := svc.Trace(context.Background(), flow.TraceQuery{From: "mesh-fund", MaxHops: new(flow.MaxHopsCap), Limit: new(flow.MaxTraceLimit)})
	if err != nil {
		t.Fatal(err)
	}
	wantSimplePaths(t, res, "mesh-fund", "", flow.MaxHopsCap)
	byLength := map[int]int{}
	for _, p := range res.Paths {
		byLength[p.Length()]++
	}
	if want := map[int]int{1: 4, 2: 12, 3: 24, 4: 24}; !reflect.DeepEqual(byLength, want) || res.More || res.CutShort != "" {
		t.Fatalf("paths by length: got %v (more %v, cut short %q), want %v", byLength, res.More, res.CutShort, want)
	}
	ids := joined(res)
	if !slices.IsSortedFunc(res.Paths, func(a, b flow.Path) int { return a.Length() - b.Length() }) || !slices.IsSorted(ids[4:16]) || !slices.IsSorted(ids[16:40]) || !slices.IsSorted(ids[40:]) {
		t.Errorf("paths are not shortest first, then by id: %v", ids)
	}
	if got, want := ids[16], "mesh-fund-to-mesh-01,mesh-01-to-mesh-02,mesh-02-to-mesh-03"; got != want {
		t.Errorf("first three-hop path: got %s, want %s", got, want)
	}
}

// testTraceToFindsTheUnprunedPaths: a trace to a node, which prunes every
// path that cannot reach it in the hops left, finds exactly the paths an
// unpruned trace finds that end there, in the same order, at every depth.
func testTraceToFindsTheUnprunedPaths(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := meshedOf(t, open, 5)
	all, err := svc.Trace(ctx, flow.TraceQuery{From: "mesh-fund", MaxHops: new(4), Limit: new(flow.MaxTraceLimit)})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Paths) != 5+20+60+120 || all.More {
		t.Fatalf("unpruned: got %d paths (more %v), want 205", len(all.Paths), all.More)
	}
	for _, to := range []string{meshProgramme(1), meshProgramme(5)} {
		for hops := 1; hops <= 4; hops++ {
			var want []string
			for i, p := range all.Paths {
				if p.Hops[p.Length()-1].ToID == to && p.Length() <= hops {
					want = append(want, joined(all)[i])
				}
			}
			res, err := svc.Trace(ctx, flow.TraceQuery{From: "mesh-fund", To: to, MaxHops: new(hops), Limit: new(flow.MaxTraceLimit)})
			if err != nil {
				t.Fatal(err)
			}
			if got := joined(res); !reflect.DeepEqual(got, want) || res.More {
				t.Errorf("to %s within %d hops: got %d paths (more %v), want %d:\n got %v\nwant %v", to, hops, len(got), res.More, len(want), got, want)
			}
		}
	}
}

// testTraceFirstStopsEarlyWithTo: asked for one path to a programme six
// hops deep through 25 that all divert to one another, whose paths there
// number in the hundreds of millions, the trace stops at the second path
// it finds. Its 674 steps: the search back reads the 25 flows into the end;
// the first hop reads the 25 allocations, the last of them to the end;
// the search reads the 600 flows into the 24 other programmes (as many as
// the paths the second hop would extend); and the second hop reads
// programme 1's 24 diversions, the last of them to the end.
func testTraceFirstStopsEarlyWithTo(t *testing.T, open Opener) {
	svc := meshed(t, open)
	to := meshProgramme(meshProgrammes)
	res, err := svc.Trace(context.Background(), flow.TraceQuery{From: "mesh-fund", To: to, MaxHops: new(flow.MaxHopsCap), Limit: new(1)})
	if err != nil {
		t.Fatal(err)
	}
	if got := joined(res); !reflect.DeepEqual(got, []string{"mesh-fund-to-" + to}) || res.CutShort != flow.PathLimit || !res.More || res.Steps != 674 {
		t.Errorf("got %v in %d steps, cut short %q; want the allocation in 674, %q", got, res.Steps, res.CutShort, flow.PathLimit)
	}
}

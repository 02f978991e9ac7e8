package storetest

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// pathIDs renders a trace as the flow ids of each path.
func pathIDs(res *flow.TraceResult) [][]string {
	var out [][]string
	for _, p := range res.Paths {
		out = append(out, flowIDs(p.Hops))
	}
	return out
}

func testTraceFundToCyberSecurity(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	res, err := svc.Trace(context.Background(), flow.TraceQuery{From: "phc-2020", To: "cyber-security"})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"phc-2020-to-cyber-security-2017-18"},
		{"phc-2020-to-cyber-security-balance"},
		{"phc-2020-to-cyber-security-capital-cuts"},
		{"phc-2020-to-provider-digitisation-2017-18", "provider-digitisation-to-cyber-security-2017-18"},
		{"phc-2020-to-wifi-2017-18", "wifi-to-cyber-security-2017-18"},
	}
	if got := pathIDs(res); !reflect.DeepEqual(got, want) || res.More || res.CutShort != "" {
		t.Fatalf("paths (shortest first):\n got %v (more=%v)\nwant %v", got, res.More, want)
	}
	hop := res.Paths[3].Hops[1]
	if hop.Amount.High == nil || *hop.Amount.High != gbp(t, "£81m") || hop.Amount.Amount != nil || len(hop.Citations) == 0 {
		t.Errorf("second hop via provider digitisation: got %v with %d citations", hop.Amount, len(hop.Citations))
	}
	// At most the majority of £13.7m can have come all the way: £6.85m to
	// £13.7m, with no point since the diversion states none.
	if b := res.Paths[4].Bottleneck(); b.Amount != nil || point(b.Low) != gbp(t, "£6.85m") || point(b.High) != gbp(t, "£13.7m") {
		t.Errorf("bottleneck via Wi-Fi: got %v, want £6.85m to £13.7m", b)
	}
}

func testTraceMaxHopsAndKinds(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	res, err := svc.Trace(context.Background(), flow.TraceQuery{From: "phc-2020", To: "cyber-security", MaxHops: new(1), Kinds: []flow.FlowKind{flow.Diversion}})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"phc-2020-to-cyber-security-balance"}, {"phc-2020-to-cyber-security-capital-cuts"}}
	if got := pathIDs(res); !reflect.DeepEqual(got, want) {
		t.Errorf("one-hop diversions: got %v, want %v", got, want)
	}
}

func testTraceLimitReportsMore(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	res, err := svc.Trace(context.Background(), flow.TraceQuery{From: "phc-2020", To: "cyber-security", Limit: new(2)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Paths) != 2 || !res.More || res.CutShort != flow.PathLimit {
		t.Errorf("got %d paths, more=%v, cut short %q; want 2, more and %q", len(res.Paths), res.More, res.CutShort, flow.PathLimit)
	}
}

func testTraceWithoutTo(t *testing.T, open Opener) {
	// Every path out of provider digitisation: to cyber security and on
	// to the two recipients named in DHSC's annual report.
	svc := Loaded(t, open)
	res, err := svc.Trace(context.Background(), flow.TraceQuery{From: "provider-digitisation"})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"provider-digitisation-to-cyber-security-2017-18"},
		{"provider-digitisation-to-cyber-security-2017-18", "cyber-security-to-ambulance-trusts-2017-18"},
		{"provider-digitisation-to-cyber-security-2017-18", "cyber-security-to-major-trauma-centres-2017-18"},
	}
	if got := pathIDs(res); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// testTraceUnknownFromHasNoPaths: the service refuses an unknown from
// (NOT_FOUND) before asking a store, but a store asked directly, as when
// the node is removed between the check and the walk, finds no paths.
func testTraceUnknownFromHasNoPaths(t *testing.T, open Opener) {
	st, _ := loaded(t, open)
	w, err := flow.TraceQuery{From: "no-such-node"}.Walk()
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.Trace(context.Background(), w)
	if err != nil || len(res.Paths) != 0 || res.More {
		t.Errorf("got %v, %v; want no paths", res, err)
	}
}

func testTraceAsOfAndBudgetLines(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	res, err := svc.Trace(ctx, flow.TraceQuery{From: "phc-2020", To: "cyber-security", AsOf: "2018-01-31"})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"phc-2020-to-cyber-security-balance"}, {"phc-2020-to-cyber-security-capital-cuts"}}
	if got := pathIDs(res); !reflect.DeepEqual(got, want) {
		t.Errorf("paths known in January 2018: got %v, want %v", got, want)
	}
	res, err = svc.Trace(ctx, flow.TraceQuery{From: "phc-2020", To: "cyber-security", MaxHops: new(1), Kinds: []flow.FlowKind{flow.BudgetSpend}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Paths) != 5 {
		t.Errorf("budget figures followed only when asked: got %d paths, want 5", len(res.Paths))
	}
}

// testTraceUnknownFromNotFound: an id that names nothing is NOT_FOUND,
// named in the message, never an empty answer that reads as "no money".
func testTraceUnknownFromNotFound(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	_, err := svc.Trace(context.Background(), flow.TraceQuery{From: "nope"})
	WantCode(t, err, flow.ENOTFOUND)
	if msg := err.Error(); !strings.Contains(msg, `"nope"`) || !strings.Contains(msg, "from") {
		t.Errorf("trace from nope: %q does not name the field and the id", msg)
	}
}

// meshProgrammes is how many programmes the mesh dataset holds.
const meshProgrammes = 25

// meshProgramme is the id of the mesh dataset's i-th programme (from 1).
func meshProgramme(i int) string { return fmt.Sprintf("mesh-%02d", i) }

// meshOf is a dataset whose money can go anywhere: a fund allocating to n
// programmes, each of which diverts to every other, every flow cited. With
// meshProgrammes, its simple paths six hops deep number over a hundred
// million, which is what a trace's step budget is for.
func meshOf(tb testing.TB, n int) *ledger.Dataset {
	tb.Helper()
	const quote = "Every programme diverted money to every other."
	ds := &flow.Dataset{ID: "other", Title: "A fund whose programmes all divert to one another",
		Funds: []*flow.Fund{{ID: "mesh-fund", Name: "Mesh fund"}},
		Sources: []*flow.Source{{ID: "mesh-report", Title: "Mesh fund annual report", Publisher: "Mesh fund",
			Published: "2018-01-24", File: "mesh-report.txt"}},
		SourceTexts: map[string]string{"mesh-report": "Annual report. " + quote + " The end."},
	}
	money := func() flow.Money {
		return flow.Money{Amount: ptr(gbp(tb, "£1m")), Low: ptr(gbp(tb, "£1m")), High: ptr(gbp(tb, "£1m")), Currency: "GBP", Qualifier: flow.Exact}
	}
	add := func(kind flow.FlowKind, from, to string) {
		ds.Flows = append(ds.Flows, &flow.Flow{ID: from + "-to-" + to, Kind: kind, FromID: from, ToID: to, Year: "2017-18",
			Amount: money(), Status: flow.Reported, Citations: []flow.Citation{{SourceID: "mesh-report", Quote: quote}}})
	}
	for i := 1; i <= n; i++ {
		ds.Programmes = append(ds.Programmes, &flow.Programme{ID: meshProgramme(i), Name: "Mesh programme " + strconv.Itoa(i), FundID: "mesh-fund"})
		add(flow.Allocation, "mesh-fund", meshProgramme(i))
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= n; j++ {
			if i != j {
				add(flow.Diversion, meshProgramme(i), meshProgramme(j))
			}
		}
	}
	return Checked(tb, ds)
}

// meshed returns the service over a new store holding the mesh dataset.
func meshed(tb testing.TB, open Opener) *ledger.Service {
	tb.Helper()
	return meshedOf(tb, open, meshProgrammes)
}

// meshedOf returns the service over a new store holding the mesh dataset
// with n programmes.
func meshedOf(tb testing.TB, open Opener, n int) *ledger.Service {
	tb.Helper()
	svc := service(fresh(tb, open))
	if _, err := svc.Load(context.Background(), meshOf(tb, n)); err != nil {
		tb.Fatalf("load mesh dataset: %v", err)
	}
	return svc
}

// wantSimplePaths fails the test unless every path starts at from, ends at
// to (when given), chains hop to hop, visits no node twice, is at most
// maxHops long, and comes no earlier than a shorter one.
func wantSimplePaths(tb testing.TB, res *flow.TraceResult, from, to string, maxHops int) {
	tb.Helper()
	for i, p := range res.Paths {
		if p.Length() < 1 || p.Length() > maxHops || i > 0 && p.Length() < res.Paths[i-1].Length() {
			tb.Fatalf("path %d has %d hops (the one before %d), want 1..%d, shortest first", i, p.Length(), res.Paths[max(i-1, 0)].Length(), maxHops)
		}
		seen, at := map[string]bool{from: true}, from
		for _, h := range p.Hops {
			if h.FromID != at || seen[h.ToID] {
				tb.Fatalf("path %d %v is not a simple chain from %s", i, flowIDs(p.Hops), from)
			}
			seen[h.ToID], at = true, h.ToID
		}
		if to != "" && at != to {
			tb.Fatalf("path %d %v ends at %s, want %s", i, flowIDs(p.Hops), at, to)
		}
	}
}

// testTraceStepBudgetBoundsACompleteGraph: six hops through 25 programmes
// that all divert to one another, asking for up to 500 paths to one of
// them, spends the step budget and no more, and says so, rather than
// enumerating paths until the request times out.
func testTraceStepBudgetBoundsACompleteGraph(t *testing.T, open Opener) {
	svc := meshed(t, open)
	to := meshProgramme(meshProgrammes)
	res, err := svc.Trace(context.Background(), flow.TraceQuery{From: "mesh-fund", To: to, MaxHops: new(flow.MaxHopsCap), Limit: new(flow.MaxTraceLimit)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Steps != flow.TraceStepBudget || res.CutShort != flow.StepBudget || !res.More {
		t.Fatalf("got %d steps, cut short %q, more=%v; want %d steps, %q and more", res.Steps, res.CutShort, res.More, flow.TraceStepBudget, flow.StepBudget)
	}
	if len(res.Paths) == 0 || len(res.Paths) >= flow.MaxTraceLimit {
		t.Errorf("got %d paths; want some, fewer than the %d asked for", len(res.Paths), flow.MaxTraceLimit)
	}
	wantSimplePaths(t, res, "mesh-fund", to, flow.MaxHopsCap)
	// Every path of one and two hops is found before the budget runs out:
	// the walk goes breadth first.
	if got := pathIDs(res)[0]; !reflect.DeepEqual(got, []string{"mesh-fund-to-" + to}) {
		t.Errorf("first path: got %v, want the allocation", got)
	}
	if two := len(res.Paths) - countLonger(res, 2); two != meshProgrammes {
		t.Errorf("paths of at most two hops: got %d, want %d", two, meshProgrammes)
	}
}

// countLonger counts the paths longer than n hops.
func countLonger(res *flow.TraceResult, n int) int {
	c := 0
	for _, p := range res.Paths {
		if p.Length() > n {
			c++
		}
	}
	return c
}

// testTracePathLimitStopsTheWalk: once one path more than the limit is
// found the walk stops, says the limit cut it short, and has returned the
// first paths in the trace's order, the same on every backend.
func testTracePathLimitStopsTheWalk(t *testing.T, open Opener) {
	svc := meshed(t, open)
	res, err := svc.Trace(context.Background(), flow.TraceQuery{From: "mesh-fund", MaxHops: new(flow.MaxHopsCap)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Steps != flow.DefaultTraceLimit+1 || res.CutShort != flow.PathLimit || !res.More || len(res.Paths) != flow.DefaultTraceLimit {
		t.Fatalf("got %d paths in %d steps, cut short %q, more=%v; want %d in %d, %q and more",
			len(res.Paths), res.Steps, res.CutShort, res.More, flow.DefaultTraceLimit, flow.DefaultTraceLimit+1, flow.PathLimit)
	}
	wantSimplePaths(t, res, "mesh-fund", "", flow.MaxHopsCap)
	var want [][]string
	for i := 1; i <= meshProgrammes; i++ {
		want = append(want, []string{"mesh-fund-to-" + meshProgramme(i)})
	}
	first := "mesh-fund-to-" + meshProgramme(1)
	for j := 2; j <= meshProgrammes; j++ {
		want = append(want, []string{first, meshProgramme(1) + "-to-" + meshProgramme(j)})
	}
	want = append(want, []string{"mesh-fund-to-" + meshProgramme(2), meshProgramme(2) + "-to-" + meshProgramme(1)})
	if got := pathIDs(res); !reflect.DeepEqual(got, want) {
		t.Errorf("paths:\n got %v\nwant %v", got, want)
	}
}

// testTraceCompleteIsNotCutShort: a trace that finds every path says it was
// not cut short, and counts the steps it took.
func testTraceCompleteIsNotCutShort(t *testing.T, open Opener) {
	svc := meshed(t, open)
	res, err := svc.Trace(context.Background(), flow.TraceQuery{From: "mesh-fund", To: meshProgramme(meshProgrammes), MaxHops: new(2)})
	if err != nil {
		t.Fatal(err)
	}
	// The search back reads the 25 flows into the end (the allocation and
	// 24 diversions); the first hop reads the 25 allocations, each to a
	// node one hop from the end or the end itself; the second reads from
	// each of the 24 other programmes only its diversion to the end. The
	// direct allocation and those 24 diversions arrive.
	steps, paths := meshProgrammes+meshProgrammes+(meshProgrammes-1), meshProgrammes
	if res.CutShort != "" || res.More || res.Steps != steps || len(res.Paths) != paths {
		t.Errorf("got %d paths in %d steps, cut short %q, more=%v; want %d in %d, not cut short", len(res.Paths), res.Steps, res.CutShort, res.More, paths, steps)
	}
}

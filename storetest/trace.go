package storetest

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
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
	if got := pathIDs(res); !reflect.DeepEqual(got, want) || res.More {
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
	if len(res.Paths) != 2 || !res.More {
		t.Errorf("got %d paths, more=%v; want 2 and more", len(res.Paths), res.More)
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

package storetest

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// errRefused is what the suite's guards and decide functions refuse with:
// the store must hand it back as it is, having written nothing.
var errRefused = &flow.Error{Code: flow.ECONFLICT, Message: "storetest: refused by the callback"}

// nhsID is the id of the bundled dataset.
const nhsID = "nhs-tech-2016-18"

func testLoadOK(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := service(fresh(t, open))
	ds := NHS(t)
	rep, err := svc.Load(ctx, Checked(t, ds))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	got, err := svc.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := ds.Counts(); got != want || rep.Counts != want {
		t.Errorf("counts: got %+v (report %+v), want %+v", got, rep.Counts, want)
	}
	if rep.Dataset != nhsID || rep.Removed != 0 {
		t.Errorf("report: got %+v, want dataset %s with nothing removed", rep, nhsID)
	}
}

func testLoadIdempotent(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	before := Snapshot(t, svc)
	rep, err := svc.Load(ctx, Checked(t, NHS(t)))
	if err != nil {
		t.Fatalf("second Load: %v", err)
	}
	if rep.Removed != 0 {
		t.Errorf("second load removed %d records, want 0", rep.Removed)
	}
	if after := Snapshot(t, svc); after != before {
		t.Errorf("loading twice changed the graph:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

func testLoadUpdatesAndRemovesStale(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	ds := NHS(t)
	// Drop the Wi-Fi diversion and an organisation nothing refers to,
	// and correct an amount.
	dropFlows(ds, "wifi-to-cyber-security-2017-18")
	ds.Organisations = without(ds.Organisations, func(o *flow.Organisation) bool { return o.ID == "hsj" })
	for _, f := range ds.Flows {
		if f.ID == "dhsc-to-phc-2020" {
			f.Amount = flow.GBP(gbp(t, "£4.3bn"))
		}
	}
	rep, err := svc.Load(ctx, Checked(t, ds))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if rep.Removed != 2 {
		t.Errorf("removed: got %d, want 2", rep.Removed)
	}
	nodes, err := svc.Nodes(ctx, []string{"hsj", "dhsc"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := nodes["hsj"]; ok || nodes["dhsc"] == nil {
		t.Errorf("nodes after reload: got %v, want dhsc only", keysOf(nodes))
	}
	page, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{IDs: []string{"wifi-to-cyber-security-2017-18", "dhsc-to-phc-2020"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || point(page.Items[0].Amount.Amount) != gbp(t, "£4.3bn") {
		t.Errorf("flows after reload: got %v, want only dhsc-to-phc-2020 at £4.3bn", flowIDs(page.Items))
	}
}

func testLoadIDChangesKind(t *testing.T, open Opener) {
	// An organisation re-curated as a fund keeps its id: it is the same
	// record, rewritten, not a removal.
	ctx := context.Background()
	svc := Loaded(t, open)
	ds := NHS(t)
	ds.Organisations = without(ds.Organisations, func(o *flow.Organisation) bool { return o.ID == "hsj" })
	ds.Funds = append(ds.Funds, &flow.Fund{ID: "hsj", Name: "HSJ"})
	rep, err := svc.Load(ctx, Checked(t, ds))
	if err != nil {
		t.Fatal(err)
	}
	nodes, err := svc.Nodes(ctx, []string{"hsj"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := nodes["hsj"].(*flow.Fund); !ok || rep.Removed != 0 {
		t.Errorf("got %T, removed %d; want a fund and nothing removed", nodes["hsj"], rep.Removed)
	}
	c, err := svc.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c != ds.Counts() {
		t.Errorf("counts: got %+v, want %+v", c, ds.Counts())
	}
}

func testLoadTwoDatasets(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	other := &flow.Dataset{ID: "other", Title: "Another dataset",
		Funds: []*flow.Fund{{ID: "other-fund", Name: "Other fund"}}}
	if _, err := svc.Load(ctx, Checked(t, other)); err != nil {
		t.Fatalf("Load other: %v", err)
	}
	// Reloading the NHS dataset must not remove the other dataset's fund.
	if _, err := svc.Load(ctx, Checked(t, NHS(t))); err != nil {
		t.Fatalf("reload: %v", err)
	}
	c, err := svc.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := NHS(t).Counts().Funds + 1; c.Funds != want {
		t.Errorf("funds: got %d, want %d", c.Funds, want)
	}
}

// testLoadErrConflict: loading ids another dataset owns is refused, naming
// the id and its owner, and changes nothing. The rule is the service's; it
// holds only if the store reports the owners it reads.
func testLoadErrConflict(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	before := Snapshot(t, svc)
	other := &flow.Dataset{ID: "other", Title: "Another dataset",
		Funds: []*flow.Fund{{ID: "phc-2020", Name: "Someone else's fund"}, {ID: "new-fund", Name: "New fund"}}}
	_, err := svc.Load(ctx, Checked(t, other))
	WantCode(t, err, flow.ECONFLICT)
	if !contains(err.Error(), "phc-2020", nhsID) {
		t.Errorf("conflict message %q should name the id and its dataset", err.Error())
	}
	if after := Snapshot(t, svc); after != before {
		t.Errorf("a refused load changed the store:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// guardSpy records the claimed ids a store hands Load's decide (the
// guard's part of the state), and answers with err and an empty plan.
type guardSpy struct {
	calls   int
	claimed []flow.Claimed
	err     error
}

func (g *guardSpy) guard(st flow.LoadState) (flow.LoadPlan, error) {
	g.calls++
	g.claimed = append([]flow.Claimed(nil), st.Claimed...)
	sort.Slice(g.claimed, func(i, j int) bool { return g.claimed[i].ID < g.claimed[j].ID })
	return flow.LoadPlan{}, g.err
}

// testLoadGuardGetsClaimedIDs: Load hands its guard exactly the ids of the
// dataset that other datasets hold, whatever kind of record holds them,
// each with the dataset that holds it.
func testLoadGuardGetsClaimedIDs(t *testing.T, open Opener) {
	ctx := context.Background()
	st, svc := loaded(t, open)
	if err := svc.CreateNode(ctx, writer, &flow.Organisation{ID: "nhs-digital", Name: "NHS Digital"}); err != nil {
		t.Fatal(err)
	}
	// One id of each kind of record the bundled dataset holds, one the API
	// created, and two that nobody holds.
	taken := []string{"phc-2020", "cyber-security", "dhsc", "hsj-2018-01-wannacry-review",
		"wifi-to-cyber-security-2017-18", "wifi-2017-18", "nhs-digital"}
	other := &flow.Dataset{ID: "other", Title: "Another dataset"}
	for _, id := range append(taken, "new-fund", "another-new-fund") {
		other.Funds = append(other.Funds, &flow.Fund{ID: id, Name: "Fund " + id})
	}
	g := &guardSpy{err: errRefused}
	_, err := st.Load(ctx, Checked(t, other).Data(), g.guard)
	if !errors.Is(err, errRefused) {
		t.Fatalf("Load: got %v, want the guard's error", err)
	}
	if g.calls == 0 {
		t.Fatal("Load never called its guard")
	}
	want := []flow.Claimed{
		{ID: "cyber-security", Dataset: nhsID},
		{ID: "dhsc", Dataset: nhsID},
		{ID: "hsj-2018-01-wannacry-review", Dataset: nhsID},
		{ID: "nhs-digital", Dataset: flow.APIDataset},
		{ID: "phc-2020", Dataset: nhsID},
		{ID: "wifi-2017-18", Dataset: nhsID},
		{ID: "wifi-to-cyber-security-2017-18", Dataset: nhsID},
	}
	if !reflect.DeepEqual(g.claimed, want) {
		t.Errorf("claimed ids:\n got %+v\nwant %+v", g.claimed, want)
	}
}

// testLoadGuardGetsNothingForOwnIDs: a dataset's own ids, and ids nobody
// holds, are not claimed: the guard is still called, with nothing.
func testLoadGuardGetsNothingForOwnIDs(t *testing.T, open Opener) {
	ctx := context.Background()
	st := fresh(t, open)
	for _, step := range []struct {
		name string
		ds   *flow.Dataset
	}{
		{"first load into an empty store", NHS(t)},
		{"reload of the same dataset", NHS(t)},
		{"another dataset with new ids", &flow.Dataset{ID: "other", Title: "Another dataset",
			Funds: []*flow.Fund{{ID: "other-fund", Name: "Other fund"}}}},
	} {
		g := &guardSpy{}
		if _, err := st.Load(ctx, Checked(t, step.ds).Data(), g.guard); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if g.calls == 0 || len(g.claimed) != 0 {
			t.Errorf("%s: guard called %d times with %+v; want it called with nothing", step.name, g.calls, g.claimed)
		}
	}
}

// testLoadGuardErrorWritesNothing: when the guard refuses, Load returns its
// error and the store is as it was.
func testLoadGuardErrorWritesNothing(t *testing.T, open Opener) {
	ctx := context.Background()
	st := fresh(t, open)
	g := &guardSpy{err: errRefused}
	if _, err := st.Load(ctx, NHS(t), g.guard); !errors.Is(err, errRefused) {
		t.Fatalf("Load into an empty store: got %v, want the guard's error", err)
	}
	if c, err := st.Counts(ctx); err != nil || c != (flow.Counts{}) {
		t.Errorf("an empty store after a refused load holds %+v, %v; want nothing", c, err)
	}

	svc := service(st)
	if _, err := svc.Load(ctx, Checked(t, NHS(t))); err != nil {
		t.Fatal(err)
	}
	before := Snapshot(t, svc)
	ds := NHS(t)
	ds.Flows = ds.Flows[1:]
	ds.Flows[0].Amount = flow.GBP(*ds.Flows[0].Amount.Amount + 100)
	ds.Funds = append(ds.Funds, &flow.Fund{ID: "new-fund", Name: "New fund"})
	rep, err := st.Load(ctx, Checked(t, ds).Data(), g.guard)
	if !errors.Is(err, errRefused) || rep != nil {
		t.Fatalf("Load: got %+v, %v; want no report and the guard's error", rep, err)
	}
	if after := Snapshot(t, svc); after != before {
		t.Errorf("a load its guard refused changed the store:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// dropFlows removes a flow from a dataset with the claims of links that
// name it, and the links left naming too few claims, as a curator would.
func dropFlows(ds *flow.Dataset, id string) {
	ds.Flows = without(ds.Flows, func(f *flow.Flow) bool { return f.ID == id })
	for _, l := range ds.Links {
		l.Claims = without(l.Claims, func(c string) bool { return c == id })
	}
	ds.Links = without(ds.Links, func(l *flow.Link) bool {
		return l.Whole == id || len(l.Claims) == 0 || (l.Kind == flow.Same && len(l.Claims) < 2)
	})
}

func without[T any](xs []T, drop func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if !drop(x) {
			out = append(out, x)
		}
	}
	return out
}

func keysOf[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func flowIDs(fs []*flow.Flow) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.ID)
	}
	return ids
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// These behaviours call the store's writes directly: inside its
// transaction a store must hand decide what it holds under the id, write
// exactly what decide returns, and write nothing when decide refuses.

// storeRevision is a revision as the suite's decide functions make it.
func storeRevision(id string, a flow.Action) flow.Revision {
	return flow.Revision{RecordID: id, Action: a, At: RevisionAt, By: "storetest", Reason: "contract"}
}

// currentCase is an id and what a store must say holds it.
type currentCase struct {
	id   string
	want flow.Current
}

// withEveryKindOfRecord returns a loaded store that also holds a node and a
// flow the API wrote and a second dataset, and what holds each of a set of
// ids: one record of each kind, of each dataset, and an id nobody holds. A
// node is handed over whole, as stored (a source with its text).
func withEveryKindOfRecord(t testing.TB, open Opener) (flow.Store, *ledger.Service, []currentCase) {
	t.Helper()
	ctx := context.Background()
	st, svc := loaded(t, open)
	if err := svc.CreateNode(ctx, writer, &flow.Organisation{ID: "nhs-digital", Name: "NHS Digital"}); err != nil {
		t.Fatal(err)
	}
	if err := svc.RecordFlow(ctx, writer, newPayment(t)); err != nil {
		t.Fatal(err)
	}
	other := &flow.Dataset{ID: "other", Title: "Another dataset", Funds: []*flow.Fund{{ID: "other-fund", Name: "Other fund"}}}
	if _, err := svc.Load(ctx, Checked(t, other)); err != nil {
		t.Fatal(err)
	}
	ds := NHS(t)
	source := find(ds.Sources, "hsj-2018-01-wannacry-review")
	if !source.Verified() {
		t.Fatalf("source %s was loaded without its text", source.ID)
	}
	return st, svc, []currentCase{
		{"phc-2020", flow.Current{Kind: flow.KindFund, Dataset: nhsID, Node: find(ds.Funds, "phc-2020")}},
		{"cyber-security", flow.Current{Kind: flow.KindProgramme, Dataset: nhsID, Node: find(ds.Programmes, "cyber-security")}},
		{"dhsc", flow.Current{Kind: flow.KindOrganisation, Dataset: nhsID, Node: find(ds.Organisations, "dhsc")}},
		{"hsj-2018-01-wannacry-review", flow.Current{Kind: flow.KindSource, Dataset: nhsID, Node: source}},
		{"wifi-to-cyber-security-2017-18", flow.Current{Kind: flow.KindFlow, Dataset: nhsID}},
		{"wifi-2017-18", flow.Current{Kind: flow.KindBudgetLine, Dataset: nhsID}},
		{"will-smart", flow.Current{Kind: flow.KindPerson, Dataset: nhsID}},
		{"wannacry-infected-trusts", flow.Current{Kind: flow.KindFact, Dataset: nhsID}},
		{"honeyman-that-is-changing", flow.Current{Kind: flow.KindStatement, Dataset: nhsID}},
		{"nhs-digital", flow.Current{Kind: flow.KindOrganisation, Dataset: flow.APIDataset,
			Node: &flow.Organisation{ID: "nhs-digital", Name: "NHS Digital", Dataset: flow.APIDataset}}},
		{"cyber-security-to-nhs-trusts-2018-19", flow.Current{Kind: flow.KindFlow, Dataset: flow.APIDataset}},
		{"other-fund", flow.Current{Kind: flow.KindFund, Dataset: "other", Node: &flow.Fund{ID: "other-fund", Name: "Other fund", Dataset: "other"}}},
		{"no-such-record", flow.Current{}},
	}
}

func testDecideSaveNodeSeesCurrent(t *testing.T, open Opener) {
	decideSeesCurrent(t, open, "SaveNode", func(ctx context.Context, st flow.Store, id string, seen func(flow.Current)) error {
		return st.SaveNode(ctx, id, func(cur flow.Current) (flow.Node, flow.Revision, error) {
			seen(cur)
			return nil, flow.Revision{}, errRefused
		})
	})
}

func testDecideRecordFlowSeesCurrent(t *testing.T, open Opener) {
	decideSeesCurrent(t, open, "RecordFlow", func(ctx context.Context, st flow.Store, id string, seen func(flow.Current)) error {
		return st.RecordFlow(ctx, id, func(cur flow.Current) (*flow.Flow, flow.Revision, error) {
			seen(cur)
			return nil, flow.Revision{}, errRefused
		})
	})
}

// decideSeesCurrent writes, through op, to an id of every kind of record;
// each write's decide, which refuses it, must be shown what is stored under
// the id, its error must come back, and the refused writes change nothing.
func decideSeesCurrent(t *testing.T, open Opener, op string, write func(ctx context.Context, st flow.Store, id string, seen func(flow.Current)) error) {
	t.Helper()
	ctx := context.Background()
	st, svc, cases := withEveryKindOfRecord(t, open)
	before := Snapshot(t, svc)
	for _, tc := range cases {
		var got *flow.Current
		err := write(ctx, st, tc.id, func(cur flow.Current) { got = &cur })
		if !errors.Is(err, errRefused) {
			t.Errorf("%s %s: got %v, want decide's error", op, tc.id, err)
		}
		if got == nil {
			t.Errorf("%s %s never called decide", op, tc.id)
		} else if !reflect.DeepEqual(*got, tc.want) {
			t.Errorf("%s %s: decide got %+v (node %#v), want %+v (node %#v)", op, tc.id, *got, got.Node, tc.want, tc.want.Node)
		}
	}
	if after := Snapshot(t, svc); after != before {
		t.Errorf("refused writes changed the store")
	}
}

func testDecideSaveNodeErrorWritesNothing(t *testing.T, open Opener) {
	ctx := context.Background()
	st, svc := loaded(t, open)
	before := Snapshot(t, svc)
	for _, n := range []flow.Node{
		&flow.Fund{ID: "new-fund", Name: "New fund", Dataset: flow.APIDataset},
		&flow.Organisation{ID: "dhsc", Name: "Renamed", Dataset: nhsID},
		&flow.Programme{ID: "wifi", Name: "Wi-Fi, moved", FundID: "", Dataset: nhsID},
	} {
		err := st.SaveNode(ctx, n.NodeID(), func(flow.Current) (flow.Node, flow.Revision, error) {
			return n, storeRevision(n.NodeID(), flow.Updated), errRefused
		})
		if !errors.Is(err, errRefused) {
			t.Errorf("SaveNode %s: got %v, want decide's error", n.NodeID(), err)
		}
	}
	if after := Snapshot(t, svc); after != before {
		t.Errorf("writes decide refused changed the store:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	wantNoHistory(t, svc, "new-fund", "dhsc", "wifi")
}

func testDecideRecordFlowErrorWritesNothing(t *testing.T, open Opener) {
	ctx := context.Background()
	st, svc := loaded(t, open)
	before := Snapshot(t, svc)
	f := newPayment(t)
	f.Dataset, f.Citations[0].Published, f.KnownFrom = flow.APIDataset, "2018-07-31", "2018-07-31"
	err := st.RecordFlow(ctx, f.ID, func(flow.Current) (*flow.Flow, flow.Revision, error) {
		return f, storeRevision(f.ID, flow.Created), errRefused
	})
	if !errors.Is(err, errRefused) {
		t.Errorf("RecordFlow: got %v, want decide's error", err)
	}
	if after := Snapshot(t, svc); after != before {
		t.Errorf("a write decide refused changed the store:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	wantNoHistory(t, svc, f.ID)
}

func testDecideUpdateFlowErrorWritesNothing(t *testing.T, open Opener) {
	ctx := context.Background()
	st, svc := loaded(t, open)
	before := Snapshot(t, svc)
	id := "wifi-to-cyber-security-2017-18"
	out, err := st.UpdateFlow(ctx, id, func(cur *flow.Flow) (*flow.Flow, flow.Revision, error) {
		if cur == nil {
			return nil, flow.Revision{}, errors.New("no current flow")
		}
		next := *cur
		next.Amount, next.Status = flow.GBP(1), flow.Retracted
		next.Citations = append(append([]flow.Citation(nil), cur.Citations...), flow.Citation{SourceID: "hsj-2018-01-wannacry-review", Quote: "Q."})
		return &next, storeRevision(id, flow.Corrected), errRefused
	})
	if !errors.Is(err, errRefused) || out != nil {
		t.Errorf("UpdateFlow: got %+v, %v; want no flow and decide's error", out, err)
	}
	if after := Snapshot(t, svc); after != before {
		t.Errorf("a write decide refused changed the store:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	wantNoHistory(t, svc, id)
}

func testDecideSaveNodeWritesWhatDecideReturns(t *testing.T, open Opener) {
	ctx := context.Background()
	st, svc := loaded(t, open)
	for _, tc := range []struct {
		name string
		node flow.Node
		rev  flow.Revision
	}{
		{"a new programme in a dataset of decide's choosing", &flow.Programme{ID: "digital-desk", Name: "Digital desk",
			Aliases: []string{"The Desk", "DD"}, Description: "A desk.", FundID: "phc-2020", Dataset: "other"},
			storeRevision("digital-desk", flow.Created)},
		{"an organisation rewritten in its own dataset", &flow.Organisation{ID: "dhsc", Name: "Department of Health",
			Aliases: []string{"DoH"}, Kind: "department", Description: "Renamed.", Dataset: nhsID},
			storeRevision("dhsc", flow.Updated)},
		{"a source rewritten", &flow.Source{ID: "hsj-2018-01-wannacry-review", Title: "WannaCry review", Publisher: "HSJ",
			Published: "2018-01", DateNote: "month only", URL: "https://example.org/w", File: "w.txt", Notes: []string{"b", "a"}, Dataset: nhsID},
			storeRevision("hsj-2018-01-wannacry-review", flow.Updated)},
	} {
		id := tc.node.NodeID()
		err := st.SaveNode(ctx, id, func(flow.Current) (flow.Node, flow.Revision, error) { return tc.node, tc.rev, nil })
		if err != nil {
			t.Fatalf("%s: SaveNode: %v", tc.name, err)
		}
		nodes, err := svc.Nodes(ctx, []string{id})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(nodes[id], tc.node) {
			t.Errorf("%s: read back\n got %#v\nwant %#v", tc.name, nodes[id], tc.node)
		}
		h, err := svc.History(ctx, []string{id})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(h[id], []flow.Revision{tc.rev}) {
			t.Errorf("%s: history\n got %+v\nwant %+v", tc.name, h[id], []flow.Revision{tc.rev})
		}
	}
	// The programme is paid from the fund decide named.
	page, err := svc.Programmes(ctx, flow.NodeQuery{Filter: flow.NodeFilter{FundIDs: []string{"phc-2020"}}, Page: flow.PageArgs{First: new(flow.MaxPageSize)}})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(page.Items); len(got) != 7 || !reflect.DeepEqual(find(page.Items, "digital-desk"), &flow.Programme{ID: "digital-desk",
		Name: "Digital desk", Aliases: []string{"The Desk", "DD"}, Description: "A desk.", FundID: "phc-2020", Dataset: "other"}) {
		t.Errorf("programmes of phc-2020: got %v, want the six curated and digital-desk", got)
	}
}

// recordedFlow is a flow as decide might hand RecordFlow: citations out of
// any sorted order, two of them from one source, every field set.
func recordedFlow(t testing.TB) *flow.Flow {
	t.Helper()
	return &flow.Flow{ID: "wifi-to-nhs-trusts-2018-19", Kind: flow.Payment, FromID: "wifi", ToID: "nhs-trusts", Year: "2018-19",
		Amount: flow.Money{Amount: ptr(gbp(t, "£2m")), Currency: "GBP", Qualifier: flow.Range, Low: ptr(gbp(t, "£1.5m")), High: ptr(gbp(t, "£2.5m"))},
		Status: flow.Estimated, Note: "Recorded by the contract suite.", Dataset: "other", KnownFrom: "2018-01-24",
		Citations: []flow.Citation{
			{SourceID: "hsj-2018-07-provider-digitisation", Quote: "Second, by date.", Published: "2018-07-31"},
			{SourceID: "hsj-2018-01-wannacry-review", Quote: "First, by date.", Published: "2018-01-24"},
			{SourceID: "hsj-2018-07-provider-digitisation", Quote: "An earlier quote from the same source.", Published: "2018-07-31"},
		}}
}

func testDecideRecordFlowWritesWhatDecideReturns(t *testing.T, open Opener) {
	ctx := context.Background()
	st, svc := loaded(t, open)
	f := recordedFlow(t)
	rev := storeRevision(f.ID, flow.Created)
	rev.Amount, rev.Status = &f.Amount, f.Status
	if err := st.RecordFlow(ctx, f.ID, func(flow.Current) (*flow.Flow, flow.Revision, error) { return f, rev, nil }); err != nil {
		t.Fatalf("RecordFlow: %v", err)
	}
	page, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{IDs: []string{f.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || !reflect.DeepEqual(page.Items[0], recordedFlow(t)) {
		t.Errorf("read back:\n got %+v\nwant %+v", page.Items, recordedFlow(t))
	}
	h, err := svc.History(ctx, []string{f.ID})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(h[f.ID], []flow.Revision{rev}) {
		t.Errorf("history:\n got %+v\nwant %+v", h[f.ID], []flow.Revision{rev})
	}
}

// testDecideRecordFlowWithoutAnEndNotFound: a flow decide returns with an
// end that does not exist is not written, and the store says NOT_FOUND.
func testDecideRecordFlowWithoutAnEndNotFound(t *testing.T, open Opener) {
	ctx := context.Background()
	st, svc := loaded(t, open)
	before := Snapshot(t, svc)
	f := recordedFlow(t)
	f.ToID = "no-such-node"
	err := st.RecordFlow(ctx, f.ID, func(flow.Current) (*flow.Flow, flow.Revision, error) {
		return f, storeRevision(f.ID, flow.Created), nil
	})
	WantCode(t, err, flow.ENOTFOUND)
	if after := Snapshot(t, svc); after != before {
		t.Errorf("a flow without an end changed the store:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	wantNoHistory(t, svc, f.ID)
}

func testDecideUpdateFlowSeesNilWithoutAFlow(t *testing.T, open Opener) {
	// No flow of a dataset's own kinds has these ids: unknown, a budget
	// line's figure, a budget line, a node.
	ctx := context.Background()
	st, svc := loaded(t, open)
	before := Snapshot(t, svc)
	for _, id := range []string{"no-such-flow", "cyber-security-2016-17:actual", "wifi-2017-18", "dhsc"} {
		called := false
		var got *flow.Flow
		out, err := st.UpdateFlow(ctx, id, func(cur *flow.Flow) (*flow.Flow, flow.Revision, error) {
			called, got = true, cur
			return nil, flow.Revision{}, errRefused
		})
		if !errors.Is(err, errRefused) || out != nil {
			t.Errorf("UpdateFlow %s: got %+v, %v; want no flow and decide's error", id, out, err)
		}
		if !called || got != nil {
			t.Errorf("UpdateFlow %s: decide called %v with %+v; want it called with nil", id, called, got)
		}
	}
	if after := Snapshot(t, svc); after != before {
		t.Errorf("refused updates changed the store")
	}
}

func testDecideUpdateFlowSeesTheFlowWithItsCitations(t *testing.T, open Opener) {
	ctx := context.Background()
	st, svc := loaded(t, open)
	// A correction through the service adds a citation after the curated
	// ones; the API's own flow is in the API's dataset.
	id := "wifi-to-cyber-security-2017-18"
	added := flow.Citation{SourceID: "hsj-2018-01-wannacry-review", Quote: "Substantial cuts to existing tech programmes expected to fund boost"}
	if _, err := svc.CorrectFlow(ctx, writer, id, flow.GBP(gbp(t, "£13m")), []flow.Citation{added}, "a second look"); err != nil {
		t.Fatal(err)
	}
	if err := svc.RecordFlow(ctx, writer, newPayment(t)); err != nil {
		t.Fatal(err)
	}
	ds := NHS(t)
	corrected := *findFlow(ds.Flows, id)
	corrected.Amount = flow.GBP(gbp(t, "£13m"))
	corrected.Citations = append(corrected.Citations, flow.Citation{SourceID: added.SourceID, Quote: added.Quote, Published: "2018-01-24"})
	corrected.KnownFrom = "2018-01-24" // the added citation is the earliest
	payment := newPayment(t)
	payment.Dataset, payment.KnownFrom, payment.Citations[0].Published = flow.APIDataset, "2018-07-31", "2018-07-31"
	payment.Measure = flow.MeasureMoved // what the service records for a reported payment
	for _, want := range []*flow.Flow{findFlow(ds.Flows, "provider-digitisation-to-cyber-security-2017-18"), findFlow(ds.Flows, "dhsc-to-phc-2020"), &corrected, payment} {
		var got *flow.Flow
		_, err := st.UpdateFlow(ctx, want.ID, func(cur *flow.Flow) (*flow.Flow, flow.Revision, error) {
			got = cur
			return nil, flow.Revision{}, errRefused
		})
		if !errors.Is(err, errRefused) {
			t.Errorf("UpdateFlow %s: got %v, want decide's error", want.ID, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("UpdateFlow %s: decide got\n %+v\nwant %+v", want.ID, got, want)
		}
	}
}

func testDecideUpdateFlowWritesWhatDecideReturns(t *testing.T, open Opener) {
	ctx := context.Background()
	st, svc := loaded(t, open)
	id := "wifi-to-cyber-security-2017-18"
	c0, err := svc.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want *flow.Flow
	rev := storeRevision(id, flow.Corrected)
	out, err := st.UpdateFlow(ctx, id, func(cur *flow.Flow) (*flow.Flow, flow.Revision, error) {
		if cur == nil {
			return nil, rev, errors.New("no current flow")
		}
		next := *cur
		next.Amount = flow.Money{Amount: ptr(gbp(t, "£12m")), Currency: "GBP", Qualifier: flow.AtLeast, Low: ptr(gbp(t, "£12m"))}
		next.Status, next.Note = flow.Estimated, "Rewritten by the contract suite."
		// The curated citations reversed, then a new one.
		next.Citations = []flow.Citation{cur.Citations[1], cur.Citations[0],
			{SourceID: "hsj-2018-01-wannacry-review", Quote: "Added.", Published: "2018-01-24"}}
		next.KnownFrom = "2018-01-24"
		rev.Previous, rev.Amount, rev.PreviousStatus, rev.Status = &cur.Amount, &next.Amount, cur.Status, next.Status
		want = &next
		return &next, rev, nil
	})
	if err != nil {
		t.Fatalf("UpdateFlow: %v", err)
	}
	if !reflect.DeepEqual(out, want) {
		t.Errorf("UpdateFlow returned\n %+v\nwant %+v", out, want)
	}
	if want.Dataset != nhsID {
		t.Errorf("decide was handed a flow of dataset %q, want %s", want.Dataset, nhsID)
	}
	page, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{IDs: []string{id}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || !reflect.DeepEqual(page.Items[0], want) {
		t.Errorf("read back:\n got %+v\nwant %+v", page.Items, want)
	}
	// The old citations were replaced, not added to.
	if c, err := svc.Counts(ctx); err != nil || c.Citations != c0.Citations+1 {
		t.Errorf("citations: got %d, %v; want %d", c.Citations, err, c0.Citations+1)
	}
	h, err := svc.History(ctx, []string{id})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(h[id], []flow.Revision{rev}) {
		t.Errorf("history:\n got %+v\nwant %+v", h[id], []flow.Revision{rev})
	}
	// The flow stayed in its dataset: a reload that takes the file's
	// version restores it, citations and all.
	if _, err := svc.LoadWith(ctx, Checked(t, NHS(t)), ledger.LoadOptions{TakeFile: true}); err != nil {
		t.Fatal(err)
	}
	page, err = svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{IDs: []string{id}}})
	if err != nil {
		t.Fatal(err)
	}
	if curated := findFlow(NHS(t).Flows, id); len(page.Items) != 1 || !reflect.DeepEqual(page.Items[0], curated) {
		t.Errorf("after a reload taking the file:\n got %+v\nwant %+v", page.Items, curated)
	}
}

// findFlow finds a flow by id.
func findFlow(fs []*flow.Flow, id string) *flow.Flow {
	for _, f := range fs {
		if f.ID == id {
			return f
		}
	}
	return nil
}

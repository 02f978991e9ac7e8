package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// The write rules below are the service's, but each holds only if the
// store presents what it holds when the write begins: the kind and dataset
// of whatever has the id, and the flow being changed.

func testWritesCreateNode(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	org := &flow.Organisation{ID: "nhs-digital", Name: "NHS Digital", Kind: "arm's-length body"}
	if err := svc.CreateNode(ctx, writer, org); err != nil {
		t.Fatal(err)
	}
	nodes, err := svc.Nodes(ctx, []string{"nhs-digital"})
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := nodes["nhs-digital"].(*flow.Organisation); !ok || got.Name != "NHS Digital" || got.Dataset != flow.APIDataset {
		t.Errorf("created organisation: got %#v", nodes["nhs-digital"])
	}
	h, err := svc.History(ctx, []string{"nhs-digital"})
	if err != nil {
		t.Fatal(err)
	}
	if len(h["nhs-digital"]) != 1 || h["nhs-digital"][0].Action != flow.Created || h["nhs-digital"][0].By != writer || h["nhs-digital"][0].At != RevisionAt {
		t.Errorf("history: got %+v, want one creation by %s at %s", h, writer, RevisionAt)
	}
}

func testWritesCreateOnTakenIDConflicts(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	before := Snapshot(t, svc)
	// An id held by a record of any kind, its own kind included, is taken.
	for _, n := range []flow.Node{
		&flow.Fund{ID: "dhsc", Name: "Not a fund"},
		&flow.Fund{ID: "phc-2020", Name: "Another fund"},
		&flow.Fund{ID: "wifi-2017-18", Name: "A budget line's id"},
		&flow.Fund{ID: "wifi-to-cyber-security-2017-18", Name: "A flow's id"},
		&flow.Organisation{ID: "hsj-2018-01-wannacry-review", Name: "A source's id"},
	} {
		err := svc.CreateNode(ctx, writer, n)
		WantCode(t, err, flow.ECONFLICT)
	}
	if after := Snapshot(t, svc); after != before {
		t.Errorf("refused writes changed the store")
	}
	wantNoHistory(t, svc, "dhsc", "phc-2020", "wifi-2017-18", "wifi-to-cyber-security-2017-18", "hsj-2018-01-wannacry-review")
}

func testWritesUpdateUnknownIDNotFound(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	before := Snapshot(t, svc)
	err := svc.UpdateNode(context.Background(), writer, &flow.Fund{ID: "no-such-fund", Name: "X"}, "")
	WantCode(t, err, flow.ENOTFOUND)
	if after := Snapshot(t, svc); after != before {
		t.Errorf("a refused write changed the store")
	}
	wantNoHistory(t, svc, "no-such-fund")
}

func testWritesIDNeverChangesKind(t *testing.T, open Opener) {
	// An id never changes kind through the API: not a fund over an
	// organisation, a budget line or a flow.
	ctx := context.Background()
	svc := Loaded(t, open)
	before := Snapshot(t, svc)
	for _, id := range []string{"dhsc", "wifi-2017-18", "wifi-to-cyber-security-2017-18"} {
		err := svc.UpdateNode(ctx, writer, &flow.Fund{ID: id, Name: "X"}, "")
		WantCode(t, err, flow.ECONFLICT)
	}
	if after := Snapshot(t, svc); after != before {
		t.Errorf("refused writes changed the store")
	}
	wantNoHistory(t, svc, "dhsc", "wifi-2017-18", "wifi-to-cyber-security-2017-18")
}

func testWritesUpdateKeepsDataset(t *testing.T, open Opener) {
	// An update keeps the record's dataset, and search sees the new name
	// (which now holds "DHSC", a word search finds in brackets too).
	ctx := context.Background()
	svc := Loaded(t, open)
	renamed := &flow.Organisation{ID: "dhsc", Name: "Department of Health and Social Care (DHSC)", Kind: "government department"}
	if err := svc.UpdateNode(ctx, writer, renamed, "full name"); err != nil {
		t.Fatal(err)
	}
	page, err := svc.Search(ctx, flow.SearchQuery{Text: "(dhsc)"})
	if err != nil {
		t.Fatal(err)
	}
	if h := hit(t, page, "dhsc"); h.Record.(*flow.Organisation).Dataset != nhsID || !hasMatch(h, flow.FieldName, renamed.Name) {
		t.Errorf("renamed organisation: got %+v", h)
	}
	h, err := svc.History(ctx, []string{"dhsc"})
	if err != nil {
		t.Fatal(err)
	}
	if len(h["dhsc"]) != 1 || h["dhsc"][0].Action != flow.Updated || h["dhsc"][0].Reason != "full name" {
		t.Errorf("history: got %+v", h)
	}
}

// newPayment is a flow the API records in the suite: £21m from cyber
// security to NHS trusts in 2018-19, citing a sentence of the July report.
func newPayment(t testing.TB) *flow.Flow {
	t.Helper()
	return &flow.Flow{ID: "cyber-security-to-nhs-trusts-2018-19", Kind: flow.Payment, FromID: "cyber-security", ToID: "nhs-trusts",
		Year: "2018-19", Amount: flow.GBP(gbp(t, "£21m")), Status: flow.Reported,
		Citations: []flow.Citation{{SourceID: "hsj-2018-07-provider-digitisation", Quote: trustsQuote}}}
}

// trustsQuote is a sentence of the July report.
const trustsQuote = "NHS England has not responded to HSJ’s requests for a full breakdown of which trusts have received additional cyber security spending."

func testWritesRecordFlow(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	if err := svc.RecordFlow(ctx, writer, newPayment(t)); err != nil {
		t.Fatal(err)
	}
	page, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{ToIDs: []string{"nhs-trusts"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || point(page.Items[0].Amount.Amount) != gbp(t, "£21m") || page.Items[0].Dataset != flow.APIDataset ||
		len(page.Items[0].Citations) != 1 {
		t.Fatalf("recorded flow: got %+v", page.Items)
	}
	// Dated from its source, published in July 2018.
	if got := page.Items[0]; got.KnownFrom != "2018-07-31" || got.Citations[0].Published != "2018-07-31" {
		t.Errorf("recorded flow: known from %q, citation published %q; want 2018-07-31", got.KnownFrom, got.Citations[0].Published)
	}
	h, err := svc.History(ctx, []string{"cyber-security-to-nhs-trusts-2018-19"})
	if err != nil {
		t.Fatal(err)
	}
	if r := h["cyber-security-to-nhs-trusts-2018-19"]; len(r) != 1 || r[0].Action != flow.Created || r[0].Amount == nil ||
		point(r[0].Amount.Amount) != gbp(t, "£21m") || r[0].Status != flow.Reported {
		t.Errorf("history: got %+v", h)
	}
}

func testWritesRecordFlowOnTakenIDConflicts(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	if err := svc.RecordFlow(ctx, writer, newPayment(t)); err != nil {
		t.Fatal(err)
	}
	before := Snapshot(t, svc)
	WantCode(t, svc.RecordFlow(ctx, writer, newPayment(t)), flow.ECONFLICT)
	// An id held by a record of another kind is taken too.
	for _, id := range []string{"wifi-to-cyber-security-2017-18", "wifi-2017-18", "dhsc"} {
		f := newPayment(t)
		f.ID = id
		WantCode(t, svc.RecordFlow(ctx, writer, f), flow.ECONFLICT)
	}
	if after := Snapshot(t, svc); after != before {
		t.Errorf("refused writes changed the store")
	}
	h, err := svc.History(ctx, []string{"cyber-security-to-nhs-trusts-2018-19"})
	if err != nil || len(h["cyber-security-to-nhs-trusts-2018-19"]) != 1 {
		t.Errorf("history: got %+v, %v; want only the first recording", h, err)
	}
	wantNoHistory(t, svc, "wifi-to-cyber-security-2017-18", "wifi-2017-18", "dhsc")
}

func testWritesCorrectFlowKeepsTheEarlierValue(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	id := "provider-digitisation-to-cyber-security-2017-18"
	amount := flow.Money{Amount: ptr(gbp(t, "£80m")), Qualifier: flow.MajorityOf}
	cite := flow.Citation{SourceID: "hsj-2018-07-provider-digitisation", Quote: "DHSC figures show £80m less spent than planned on “provider digitisation” in 2017-18"}
	f, err := svc.CorrectFlow(ctx, writer, id, amount, []flow.Citation{cite}, "headline figure")
	if err != nil {
		t.Fatal(err)
	}
	if point(f.Amount.Amount) != gbp(t, "£80m") || len(f.Citations) != 5 {
		t.Errorf("corrected flow: got %v with %d citations", f.Amount, len(f.Citations))
	}
	page, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{IDs: []string{id}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := page.Items[0]; point(got.Amount.Amount) != gbp(t, "£80m") || got.Citations[4].Quote != cite.Quote {
		t.Errorf("stored correction: got %v, citations %v", got.Amount, got.Citations)
	}
	h, err := svc.History(ctx, []string{id})
	if err != nil {
		t.Fatal(err)
	}
	want := flow.Money{Currency: "GBP", Qualifier: flow.MajorityOf, Low: ptr(gbp(t, "£40.5m")), High: ptr(gbp(t, "£81m")),
		Phrase: "the majority of the £81m underspend"}
	if len(h[id]) != 1 || h[id][0].Previous == nil || !reflect.DeepEqual(*h[id][0].Previous, want) ||
		h[id][0].By != writer || h[id][0].Reason != "headline figure" || point(h[id][0].Amount.Amount) != gbp(t, "£80m") {
		t.Errorf("history: got %+v, want the previous £81m kept", h[id])
	}
}

func testWritesCorrectUnknownFlowNotFound(t *testing.T, open Opener) {
	// Neither an unknown id nor a budget line (or one of its figures) is a
	// flow that can be corrected.
	ctx := context.Background()
	svc := Loaded(t, open)
	before := Snapshot(t, svc)
	amount := flow.Money{Amount: ptr(gbp(t, "£80m")), Qualifier: flow.MajorityOf}
	for _, id := range []string{"no-such-flow", "wifi-2017-18", "cyber-security-2016-17:actual"} {
		_, err := svc.CorrectFlow(ctx, writer, id, amount, nil, "x")
		WantCode(t, err, flow.ENOTFOUND)
	}
	if after := Snapshot(t, svc); after != before {
		t.Errorf("refused corrections changed the store")
	}
	wantNoHistory(t, svc, "no-such-flow", "wifi-2017-18", "cyber-security-2016-17:actual")
}

func testWritesRetractFlow(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	id := "wifi-to-cyber-security-2017-18"
	f, err := svc.RetractFlow(ctx, writer, id, "misread the spokesman")
	if err != nil {
		t.Fatal(err)
	}
	if f.Status != flow.Retracted {
		t.Errorf("status: got %s", f.Status)
	}
	page, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{IDs: []string{id}}})
	if err != nil || len(page.Items) != 0 {
		t.Errorf("a retracted flow is left out by default: got %v, %v", page, err)
	}
	page, err = svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{IDs: []string{id}, Statuses: []flow.Status{flow.Retracted}}})
	if err != nil || len(page.Items) != 1 {
		t.Errorf("asked for, it is there: got %v, %v", page, err)
	}
	res, err := svc.Trace(ctx, flow.TraceQuery{From: "wifi", To: "cyber-security"})
	if err != nil || len(res.Paths) != 0 {
		t.Errorf("traces skip retracted flows: got %v, %v", res, err)
	}
	h, err := svc.History(ctx, []string{id})
	if err != nil || len(h[id]) != 1 || h[id][0].PreviousStatus != flow.Confirmed || h[id][0].Status != flow.Retracted {
		t.Errorf("history: got %+v, %v", h, err)
	}
}

func testWritesRetractTwiceConflicts(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	id := "wifi-to-cyber-security-2017-18"
	if _, err := svc.RetractFlow(ctx, writer, id, "misread the spokesman"); err != nil {
		t.Fatal(err)
	}
	before := Snapshot(t, svc)
	_, err := svc.RetractFlow(ctx, writer, id, "again")
	WantCode(t, err, flow.ECONFLICT)
	if after := Snapshot(t, svc); after != before {
		t.Errorf("a refused retraction changed the store")
	}
	h, err := svc.History(ctx, []string{id})
	if err != nil || len(h[id]) != 1 {
		t.Errorf("history: got %+v, %v; want only the first retraction", h, err)
	}
}

// wantNoHistory fails the test if any of ids has a revision.
func wantNoHistory(t testing.TB, svc *ledger.Service, ids ...string) {
	t.Helper()
	h, err := svc.History(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if len(h[id]) != 0 {
			t.Errorf("%s: a refused write left history %+v", id, h[id])
		}
	}
}

package storetest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// Reloading a dataset that the API has changed since it was loaded. The
// rules are the service's; they hold only if the store hands decide the
// dataset's revised records as they are stored, with their history, and
// leaves the records the plan keeps exactly as they are.

// The API's changes the reload behaviours start from: the provider
// digitisation diversion corrected to the £80m of the report's headline,
// citing the headline, and the Wi-Fi diversion retracted.
const (
	correctedID = "provider-digitisation-to-cyber-security-2017-18"
	retractedID = "wifi-to-cyber-security-2017-18"
	julySource  = "hsj-2018-07-provider-digitisation"
	headline    = "DHSC figures show £80m less spent than planned on “provider digitisation” in 2017-18"
)

// changedThroughAPI is a store holding the bundled dataset after the API's
// correction and retraction, with the revisions that recorded them.
type changedThroughAPI struct {
	st                     flow.Store
	svc                    *ledger.Service
	correction, retraction flow.Revision
}

func changed(tb testing.TB, open Opener) changedThroughAPI {
	tb.Helper()
	ctx := context.Background()
	st, svc := loaded(tb, open)
	amount := flow.Money{Amount: ptr(gbp(tb, "£80m")), Qualifier: flow.MajorityOf}
	if _, err := svc.CorrectFlow(ctx, writer, correctedID, amount, []flow.Citation{{SourceID: julySource, Quote: headline}}, "headline figure"); err != nil {
		tb.Fatal(err)
	}
	if _, err := svc.RetractFlow(ctx, writer, retractedID, "misread the spokesman"); err != nil {
		tb.Fatal(err)
	}
	h, err := svc.History(ctx, []string{correctedID, retractedID})
	if err != nil {
		tb.Fatal(err)
	}
	if len(h[correctedID]) != 1 || len(h[retractedID]) != 1 {
		tb.Fatalf("history before the reload: %+v", h)
	}
	return changedThroughAPI{st: st, svc: svc, correction: h[correctedID][0], retraction: h[retractedID][0]}
}

// reload loads the bundled dataset again, or ds when given.
func (c changedThroughAPI) reload(tb testing.TB, o ledger.LoadOptions, ds ...*flow.Dataset) *flow.LoadReport {
	tb.Helper()
	d := NHS(tb)
	if len(ds) > 0 {
		d = ds[0]
	}
	rep, err := c.svc.LoadWith(context.Background(), Checked(tb, d), o)
	if err != nil {
		tb.Fatalf("reload: %v", err)
	}
	return rep
}

// flowAs reads one flow, whatever its status.
func flowAs(tb testing.TB, svc *ledger.Service, id string) *flow.Flow {
	tb.Helper()
	page, err := svc.Flows(context.Background(), flow.FlowQuery{Filter: flow.FlowFilter{IDs: []string{id}, Statuses: flow.Statuses}})
	if err != nil {
		tb.Fatal(err)
	}
	if len(page.Items) != 1 {
		tb.Fatalf("flow %s: got %d flows, want 1", id, len(page.Items))
	}
	return page.Items[0]
}

// money is a normalized amount, as stored.
func money(tb testing.TB, amount string, q flow.Qualifier) flow.Money {
	tb.Helper()
	return flow.Money{Amount: ptr(gbp(tb, amount)), Qualifier: q}.Normalized()
}

func testLoadReloadKeepsCorrection(t *testing.T, open Opener) {
	c := changed(t, open)
	c.reload(t, ledger.LoadOptions{})
	f := flowAs(t, c.svc, correctedID)
	if want := money(t, "£80m", flow.MajorityOf); !reflect.DeepEqual(f.Amount, want) {
		t.Errorf("amount after a reload: got %v, want the correction's %v", f.Amount, want)
	}
	// The rest of the record stays too: the reload wrote nothing of it.
	if f.Status != flow.Reported || f.Dataset != nhsID {
		t.Errorf("status and dataset after a reload: got %s, %s", f.Status, f.Dataset)
	}
}

func testLoadReloadKeepsRetraction(t *testing.T, open Opener) {
	ctx := context.Background()
	c := changed(t, open)
	c.reload(t, ledger.LoadOptions{})
	if f := flowAs(t, c.svc, retractedID); f.Status != flow.Retracted {
		t.Errorf("status after a reload: got %s, want RETRACTED", f.Status)
	}
	page, err := c.svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{ToIDs: []string{"cyber-security"}, Kinds: []flow.FlowKind{flow.Diversion}, Year: "2017-18"}})
	if err != nil {
		t.Fatal(err)
	}
	if ids := flowIDs(page.Items); !reflect.DeepEqual(ids, []string{correctedID}) {
		t.Errorf("diversions to cyber security in 2017-18 after a reload: got %v, want only %s", ids, correctedID)
	}
	res, err := c.svc.Trace(ctx, flow.TraceQuery{From: "wifi", To: "cyber-security"})
	if err != nil || len(res.Paths) != 0 {
		t.Errorf("trace from Wi-Fi after a reload: got %+v, %v; want no path", res, err)
	}
}

func testLoadReloadKeepsAddedCitation(t *testing.T, open Opener) {
	ctx := context.Background()
	c := changed(t, open)
	c.reload(t, ledger.LoadOptions{})
	f := flowAs(t, c.svc, correctedID)
	curated := findFlow(NHS(t).Flows, correctedID).Citations
	if len(f.Citations) != len(curated)+1 || f.Citations[len(curated)].Quote != headline || f.Citations[len(curated)].SourceID != julySource {
		t.Fatalf("citations after a reload: got %q, want the %d curated ones and the headline", f.Citations, len(curated))
	}
	for i, ct := range curated {
		if f.Citations[i].Quote != ct.Quote {
			t.Errorf("citation %d: got %q, want %q", i, f.Citations[i].Quote, ct.Quote)
		}
	}
	if got, err := c.svc.Counts(ctx); err != nil || got.Citations != NHS(t).Counts().Citations+1 {
		t.Errorf("citations stored: got %d, %v; want %d", got.Citations, err, NHS(t).Counts().Citations+1)
	}
}

func testLoadReloadTakesFileWhenAsked(t *testing.T, open Opener) {
	ctx := context.Background()
	c := changed(t, open)
	rep := c.reload(t, ledger.LoadOptions{TakeFile: true})
	for _, id := range []string{correctedID, retractedID} {
		got, want := flowAs(t, c.svc, id), findFlow(NHS(t).Flows, id)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s after a reload taking the file:\n got %+v\nwant %+v", id, got, want)
		}
	}
	if got, err := c.svc.Counts(ctx); err != nil || got != NHS(t).Counts() {
		t.Errorf("counts: got %+v, %v; want the file's %+v", got, err, NHS(t).Counts())
	}
	// It says so: every conflict is reported as taken from the file.
	if len(rep.Conflicts) != 3 {
		t.Fatalf("conflicts: got %+v, want 3", rep.Conflicts)
	}
	for _, cf := range rep.Conflicts {
		if cf.Action != flow.Reloaded {
			t.Errorf("conflict %s %s: got action %s, want RELOADED", cf.RecordID, cf.Field, cf.Action)
		}
	}
	// The records are the file's again: the next reload finds nothing.
	if rep := c.reload(t, ledger.LoadOptions{}); len(rep.Conflicts) != 0 || len(rep.Revisions) != 0 {
		t.Errorf("the reload after: got conflicts %+v and revisions %+v, want none", rep.Conflicts, rep.Revisions)
	}
}

func testLoadReloadWritesRevisions(t *testing.T, open Opener) {
	ctx := context.Background()
	c := changed(t, open)
	corrected, curated := money(t, "£80m", flow.MajorityOf), findFlow(NHS(t).Flows, correctedID).Amount
	wifi := findFlow(NHS(t).Flows, retractedID).Amount
	keptCorrection := flow.Revision{RecordID: correctedID, Action: flow.Kept, At: RevisionAt, By: flow.LoadWriter,
		Reason:   "the load kept the changes made through the API; the file gives amount and citations differently",
		Previous: &corrected, Amount: &corrected, PreviousStatus: flow.Reported, Status: flow.Reported}
	keptRetraction := flow.Revision{RecordID: retractedID, Action: flow.Kept, At: RevisionAt, By: flow.LoadWriter,
		Reason:   "the load kept the changes made through the API; the file gives status differently",
		Previous: &wifi, Amount: &wifi, PreviousStatus: flow.Retracted, Status: flow.Retracted}
	rep := c.reload(t, ledger.LoadOptions{})
	if !reflect.DeepEqual(rep.Revisions, []flow.Revision{keptCorrection, keptRetraction}) {
		t.Errorf("report's revisions:\n got %+v\nwant %+v", rep.Revisions, []flow.Revision{keptCorrection, keptRetraction})
	}
	took := []flow.Revision{
		{RecordID: correctedID, Action: flow.Reloaded, At: RevisionAt, By: flow.LoadWriter,
			Reason:   "the load wrote the file's amount and citations, as asked, over the changes made through the API",
			Previous: &corrected, Amount: &curated, PreviousStatus: flow.Reported, Status: flow.Reported},
		{RecordID: retractedID, Action: flow.Reloaded, At: RevisionAt, By: flow.LoadWriter,
			Reason:   "the load wrote the file's status, as asked, over the changes made through the API",
			Previous: &wifi, Amount: &wifi, PreviousStatus: flow.Retracted, Status: flow.Confirmed},
	}
	c.reload(t, ledger.LoadOptions{TakeFile: true})
	h, err := c.svc.History(ctx, []string{correctedID, retractedID})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string][]flow.Revision{
		correctedID: {c.correction, keptCorrection, took[0]},
		retractedID: {c.retraction, keptRetraction, took[1]},
	} {
		if !reflect.DeepEqual(h[id], want) {
			t.Errorf("history of %s:\n got %+v\nwant %+v", id, h[id], want)
		}
	}
}

func testLoadReloadReportsConflicts(t *testing.T, open Opener) {
	c := changed(t, open)
	rep := c.reload(t, ledger.LoadOptions{})
	type row struct {
		id, field, loaded, current string
		setBy                      flow.Revision
	}
	want := []row{
		{correctedID, "amount", "the majority of the £81m underspend (MAJORITY_OF; £40.5m–£81m)", "£80m (MAJORITY_OF; £40m–£80m)", c.correction},
		{correctedID, "citations", "4 citations", "5 citations, 1 not in the file: " + julySource + ` "DHSC figures show £80m less spent than planned`, c.correction},
		{retractedID, "status", "CONFIRMED", "RETRACTED", c.retraction},
	}
	if len(rep.Conflicts) != len(want) {
		t.Fatalf("conflicts: got %+v, want %d", rep.Conflicts, len(want))
	}
	for i, w := range want {
		got := rep.Conflicts[i]
		if got.RecordID != w.id || got.Kind != flow.KindFlow || got.Field != w.field || got.Action != flow.Kept ||
			!strings.HasPrefix(got.Loaded, w.loaded) || !strings.HasPrefix(got.Current, w.current) ||
			!reflect.DeepEqual(got.SetBy, w.setBy) {
			t.Errorf("conflict %d:\n got %+v\nwant %+v, kept", i, got, w)
		}
	}
	// The citations' values show what the API added, and only that.
	if cf := rep.Conflicts[1]; cf.Loaded != "4 citations" {
		t.Errorf("citations conflict: loaded %q, want only the count", cf.Loaded)
	}
	// A kept record stays the API's: the next reload reports it again,
	// and records that it kept it again.
	again := c.reload(t, ledger.LoadOptions{})
	if !reflect.DeepEqual(again.Conflicts, rep.Conflicts) || len(again.Revisions) != 2 || again.Revisions[0].Action != flow.Kept {
		t.Errorf("the next reload: got conflicts %+v, revisions %+v; want the same conflicts, kept again", again.Conflicts, again.Revisions)
	}
}

func testLoadReloadKeepsUpdatedNode(t *testing.T, open Opener) {
	ctx := context.Background()
	st, svc := loaded(t, open)
	wifi := findNode[*flow.Programme](t, st, "wifi")
	wifi.Aliases = []string{"Wifi", "NHS Wi-Fi"} // the file has Wifi, WiFi and "rolling out Wi-Fi"
	if err := svc.UpdateNode(ctx, writer, wifi, "the report writes Wifi"); err != nil {
		t.Fatal(err)
	}
	rep, err := svc.Load(ctx, Checked(t, NHS(t)))
	if err != nil {
		t.Fatal(err)
	}
	if got := findNode[*flow.Programme](t, st, "wifi"); !reflect.DeepEqual(got.Aliases, wifi.Aliases) {
		t.Errorf("aliases after a reload: got %q, want %q", got.Aliases, wifi.Aliases)
	}
	if len(rep.Conflicts) != 1 || rep.Conflicts[0].RecordID != "wifi" || rep.Conflicts[0].Kind != flow.KindProgramme ||
		rep.Conflicts[0].Field != "aliases" || rep.Conflicts[0].Loaded != `"Wifi", "WiFi", "rolling out Wi-Fi"` || rep.Conflicts[0].Current != `"Wifi", "NHS Wi-Fi"` ||
		rep.Conflicts[0].SetBy.Action != flow.Updated {
		t.Errorf("conflicts: got %+v, want wifi's aliases", rep.Conflicts)
	}
}

// findNode reads one node of type T.
func findNode[T flow.Node](tb testing.TB, st flow.Store, id string) T {
	tb.Helper()
	nodes, err := st.Nodes(context.Background(), []string{id})
	if err != nil {
		tb.Fatal(err)
	}
	n, ok := nodes[id].(T)
	if !ok {
		tb.Fatalf("node %s: got %T", id, nodes[id])
	}
	return n
}

func testLoadReloadAgreeingFileIsTheFilesAgain(t *testing.T, open Opener) {
	c := changed(t, open)
	// The curator adopts the correction in the file.
	adopt := func() *flow.Dataset {
		ds := NHS(t)
		f := findFlow(ds.Flows, correctedID)
		f.Amount = flow.Money{Amount: ptr(gbp(t, "£80m")), Qualifier: flow.MajorityOf}
		f.Citations = append(f.Citations, flow.Citation{SourceID: julySource, Quote: headline})
		return ds
	}
	rep := c.reload(t, ledger.LoadOptions{}, adopt())
	var conflicts []string
	for _, cf := range rep.Conflicts {
		conflicts = append(conflicts, cf.RecordID+" "+cf.Field)
	}
	if !reflect.DeepEqual(conflicts, []string{retractedID + " status"}) {
		t.Errorf("conflicts: got %v, want only the retraction's", conflicts)
	}
	if len(rep.Revisions) != 2 || rep.Revisions[0].RecordID != correctedID || rep.Revisions[0].Action != flow.Reloaded ||
		rep.Revisions[0].Reason != "the file now agrees with the changes made through the API" {
		t.Errorf("revisions: got %+v, want the corrected flow reloaded first", rep.Revisions)
	}
	// The flow is the file's again: a later edit of the file is written
	// without a conflict.
	ds := adopt()
	findFlow(ds.Flows, correctedID).Note = "Corrected to the headline figure."
	rep = c.reload(t, ledger.LoadOptions{}, ds)
	if len(rep.Conflicts) != 1 || rep.Conflicts[0].RecordID != retractedID {
		t.Errorf("conflicts after the file moved on: got %+v, want only the retraction's", rep.Conflicts)
	}
	if f := flowAs(t, c.svc, correctedID); f.Note != "Corrected to the headline figure." || point(f.Amount.Amount) != gbp(t, "£80m") {
		t.Errorf("the file's edit: got %q at %v", f.Note, f.Amount)
	}
}

func testLoadReloadKeepsRecordTheFileDrops(t *testing.T, open Opener) {
	ctx := context.Background()
	c := changed(t, open)
	ds := NHS(t)
	dropFlows(ds, correctedID)
	rep := c.reload(t, ledger.LoadOptions{}, ds)
	if rep.Removed != 0 {
		t.Errorf("removed: got %d, want 0", rep.Removed)
	}
	if len(rep.Conflicts) != 2 || rep.Conflicts[0].RecordID != correctedID || rep.Conflicts[0].Field != "record" ||
		rep.Conflicts[0].Loaded != "absent" || rep.Conflicts[0].Current != "£80m (MAJORITY_OF; £40m–£80m), REPORTED" || rep.Conflicts[0].Action != flow.Kept {
		t.Errorf("conflicts: got %+v, want the dropped flow kept first", rep.Conflicts)
	}
	if f := flowAs(t, c.svc, correctedID); point(f.Amount.Amount) != gbp(t, "£80m") || len(f.Citations) != 5 {
		t.Errorf("kept flow: got %v with %d citations", f.Amount, len(f.Citations))
	}
	if len(rep.Revisions) != 2 || rep.Revisions[0].Action != flow.Kept ||
		rep.Revisions[0].Reason != "the load kept this record and the changes made through the API, although the file no longer holds it" {
		t.Errorf("revisions: got %+v, want the dropped flow's kept first", rep.Revisions)
	}
	// Taking the file removes it, and says so.
	ds = NHS(t)
	dropFlows(ds, correctedID)
	rep = c.reload(t, ledger.LoadOptions{TakeFile: true}, ds)
	if rep.Removed != 1 || rep.Revisions[0].RecordID != correctedID || rep.Revisions[0].Action != flow.Reloaded || rep.Revisions[0].Amount != nil {
		t.Errorf("taking the file: removed %d, revisions %+v; want the flow removed and recorded", rep.Removed, rep.Revisions)
	}
	page, err := c.svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{IDs: []string{correctedID}, Statuses: flow.Statuses}})
	if err != nil || len(page.Items) != 0 {
		t.Errorf("the flow after taking the file: got %v, %v; want it gone", page, err)
	}
	if got, err := c.svc.Counts(ctx); err != nil || got != ds.Counts() {
		t.Errorf("counts: got %+v, %v; want the file's %+v", got, err, ds.Counts())
	}
}

func testLoadReloadRefusesKeepingADanglingFlow(t *testing.T, open Opener) {
	// The API retracts the payment to the major trauma centres; the file
	// then drops the payment and the centres. Keeping the payment would
	// leave it without an end, so the load is refused.
	ctx := context.Background()
	st, svc := loaded(t, open)
	const payment = "cyber-security-to-major-trauma-centres-2017-18"
	if _, err := svc.RetractFlow(ctx, writer, payment, "double-counted"); err != nil {
		t.Fatal(err)
	}
	before := Snapshot(t, svc)
	drop := func() *flow.Dataset {
		ds := NHS(t)
		dropFlows(ds, payment)
		ds.Organisations = without(ds.Organisations, func(o *flow.Organisation) bool { return o.ID == "major-trauma-centres" })
		return ds
	}
	_, err := svc.Load(ctx, Checked(t, drop()))
	WantCode(t, err, flow.ECONFLICT)
	var fe *flow.Error
	if !errors.As(err, &fe) || len(fe.Problems) != 1 || fe.Problems[0].ID != payment || fe.Problems[0].Field != "to" || fe.Problems[0].Value != "major-trauma-centres" {
		t.Errorf("refusal: got %v, want one problem naming the payment's end", err)
	}
	if after := Snapshot(t, svc); after != before {
		t.Errorf("a refused load changed the store:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	// Taking the file removes both.
	rep, err := svc.LoadWith(ctx, Checked(t, drop()), ledger.LoadOptions{TakeFile: true})
	if err != nil || rep.Removed != 2 {
		t.Fatalf("taking the file: got %+v, %v; want 2 records removed", rep, err)
	}
	if nodes, err := st.Nodes(ctx, []string{"major-trauma-centres"}); err != nil || len(nodes) != 0 {
		t.Errorf("major trauma centres after taking the file: got %v, %v", nodes, err)
	}
}

// testLoadReloadRefusesRemovingWhatTheAPIRefersTo: a flow written through
// the API pays NHS trusts; a file that drops the trusts is refused, taking
// the file or not, since the load cannot remove what the API wrote. The
// store hands decide exactly that reference.
func testLoadReloadRefusesRemovingWhatTheAPIRefersTo(t *testing.T, open Opener) {
	ctx := context.Background()
	st, svc := loaded(t, open)
	const payment = "cyber-security-to-nhs-trusts-2017-18"
	if err := svc.RecordFlow(ctx, writer, &flow.Flow{ID: payment, Kind: flow.Payment, FromID: "cyber-security", ToID: "nhs-trusts",
		Year: "2017-18", Amount: flow.Money{Amount: ptr(gbp(t, "£63.7m")), Qualifier: flow.AtMost}, Status: flow.Reported,
		Citations: []flow.Citation{{SourceID: julySource, Quote: "Cyber security spending was £63.7m higher than planned in 2017-18, although it is unclear how much of this money was distributed directly to trusts."}}}); err != nil {
		t.Fatal(err)
	}
	before := Snapshot(t, svc)
	drop := func() *flow.Dataset {
		ds := NHS(t)
		ds.Organisations = without(ds.Organisations, func(o *flow.Organisation) bool { return o.ID == "nhs-trusts" })
		ds.Facts = without(ds.Facts, func(f *flow.Fact) bool { return f.SubjectID == "nhs-trusts" })
		return ds
	}
	spy := &decideSpy{err: errRefused}
	if _, err := st.Load(ctx, Checked(t, drop()).Data(), spy.decide); !errors.Is(err, errRefused) {
		t.Fatalf("Load: got %v, want decide's error", err)
	}
	if want := []flow.Reference{{RecordID: payment, Dataset: flow.APIDataset, Field: "to", Target: "nhs-trusts"}}; !reflect.DeepEqual(spy.state.Dependents, want) {
		t.Errorf("dependents: got %+v, want %+v", spy.state.Dependents, want)
	}
	for _, o := range []ledger.LoadOptions{{}, {TakeFile: true}} {
		_, err := svc.LoadWith(ctx, Checked(t, drop()), o)
		WantCode(t, err, flow.ECONFLICT)
		var fe *flow.Error
		if !errors.As(err, &fe) || len(fe.Problems) != 1 || fe.Problems[0].ID != payment || fe.Problems[0].Field != "to" || fe.Problems[0].Value != "nhs-trusts" {
			t.Errorf("take the file %v: got %v, want one problem naming the payment's end", o.TakeFile, err)
		}
	}
	if after := Snapshot(t, svc); after != before {
		t.Errorf("a refused load changed the store:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

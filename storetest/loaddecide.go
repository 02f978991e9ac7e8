package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// What a store hands Load's decide for a reload, and what it does with the
// plan decide returns: the promises the service's reload rules stand on,
// checked by calling the store directly.

// decideSpy records the state a store hands Load's decide, and answers
// with plan.
type decideSpy struct {
	state flow.LoadState
	plan  flow.LoadPlan
	err   error
}

func (d *decideSpy) decide(st flow.LoadState) (flow.LoadPlan, error) {
	d.state = st
	return d.plan, d.err
}

// testLoadDecideGetsRevisedRecords: Load hands decide each of the
// dataset's records that has revisions, as stored (citations included),
// with its whole history in order, and the ids the load would remove.
func testLoadDecideGetsRevisedRecords(t *testing.T, open Opener) {
	ctx := context.Background()
	c := changed(t, open)
	// A node updated, and records of the API's own dataset, which a load
	// of the bundled dataset must not be handed.
	if err := c.svc.UpdateNode(ctx, writer, &flow.Organisation{ID: "dhsc", Name: "Department of Health and Social Care (DHSC)", Kind: "government department"}, "the name the report uses"); err != nil {
		t.Fatal(err)
	}
	if err := c.svc.CreateNode(ctx, writer, &flow.Organisation{ID: "nhs-digital", Name: "NHS Digital"}); err != nil {
		t.Fatal(err)
	}
	h, err := c.svc.History(ctx, []string{"dhsc"})
	if err != nil {
		t.Fatal(err)
	}
	dhsc := findNode[*flow.Organisation](t, c.st, "dhsc")
	if dhsc.Name != "Department of Health and Social Care (DHSC)" {
		t.Fatalf("dhsc after the update: got %+v", dhsc)
	}
	ds := NHS(t)
	dropFlows(ds, "phc-2020-to-wifi-2017-18")
	ds.Organisations = without(ds.Organisations, func(o *flow.Organisation) bool { return o.ID == "hsj" })
	spy := &decideSpy{err: errRefused}
	if _, err := c.st.Load(ctx, Checked(t, ds).Data(), spy.decide); !errors.Is(err, errRefused) {
		t.Fatalf("Load: got %v, want decide's error", err)
	}
	wantCorrected := *findFlow(NHS(t).Flows, correctedID)
	wantCorrected.Amount = money(t, "£80m", flow.MajorityOf)
	wantCorrected.Citations = append(wantCorrected.Citations, flow.Citation{SourceID: julySource, Quote: headline, Published: "2018-07-31"})
	wantRetracted := *findFlow(NHS(t).Flows, retractedID)
	wantRetracted.Status = flow.Retracted
	want := []flow.Revised{
		{Node: dhsc, History: h["dhsc"]},
		{Flow: &wantCorrected, History: []flow.Revision{c.correction}},
		{Flow: &wantRetracted, History: []flow.Revision{c.retraction}},
	}
	if !reflect.DeepEqual(spy.state.Revised, want) {
		t.Errorf("revised records:\n got %+v\nwant %+v", spy.state.Revised, want)
	}
	if stale := spy.state.Stale; !reflect.DeepEqual(stale, []string{"hsj", "phc-2020-to-wifi-2017-18"}) {
		t.Errorf("stale ids: got %v, want hsj and phc-2020-to-wifi-2017-18", stale)
	}
	if len(spy.state.Claimed) != 0 {
		t.Errorf("claimed: got %+v, want none", spy.state.Claimed)
	}
}

// testLoadDecideKeepLeavesRecordsAsTheyAre: the records a plan keeps are
// neither rewritten from the file (citations included) nor removed,
// whatever the file says, and the plan's revisions are written with the
// load.
func testLoadDecideKeepLeavesRecordsAsTheyAre(t *testing.T, open Opener) {
	ctx := context.Background()
	st, svc := loaded(t, open)
	before := Snapshot(t, svc)
	ds := NHS(t)
	// The file changes a flow and its citations, changes a node, drops a
	// flow and an organisation: the plan keeps all four as they are.
	f := findFlow(ds.Flows, correctedID)
	f.Amount, f.Citations = flow.GBP(gbp(t, "£1m")), f.Citations[:1]
	for _, o := range ds.Organisations {
		if o.ID == "dhsc" {
			o.Name = "Renamed by the file"
		}
	}
	dropFlows(ds, retractedID)
	ds.Organisations = without(ds.Organisations, func(o *flow.Organisation) bool { return o.ID == "hsj" })
	revs := []flow.Revision{storeRevision(correctedID, flow.Kept), storeRevision("dhsc", flow.Kept)}
	spy := &decideSpy{plan: flow.LoadPlan{Keep: []string{correctedID, "dhsc", retractedID, "hsj"}, Revisions: revs}}
	rep, err := st.Load(ctx, Checked(t, ds).Data(), spy.decide)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Removed != 0 {
		t.Errorf("removed: got %d, want 0", rep.Removed)
	}
	if after := Snapshot(t, svc); after != before {
		t.Errorf("kept records changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	h, err := svc.History(ctx, []string{correctedID, "dhsc"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(h[correctedID], revs[:1]) || !reflect.DeepEqual(h["dhsc"], revs[1:]) {
		t.Errorf("history: got %+v, want the plan's revisions", h)
	}
	// Without the plan, the same file is written and removes what it drops.
	spy.plan = flow.LoadPlan{}
	if rep, err = st.Load(ctx, Checked(t, ds).Data(), spy.decide); err != nil || rep.Removed != 2 {
		t.Fatalf("Load without a plan: got %+v, %v; want 2 records removed", rep, err)
	}
	if got := flowAs(t, svc, correctedID); point(got.Amount.Amount) != gbp(t, "£1m") || len(got.Citations) != 1 {
		t.Errorf("the file's flow: got %v with %d citations", got.Amount, len(got.Citations))
	}
}

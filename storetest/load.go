package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

func testLoad(t *testing.T, open Opener) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		st := open(t)
		defer st.Close()
		ds := NHS(t)
		rep, err := st.Load(ctx, ds)
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		got, err := st.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := ds.Counts(); got != want || rep.Counts != want {
			t.Errorf("counts: got %+v (report %+v), want %+v", got, rep.Counts, want)
		}
		if rep.Dataset != "nhs-tech-2016-18" || rep.Removed != 0 {
			t.Errorf("report: got %+v, want dataset nhs-tech-2016-18 with nothing removed", rep)
		}
	})

	t.Run("Idempotent", func(t *testing.T) {
		st := Loaded(t, open)
		before := Snapshot(t, st)
		rep, err := st.Load(ctx, NHS(t))
		if err != nil {
			t.Fatalf("second Load: %v", err)
		}
		if rep.Removed != 0 {
			t.Errorf("second load removed %d records, want 0", rep.Removed)
		}
		if after := Snapshot(t, st); after != before {
			t.Errorf("loading twice changed the graph:\nbefore:\n%s\nafter:\n%s", before, after)
		}
	})

	t.Run("UpdatesAndRemovesStale", func(t *testing.T) {
		st := Loaded(t, open)
		ds := NHS(t)
		// Drop the Wi-Fi diversion and an organisation nothing refers to,
		// and correct an amount.
		ds.Flows = without(ds.Flows, func(f *flow.Flow) bool { return f.ID == "wifi-to-cyber-security-2017-18" })
		ds.Organisations = without(ds.Organisations, func(o *flow.Organisation) bool { return o.ID == "kings-fund" })
		for _, f := range ds.Flows {
			if f.ID == "dhsc-to-phc-2020" {
				f.Amount = flow.GBP(gbp(t, "£4.3bn"))
			}
		}
		rep, err := st.Load(ctx, ds)
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		if rep.Removed != 2 {
			t.Errorf("removed: got %d, want 2", rep.Removed)
		}
		nodes, err := st.Nodes(ctx, []string{"kings-fund", "dhsc"})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := nodes["kings-fund"]; ok || nodes["dhsc"] == nil {
			t.Errorf("nodes after reload: got %v, want dhsc only", keysOf(nodes))
		}
		page, err := st.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{IDs: []string{"wifi-to-cyber-security-2017-18", "dhsc-to-phc-2020"}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 1 || page.Items[0].Amount.Amount != gbp(t, "£4.3bn") {
			t.Errorf("flows after reload: got %v, want only dhsc-to-phc-2020 at £4.3bn", flowIDs(page.Items))
		}
	})

	t.Run("IDChangesKind", func(t *testing.T) {
		// An organisation re-curated as a fund keeps its id: it is the same
		// record, rewritten, not a removal.
		st := Loaded(t, open)
		ds := NHS(t)
		ds.Organisations = without(ds.Organisations, func(o *flow.Organisation) bool { return o.ID == "kings-fund" })
		ds.Funds = append(ds.Funds, &flow.Fund{ID: "kings-fund", Name: "The King's Fund"})
		rep, err := st.Load(ctx, ds)
		if err != nil {
			t.Fatal(err)
		}
		nodes, err := st.Nodes(ctx, []string{"kings-fund"})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := nodes["kings-fund"].(*flow.Fund); !ok || rep.Removed != 0 {
			t.Errorf("got %T, removed %d; want a fund and nothing removed", nodes["kings-fund"], rep.Removed)
		}
		c, err := st.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c != ds.Counts() {
			t.Errorf("counts: got %+v, want %+v", c, ds.Counts())
		}
	})

	t.Run("ErrConflict", func(t *testing.T) {
		st := Loaded(t, open)
		before := Snapshot(t, st)
		other := &flow.Dataset{ID: "other", Title: "Another dataset",
			Funds: []*flow.Fund{{ID: "phc-2020", Name: "Someone else's fund"}, {ID: "new-fund", Name: "New fund"}}}
		_, err := st.Load(ctx, other)
		WantCode(t, err, flow.ECONFLICT)
		if e := err.(interface{ Error() string }); !contains(e.Error(), "phc-2020", "nhs-tech-2016-18") {
			t.Errorf("conflict message %q should name the id and its dataset", e.Error())
		}
		if after := Snapshot(t, st); after != before {
			t.Errorf("a refused load changed the store:\nbefore:\n%s\nafter:\n%s", before, after)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		st := Loaded(t, open)
		before := Snapshot(t, st)
		ds := NHS(t)
		ds.Flows[0].ToID = "no-such-programme"
		ds.Flows[1].Amount = flow.GBP(-100)
		_, err := st.Load(ctx, ds)
		WantCode(t, err, flow.EINVALID)
		if fe := err.(*flow.Error); len(fe.Problems) != 2 {
			t.Errorf("problems: got %d (%v), want 2", len(fe.Problems), fe.Problems)
		}
		if after := Snapshot(t, st); after != before {
			t.Errorf("an invalid load changed the store")
		}
	})

	t.Run("TwoDatasets", func(t *testing.T) {
		st := Loaded(t, open)
		other := &flow.Dataset{ID: "other", Title: "Another dataset",
			Funds: []*flow.Fund{{ID: "other-fund", Name: "Other fund"}}}
		if _, err := st.Load(ctx, other); err != nil {
			t.Fatalf("Load other: %v", err)
		}
		// Reloading the NHS dataset must not remove the other dataset's fund.
		if _, err := st.Load(ctx, NHS(t)); err != nil {
			t.Fatalf("reload: %v", err)
		}
		c, err := st.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := NHS(t).Counts().Funds + 1; c.Funds != want {
			t.Errorf("funds: got %d, want %d", c.Funds, want)
		}
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

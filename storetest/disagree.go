package storetest

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/gen"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
)

// testAnalystDisagreementsFromContestedAreAll: the service compares only
// the records the store names as contested, and finds exactly the
// disagreements that comparing every budget line and flow finds, on the
// bundled data and on a generated dataset with many repeated ends, for
// every year, with and without an entity.
func testAnalystDisagreementsFromContestedAreAll(t *testing.T, open Opener) {
	st, svc := loaded(t, open)
	sameAsEverything(t, st, svc, []flow.FinancialYear{"", "2016-17", "2017-18", "2018-19"},
		[]string{"", "cyber-security", "national-technology"}, 2)

	dir := t.TempDir()
	if _, err := gen.Write(dir, gen.Options{Flows: 1500, Seed: 3, PerSource: 50}); err != nil {
		t.Fatal(err)
	}
	ds, err := loader.ParseFile(filepath.Join(dir, gen.File))
	if err != nil {
		t.Fatal(err)
	}
	st = fresh(t, open)
	svc = service(st)
	if _, err := svc.Load(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	sameAsEverything(t, st, svc, []flow.FinancialYear{"", "2017-18", "2020-21"}, []string{"", "cyber-security", "phc-2020", "major-trauma-centres"}, 10)
}

// sameAsEverything checks, for every year and entity, that the service's
// disagreements (agreeing ones included) are those flow.Disagreements
// finds over every budget line and flow of the year and entity, and that
// at least min are found over all of them.
func sameAsEverything(t *testing.T, st flow.Store, svc *ledger.Service, years []flow.FinancialYear, entities []string, min int) {
	t.Helper()
	ctx := context.Background()
	found := 0
	for _, year := range years {
		for _, entity := range entities {
			got, err := svc.Disagreements(ctx, year, entity, "", true)
			if err != nil {
				t.Fatalf("disagreements %q %q: %v", year, entity, err)
			}
			lf := flow.BudgetLineFilter{Year: year}
			ff := flow.FlowFilter{Year: year, Kinds: flow.EdgeKinds}
			if entity != "" {
				lf.ProgrammeIDs, ff.ToIDs = []string{entity}, []string{entity}
			}
			lines, flows := everyLine(t, st, lf), everyFlow(t, st, ff)
			var figures []string
			for _, b := range lines {
				for _, s := range []string{"planned", "forecast", "actual", "variance"} {
					figures = append(figures, b.ID+":"+s)
				}
			}
			for _, f := range flows {
				figures = append(figures, f.ID)
			}
			links, err := st.Links(ctx, figures)
			if err != nil {
				t.Fatal(err)
			}
			want := flow.Disagreements(lines, flows, links)
			if len(got) != len(want) {
				t.Errorf("%q %q: %d disagreements, want %d", year, entity, len(got), len(want))
				continue
			}
			for i := range want {
				if !reflect.DeepEqual(summary(got[i]), summary(want[i])) {
					t.Errorf("%q %q: disagreement %d\n got %v\nwant %v", year, entity, i, summary(got[i]), summary(want[i]))
				}
			}
			found += len(got)
		}
	}
	if found < min {
		t.Errorf("%d disagreements over every year and entity, want at least %d: the test compares too little", found, min)
	}
}

// summary is what a disagreement says, for comparison.
func summary(d flow.Disagreement) []string {
	out := []string{d.SubjectID, string(d.Year), d.Figure}
	if d.Agree {
		out = append(out, "agree")
	}
	for _, c := range d.Claims {
		out = append(out, c.RecordID+" "+c.Measure+" "+c.Amount.String()+" "+c.Citation.SourceID)
	}
	return out
}

// everyLine reads every budget line f matches from the store, in the
// list's order.
func everyLine(t *testing.T, st flow.Store, f flow.BudgetLineFilter) []*flow.BudgetLine {
	t.Helper()
	o, err := flow.BudgetOrdering(nil)
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.BudgetLines(context.Background(), f, flow.Window{Order: o, Limit: 1 << 20, NoCount: true})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

// everyFlow reads every flow f matches from the store, in the list's
// order.
func everyFlow(t *testing.T, st flow.Store, f flow.FlowFilter) []*flow.Flow {
	t.Helper()
	o, err := flow.FlowOrdering(nil)
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.Flows(context.Background(), f, flow.Window{Order: o, Limit: 1 << 20, NoCount: true})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

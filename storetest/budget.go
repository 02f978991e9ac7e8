package storetest

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

func testBudgetLines201718ByVariance(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	page, err := svc.BudgetLines(context.Background(), flow.BudgetLineQuery{Filter: flow.BudgetLineFilter{Year: "2017-18"},
		Order: []flow.BudgetLineOrder{{Field: flow.BudgetByVariance}}})
	if err != nil {
		t.Fatal(err)
	}
	got := lineIDs(page.Items)
	want := []string{"provider-digitisation-2017-18", "wifi-2017-18", "cyber-security-2017-18", "cyber-security-2017-18-jan-2018"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("order: got %v, want %v (biggest underspend first, no variance last)", got, want)
	}
	pd := page.Items[0]
	r := pd.Resolve()
	if point(pd.Planned.Amount) != gbp(t, "£202.6m") || point(pd.Actual.Amount) != gbp(t, "£121.6m") || point(r.Variance.Amount) != gbp(t, "-£81m") {
		t.Errorf("provider digitisation: got planned %v actual %v variance %v, want £202.6m £121.6m -£81m", pd.Planned, pd.Actual, r.Variance)
	}
	if pd.Status != flow.Confirmed || len(pd.Citations) != 4 || pd.Citations[0].SourceID != "hsj-2018-07-provider-digitisation" {
		t.Errorf("provider digitisation: status %s, citations %v", pd.Status, pd.Citations)
	}
	if f := page.Items[3].Forecast; f == nil || point(f.Amount) != gbp(t, "£31.5m") || page.Items[3].Planned != nil {
		t.Errorf("January 2018 cyber line: got forecast %v planned %v, want forecast £31.5m and no plan", f, page.Items[3].Planned)
	}
}

func testBudgetLinesDescendingKeepsMissingLast(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	var got []string
	p := flow.PageArgs{First: new(1)}
	for {
		page, err := svc.BudgetLines(context.Background(), flow.BudgetLineQuery{Filter: flow.BudgetLineFilter{Year: "2017-18"},
			Order: []flow.BudgetLineOrder{{Field: flow.BudgetByVariance, Desc: true}}, Page: p})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, lineIDs(page.Items)...)
		if page.TotalCount != 4 {
			t.Errorf("total: got %d, want 4", page.TotalCount)
		}
		if !page.HasNextPage {
			break
		}
		p.After = page.Cursors[0]
	}
	want := []string{"cyber-security-2017-18", "wifi-2017-18", "provider-digitisation-2017-18", "cyber-security-2017-18-jan-2018"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("one at a time, variance descending: got %v, want %v", got, want)
	}
}

func testBudgetLinesByProgramme(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	page, err := svc.BudgetLines(context.Background(), flow.BudgetLineQuery{Filter: flow.BudgetLineFilter{ProgrammeIDs: []string{"cyber-security"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"cyber-security-2016-17", "cyber-security-2017-18", "cyber-security-2017-18-jan-2018"}
	if got := lineIDs(page.Items); !reflect.DeepEqual(got, want) {
		t.Fatalf("cyber security lines by year: got %v, want %v", got, want)
	}
	// 2016-17 states actual and variance; the plan is derived.
	r := page.Items[0].Resolve()
	if r.Planned == nil || point(r.Planned.Amount) != gbp(t, "£8.6m") || !reflect.DeepEqual(r.Derived, []flow.BudgetMeasure{flow.LinePlanned}) {
		t.Errorf("2016-17 cyber security: got planned %v derived %v, want £8.6m derived", r.Planned, r.Derived)
	}
}

func testBudgetLinesUncertainVarianceRoundTrips(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	page, err := svc.BudgetLines(context.Background(), flow.BudgetLineQuery{Filter: flow.BudgetLineFilter{ProgrammeIDs: []string{"national-technology"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 {
		t.Fatalf("national technology lines: got %d, want 2", len(page.Items))
	}
	v := page.Items[1].Variance // July 2018: "more than quarter of billion" unspent
	// The source gives no figure, only a bound: no point is invented.
	want := flow.Money{Currency: "GBP", Qualifier: flow.AtMost, High: ptr(gbp(t, "-£250m")), Phrase: "more than quarter of billion unspent"}
	if v == nil || !reflect.DeepEqual(*v, want) {
		t.Errorf("variance: got %#v, want %#v", v, want)
	}
}

func lineIDs(ls []*flow.BudgetLine) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.ID)
	}
	return out
}

func ptr(p flow.Pence) *flow.Pence { return &p }

// testBudgetLinesUnknownProgrammeNotFound: "cyber" is no programme's id
// (cyber-security is), so the query is NOT_FOUND naming it, not an empty
// list that reads as "no budget".
func testBudgetLinesUnknownProgrammeNotFound(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	_, err := svc.BudgetLines(context.Background(), flow.BudgetLineQuery{Filter: flow.BudgetLineFilter{ProgrammeIDs: []string{"cyber"}}})
	WantCode(t, err, flow.ENOTFOUND)
	if msg := err.Error(); !strings.Contains(msg, `"cyber"`) || !strings.Contains(msg, "programme") {
		t.Errorf("budget lines of cyber: %q does not name the field and the id", msg)
	}
}

package flow_test

import (
	"reflect"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// TestNodeChanges: every writable field of every kind of node that
// differs is listed, in the API's order, with both values as people read
// them; a creation lists none.
func TestNodeChanges(t *testing.T) {
	for _, tc := range []struct {
		name       string
		prev, next flow.Node
		want       []flow.Change
	}{
		{"fund", &flow.Fund{ID: "f", Name: "A", Aliases: []string{"x"}, Description: "d"},
			&flow.Fund{ID: "f", Name: "B", Description: "d"},
			[]flow.Change{{Field: "name", Previous: "A", Value: "B"}, {Field: "aliases", Previous: `["x"]`, Value: "[]"}}},
		{"programme", &flow.Programme{ID: "p", Name: "P", FundID: "phc-2020"},
			&flow.Programme{ID: "p", Name: "P", Description: "new", FundID: "other"},
			[]flow.Change{{Field: "description", Previous: "", Value: "new"}, {Field: "fund", Previous: "phc-2020", Value: "other"}}},
		{"organisation", &flow.Organisation{ID: "o", Name: "O", Kind: "trust"},
			&flow.Organisation{ID: "o", Name: "O", Kind: "charity", Aliases: []string{"King’s Fund"}},
			[]flow.Change{{Field: "aliases", Previous: "[]", Value: `["King’s Fund"]`}, {Field: "kind", Previous: "trust", Value: "charity"}}},
		{"source", &flow.Source{ID: "s", Title: "T", Publisher: "HSJ", Published: "2018-07", Notes: []string{"n"}},
			&flow.Source{ID: "s", Title: "T", Publisher: "HSJ", Published: "2018-07-12", DateNote: "print", URL: "https://hsj.co.uk/x", Text: "Body.", File: "ignored.txt"},
			[]flow.Change{{Field: "published", Previous: "2018-07", Value: "2018-07-12"}, {Field: "dateNote", Previous: "", Value: "print"},
				{Field: "url", Previous: "", Value: "https://hsj.co.uk/x"}, {Field: "notes", Previous: `["n"]`, Value: "[]"},
				{Field: "text", Previous: "", Value: "Body."}}},
		{"a creation", nil, &flow.Fund{ID: "f", Name: "A"}, nil},
		{"no change", &flow.Fund{ID: "f", Name: "A", Dataset: "api"}, &flow.Fund{ID: "f", Name: "A", Dataset: "other"}, nil},
	} {
		if got := flow.NodeChanges(tc.prev, tc.next); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
}

// TestFlowChanges: a correction shows the amount formatted and the
// citations as JSON; a retraction the status.
func TestFlowChanges(t *testing.T) {
	prev := &flow.Flow{ID: "w", Kind: flow.Diversion, FromID: "wifi", ToID: "cyber-security", Year: "2017-18", Status: flow.Confirmed,
		Amount:    flow.Money{Amount: new(flow.Pence(1_370_000_000)), Qualifier: flow.MajorityOf}.Normalized(),
		Citations: []flow.Citation{{SourceID: "s", Quote: "q", Published: "2018-07-31"}}}
	next := *prev
	next.Amount = flow.GBP(1_300_000_000)
	next.Citations = append(append([]flow.Citation(nil), prev.Citations...), flow.Citation{SourceID: "s", Quote: "“a” b"})
	next.Status = flow.Retracted
	want := []flow.Change{
		{Field: "amount", Previous: "£13.7m (MAJORITY_OF; £6.85m–£13.7m)", Value: "£13m"},
		{Field: "status", Previous: "CONFIRMED", Value: "RETRACTED"},
		{Field: "citations", Previous: `[{"source":"s","quote":"q"}]`, Value: `[{"source":"s","quote":"q"},{"source":"s","quote":"“a” b"}]`},
	}
	if got := flow.FlowChanges(prev, &next); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if got := flow.FlowChanges(nil, &next); got != nil {
		t.Errorf("a new flow: got %+v, want none", got)
	}
}

// TestKeep: an update keeps exactly the fields it left out; a source's
// file, which no write sets, is always kept.
func TestKeep(t *testing.T) {
	cur := &flow.Source{ID: "s", Title: "Old", Publisher: "HSJ", Published: "2018-07", DateNote: "summer", URL: "u",
		Notes: []string{"n"}, Text: "Body.", File: "sources/001.txt"}
	n := &flow.Source{ID: "s", Title: "New", Publisher: "HSJ", Published: "2018-07-12", URL: ""}
	flow.Keep(n, cur, []string{"dateNote", "notes", "text"})
	want := &flow.Source{ID: "s", Title: "New", Publisher: "HSJ", Published: "2018-07-12", DateNote: "summer", URL: "",
		Notes: []string{"n"}, Text: "Body.", File: "sources/001.txt"}
	if !reflect.DeepEqual(n, want) {
		t.Errorf("source:\n got %#v\nwant %#v", n, want)
	}
	p := &flow.Programme{ID: "p", Name: "P", Description: ""}
	flow.Keep(p, &flow.Programme{ID: "p", Name: "Q", Aliases: []string{"a"}, Description: "d", FundID: "phc-2020"}, []string{"aliases", "fund"})
	if want := (&flow.Programme{ID: "p", Name: "P", Aliases: []string{"a"}, FundID: "phc-2020"}); !reflect.DeepEqual(p, want) {
		t.Errorf("programme:\n got %#v\nwant %#v", p, want)
	}
	o := &flow.Organisation{ID: "o", Name: "O"}
	flow.Keep(o, &flow.Organisation{ID: "o", Name: "O", Kind: "charity", Description: "d", Aliases: []string{"a"}}, []string{"kind", "description"})
	if want := (&flow.Organisation{ID: "o", Name: "O", Kind: "charity", Description: "d"}); !reflect.DeepEqual(o, want) {
		t.Errorf("organisation:\n got %#v\nwant %#v", o, want)
	}
	f := &flow.Fund{ID: "f", Name: "F"}
	flow.Keep(f, &flow.Fund{ID: "f", Name: "F", Aliases: []string{"a"}, Description: "d"}, []string{"description"})
	if want := (&flow.Fund{ID: "f", Name: "F", Description: "d"}); !reflect.DeepEqual(f, want) {
		t.Errorf("fund:\n got %#v\nwant %#v", f, want)
	}
}

// TestScopeNarrows: a scope intersects the filter's list; sharing no id
// matches nothing rather than everything.
func TestScopeNarrows(t *testing.T) {
	f, ok := flow.FlowFilter{FromIDs: []string{"wifi", "cyber-security"}}.Within(flow.Scope{FromIDs: []string{"wifi"}, ToIDs: []string{"cyber-security"}})
	if !ok || !reflect.DeepEqual(f.FromIDs, []string{"wifi"}) || !reflect.DeepEqual(f.ToIDs, []string{"cyber-security"}) {
		t.Errorf("flows: got %+v, %v", f, ok)
	}
	if _, ok := (flow.FlowFilter{ToIDs: []string{"wifi"}}).Within(flow.Scope{ToIDs: []string{"cyber-security"}}); ok {
		t.Error("disjoint flow lists match something")
	}
	if b, ok := (flow.BudgetLineFilter{}).Within(flow.Scope{ProgrammeIDs: []string{"wifi"}}); !ok || !reflect.DeepEqual(b.ProgrammeIDs, []string{"wifi"}) {
		t.Errorf("budget lines: got %+v, %v", b, ok)
	}
	if n, ok := (flow.NodeFilter{FundIDs: []string{"phc-2020"}}).Within(flow.Scope{}); !ok || !reflect.DeepEqual(n.FundIDs, []string{"phc-2020"}) {
		t.Errorf("no scope: got %+v, %v", n, ok)
	}
}

// TestWriteStatuses: every status may be written but RETRACTED.
func TestWriteStatuses(t *testing.T) {
	for _, s := range flow.Statuses {
		if got, want := contains(flow.WriteStatuses, s), s != flow.Retracted; got != want {
			t.Errorf("%s writable: got %v, want %v", s, got, want)
		}
	}
}

func contains[T comparable](xs []T, x T) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

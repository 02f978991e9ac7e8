package graph_test

import (
	"reflect"
	"testing"
)

// The analyst API's "Done when": totals by year for cyber security with
// the right sums and ranges, and the 2017-18 disagreement from both reports.
func TestTotalsByYearForCyberSecurity(t *testing.T) {
	var resp struct {
		Spent, Diverted, Proposed []struct {
			Key    []*string
			Count  int
			Amount money
		}
	}
	newClient(t).MustPost(query(t, "7-"), &resp)
	type row struct{ key, amount, low, high, qualifier string }
	flat := func(ts []struct {
		Key    []*string
		Count  int
		Amount money
	}) []row {
		var out []row
		for _, x := range ts {
			k := "none"
			if x.Key[0] != nil {
				k = *x.Key[0]
			}
			out = append(out, row{k, x.Amount.Amount, *x.Amount.Low, *x.Amount.High, x.Amount.Qualifier})
		}
		return out
	}
	if got, want := flat(resp.Spent), []row{
		{"2016-17", "5100000", "5100000", "5100000", "EXACT"},
		{"2017-18", "72400000", "72400000", "72400000", "EXACT"},
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("spent:\n got %v\nwant %v", got, want)
	}
	// The majority of £81m and most of £13.7m paid for the £63.7m rise:
	// no point, at least the sum of their lower bounds, at most the rise.
	// Money only proposed is not money moved: it is not here.
	if got, want := flat(resp.Diverted), []row{
		{"2017-18", "", "47350000", "63700000", "RANGE"},
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("diverted:\n got %v\nwant %v", got, want)
	}
	// Asked for, the proposals total £1bn: the £250m of cuts is part of it.
	if got, want := flat(resp.Proposed), []row{
		{"none", "1000000000", "1000000000", "1000000000", "EXACT"},
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("proposed:\n got %v\nwant %v", got, want)
	}
}

func TestDisagreementsOnCyberSecurity2017(t *testing.T) {
	var resp struct {
		Disagreements []struct {
			Subject struct{ ID string }
			Year    string
			Claims  []struct {
				Measure   string
				Amount    struct{ Formatted string }
				Published string
				Source    struct{ Title string }
				Quote     string
			}
		}
		KnownInJanuary2018 struct {
			Nodes []struct {
				Year     string
				Forecast *struct{ Formatted string }
				Actual   *struct{ Formatted string }
			}
		}
	}
	newClient(t).MustPost(query(t, "9-"), &resp)
	if len(resp.Disagreements) != 1 || resp.Disagreements[0].Subject.ID != "cyber-security" {
		t.Fatalf("got %+v, want one disagreement, on cyber security", resp.Disagreements)
	}
	var got []string
	for _, c := range resp.Disagreements[0].Claims {
		got = append(got, c.Measure+" "+c.Amount.Formatted+" "+c.Published)
	}
	// The plan and the variance have one source each: only the spending,
	// expected at £31.5m and then reported at £72.4m, is in dispute.
	want := []string{"FORECAST £31.5m 2018-01-24", "ACTUAL £72.4m 2018-07"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("claims:\n got %q\nwant %q", got, want)
	}
	if q := resp.Disagreements[0].Claims[0].Quote; q != "This financial year, the NHS expected to spend £31.5m, however HSJ understands this figure has already been revised upwards." {
		t.Errorf("January's claim quotes %q", q)
	}
	// As of January 2018 only the first report's lines exist: no £72.4m.
	for _, n := range resp.KnownInJanuary2018.Nodes {
		if n.Actual != nil && n.Actual.Formatted == "£72.4m" {
			t.Errorf("the DHSC actual was not known in January 2018: %+v", n)
		}
	}
	if len(resp.KnownInJanuary2018.Nodes) != 2 {
		t.Errorf("lines known in January 2018: got %d, want 2", len(resp.KnownInJanuary2018.Nodes))
	}
}

func TestSearchAndBackwardPaging(t *testing.T) {
	c := newClient(t)
	var search struct {
		Search struct {
			TotalCount int
			Nodes      []struct {
				Typename string `json:"__typename"`
				ID       string
			}
		}
	}
	c.MustPost(`{ search(text: "PAPERLESS") { totalCount nodes { __typename ... on Programme { id } ... on Fund { id } } } }`, &search)
	got := []string{}
	for _, n := range search.Search.Nodes {
		got = append(got, n.Typename+" "+n.ID)
	}
	// The names and aliases first; then the flows whose quotes say it.
	if want := []string{"Programme paperless-point-of-care", "Fund phc-2020"}; len(got) < 2 || !reflect.DeepEqual(got[:2], want) {
		t.Fatalf("search: got %v, want it to start %v", got, want)
	}
	for _, n := range got[2:] {
		if n != "Flow " {
			t.Errorf("search: got %v, want only flows after the fund", got)
		}
	}
	var last struct {
		Organisations struct {
			Nodes    []struct{ Name string }
			PageInfo struct{ HasPreviousPage, HasNextPage bool }
		}
	}
	c.MustPost(`{ organisations(last: 2, orderBy: [{field: NAME}]) { nodes { name } pageInfo { hasPreviousPage hasNextPage } } }`, &last)
	if n := last.Organisations.Nodes; len(n) != 2 || n[0].Name != "The King's Fund" || n[1].Name != "The NHS" || !last.Organisations.PageInfo.HasPreviousPage {
		t.Errorf("last two organisations by name: got %+v", last.Organisations)
	}
}

package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
)

func testNodesOK(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	got, err := svc.Nodes(context.Background(), []string{"phc-2020", "cyber-security", "dhsc", "hsj-2018-07-provider-digitisation"})
	if err != nil {
		t.Fatalf("Nodes: %v", err)
	}
	want := NHS(t)
	for _, w := range []flow.Node{find(want.Funds, "phc-2020"), find(want.Programmes, "cyber-security"),
		find(want.Organisations, "dhsc"), find(want.Sources, "hsj-2018-07-provider-digitisation")} {
		if g := got[w.NodeID()]; !reflect.DeepEqual(g, w) {
			t.Errorf("node %s:\n got %#v\nwant %#v", w.NodeID(), g, w)
		}
	}
}

func testNodesUnknownIDsAbsent(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	got, err := svc.Nodes(context.Background(), []string{"no-such-node", "dhsc"})
	if err != nil {
		t.Fatalf("Nodes: %v", err)
	}
	if len(got) != 1 || got["dhsc"] == nil {
		t.Errorf("got %v, want only dhsc", keysOf(got))
	}
}

func testNodesEmpty(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	got, err := svc.Nodes(context.Background(), nil)
	if err != nil || len(got) != 0 {
		t.Errorf("Nodes(nil): got %v, %v; want empty, nil", got, err)
	}
}

func find[T flow.Node](xs []T, id string) T {
	for _, x := range xs {
		if x.NodeID() == id {
			return x
		}
	}
	var zero T
	return zero
}

func testListsOrganisationsByName(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	ds := NHS(t)
	page, err := svc.Organisations(context.Background(), flow.NodeQuery{Page: flow.PageArgs{First: new(3)}})
	if err != nil {
		t.Fatal(err)
	}
	got := names(page.Items)
	want := []string{"Ambulance trusts", "Department of Health and Social Care", "Digital exemplar trusts"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("first page: got %q, want %q", got, want)
	}
	if !page.HasNextPage || page.HasPreviousPage || page.TotalCount != len(ds.Organisations) {
		t.Errorf("page info: got next=%v prev=%v total=%d, want true false %d", page.HasNextPage, page.HasPreviousPage, page.TotalCount, len(ds.Organisations))
	}
}

func testListsPagingVisitsEveryNodeOnce(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	ds := NHS(t)
	seen := map[string]int{}
	p := flow.PageArgs{First: new(2)}
	pages := 0
	for {
		page, err := svc.Organisations(context.Background(), flow.NodeQuery{Page: p})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, o := range page.Items {
			seen[o.ID]++
		}
		if !page.HasNextPage {
			break
		}
		p.After = page.Cursors[len(page.Cursors)-1]
	}
	if len(seen) != len(ds.Organisations) {
		t.Errorf("visited %d organisations, want %d", len(seen), len(ds.Organisations))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s visited %d times", id, n)
		}
	}
	if want := (len(ds.Organisations) + 1) / 2; pages != want {
		t.Errorf("pages: got %d, want %d", pages, want)
	}
}

func testListsNameContainsMatchesAliasesCaseAndAccents(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	for _, tc := range []struct{ q, want string }{
		{"PAPERLESS 2020", "phc-2020"},      // alias, upper case
		{"personalised health", "phc-2020"}, // name
		{"Persönalised", "phc-2020"},        // accent
	} {
		page, err := svc.Funds(context.Background(), flow.NodeQuery{Filter: flow.NodeFilter{NameContains: tc.q}})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 1 || page.Items[0].ID != tc.want || page.TotalCount != 1 {
			t.Errorf("funds matching %q: got %v (total %d), want [%s]", tc.q, names(page.Items), page.TotalCount, tc.want)
		}
	}
}

func testListsProgrammesByFund(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	page, err := svc.Programmes(ctx, flow.NodeQuery{Filter: flow.NodeFilter{FundIDs: []string{"phc-2020"}}})
	if err != nil {
		t.Fatal(err)
	}
	if page.TotalCount != 6 || len(page.Items) != 6 {
		t.Errorf("programmes of phc-2020: got %d (total %d), want 6", len(page.Items), page.TotalCount)
	}
}

// testListsUnknownFundHasNoProgrammes: the service refuses an unknown fund
// (NOT_FOUND) before asking a store, but a store asked directly, as when
// the fund is removed between the check and the list, answers with none.
func testListsUnknownFundHasNoProgrammes(t *testing.T, open Opener) {
	st, _ := loaded(t, open)
	o, err := flow.NodeOrdering(nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := sortkey.Window(flow.PageArgs{}, o)
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.ListNodes(context.Background(), flow.KindProgramme, flow.NodeFilter{FundIDs: []string{"no-such-fund"}}, w)
	if err != nil || page.TotalCount != 0 || len(page.Items) != 0 {
		t.Errorf("programmes of an unknown fund: got %v, %v; want none", page, err)
	}
}

func testListsSourcesByTitle(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	page, err := svc.Sources(context.Background(), flow.NodeQuery{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"hsj-2018-07-provider-digitisation", "hsj-2018-01-wannacry-review"} // "DHSC ..." < "NHS ..."
	if got := ids(page.Items); !reflect.DeepEqual(got, want) {
		t.Errorf("sources: got %v, want %v", got, want)
	}
}

func testListsNodesByNameDescending(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	page, err := svc.Programmes(context.Background(), flow.NodeQuery{Order: []flow.NodeOrder{{Field: flow.NodeByName, Desc: true}}, Page: flow.PageArgs{First: new(2)}})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(page.Items); !reflect.DeepEqual(got, []string{"wifi", "provider-digitisation"}) {
		t.Errorf("got %v", got)
	}
}

func names[T flow.Node](xs []T) []string {
	var out []string
	for _, x := range xs {
		out = append(out, x.NodeName())
	}
	return out
}

func ids[T flow.Node](xs []T) []string {
	var out []string
	for _, x := range xs {
		out = append(out, x.NodeID())
	}
	return out
}

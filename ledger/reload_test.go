package ledger_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// TestReloadNamesFieldsAsTheFile: a conflict names each field as the
// dataset file does, and shows both values, for every kind of node the API
// can update.
func TestReloadNamesFieldsAsTheFile(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	nodes, err := svc.Nodes(ctx, []string{"hsj-2018-07-provider-digitisation", "wifi"})
	if err != nil {
		t.Fatal(err)
	}
	src := *nodes["hsj-2018-07-provider-digitisation"].(*flow.Source)
	src.DateNote, src.URL = "July 2018.", "https://www.hsj.co.uk/"
	wifi := *nodes["wifi"].(*flow.Programme)
	wifi.FundID = ""
	for _, n := range []flow.Node{&src, &wifi} {
		if err := svc.UpdateNode(ctx, "newsdesk", n, "tidying"); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := svc.Load(ctx, nhs(t))
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ id, field, loaded, current string }
	var got []row
	for _, c := range rep.Conflicts {
		got = append(got, row{c.RecordID, c.Field, c.Loaded, c.Current})
	}
	want := []row{
		{"hsj-2018-07-provider-digitisation", "date_note", `"Summer 2018: after Matt Hancock became health and social care secretary and bef…"`, `"July 2018."`},
		{"hsj-2018-07-provider-digitisation", "url", "none", `"https://www.hsj.co.uk/"`},
		{"wifi", "fund", `"phc-2020"`, "none"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("conflicts:\n got %+v\nwant %+v", got, want)
	}
	// Both kept, with a revision each saying which fields the file gives
	// differently.
	if len(rep.Revisions) != 2 || rep.Revisions[0].Reason != "the load kept the changes made through the API; the file gives date_note and url differently" ||
		rep.Revisions[1].Reason != "the load kept the changes made through the API; the file gives fund differently" {
		t.Errorf("revisions: got %+v", rep.Revisions)
	}
	if n, err := svc.Nodes(ctx, []string{"wifi"}); err != nil || n["wifi"].(*flow.Programme).FundID != "" {
		t.Errorf("wifi after the reload: got %+v, %v; want it kept without a fund", n["wifi"], err)
	}
}

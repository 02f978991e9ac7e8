package sqlite_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/storetest"
)

// searchIDs returns the ids search finds for text.
func searchIDs(tb testing.TB, svc *ledger.Service, text string) []string {
	tb.Helper()
	page, err := svc.Search(context.Background(), flow.SearchQuery{Text: text, Page: flow.PageArgs{First: new(flow.MaxPageSize)}})
	if err != nil {
		tb.Fatalf("search %q: %v", text, err)
	}
	var out []string
	for _, h := range page.Items {
		out = append(out, h.ID)
	}
	return out
}

// TestReloadKeepsTheSearchTextsOfKeptRecords: a load clears its dataset's
// search texts at once and writes them anew in batches, except those of
// the records it keeps as the API left them, which search still finds by
// what the API wrote; and the records it writes are found by the file's
// words.
func TestReloadKeepsTheSearchTextsOfKeptRecords(t *testing.T) {
	ctx := context.Background()
	svc := ledger.New(open(t), zerolog.Nop(), time.Now)
	if _, err := svc.Load(ctx, storetest.Checked(t, storetest.NHS(t))); err != nil {
		t.Fatal(err)
	}
	hsj := &flow.Organisation{ID: "hsj", Name: "HSJ", Aliases: []string{"Zanzibar Gazette"}, Kind: "publisher"}
	if err := svc.UpdateNode(ctx, "tester", hsj, "an alias the file does not give"); err != nil {
		t.Fatal(err)
	}
	rep, err := svc.Load(ctx, storetest.Checked(t, storetest.NHS(t)))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Conflicts) == 0 {
		t.Fatal("the reload reports no conflict: the API's change was not kept, and the test checks nothing")
	}
	if got := searchIDs(t, svc, "Zanzibar Gazette"); !slices.Equal(got, []string{"hsj"}) {
		t.Errorf("search for the kept record's alias: %v; want [hsj]", got)
	}
	if got := searchIDs(t, svc, "WannaCry ransomware"); len(got) == 0 {
		t.Error("search finds nothing of what the reload wrote")
	}
}

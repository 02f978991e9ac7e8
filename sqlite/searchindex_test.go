package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/sqlite"
	"github.com/fundflow/fundflow/storetest"
)

// found lists the ids a search finds.
func found(t *testing.T, svc *ledger.Service, text string) []string {
	t.Helper()
	page, err := svc.Search(context.Background(), flow.SearchQuery{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range page.Items {
		ids = append(ids, h.ID)
	}
	return ids
}

// TestSearchIndexRebuiltOnOpen: a database whose search texts were never
// computed (one from before migration 0007) gets them when it opens, API
// writes included, and the full-text index stays consistent with them
// through loads and writes.
func TestSearchIndexRebuiltOnOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "fundflow.db")
	st, err := sqlite.Open(ctx, path, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	svc := ledger.New(st, zerolog.Nop(), time.Now)
	for range 2 { // a reload rewrites every text
		if _, err := svc.Load(ctx, storetest.Checked(t, storetest.NHS(t))); err != nil {
			t.Fatal(err)
		}
	}
	hsj := &flow.Organisation{ID: "hsj", Name: "HSJ", Aliases: []string{"Health Service Journal Online"}, Kind: "publisher"}
	if err := svc.UpdateNode(ctx, "newsdesk", hsj, "alias"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RetractFlow(ctx, "newsdesk", "wifi-to-cyber-security-2017-18", "misread"); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.CheckSearchIndex(ctx, st); err != nil {
		t.Fatalf("full-text index after loads and writes: %v", err)
	}
	if err := sqlite.ForgetSearchIndex(ctx, st); err != nil {
		t.Fatal(err)
	}
	if got := found(t, svc, "kings fund"); len(got) != 0 {
		t.Fatalf("the emptied index still finds %v", got)
	}
	st.Close()

	st, err = sqlite.Open(ctx, path, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc = ledger.New(st, zerolog.Nop(), time.Now)
	if got := found(t, svc, "King’s Fund"); len(got) != 1 || got[0] != "kings-fund" {
		t.Errorf("King’s Fund after reopening: got %v", got)
	}
	if got := found(t, svc, "journal online"); len(got) != 1 || got[0] != "hsj" {
		t.Errorf("an API write's alias after reopening: got %v", got)
	}
	for _, id := range found(t, svc, "WannaCry ransomware") {
		if id == "wifi-to-cyber-security-2017-18" {
			t.Errorf("the retracted flow is found after reopening")
		}
	}
	if err := sqlite.CheckSearchIndex(ctx, st); err != nil {
		t.Errorf("full-text index after the rebuild: %v", err)
	}
}

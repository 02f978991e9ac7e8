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

// TestGenerationSeesAnotherStore: a load through another store on the same
// file (as `fundflow load` beside a running server) moves the generation
// this store reads, and the totals it keeps are summed again: they count
// the flows the other store wrote.
func TestGenerationSeesAnotherStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "fundflow.db")
	server, other := openAt(t, path), openAt(t, path)
	svc := ledger.New(server, zerolog.Nop(), time.Now)
	byYear := []flow.TotalsDimension{flow.ByYear}
	empty, _, err := svc.TotalSums(ctx, byYear, flow.FlowFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(empty) != 0 {
		t.Fatalf("totals of an empty store: %d", len(empty))
	}
	before, err := server.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ledger.New(other, zerolog.Nop(), time.Now).Load(ctx, storetest.Checked(t, storetest.NHS(t))); err != nil {
		t.Fatal(err)
	}
	after, err := server.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after == before {
		t.Fatalf("generation %d before and after another store's load", before)
	}
	loaded, _, err := svc.TotalSums(ctx, byYear, flow.FlowFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := svc.Totals(ctx, byYear, flow.FlowFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded) == 0 || len(loaded) != len(want) {
		t.Fatalf("kept totals after another store's load: %d, want %d", len(loaded), len(want))
	}
}

// openAt opens a store on the file at path, closed when the test ends.
func openAt(tb testing.TB, path string) *sqlite.Store {
	tb.Helper()
	st, err := sqlite.Open(context.Background(), path, time.Now)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

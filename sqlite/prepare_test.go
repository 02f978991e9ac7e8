package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/sqlite"
)

// TestLoadPreparesEachStatementOnce loads synthetic datasets of 100 and
// 1,000 payments: the larger runs about ten times the statements but
// prepares as many, each once per load, however many rows it writes; and
// the records' search texts are inserted in batches.
func TestLoadPreparesEachStatementOnce(t *testing.T) {
	type work struct{ prepares, execs int }
	got := map[string]work{}
	sqlite.ObserveLoads(t, func(dataset string, prepares, execs int) {
		got[dataset] = work{prepares, execs}
	})
	ctx := context.Background()
	for _, n := range []int{100, 1000} {
		ds := synthetic(n)
		ds.ID = map[int]string{100: "small", 1000: "large"}[n]
		checked, ps := ledger.Check(ds, flow.Today(time.Now()))
		if len(ps) > 0 {
			t.Fatalf("%d problems: %v", len(ps), ps[0])
		}
		if _, err := ledger.New(open(t), zerolog.Nop(), time.Now).Load(ctx, checked); err != nil {
			t.Fatal(err)
		}
	}
	small, large := got["small"], got["large"]
	t.Logf("100 payments: %+v; 1,000: %+v", small, large)
	if large.execs < 2*1000 || large.execs < 5*small.execs {
		t.Fatalf("loads ran %d and %d statements for 100 and 1,000 payments; want at least two per payment", small.execs, large.execs)
	}
	// A payment, its citation, and its organisation's share (one in ten)
	// are a statement each; the texts search finds come in batches, not a
	// statement or two per record.
	if large.execs > 1000*2+100+50 {
		t.Errorf("a load of 1,000 payments ran %d statements; want at most %d: one per row of flows, citations and nodes, and the search texts in batches", large.execs, 1000*2+100+50)
	}
	// The last batch of search texts is shorter than the others, and so
	// another statement, in the larger load only if it has full batches.
	if d := large.prepares - small.prepares; d < 0 || d > 1 || large.prepares > 30 {
		t.Errorf("loads of 100 and 1,000 payments prepared %d and %d statements; want the same few, each once", small.prepares, large.prepares)
	}
}

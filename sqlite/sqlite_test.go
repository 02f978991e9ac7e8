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

// open returns a new store in its own file, as the server would use it.
func open(tb testing.TB) flow.Store {
	tb.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "fundflow.db"), time.Now)
	if err != nil {
		tb.Fatalf("open sqlite: %v", err)
	}
	return st
}

func TestContract(t *testing.T) {
	storetest.Run(t, open)
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "fundflow.db")

	t.Run("WALAndForeignKeys", func(t *testing.T) {
		st, err := sqlite.Open(ctx, path, time.Now)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		mode, fk, err := sqlite.Pragmas(ctx, st)
		if err != nil || mode != "wal" || fk != 1 {
			t.Errorf("journal_mode %q, foreign_keys %d, %v; want wal and 1", mode, fk, err)
		}
	})

	t.Run("ReopenKeepsDataAndSchema", func(t *testing.T) {
		st, err := sqlite.Open(ctx, path, time.Now)
		if err != nil {
			t.Fatal(err)
		}
		svc := ledger.New(st, zerolog.Nop(), time.Now)
		if _, err := svc.Load(ctx, storetest.Checked(t, storetest.NHS(t))); err != nil {
			t.Fatal(err)
		}
		want := storetest.Snapshot(t, svc)
		st.Close()
		st, err = sqlite.Open(ctx, path, time.Now) // migrations already applied
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if got := storetest.Snapshot(t, ledger.New(st, zerolog.Nop(), time.Now)); got != want {
			t.Errorf("reopened store differs")
		}
	})

	t.Run("ErrUnwritablePath", func(t *testing.T) {
		_, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "no-such-dir", "fundflow.db"), time.Now)
		if err == nil {
			t.Fatal("opened a database in a missing directory")
		}
	})
}

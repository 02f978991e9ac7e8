package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/fundflow/fundflow/flow"
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

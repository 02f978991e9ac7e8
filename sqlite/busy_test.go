package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/sqlite"
)

// TestWriteDuringLoadIsConflict holds the write lock, as a long load
// does, from another connection, and writes through the API meanwhile:
// the write is refused as ECONFLICT (another write holds the database; try
// again), never UNAVAILABLE, and writes nothing; once the lock is free the
// same write goes through.
func TestWriteDuringLoadIsConflict(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fundflow.db")
	st, err := sqlite.Open(context.Background(), path, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	other, err := sql.Open("sqlite", "file:"+path+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	load, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	svc := ledger.New(st, zerolog.Nop(), time.Now)
	fund := &flow.Fund{ID: "fund-during-load", Name: "Fund written during a load"}
	// The request's time runs out before busy_timeout does: the wait is
	// for the lock either way.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err = svc.CreateNode(ctx, "tester", fund)
	var fe *flow.Error
	if !errors.As(err, &fe) || fe.Code != flow.ECONFLICT {
		t.Fatalf("write while a load holds the lock: %v; want ECONFLICT", err)
	}
	if err := load.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := svc.CreateNode(context.Background(), "tester", fund); err != nil {
		t.Fatalf("write after the load: %v; the refused write left something behind, or the lock is still held", err)
	}
}

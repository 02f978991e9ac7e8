package sqlite_test

import (
	"context"
	"testing"

	"github.com/fundflow/fundflow/sqlite"
)

// TestForeignKeysIndexed checks that every foreign key's columns lead an
// index of the table that holds them (or its primary key), so that
// removing a parent row finds its children by a seek rather than a scan
// of the child table, and a load's removals cost what its inserts do.
func TestForeignKeysIndexed(t *testing.T) {
	st := open(t).(*sqlite.Store)
	defer st.Close()
	keys, err := sqlite.ForeignKeys(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) == 0 {
		t.Fatal("no foreign keys found: the test checks nothing")
	}
	for _, k := range keys {
		if !k.Indexed {
			t.Errorf("%s.%s refers to %s but leads no index: removing a %s row scans %s", k.Table, k.Column, k.Parent, k.Parent, k.Table)
		}
	}
}

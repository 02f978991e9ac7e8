package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/fundflow/fundflow/sqlite"
)

// TestPathIsLiteral: the database path is a file name, not a URI, so the
// characters a URI gives meaning to create exactly the file named.
func TestPathIsLiteral(t *testing.T) {
	for _, name := range []string{"x#y.db", "what?.db", "100%.db", "%41%2F.db", "a b&c=d;e.db", "ünï.db"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			st, err := sqlite.Open(context.Background(), filepath.Join(dir, name), time.Now)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range entries {
				// WAL mode may leave -wal and -shm files beside the database.
				if n := e.Name(); !strings.HasSuffix(n, "-wal") && !strings.HasSuffix(n, "-shm") {
					got = append(got, n)
				}
			}
			sort.Strings(got)
			if len(got) != 1 || got[0] != name {
				t.Errorf("files created: %q, want only %q", got, name)
			}
		})
	}

	t.Run("DoubleSlash", func(t *testing.T) {
		// "//dir/x.db" is a path whose first component is not a host.
		dir := t.TempDir()
		st, err := sqlite.Open(context.Background(), "/"+filepath.Join(dir, "x.db"), time.Now)
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		if _, err := os.Stat(filepath.Join(dir, "x.db")); err != nil {
			t.Error(err)
		}
	})
}

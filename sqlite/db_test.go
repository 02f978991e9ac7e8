package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestPageCache checks every connection gets the page cache, not SQLite's
// 2 MB default, and no memory map: the pool opens connections as it needs
// them, so each is configured by the DSN rather than once.
func TestPageCache(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "fundflow.db"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Hold two connections at once, so that the second is a new one.
	for i := 0; i < 2; i++ {
		conn, err := st.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var cache, mmap int64
		if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&mmap); err != nil {
			t.Fatal(err)
		}
		if cache != -cacheKiB || mmap != 0 {
			t.Errorf("connection %d: cache_size %d, mmap_size %d; want %d and no memory map", i, cache, mmap, -cacheKiB)
		}
	}
}

package bench

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	_ "modernc.org/sqlite" // to count the rows of both stores

	"github.com/fundflow/fundflow/internal/gen"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
)

// The baseline inserts exactly the rows a load writes, table by table, so
// that a load's rate is compared with the same work done plainly.
func TestRawInsertWritesTheRowsALoadWrites(t *testing.T) {
	dir := t.TempDir()
	if _, err := gen.Write(dir, gen.Options{Flows: 300, Seed: 9, PerSource: 50}); err != nil {
		t.Fatal(err)
	}
	parse := func() *ledger.Dataset {
		ds, err := loader.ParseFile(filepath.Join(dir, gen.File))
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	ctx := context.Background()
	loaded, raw := filepath.Join(dir, "load.db"), filepath.Join(dir, "raw.db")
	st := openStore(t, loaded)
	if _, err := ledger.New(st, zerolog.Nop(), time.Now).Load(ctx, parse()); err != nil {
		t.Fatal(err)
	}
	want := counts(t, st)
	st.Close()
	st = openStore(t, raw)
	rows, err := st.RawInsert(ctx, parse().Data())
	if err != nil {
		t.Fatal(err)
	}
	if got := counts(t, st); got != want {
		t.Errorf("raw insert stored %+v, a load %+v", got, want)
	}
	st.Close()
	total := 0
	for _, table := range []string{"datasets", "nodes", "flows", "budget_lines", "links", "link_figures", "citations", "search_texts"} {
		a, b := count(t, loaded, table), count(t, raw, table)
		if a != b {
			t.Errorf("%s: a load wrote %d rows, the raw insert %d", table, a, b)
		}
		total += b
	}
	if rows != total {
		t.Errorf("RawInsert says %d rows, the tables hold %d", rows, total)
	}
}

// count returns how many rows table holds in the store at path.
func count(t testing.TB, path, table string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	// table is one of the constant names above, never input.
	if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

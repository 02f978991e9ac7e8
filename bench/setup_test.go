package bench

import (
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/gen"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
	"github.com/fundflow/fundflow/sqlite"
)

var (
	flows = flag.Int("bench.flows", 10_000, "flows in the generated dataset the benchmarks use")
	seed  = flag.Uint64("bench.seed", 1, "seed of the generated dataset")
	data  = flag.String("bench.data", "", "a folder fundflow gen wrote with -bench.flows and -bench.seed, to use instead of generating one")
	db    = flag.String("bench.db", "", "a store file `fundflow load` wrote from the -bench.data dataset, for the queries to read instead of loading one")
)

// scratch is the folder the benchmarks' datasets and stores live in,
// removed when the run ends.
var scratch string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "fundflow-bench-")
	if err != nil {
		panic(err)
	}
	scratch = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// datasetFile returns the dataset file of the run's size, generating it
// the first time.
var datasetFile = sync.OnceValues(func() (string, error) {
	if *data != "" {
		return filepath.Join(*data, gen.File), nil
	}
	dir := filepath.Join(scratch, "data")
	if _, err := gen.Write(dir, gen.Options{Flows: *flows, Seed: *seed}); err != nil {
		return "", err
	}
	return filepath.Join(dir, gen.File), nil
})

// lessFile returns the run's dataset without every eighth payment (about a
// tenth of its flows), generated the first time.
var lessFile = sync.OnceValues(func() (string, error) {
	dir := filepath.Join(scratch, "less")
	if _, err := gen.Write(dir, gen.Options{Flows: *flows, Seed: *seed, Omit: 8}); err != nil {
		return "", err
	}
	return filepath.Join(dir, gen.File), nil
})

// dataset parses and checks the run's dataset, as fundflow load does.
func dataset(b testing.TB) *ledger.Dataset {
	b.Helper()
	file, err := datasetFile()
	if err != nil {
		b.Fatal(err)
	}
	ds, err := loader.ParseFile(file)
	if err != nil {
		b.Fatal(err)
	}
	return ds
}

// openStore opens a new, migrated embedded store at path.
func openStore(b testing.TB, path string) *sqlite.Store {
	b.Helper()
	st, err := sqlite.Open(context.Background(), path, time.Now)
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// loadedDB returns a store file holding the run's dataset (-bench.db, or loaded once);
// callers copy or open it, never write it.
var loadedDB = sync.OnceValues(func() (string, error) {
	if *db != "" {
		return *db, nil
	}
	file, err := datasetFile()
	if err != nil {
		return "", err
	}
	ds, err := loader.ParseFile(file)
	if err != nil {
		return "", err
	}
	path := filepath.Join(scratch, "loaded.db")
	st, err := sqlite.Open(context.Background(), path, time.Now)
	if err != nil {
		return "", err
	}
	if _, err := ledger.New(st, zerolog.Nop(), time.Now).Load(context.Background(), ds); err != nil {
		st.Close()
		return "", err
	}
	return path, st.Close() // closing checkpoints the WAL into the file
})

// copyLoaded copies the loaded store to a new file and returns its path.
func copyLoaded(b testing.TB) string {
	b.Helper()
	src, err := loadedDB()
	if err != nil {
		b.Fatal(err)
	}
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	dst := filepath.Join(b.TempDir(), "copy.db")
	out, err := os.Create(dst)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	return dst
}

// counts is a store's record counts.
func counts(b testing.TB, st flow.Store) flow.Counts {
	b.Helper()
	c, err := st.Counts(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return c
}

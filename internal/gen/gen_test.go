package gen_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/gen"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
	"github.com/fundflow/fundflow/sqlite"
)

// write generates a dataset into a new folder and returns the folder.
func write(t testing.TB, o gen.Options) (string, gen.Stats) {
	t.Helper()
	dir := t.TempDir()
	st, err := gen.Write(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	return dir, st
}

// A generated dataset passes every check the loader makes, the quote check
// included, and loads into the embedded store with every record it wrote.
func TestGeneratedDatasetLoads(t *testing.T) {
	dir, st := write(t, gen.Options{Flows: 300, Seed: 7, PerSource: 40})
	ds, err := loader.ParseFile(filepath.Join(dir, gen.File))
	if err != nil {
		t.Fatalf("the generated dataset does not validate: %v", err)
	}
	if n := len(ds.Data().SourceTexts); n != st.Sources {
		t.Errorf("%d sources have a text, want every one of %d (the quote check would skip the rest)", n, st.Sources)
	}
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "gen.db"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	rep, err := ledger.New(store, zerolog.Nop(), time.Now).Load(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	got, err := store.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := flow.Counts{Funds: st.Funds, Programmes: st.Programmes, Organisations: st.Organisations, Sources: st.Sources,
		Flows: st.Flows, BudgetLines: st.BudgetLines, Links: st.Links, Citations: st.Citations}
	if got != want || rep.Counts != want {
		t.Errorf("stored %+v, reported %+v; the generator wrote %+v", got, rep.Counts, want)
	}
	if st.Flows != 300 || st.Links == 0 || st.BudgetLines <= st.Programmes || st.Sources < 300/40 {
		t.Errorf("unexpected shape: %+v", st)
	}
}

// The questions' records exist under their real ids, so the documented
// queries have work to do on a generated dataset.
func TestGeneratedDatasetHasTheQuestionsRecords(t *testing.T) {
	dir, _ := write(t, gen.Options{Flows: 2000, Seed: 1})
	ds, err := loader.ParseFile(filepath.Join(dir, gen.File))
	if err != nil {
		t.Fatal(err)
	}
	d := ds.Data()
	kinds := map[flow.FlowKind]int{}
	var divertedToCyber, paidFromCyber, toTrauma int
	for _, f := range d.Flows {
		kinds[f.Kind]++
		switch {
		case f.Kind == flow.Diversion && f.ToID == "cyber-security" && f.Year == "2017-18":
			divertedToCyber++
		case f.Kind == flow.Payment && f.FromID == "cyber-security":
			paidFromCyber++
		}
		if f.ToID == "major-trauma-centres" {
			toTrauma++
		}
	}
	for _, k := range flow.EdgeKinds {
		if kinds[k] == 0 {
			t.Errorf("no %s flow among %d", k, len(d.Flows))
		}
	}
	if divertedToCyber == 0 || paidFromCyber == 0 || toTrauma == 0 {
		t.Errorf("diversions to cyber-security in 2017-18: %d, payments from it: %d, flows to major-trauma-centres: %d; want some of each",
			divertedToCyber, paidFromCyber, toTrauma)
	}
	if d.Funds[0].ID != "phc-2020" {
		t.Errorf("first fund is %s, want phc-2020", d.Funds[0].ID)
	}
}

// The same options write the same bytes; another seed writes another
// dataset of the same shape.
func TestWriteIsDeterministic(t *testing.T) {
	a, sa := write(t, gen.Options{Flows: 500, Seed: 3})
	b, sb := write(t, gen.Options{Flows: 500, Seed: 3})
	c, sc := write(t, gen.Options{Flows: 500, Seed: 4})
	read := func(dir, name string) []byte {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	for _, name := range []string{gen.File, "sources/src-000000.txt", "sources/src-000002.txt"} {
		if !bytes.Equal(read(a, name), read(b, name)) {
			t.Errorf("%s differs between two writes with the same seed", name)
		}
	}
	if bytes.Equal(read(a, gen.File), read(c, gen.File)) {
		t.Error("seeds 3 and 4 wrote the same dataset")
	}
	if sa != sb || sa != sc {
		t.Errorf("shapes differ: %+v, %+v, %+v", sa, sb, sc)
	}
}

func TestWriteRefusesNoFlows(t *testing.T) {
	if _, err := gen.Write(t.TempDir(), gen.Options{Flows: 0}); err == nil {
		t.Error("0 flows: want an error")
	}
}

// Omitting payments writes the same dataset without them: a later release
// with records withdrawn, which loads over the full one removing exactly
// those.
func TestOmitLeavesOutPaymentsOnly(t *testing.T) {
	full, sf := write(t, gen.Options{Flows: 400, Seed: 2})
	less, sl := write(t, gen.Options{Flows: 400, Seed: 2, Omit: 9})
	parse := func(dir string) *flow.Dataset {
		t.Helper()
		ds, err := loader.ParseFile(filepath.Join(dir, gen.File))
		if err != nil {
			t.Fatal(err)
		}
		return ds.Data()
	}
	a, b := parse(full), parse(less)
	kept := map[string]*flow.Flow{}
	for _, f := range b.Flows {
		kept[f.ID] = f
	}
	omitted := 0
	for _, f := range a.Flows {
		k, ok := kept[f.ID]
		switch {
		case !ok && f.Kind != flow.Payment:
			t.Errorf("omitted %s, a %s", f.ID, f.Kind)
		case !ok:
			omitted++
		case k.FromID != f.FromID || k.ToID != f.ToID || k.Amount.String() != f.Amount.String():
			t.Errorf("%s differs: %+v, want %+v", f.ID, k, f)
		}
	}
	if omitted == 0 || omitted != sf.Flows-sl.Flows || len(b.Flows) != sl.Flows {
		t.Errorf("omitted %d flows; stats say %d of %d, parsed %d", omitted, sf.Flows-sl.Flows, sf.Flows, len(b.Flows))
	}
}

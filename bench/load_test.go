package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
	"github.com/fundflow/fundflow/sqlite"
)

// rawBaseline is the median time of three prepared-statement inserts of
// the run's rows into new stores (sqlite.Store.RawInsert), and how many
// rows that is: what a load's rate is compared with.
var rawBaseline = sync.OnceValues(func() (time.Duration, int) {
	file, err := datasetFile()
	if err != nil {
		panic(err)
	}
	ds, err := loader.ParseFile(file)
	if err != nil {
		panic(err)
	}
	var times []time.Duration
	rows := 0
	for i := range 3 {
		st, err := sqlite.Open(context.Background(), filepath.Join(scratch, fmt.Sprintf("raw-baseline-%d.db", i)), time.Now)
		if err != nil {
			panic(err)
		}
		start := time.Now()
		n, err := st.RawInsert(context.Background(), ds.Data())
		times = append(times, time.Since(start))
		st.Close()
		if err != nil {
			panic(err)
		}
		rows = n
	}
	slices.Sort(times)
	return times[1], rows
})

// reportLoad reports a load benchmark's rows per second and its rate as a
// share of the raw insert's (x-raw: 1 is as fast as the raw insert; the
// issue's target for a load is 0.5).
func reportLoad(b *testing.B, perOp time.Duration) {
	raw, rows := rawBaseline()
	b.ReportMetric(float64(rows)/perOp.Seconds(), "rows/s")
	b.ReportMetric(raw.Seconds()/perOp.Seconds(), "x-raw")
}

// BenchmarkLoad measures the raw insert, a first load of the dataset file
// (parse, check, quote check, write: what fundflow load does), a reload of
// the unchanged file, and a reload of a file without a tenth of its flows.
func BenchmarkLoad(b *testing.B) {
	ctx := context.Background()
	b.Run("raw-insert", func(b *testing.B) {
		ds := dataset(b)
		var total time.Duration
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			st := openStore(b, filepath.Join(b.TempDir(), "raw.db"))
			b.StartTimer()
			start := time.Now()
			if _, err := st.RawInsert(ctx, ds.Data()); err != nil {
				b.Fatal(err)
			}
			total += time.Since(start)
			b.StopTimer()
			st.Close()
			b.StartTimer()
		}
		reportLoad(b, total/time.Duration(b.N))
	})
	b.Run("first-load", func(b *testing.B) {
		file, err := datasetFile()
		if err != nil {
			b.Fatal(err)
		}
		var total time.Duration
		for b.Loop() {
			b.StopTimer()
			st := openStore(b, filepath.Join(b.TempDir(), "load.db"))
			b.StartTimer()
			start := time.Now()
			ds, err := loader.ParseFile(file)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := ledger.New(st, zerolog.Nop(), time.Now).Load(ctx, ds); err != nil {
				b.Fatal(err)
			}
			total += time.Since(start)
			b.StopTimer()
			st.Close()
			b.StartTimer()
		}
		reportLoad(b, total/time.Duration(b.N))
	})
	reload := func(b *testing.B, file func() (string, error)) {
		path, err := file()
		if err != nil {
			b.Fatal(err)
		}
		var total time.Duration
		removed := 0
		for b.Loop() {
			b.StopTimer()
			st := openStore(b, copyLoaded(b))
			b.StartTimer()
			start := time.Now()
			ds, err := loader.ParseFile(path)
			if err != nil {
				b.Fatal(err)
			}
			rep, err := ledger.New(st, zerolog.Nop(), time.Now).Load(ctx, ds)
			if err != nil {
				b.Fatal(err)
			}
			total += time.Since(start)
			b.StopTimer()
			removed = rep.Removed
			st.Close()
			b.StartTimer()
		}
		reportLoad(b, total/time.Duration(b.N))
		b.ReportMetric(float64(removed), "removed")
	}
	b.Run("reload-unchanged", func(b *testing.B) { reload(b, datasetFile) })
	b.Run("reload-remove-tenth", func(b *testing.B) { reload(b, lessFile) })
}

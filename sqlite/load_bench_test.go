package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
	"time"
)

// synthetic builds a dataset of n payments of realistic shape: a few
// funds and programmes, an organisation per ten payments, and a fixed
// number of sources whose texts grow with n (as a department's yearly
// spending file does), each payment cited by a sentence of one of them.
// A fixed number of sources is what made the quote check quadratic: each
// text is as long as the share of payments that cite it.
func synthetic(n int) *flow.Dataset {
	const sources, programmes = 20, 10
	ds := &flow.Dataset{ID: "synthetic", Title: "Synthetic payments", SourceTexts: map[string]string{}}
	ds.Funds = []*flow.Fund{{ID: "fund-a", Name: "Fund A"}}
	for p := range programmes {
		ds.Programmes = append(ds.Programmes, &flow.Programme{ID: fmt.Sprintf("programme-%d", p), Name: fmt.Sprintf("Programme %d", p), FundID: "fund-a"})
	}
	for o := range (n + 9) / 10 {
		ds.Organisations = append(ds.Organisations, &flow.Organisation{ID: fmt.Sprintf("org-%d", o), Name: fmt.Sprintf("Organisation %d Ltd", o)})
	}
	texts := make([]strings.Builder, sources)
	for s := range sources {
		ds.Sources = append(ds.Sources, &flow.Source{ID: fmt.Sprintf("source-%d", s), Title: fmt.Sprintf("Spending over 25,000, part %d", s), Publisher: "Department", Published: "2018-07"})
		texts[s].WriteString("Payments over £25,000.\n")
	}
	for i := range n {
		s := i % sources
		quote := fmt.Sprintf("Payment %d of £%d.%02d to Organisation %d Ltd\nunder programme %d.", i, 25000+i, i%100, i/10, i%programmes)
		texts[s].WriteString(quote)
		texts[s].WriteString(" ")
		ds.Flows = append(ds.Flows, &flow.Flow{
			ID: fmt.Sprintf("payment-%d", i), Kind: flow.Payment, FromID: fmt.Sprintf("programme-%d", i%programmes),
			ToID: fmt.Sprintf("org-%d", i/10), Year: "2017-18", Amount: flow.GBP(flow.Pence(2500000 + 100*i + i%100)),
			Status: flow.Actual,
			// The quote wraps differently from the text, as curators' do.
			Citations: []flow.Citation{{SourceID: fmt.Sprintf("source-%d", s), Quote: strings.ReplaceAll(quote, "\n", " ")}},
		})
	}
	for s := range sources {
		ds.SourceTexts[fmt.Sprintf("source-%d", s)] = texts[s].String()
	}
	return ds
}

// BenchmarkLoad checks and loads a synthetic dataset, with source texts,
// into a new store, at 2,000 and 10,000 payments. Its ns/flow at the two
// sizes should be about equal: their ratio is how far from linear a load
// is (the quote check alone once made it about 5).
func BenchmarkLoad(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("flows=%d", n), func(b *testing.B) {
			ctx := context.Background()
			for b.Loop() {
				b.StopTimer()
				ds := synthetic(n)
				svc := ledger.New(open(b), zerolog.Nop(), time.Now)
				b.StartTimer()
				checked, ps := ledger.Check(ds, flow.Today(time.Now()))
				if len(ps) > 0 {
					b.Fatalf("synthetic dataset: %d problems: %v", len(ps), ps[0])
				}
				if _, err := svc.Load(ctx, checked); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/flow")
		})
	}
}

// withoutTenth returns ds without every tenth organisation and the
// payments to it: a tenth of its records.
func withoutTenth(ds *flow.Dataset) *flow.Dataset {
	out := *ds
	out.Organisations, out.Flows = nil, nil
	for i, o := range ds.Organisations {
		if i%10 != 0 {
			out.Organisations = append(out.Organisations, o)
		}
	}
	for i, f := range ds.Flows {
		if (i/10)%10 != 0 {
			out.Flows = append(out.Flows, f)
		}
	}
	return &out
}

// BenchmarkReload reloads a synthetic dataset over itself, unchanged and
// with a tenth of its records removed, at 2,000 and 10,000 payments. Its
// ns/flow (per payment of the first load) is to be compared with
// BenchmarkLoad's: a reload should cost about what a first load does, and
// removing records no more per record than adding them.
func BenchmarkReload(b *testing.B) {
	for _, n := range benchSizes(b) {
		for _, c := range []struct {
			name string
			next func(*flow.Dataset) *flow.Dataset
		}{
			{"unchanged", func(ds *flow.Dataset) *flow.Dataset { return ds }},
			{"removing-tenth", withoutTenth},
		} {
			b.Run(fmt.Sprintf("flows=%d/%s", n, c.name), func(b *testing.B) {
				ctx := context.Background()
				for b.Loop() {
					b.StopTimer()
					svc := ledger.New(open(b), zerolog.Nop(), time.Now)
					first, ps := ledger.Check(synthetic(n), flow.Today(time.Now()))
					if len(ps) > 0 {
						b.Fatalf("synthetic dataset: %d problems: %v", len(ps), ps[0])
					}
					if _, err := svc.Load(ctx, first); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					next, ps := ledger.Check(c.next(synthetic(n)), flow.Today(time.Now()))
					if len(ps) > 0 {
						b.Fatalf("second dataset: %d problems: %v", len(ps), ps[0])
					}
					if _, err := svc.Load(ctx, next); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/flow")
			})
		}
	}
}

// benchSizes is 2,000 and 10,000 payments, and the sizes listed in
// FUNDFLOW_BENCH_FLOWS (comma-separated, such as 100000,1000000), which
// take minutes and gigabytes and so run only when asked for.
func benchSizes(tb testing.TB) []int {
	tb.Helper()
	sizes := []int{2000, 10000}
	for _, f := range strings.FieldsFunc(os.Getenv("FUNDFLOW_BENCH_FLOWS"), func(r rune) bool { return r == ',' }) {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			tb.Fatalf("FUNDFLOW_BENCH_FLOWS: %q is not a number of flows", f)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// flowsPerProgramme is how many flows reach each synthetic programme,
// whatever the dataset's size, so that a list of one programme's flows
// matches as many rows at every size.
const flowsPerProgramme = 20

// synthetic returns a store holding n diversions between n/20 programmes,
// each reaching flowsPerProgramme of them, written straight into the
// tables (the load path is not what is measured).
func synthetic(tb testing.TB, n int) *Store {
	tb.Helper()
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(tb.TempDir(), "fundflow.db"), time.Now)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	const (
		dataset = `INSERT INTO datasets (id, title, loaded_at) VALUES ('synthetic', 'synthetic', '2026-01-01')`
		node    = `INSERT INTO nodes (id, label, name, sort_key, dataset) VALUES (?, 'Programme', ?, ?, 'synthetic')`
		edge    = `INSERT INTO flows (id, kind, from_id, to_id, year, amount, qualifier, currency, measure, status, dataset,
  sort_asc, sort_desc, known_from) VALUES (?, 'DIVERSION', ?, ?, ?, ?, 'EXACT', 'GBP', 'MOVED', 'CONFIRMED', 'synthetic', ?, ?, '2018-01-01')`
	)
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, dataset); err != nil {
		tb.Fatal(err)
	}
	programmes := n / flowsPerProgramme
	for p := 0; p < programmes; p++ {
		name := fmt.Sprintf("programme %06d", p)
		if _, err := tx.ExecContext(ctx, node, fmt.Sprintf("p%06d", p), name, name); err != nil {
			tb.Fatal(err)
		}
	}
	ins, err := tx.PrepareContext(ctx, edge)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i < n; i++ {
		amount := flow.Pence(int64(i*7919%1000003) * 100)
		f := &flow.Flow{ID: fmt.Sprintf("f%07d", i), Kind: flow.Diversion, Year: flow.FinancialYear(fmt.Sprintf("%d-%02d", 2010+i%8, 11+i%8)),
			FromID: fmt.Sprintf("p%06d", (i+1)%programmes), ToID: fmt.Sprintf("p%06d", i%programmes),
			Amount: flow.Money{Amount: &amount, Qualifier: flow.Exact, Currency: "GBP"}, Status: flow.Confirmed}
		asc, desc := sortkey.Flow(f)
		a, _ := json.Marshal(asc)
		d, _ := json.Marshal(desc)
		if _, err := ins.ExecContext(ctx, f.ID, f.FromID, f.ToID, string(f.Year), int64(amount), string(a), string(d)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return st
}

// BenchmarkFlowListScale pages a list at 2,000 and at 20,000 flows in the
// same run and reports the ratio of their times (ratio-20k/2k): one
// programme's diversions (a filter, counted), the 20 largest flows (an
// ordering, not counted), and 20 flows half-way down that ordering (a deep
// cursor).
// Indexes make both roughly constant, about 1, where a scan of the table
// would make them about 10.
func BenchmarkFlowListScale(b *testing.B) {
	ctx := context.Background()
	small, large := synthetic(b, 2000), synthetic(b, 20000)
	byID, _ := flow.FlowOrdering(nil)
	byAmount, _ := flow.FlowOrdering([]flow.FlowOrder{{Field: flow.FlowByAmount, Desc: true}})
	cases := []struct {
		name    string
		filter  flow.FlowFilter
		order   flow.Ordering
		noCount bool
		deep    bool
	}{
		// Counted, as question 1 is: the count seeks the same index.
		{"programme", flow.FlowFilter{ToIDs: []string{"p000007"}, Kinds: []flow.FlowKind{flow.Diversion}}, byID, false, false},
		// Not counted, as when totalCount is not selected: counting every
		// flow is the one cost that must grow with the table.
		{"largest", flow.FlowFilter{}, byAmount, true, false},
		// The same, from a cursor half-way down the list.
		{"deep", flow.FlowFilter{}, byAmount, true, true},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			stores := []*Store{small, large}
			windows := make([]flow.Window, len(stores))
			for j, st := range stores {
				windows[j] = flow.Window{Limit: flowsPerProgramme, Order: c.order, NoCount: c.noCount}
				if c.deep {
					windows[j].Keys = middle(b, st, c.order)
				}
			}
			var took [2]time.Duration
			for i := 0; i < b.N; i++ {
				for j, st := range stores {
					start := time.Now()
					p, err := st.Flows(ctx, c.filter, windows[j])
					took[j] += time.Since(start)
					if err != nil {
						b.Fatal(err)
					}
					if len(p.Items) != flowsPerProgramme {
						b.Fatalf("%d flows, want %d", len(p.Items), flowsPerProgramme)
					}
				}
			}
			b.ReportMetric(float64(took[0].Nanoseconds())/float64(b.N), "ns/op-2k")
			b.ReportMetric(float64(took[1].Nanoseconds())/float64(b.N), "ns/op-20k")
			b.ReportMetric(float64(took[1])/float64(took[0]), "ratio-20k/2k")
		})
	}
}

// middle returns the cursor keys of the flow half-way down a store's list
// in order o.
func middle(tb testing.TB, st *Store, o flow.Ordering) []string {
	tb.Helper()
	n, err := st.Counts(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	p, err := st.Flows(context.Background(), flow.FlowFilter{}, flow.Window{Limit: n.Flows / 2, Order: o, NoCount: true})
	if err != nil {
		tb.Fatal(err)
	}
	keys, err := flow.DecodeCursor(p.Cursors[len(p.Cursors)-1], o.Tag, sortkey.CursorKeys)
	if err != nil {
		tb.Fatal(err)
	}
	return keys
}

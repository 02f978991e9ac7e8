package graph_test

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/sqlite"
	"github.com/fundflow/fundflow/web"
)

// callCounter counts every store call a request makes.
type callCounter struct {
	flow.Store
	calls atomic.Int64
}

func (c *callCounter) Nodes(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	c.calls.Add(1)
	return c.Store.Nodes(ctx, ids)
}

func (c *callCounter) ListNodes(ctx context.Context, kind flow.RecordKind, f flow.NodeFilter, w flow.Window) (*flow.Page[flow.Node], error) {
	c.calls.Add(1)
	return c.Store.ListNodes(ctx, kind, f, w)
}

func (c *callCounter) BudgetLines(ctx context.Context, f flow.BudgetLineFilter, w flow.Window) (*flow.Page[*flow.BudgetLine], error) {
	c.calls.Add(1)
	return c.Store.BudgetLines(ctx, f, w)
}

func (c *callCounter) Flows(ctx context.Context, f flow.FlowFilter, w flow.Window) (*flow.Page[*flow.Flow], error) {
	c.calls.Add(1)
	return c.Store.Flows(ctx, f, w)
}

// generated builds a valid dataset of n programmes in one fund, each with
// two budget lines and an allocation, citing n/5+1 sources.
func generated(n int) *flow.Dataset {
	ds := &flow.Dataset{ID: "generated", Title: "Generated",
		Funds: []*flow.Fund{{ID: "fund", Name: "Fund"}}}
	nsrc := n/5 + 1
	for i := 0; i < nsrc; i++ {
		ds.Sources = append(ds.Sources, &flow.Source{ID: fmt.Sprintf("source-%d", i), Title: fmt.Sprintf("Report %d", i),
			Publisher: "Publisher", Published: "2018-01-24"})
	}
	cite := func(i int) []flow.Citation {
		return []flow.Citation{{SourceID: fmt.Sprintf("source-%d", i%nsrc), Quote: fmt.Sprintf("Sentence %d.", i)}}
	}
	for i := 0; i < n; i++ {
		p := fmt.Sprintf("programme-%d", i)
		ds.Programmes = append(ds.Programmes, &flow.Programme{ID: p, Name: fmt.Sprintf("Programme %d", i), FundID: "fund"})
		for y, year := range []flow.FinancialYear{"2016-17", "2017-18"} {
			planned := flow.GBP(flow.Pence(100_000_00 * (i + y + 1)))
			ds.BudgetLines = append(ds.BudgetLines, &flow.BudgetLine{ID: fmt.Sprintf("%s-%s", p, year), ProgrammeID: p, Year: year,
				Planned: &planned, Status: flow.Confirmed, Citations: cite(i)})
		}
		ds.Flows = append(ds.Flows, &flow.Flow{ID: "fund-to-" + p, Kind: flow.Allocation, FromID: "fund", ToID: p,
			Year: "2017-18", Amount: flow.GBP(flow.Pence(500_000_00 * (i + 1))), Status: flow.Planned, Citations: cite(i)})
	}
	return ds
}

// TestNestedQueriesCostFixedRoundTrips runs the same nested query over a
// graph and one ten times its size, and expects the same number of store
// calls: every nested list and reference is batch-loaded per request.
func TestNestedQueriesCostFixedRoundTrips(t *testing.T) {
	const query = `{
  programmes(first: 100) {
    nodes {
      name
      fund { name }
      budgetLines { nodes { year planned { amount } citations { quote source { title } } } }
      inflows { nodes { kind from { name } amount { amount } citations { source { title } } } }
    }
  }
}`
	calls := func(n int) int64 {
		st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "fundflow.db"), time.Now)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		ds, ps := ledger.Check(generated(n), flow.Today(time.Now()))
		if len(ps) > 0 {
			t.Fatal(ps)
		}
		if _, err := ledger.New(st, zerolog.Nop(), time.Now).Load(context.Background(), ds); err != nil {
			t.Fatal(err)
		}
		counter := &callCounter{Store: st}
		log := zerolog.New(io.Discard)
		// A generous batch window keeps the count exact on a busy machine;
		// the production default only changes how soon a batch is sent.
		r := &graph.Resolver{Ledger: ledger.New(counter, log, time.Now), Logger: log, BatchWait: 250 * time.Millisecond}
		h := web.Logged(log, time.Now, nil, graph.NewHandler(r, graph.DefaultOptions()))
		rec, resp := post(t, h, query)
		if len(resp.Errors) > 0 {
			t.Fatalf("errors: %+v", resp.Errors)
		}
		if got := strings.Count(rec.Body.String(), `"year"`); got != 2*n {
			t.Fatalf("%d programmes: %d budget lines in the response, want %d", n, got, 2*n)
		}
		return counter.calls.Load()
	}
	small, large := calls(8), calls(80)
	if small != large {
		t.Errorf("store calls: %d for 8 programmes, %d for 80; want the same", small, large)
	}
	if small > 6 {
		t.Errorf("store calls: %d, want at most 6 (programmes, budget lines, inflows and the nodes they cite)", small)
	}
	t.Logf("store calls per request: %d for 8 programmes and for 80", small)
}

func TestComplexityLimit(t *testing.T) {
	h := newHandler(openStore(t), zerolog.New(io.Discard))
	_, resp := post(t, h, `{ programmes(first: 500) { nodes { budgetLines(first: 500) { nodes { year } } } } }`)
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("got %+v, want COMPLEXITY_LIMIT_EXCEEDED", resp.Errors)
	}
	_, resp = post(t, h, `{ programmes(first: 10) { nodes { budgetLines(first: 10) { nodes { year } } } } }`)
	if len(resp.Errors) != 0 {
		t.Errorf("a modest nested query was refused: %+v", resp.Errors)
	}
}

// Package storetest is the behavioural contract of flow.Store: one suite
// that every backend runs with its own constructor, so that backends agree
// because the same assertions pass on each (the pattern of nettest.TestConn).
//
// A backend's test calls Run with a function that returns a new, empty store
// for each subtest. The suite only reads and writes data it created.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/data"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/loader"
)

// Opener returns a new, empty store; the suite closes it.
type Opener func(tb testing.TB) flow.Store

// Run runs the whole contract against stores made by open.
func Run(t *testing.T, open Opener) {
	t.Run("Load", func(t *testing.T) { testLoad(t, open) })
	t.Run("Nodes", func(t *testing.T) { testNodes(t, open) })
	t.Run("Lists", func(t *testing.T) { testLists(t, open) })
	t.Run("BudgetLines", func(t *testing.T) { testBudgetLines(t, open) })
	t.Run("Flows", func(t *testing.T) { testFlows(t, open) })
	t.Run("Trace", func(t *testing.T) { testTrace(t, open) })
	t.Run("Analyst", func(t *testing.T) { testAnalyst(t, open) })
	t.Run("Writes", func(t *testing.T) { testWrites(t, open) })
	t.Run("Ping", func(t *testing.T) {
		st := open(t)
		defer st.Close()
		if err := st.Ping(context.Background()); err != nil {
			t.Fatalf("Ping: %v", err)
		}
	})
}

// NHS parses the bundled NHS technology dataset, failing the test if it is
// invalid. Each call returns a fresh copy that the caller may change.
func NHS(tb testing.TB) *flow.Dataset {
	tb.Helper()
	ds, err := loader.ParseFS(data.FS, data.NHSTech)
	if err != nil {
		tb.Fatalf("parse bundled dataset: %v", err)
	}
	return ds
}

// Loaded returns a new store holding the bundled NHS dataset.
func Loaded(tb testing.TB, open Opener) flow.Store {
	tb.Helper()
	st := open(tb)
	tb.Cleanup(func() { st.Close() })
	if _, err := st.Load(context.Background(), NHS(tb)); err != nil {
		tb.Fatalf("load bundled dataset: %v", err)
	}
	return st
}

// WantCode fails the test unless err carries the flow error code want.
func WantCode(tb testing.TB, err error, want string) {
	tb.Helper()
	if got := flow.ErrorCode(err); got != want {
		tb.Fatalf("error code: got %q (%v), want %q", got, err, want)
	}
	var fe *flow.Error
	if !errors.As(err, &fe) {
		tb.Fatalf("error %v is not a *flow.Error", err)
	}
}

// Snapshot renders everything a store holds, in a stable order, so that a
// test can assert that a failed write changed nothing.
func Snapshot(tb testing.TB, st flow.Store) string {
	tb.Helper()
	ctx := context.Background()
	var b strings.Builder
	c, err := st.Counts(ctx)
	if err != nil {
		tb.Fatalf("Counts: %v", err)
	}
	fmt.Fprintf(&b, "counts %+v\n", c)
	var ids []string
	each(tb, func(p flow.PageArgs) (*flow.Page[*flow.Fund], error) {
		return st.Funds(ctx, flow.NodeQuery{Filter: flow.NodeFilter{}, Page: p})
	},
		func(f *flow.Fund) { ids = append(ids, f.ID) })
	each(tb, func(p flow.PageArgs) (*flow.Page[*flow.Programme], error) {
		return st.Programmes(ctx, flow.NodeQuery{Page: p})
	}, func(f *flow.Programme) { ids = append(ids, f.ID) })
	each(tb, func(p flow.PageArgs) (*flow.Page[*flow.Organisation], error) {
		return st.Organisations(ctx, flow.NodeQuery{Filter: flow.NodeFilter{}, Page: p})
	}, func(f *flow.Organisation) { ids = append(ids, f.ID) })
	each(tb, func(p flow.PageArgs) (*flow.Page[*flow.Source], error) {
		return st.Sources(ctx, flow.NodeQuery{Filter: flow.NodeFilter{}, Page: p})
	},
		func(f *flow.Source) { ids = append(ids, f.ID) })
	nodes, err := st.Nodes(ctx, ids)
	if err != nil {
		tb.Fatalf("Nodes: %v", err)
	}
	for _, id := range ids {
		fmt.Fprintf(&b, "node %+v\n", nodes[id])
	}
	each(tb, func(p flow.PageArgs) (*flow.Page[*flow.Flow], error) { return st.Flows(ctx, flow.FlowQuery{Page: p}) },
		func(f *flow.Flow) {
			fmt.Fprintf(&b, "flow %s %s %s->%s %s %s %s %q\n", f.ID, f.Kind, f.FromID, f.ToID, f.Year, f.Amount, f.Status, f.Citations)
		})
	each(tb, func(p flow.PageArgs) (*flow.Page[*flow.BudgetLine], error) {
		return st.BudgetLines(ctx, flow.BudgetLineQuery{Page: p})
	}, func(l *flow.BudgetLine) {
		fmt.Fprintf(&b, "line %s %s %s %v %v %v %v %s %q\n", l.ID, l.ProgrammeID, l.Year, l.Planned, l.Forecast, l.Actual, l.Variance, l.Status, l.Citations)
	})
	return b.String()
}

// each visits every item of a paged list, page by page.
func each[T any](tb testing.TB, list func(flow.PageArgs) (*flow.Page[T], error), visit func(T)) {
	tb.Helper()
	p := flow.PageArgs{First: flow.MaxPageSize}
	for {
		page, err := list(p)
		if err != nil {
			tb.Fatalf("list: %v", err)
		}
		for _, it := range page.Items {
			visit(it)
		}
		if !page.HasNextPage {
			return
		}
		p.After = page.Cursors[len(page.Cursors)-1]
	}
}

// gbp parses a curator-style amount for expectations ("£202.6m").
func gbp(tb testing.TB, s string) flow.Pence {
	tb.Helper()
	p, err := flow.ParsePounds(s)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

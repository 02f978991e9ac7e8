package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"
	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/data"
	"github.com/fundflow/fundflow/examples"
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
)

// recorder runs the store's read statements on the database and keeps each
// with its arguments, so that a test can ask SQLite how it planned them.
type recorder struct {
	db   *sql.DB
	mu   sync.Mutex
	runs []recorded
}

type recorded struct {
	query string
	args  []any
}

func (r *recorder) keep(query string, args []any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.runs = append(r.runs, recorded{query, args})
}

func (r *recorder) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	r.keep(query, args)
	return r.db.QueryContext(ctx, query, args...)
}

func (r *recorder) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	r.keep(query, args)
	return r.db.QueryRowContext(ctx, query, args...)
}

// bundled returns a store holding the bundled dataset, its reads recorded.
func bundled(tb testing.TB) (*Store, *recorder) {
	tb.Helper()
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(tb.TempDir(), "fundflow.db"), time.Now)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	ds, err := loader.ParseFS(data.FS, data.NHSTech)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := ledger.New(st, zerolog.Nop(), time.Now).Load(ctx, ds); err != nil {
		tb.Fatal(err)
	}
	rec := &recorder{db: st.db}
	st.read = rec
	return st, rec
}

// plan returns the details of SQLite's query plan for a statement.
func plan(tb testing.TB, db *sql.DB, query string, args []any) []string {
	tb.Helper()
	rows, err := db.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		tb.Fatalf("explain %s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			tb.Fatal(err)
		}
		out = append(out, detail)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// bigTables are the tables that grow with a dataset's flows.
var bigTables = regexp.MustCompile(`^SCAN (flows|budget_lines|citations)\b`)

// fullScans returns the plan lines that read a big table from end to end.
func fullScans(p []string) []string {
	var out []string
	for _, l := range p {
		if bigTables.MatchString(l) {
			out = append(out, l)
		}
	}
	return out
}

func sorts(p []string) []string {
	var out []string
	for _, l := range p {
		if strings.Contains(l, "USE TEMP B-TREE FOR") && strings.Contains(l, "ORDER BY") {
			out = append(out, l)
		}
	}
	return out
}

// TestQuestionPlans runs every docs/questions.md query and asks SQLite how
// it plans each statement the store ran for it: none reads a whole flows,
// budget lines or citations table, and none that an index can order sorts
// its rows.
func TestQuestionPlans(t *testing.T) {
	st, rec := bundled(t)
	r := &graph.Resolver{Ledger: ledger.New(st, zerolog.Nop(), time.Now), Logger: zerolog.Nop()}
	c := client.New(graph.NewHandler(r, graph.DefaultOptions()))
	for _, ex := range examples.All() {
		t.Run(ex.Name, func(t *testing.T) {
			rec.runs = nil
			var resp map[string]any
			if err := c.Post(ex.Query, &resp); err != nil {
				t.Fatal(err)
			}
			if len(rec.runs) == 0 && !strings.Contains(ex.Name, "trace") {
				t.Fatal("no statement recorded")
			}
			for _, run := range rec.runs {
				p := plan(t, st.db, run.query, run.args)
				if s := fullScans(p); len(s) > 0 {
					t.Errorf("full scan %q in the plan of\n%s\nplan: %q", s, run.query, p)
				}
				if s := sorts(p); len(s) > 0 && indexOrdered(run.query) {
					t.Errorf("sort %q in the plan of\n%s\nplan: %q", s, run.query, p)
				}
			}
		})
	}
}

// indexOrdered reports whether an index must serve a list statement's
// order: its filters each match one value, with "=", and it orders by the
// id (a flow's default) or by year and programme (a budget line's), which
// the filters' indexes end with. A statement that matches a list of
// values, or a node on either end of a flow, may sort what it matched,
// though never the table.
func indexOrdered(query string) bool {
	return !strings.Contains(query, "json_each(:") && !strings.Contains(query, " OR ") &&
		(strings.Contains(query, "\nORDER BY id ASC\n") || strings.Contains(query, "\nORDER BY year ASC, programme_id ASC, id ASC\n"))
}

// TestOrderingPlans checks every single-key ordering of every big list,
// both ways and from a cursor: an index serves the ORDER BY and the
// cursor's keyset condition, so no page sorts the table.
func TestOrderingPlans(t *testing.T) {
	st, _ := bundled(t)
	lists := []struct {
		table  listTable
		conds  func() *conds
		fields int
	}{
		{flowTable, func() *conds { return flowConds(flow.FlowFilter{}) }, len(flow.FlowFields)},
		{budgetTable, newConds, len(flow.BudgetLineFields)},
		{nodeTable, func() *conds { c := newConds(); c.add(nodeLabel, "label", "Programme"); return c }, len(flow.NodeFields)},
	}
	for _, l := range lists {
		for field := 0; field < l.fields; field++ {
			for _, desc := range []bool{false, true} {
				for _, cursor := range []bool{false, true} {
					for _, backward := range []bool{false, true} {
						w := flow.Window{Limit: 10, Backward: backward,
							Order: flow.Ordering{Tag: "t", Keys: []flow.SortKey{{Index: field, Desc: desc}}}}
						if cursor {
							w.Keys = make([]string, 7)
						}
						name := fmt.Sprintf("%s/%d/desc=%v/cursor=%v/backward=%v", l.table.name, field, desc, cursor, backward)
						stmt, err := pageStatement(l.table, l.conds(), w)
						if err != nil {
							t.Fatal(err)
						}
						p := plan(t, st.db, stmt.query, stmt.args())
						if s := sorts(p); len(s) > 0 {
							t.Errorf("%s: sort %q in the plan of\n%s\nplan: %q", name, s, stmt.query, p)
						}
						for _, line := range p {
							if strings.HasPrefix(line, "SCAN ") && !strings.Contains(line, "INDEX") {
								t.Errorf("%s: full scan %q in the plan of\n%s", name, line, stmt.query)
							}
						}
					}
				}
			}
		}
	}
}

// TestTotalsPlans asks SQLite how it plans the totals of one programme's
// flows, grouped by each dimension: the sums and the groups' flows seek the
// flows by the indexes on their ends, the linked flows by id from the
// figures links name; none reads the whole table.
func TestTotalsPlans(t *testing.T) {
	st, rec := bundled(t)
	ctx := context.Background()
	f := flow.FlowFilter{ProgrammeIDs: []string{"cyber-security"}, Measures: flow.MoneyMeasures}
	for _, d := range flow.TotalsDimensions {
		q := flow.TotalsQuery{Filter: f, GroupBy: []flow.TotalsDimension{d}}
		rec.runs = nil
		sums, err := st.SumFlows(ctx, q, flow.MaxLinkedClaims)
		if err != nil {
			t.Fatal(err)
		}
		if len(sums.Groups) == 0 {
			t.Fatalf("%s: no groups", d)
		}
		var groups []flow.GroupKey
		for _, g := range sums.Groups {
			groups = append(groups, flow.GroupKey{Key: g.Key, Measure: g.Measure})
		}
		if _, err := st.GroupFlows(ctx, q, groups[:1], 10); err != nil {
			t.Fatal(err)
		}
		if _, err := st.GroupFlows(ctx, q, append(groups, flow.GroupKey{Key: []string{"none"}, Measure: flow.MeasureActual}), 10); err != nil {
			t.Fatal(err)
		}
		if len(rec.runs) < 4 {
			t.Fatalf("%s: %d statements recorded, want the sums, the linked flows, one group's flows and every group's", d, len(rec.runs))
		}
		for _, run := range rec.runs {
			if !strings.Contains(run.query, "FROM flows") {
				continue // citations, by owner
			}
			p := plan(t, st.db, run.query, run.args)
			if s := fullScans(p); len(s) > 0 {
				t.Errorf("%s: full scan %q in the plan of\n%s\nplan: %q", d, s, run.query, p)
			}
			if strings.Contains(run.query, totalsLinked) {
				// Driven by the few figures links name, each sought by id.
				if !usesIndex(p, "sqlite_autoindex_flows_1") {
					t.Errorf("%s: the plan of\n%s\nseeks no linked flow by its id: %q", d, run.query, p)
				}
				continue
			}
			// By (from_id, kind, id) or (from_id, id): both seek the end.
			from := usesIndex(p, "flows_by_from") || usesIndex(p, "flows_by_from_id")
			to := usesIndex(p, "flows_by_to") || usesIndex(p, "flows_by_to_id")
			if !from || !to {
				t.Errorf("%s: the plan of\n%s\nseeks no flow by its ends: %q", d, run.query, p)
			}
		}
	}
}

// usesIndex reports whether a plan searches with the index.
func usesIndex(p []string, index string) bool {
	for _, l := range p {
		if strings.HasPrefix(l, "SEARCH") && strings.Contains(l, "INDEX "+index+" ") {
			return true
		}
	}
	return false
}

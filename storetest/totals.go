package storetest

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/gen"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
)

// The totals' contract: the store sums the flows no link names and the
// service the few that links name, and together they give exactly what
// flow.Totals gives over every matching row, which is how totals were
// computed before (rowByRow).

// totalsGroupings are the groupings the equality is checked for: every
// dimension alone and a few pairs, entity pairs among them (a flow between
// a programme and a fund counts under both keys of the cross product).
var totalsGroupings = [][]flow.TotalsDimension{
	{flow.ByYear}, {flow.ByProgramme}, {flow.ByFund}, {flow.ByOrganisation}, {flow.ByKind}, {flow.ByStatus},
	{flow.ByYear, flow.ByProgramme}, {flow.ByProgramme, flow.ByFund}, {flow.ByOrganisation, flow.ByKind},
	{flow.ByStatus, flow.ByYear},
}

// testTotalsEqualRowByRowOnBundledData: on the bundled data, whose links
// join claims and bound parts by their wholes, the totals are flow.Totals
// over every row, for every grouping and a few filters.
func testTotalsEqualRowByRowOnBundledData(t *testing.T, open Opener) {
	st, svc := loaded(t, open)
	filters := []flow.FlowFilter{
		{},
		{Measures: flow.Measures},
		{ProgrammeIDs: []string{"cyber-security"}},
		{Year: "2017-18", Kinds: []flow.FlowKind{flow.Diversion, flow.BudgetSpend}},
		{AsOf: "2018-01-01"},
	}
	for _, f := range filters {
		for _, g := range totalsGroupings {
			sameTotals(t, st, svc, g, f)
		}
	}
}

// testTotalsEqualRowByRowOnGeneratedData: on a synthetic dataset of 2,000
// flows (internal/gen: many organisations, budget lines, SAME links
// between allocations and their lines' plans), the same equality.
func testTotalsEqualRowByRowOnGeneratedData(t *testing.T, open Opener) {
	st, svc := generated(t, open, 2000)
	filters := []flow.FlowFilter{{}, {Year: "2017-18"}, {ProgrammeIDs: []string{"cyber-security"}}, {Measures: flow.Measures}}
	for _, f := range filters {
		for _, g := range totalsGroupings {
			sameTotals(t, st, svc, g, f)
		}
	}
}

// generated returns a new store holding a synthetic dataset of n flows
// (internal/gen), and the service over it.
func generated(tb testing.TB, open Opener, n int) (flow.Store, *ledger.Service) {
	tb.Helper()
	st := fresh(tb, open)
	svc := service(st)
	dir := tb.TempDir()
	if _, err := gen.Write(dir, gen.Options{Flows: n, Seed: 1, PerSource: gen.DefaultPerSource}); err != nil {
		tb.Fatal(err)
	}
	ds, err := loader.ParseFile(filepath.Join(dir, gen.File))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := svc.Load(context.Background(), ds); err != nil {
		tb.Fatal(err)
	}
	return st, svc
}

// testTotalsMovementsInOrderAndBounded: a total's movements are listed by
// their first claim's id, linked and unlinked claims alike (allocations,
// some joined to their budget lines' plans, others alone), exactly as
// flow.Totals gives them, and first cuts them.
func testTotalsMovementsInOrderAndBounded(t *testing.T, open Opener) {
	st, svc := generated(t, open, 300)
	ctx := context.Background()
	groupBy := []flow.TotalsDimension{flow.ByYear}
	f := flow.FlowFilter{}
	got, _, err := svc.Totals(ctx, groupBy, f)
	if err != nil {
		t.Fatal(err)
	}
	want := rowByRow(t, st, svc, groupBy, f)
	if len(got) != len(want) {
		t.Fatalf("%d totals, want %d", len(got), len(want))
	}
	mixed := false
	for i := range got {
		all, err := svc.TotalMovements(ctx, &got[i], flow.MaxMovements)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := movementLines(all), movementLines(want[i].Movements); !reflect.DeepEqual(g, w) {
			t.Errorf("%v %s movements:\n got %q\nwant %q", got[i].Key, got[i].Measure, g, w)
		}
		if len(got[i].Movements) > 0 && len(got[i].Movements) < got[i].MovementCount {
			mixed = true
		}
		if len(all) < 2 {
			continue
		}
		half := len(all) / 2
		some, err := svc.TotalMovements(ctx, &got[i], half)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := movementLines(some), movementLines(all[:half]); !reflect.DeepEqual(g, w) {
			t.Errorf("%v %s: first %d gave\n %q\nwant %q", got[i].Key, got[i].Measure, half, g, w)
		}
	}
	if !mixed {
		t.Error("no total holds both linked and unlinked claims: the merge of the two is not tested")
	}
	_, err = svc.TotalMovements(ctx, &got[0], 0)
	WantCode(t, err, flow.EINVALID)
	_, err = svc.TotalMovements(ctx, &got[0], flow.MaxMovements+1)
	WantCode(t, err, flow.ETOOLARGE)
	// Read ahead for every total at once, in one store call, the first
	// three of each are the same.
	ahead := make([]*flow.Total, len(got))
	for i := range got {
		ahead[i] = &got[i]
	}
	if err := svc.ListMovements(ctx, ahead, 3); err != nil {
		t.Fatal(err)
	}
	for i, tt := range ahead {
		w := want[i].Movements[:min(3, len(want[i].Movements))]
		if g, w := movementLines(tt.Listed), movementLines(w); !reflect.DeepEqual(g, w) {
			t.Errorf("%v %s: read ahead\n %q\nwant %q", tt.Key, tt.Measure, g, w)
		}
	}
}

// testTotalsEntityCountsEachEnd: grouped by programme, a diversion from
// one programme to another counts under both: provider digitisation's
// diversion to cyber security in 2017-18, somewhere between £40.5m and
// £63.7m (no point: bounded by the rise it paid for).
func testTotalsEntityCountsEachEnd(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	out := totals(t, svc, []flow.TotalsDimension{flow.ByProgramme}, flow.FlowFilter{Year: "2017-18",
		Kinds: []flow.FlowKind{flow.Diversion}, FromIDs: []string{"provider-digitisation"}})
	var got []string
	for _, tt := range out {
		got = append(got, totalLine(tt))
	}
	want := []string{"[cyber-security] MOVED 1 claims 1 movements an amount (RANGE; £40.5m–£63.7m)",
		"[provider-digitisation] MOVED 1 claims 1 movements an amount (RANGE; £40.5m–£63.7m)"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diversions from provider digitisation by programme:\n got %q\nwant %q", got, want)
	}
}

// sameTotals fails unless the service's totals are rowByRow's.
func sameTotals(tb testing.TB, st flow.Store, svc *ledger.Service, groupBy []flow.TotalsDimension, f flow.FlowFilter) {
	tb.Helper()
	got, _, err := svc.Totals(context.Background(), groupBy, f)
	if err != nil {
		tb.Fatalf("totals by %v of %+v: %v", groupBy, f, err)
	}
	want := rowByRow(tb, st, svc, groupBy, f)
	g, w := make([]string, len(got)), make([]string, len(want))
	for i := range got {
		g[i] = totalFigures(got[i])
	}
	for i := range want {
		w[i] = totalFigures(want[i])
	}
	if !reflect.DeepEqual(g, w) {
		tb.Errorf("totals by %v of %+v: %d totals, want %d\n got %s\nwant %s", groupBy, f, len(g), len(w),
			strings.Join(g, "\n     "), strings.Join(w, "\n     "))
	}
}

// rowByRow is totals as the service computed them before the store summed
// them: every matching flow read, page by page, and summed by flow.Totals
// with their ends, their links and the figures of the links' wholes.
func rowByRow(tb testing.TB, st flow.Store, svc *ledger.Service, groupBy []flow.TotalsDimension, f flow.FlowFilter) []flow.Total {
	tb.Helper()
	ctx := context.Background()
	if len(f.Measures) == 0 {
		f.Measures = flow.MoneyMeasures // what the filters tested ask for
	}
	var flows []*flow.Flow
	first := flow.MaxPageSize
	p := flow.PageArgs{First: &first, NoCount: true}
	for {
		page, err := svc.Flows(ctx, flow.FlowQuery{Filter: f, Page: p})
		if err != nil {
			tb.Fatal(err)
		}
		flows = append(flows, page.Items...)
		if !page.HasNextPage {
			break
		}
		p.After = page.Cursors[len(page.Cursors)-1]
	}
	var ends, figures []string
	for _, fl := range flows {
		ends, figures = append(ends, fl.FromID, fl.ToID), append(figures, fl.ID)
	}
	nodes, err := st.Nodes(ctx, ends)
	if err != nil {
		tb.Fatal(err)
	}
	links, err := st.Links(ctx, figures)
	if err != nil {
		tb.Fatal(err)
	}
	out, err := flow.Totals(flows, nodes, links, wholesOf(tb, st, links, figures), groupBy)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// wholesOf reads the figure of every PART_OF link's whole that is not one
// of the figures summed.
func wholesOf(tb testing.TB, st flow.Store, links []*flow.Link, summed []string) map[string]flow.Money {
	tb.Helper()
	ctx := context.Background()
	out := map[string]flow.Money{}
	for _, l := range links {
		if l.Kind != flow.PartOf || slices.Contains(summed, l.Whole) {
			continue
		}
		id, suffix := flow.SplitFigure(l.Whole)
		lines, err := st.BudgetLines(ctx, flow.BudgetLineFilter{IDs: []string{id}}, flow.Window{Limit: 1, NoCount: true})
		if err != nil {
			tb.Fatal(err)
		}
		for _, b := range lines.Items {
			if m := b.Figure(suffix); m != nil {
				out[l.Whole] = *m
			}
		}
		flows, err := st.Flows(ctx, flow.FlowFilter{IDs: []string{id}}, flow.Window{Limit: 1, NoCount: true})
		if err != nil {
			tb.Fatal(err)
		}
		for _, fl := range flows.Items {
			out[fl.ID] = fl.Amount
		}
	}
	return out
}

// totalFigures renders everything a total says but its movements: key,
// measure, counts, every figure and bound of its amount, kinds, statuses,
// conflict and links.
func totalFigures(t flow.Total) string {
	var links []string
	for _, l := range t.Links {
		links = append(links, l.ID)
	}
	return fmt.Sprintf("%q %s count=%d movements=%d amount=%s kinds=%v statuses=%v conflicting=%v links=%v",
		t.Key, t.Measure, t.Count, t.MovementCount, moneyFigures(t.Amount), t.Kinds, t.Statuses, t.Conflicting, links)
}

// moneyFigures renders every field of an amount.
func moneyFigures(m flow.Money) string {
	p := func(v *flow.Pence) string {
		if v == nil {
			return "nil"
		}
		return fmt.Sprint(int64(*v))
	}
	return fmt.Sprintf("%s %s [%s, %s] %s %q", p(m.Amount), m.Qualifier, p(m.Low), p(m.High), m.Currency, m.Phrase)
}

// movementLines renders movements: their claims and amount.
func movementLines(ms []flow.Movement) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		var claims []string
		for _, c := range m.Claims {
			claims = append(claims, c.ID)
		}
		out[i] = fmt.Sprintf("%v %s conflicting=%v", claims, moneyFigures(m.Amount), m.Conflicting)
	}
	return out
}

package storetest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// Child lists: one window per parent of a batch, as a request's nested
// lists ask (every fund of a page and its outflows).

// hubProgrammes is how many programmes the hub dataset's fund allocates to.
const hubProgrammes = 40

// hubProgramme is the id of the hub dataset's i-th programme (from 1).
func hubProgramme(i int) string { return fmt.Sprintf("hub-%02d", i) }

// hub is a dataset of uneven parents: a fund allocating £i m to each of 40
// programmes, and programme i (for i up to 3) diverting £1m to each of the
// i programmes after it. So the fund has 40 outflows, hub-01 to hub-03 have
// one to three, and the rest none; hub-04 receives from the fund, hub-02
// and hub-03.
func hub(tb testing.TB) *ledger.Dataset {
	tb.Helper()
	const quote = "The fund allocated money to every programme."
	ds := &flow.Dataset{ID: "other", Title: "A fund with many programmes, a few of which divert",
		Funds: []*flow.Fund{{ID: "hub-fund", Name: "Hub fund"}},
		Sources: []*flow.Source{{ID: "hub-report", Title: "Hub fund annual report", Publisher: "Hub fund",
			Published: "2018-01-24", File: "hub-report.txt"}},
		SourceTexts: map[string]string{"hub-report": "Annual report. " + quote + " The end."},
	}
	add := func(kind flow.FlowKind, from, to, amount string) {
		m := flow.Money{Amount: ptr(gbp(tb, amount)), Low: ptr(gbp(tb, amount)), High: ptr(gbp(tb, amount)), Currency: "GBP", Qualifier: flow.Exact}
		ds.Flows = append(ds.Flows, &flow.Flow{ID: from + "-to-" + to, Kind: kind, FromID: from, ToID: to, Year: "2017-18",
			Amount: m, Status: flow.Reported, Citations: []flow.Citation{{SourceID: "hub-report", Quote: quote}}})
	}
	for i := 1; i <= hubProgrammes; i++ {
		ds.Programmes = append(ds.Programmes, &flow.Programme{ID: hubProgramme(i), Name: "Hub programme " + strconv.Itoa(i), FundID: "hub-fund"})
		add(flow.Allocation, "hub-fund", hubProgramme(i), "£"+strconv.Itoa(i)+"m")
	}
	for i := 1; i <= 3; i++ {
		for j := i + 1; j <= 2*i; j++ {
			add(flow.Diversion, hubProgramme(i), hubProgramme(j), "£1m")
		}
	}
	return Checked(tb, ds)
}

// hubbed returns the service over a new store holding the hub dataset.
func hubbed(tb testing.TB, open Opener) *ledger.Service {
	tb.Helper()
	svc := service(fresh(tb, open))
	if _, err := svc.Load(context.Background(), hub(tb)); err != nil {
		tb.Fatalf("load hub dataset: %v", err)
	}
	return svc
}

// hubParents is the fund and every programme of the hub dataset.
func hubParents() []string {
	out := []string{"hub-fund"}
	for i := 1; i <= hubProgrammes; i++ {
		out = append(out, hubProgramme(i))
	}
	return out
}

// outflows asks for one page of each parent's outflows.
func outflows(tb testing.TB, svc *ledger.Service, parents []string, order []flow.FlowOrder, p flow.PageArgs) map[string]*flow.Page[*flow.Flow] {
	tb.Helper()
	pages, err := svc.ChildFlows(context.Background(), flow.FromEnd,
		flow.FlowQuery{Scope: flow.Scope{FromIDs: parents, Parents: true}, Order: order, Page: p})
	if err != nil {
		tb.Fatal(err)
	}
	return pages
}

// samePage fails the test unless a child list's page for parent is the
// flat list's page: the same rows in the same order, the same cursors,
// flags and count.
func samePage[T any](tb testing.TB, what, parent string, got, want *flow.Page[T], id func(T) string) {
	tb.Helper()
	if got == nil {
		tb.Fatalf("%s of %s: no page", what, parent)
	}
	gotIDs, wantIDs := idsOf(got.Items, id), idsOf(want.Items, id)
	if !slices.Equal(gotIDs, wantIDs) {
		tb.Errorf("%s of %s: got %v, want %v", what, parent, gotIDs, wantIDs)
	}
	if !slices.Equal(got.Cursors, want.Cursors) {
		tb.Errorf("%s of %s: cursors differ from the flat list's", what, parent)
	}
	if got.HasNextPage != want.HasNextPage || got.HasPreviousPage != want.HasPreviousPage || got.TotalCount != want.TotalCount {
		tb.Errorf("%s of %s: next %v previous %v total %d, want %v %v %d", what, parent,
			got.HasNextPage, got.HasPreviousPage, got.TotalCount, want.HasNextPage, want.HasPreviousPage, want.TotalCount)
	}
}

func idsOf[T any](xs []T, id func(T) string) []string {
	out := []string{}
	for _, x := range xs {
		out = append(out, id(x))
	}
	return out
}

func flowID(f *flow.Flow) string { return f.ID }

// testChildrenPagesEachParentWithACursor: paging the fund's 40 outflows
// seven at a time, with the cursor of each page's last row, in a batch
// with programmes that have few or none, visits each of the fund's flows
// once, in order, and ends with the page that has no next.
func testChildrenPagesEachParentWithACursor(t *testing.T, open Opener) {
	svc := hubbed(t, open)
	parents := []string{"hub-01", "hub-fund", "hub-40"}
	order := []flow.FlowOrder{{Field: flow.FlowByAmount, Desc: true}}
	var got []string
	p := flow.PageArgs{First: new(7)}
	for pages := 1; ; pages++ {
		page := outflows(t, svc, parents, order, p)["hub-fund"]
		got = append(got, idsOf(page.Items, flowID)...)
		if page.HasPreviousPage != (pages > 1) {
			t.Errorf("page %d: hasPreviousPage %v", pages, page.HasPreviousPage)
		}
		if !page.HasNextPage {
			if pages != 6 {
				t.Errorf("got %d pages of seven, want 6", pages)
			}
			break
		}
		if pages > hubProgrammes {
			t.Fatal("the pages never end")
		}
		p.After = page.Cursors[len(page.Cursors)-1]
	}
	var want []string
	for i := hubProgrammes; i >= 1; i-- {
		want = append(want, "hub-fund-to-"+hubProgramme(i))
	}
	if !slices.Equal(got, want) {
		t.Errorf("the fund's outflows, biggest first, seven at a time:\n got %v\nwant %v", got, want)
	}
}

// testChildrenHasNextPagePerParent: with three rows a page, each parent's
// page says whether that parent has more, and counts that parent's rows.
func testChildrenHasNextPagePerParent(t *testing.T, open Opener) {
	svc := hubbed(t, open)
	pages := outflows(t, svc, []string{"hub-fund", "hub-01", "hub-02", "hub-03"}, nil, flow.PageArgs{First: new(2)})
	for _, tc := range []struct {
		parent string
		want   []string
		more   bool
		total  int
	}{
		{"hub-fund", []string{"hub-fund-to-hub-01", "hub-fund-to-hub-02"}, true, hubProgrammes},
		{"hub-01", []string{"hub-01-to-hub-02"}, false, 1},
		{"hub-02", []string{"hub-02-to-hub-03", "hub-02-to-hub-04"}, false, 2},
		{"hub-03", []string{"hub-03-to-hub-04", "hub-03-to-hub-05"}, true, 3},
	} {
		p := pages[tc.parent]
		if p == nil {
			t.Fatalf("%s: no page", tc.parent)
		}
		if got := idsOf(p.Items, flowID); !slices.Equal(got, tc.want) || p.HasNextPage != tc.more || p.HasPreviousPage || p.TotalCount != tc.total {
			t.Errorf("%s: got %v next %v previous %v total %d, want %v next %v total %d", tc.parent, got, p.HasNextPage,
				p.HasPreviousPage, p.TotalCount, tc.want, tc.more, tc.total)
		}
	}
}

// testChildrenParentsWithNoChildren: a parent with no rows, or none the
// filter keeps, has an empty page, not an absent one or an error.
func testChildrenParentsWithNoChildren(t *testing.T, open Opener) {
	svc := hubbed(t, open)
	pages := outflows(t, svc, []string{"hub-04", "hub-40", "hub-fund"}, nil, flow.PageArgs{})
	for _, parent := range []string{"hub-04", "hub-40"} {
		if p := pages[parent]; p == nil || len(p.Items) != 0 || p.HasNextPage || p.HasPreviousPage || p.TotalCount != 0 {
			t.Errorf("%s: got %+v, want an empty page", parent, p)
		}
	}
	if p := pages["hub-fund"]; p == nil || len(p.Items) != hubProgrammes || p.HasNextPage {
		t.Errorf("hub-fund: got %+v, want its %d allocations", p, hubProgrammes)
	}
	// Diversions only: the fund allocates, so it has none.
	diverted, err := svc.ChildFlows(context.Background(), flow.FromEnd, flow.FlowQuery{Filter: flow.FlowFilter{Kinds: []flow.FlowKind{flow.Diversion}},
		Scope: flow.Scope{FromIDs: []string{"hub-fund", "hub-03"}, Parents: true}})
	if err != nil {
		t.Fatal(err)
	}
	if p := diverted["hub-fund"]; p == nil || len(p.Items) != 0 || p.TotalCount != 0 {
		t.Errorf("the fund's diversions: got %+v, want an empty page", p)
	}
	if p := diverted["hub-03"]; p == nil || p.TotalCount != 3 {
		t.Errorf("hub-03's diversions: got %+v, want 3", p)
	}
}

// testChildrenManyParentsEachPagedLikeItsFlatList: in one batch of the
// fund (40 outflows) and its 40 programmes (three, two, one or none), each
// parent's page, forward and backward, by id and by amount, is exactly
// the page the flat list of that parent's flows gives, and so are the
// inflows of each.
func testChildrenManyParentsEachPagedLikeItsFlatList(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := hubbed(t, open)
	parents := hubParents()
	for _, by := range []flow.End{flow.FromEnd, flow.ToEnd} {
		for _, order := range [][]flow.FlowOrder{nil, {{Field: flow.FlowByAmount, Desc: true}}} {
			for _, p := range []flow.PageArgs{{First: new(3)}, {Last: new(2)}, {First: new(flow.MaxPageSize)}} {
				scope, end := flow.Scope{FromIDs: parents, Parents: true}, "outflows"
				if by == flow.ToEnd {
					scope, end = flow.Scope{ToIDs: parents, Parents: true}, "inflows"
				}
				pages, err := svc.ChildFlows(ctx, by, flow.FlowQuery{Scope: scope, Order: order, Page: p})
				if err != nil {
					t.Fatal(err)
				}
				what := fmt.Sprintf("%s by %v, first %v last %v", end, order, deref(p.First), deref(p.Last))
				for _, parent := range parents {
					f := flow.FlowFilter{FromIDs: []string{parent}}
					if by == flow.ToEnd {
						f = flow.FlowFilter{ToIDs: []string{parent}}
					}
					flat, err := svc.Flows(ctx, flow.FlowQuery{Filter: f, Order: order, Page: p})
					if err != nil {
						t.Fatal(err)
					}
					samePage(t, what, parent, pages[parent], flat, flowID)
				}
			}
		}
	}
}

func deref(n *int) any {
	if n == nil {
		return nil
	}
	return *n
}

// testChildrenBudgetLinesFactsPeopleAndStatements: on the bundled data,
// each programme's budget lines, each node's facts, each organisation's
// people and each person's statements, paged two at a time in one batch,
// are the pages of their flat lists.
func testChildrenBudgetLinesFactsPeopleAndStatements(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	two := flow.PageArgs{First: new(2)}
	all := flow.PageArgs{First: new(flow.MaxPageSize)}
	programmes, err := svc.Programmes(ctx, flow.NodeQuery{Page: all})
	if err != nil {
		t.Fatal(err)
	}
	orgs, err := svc.Organisations(ctx, flow.NodeQuery{Page: all})
	if err != nil {
		t.Fatal(err)
	}
	people, err := svc.People(ctx, flow.PersonQuery{Page: all})
	if err != nil {
		t.Fatal(err)
	}
	progIDs, orgIDs := ids(programmes.Items), ids(orgs.Items)
	personIDs := idsOf(people.Items, func(p *flow.Person) string { return p.ID })
	subjects := append(append(slices.Clone(progIDs), orgIDs...), personIDs...)

	lines, err := svc.ChildBudgetLines(ctx, flow.BudgetLineQuery{Scope: flow.Scope{ProgrammeIDs: progIDs, Parents: true}, Page: two})
	if err != nil {
		t.Fatal(err)
	}
	some := 0
	for _, p := range progIDs {
		flat, err := svc.BudgetLines(ctx, flow.BudgetLineQuery{Filter: flow.BudgetLineFilter{ProgrammeIDs: []string{p}}, Page: two})
		if err != nil {
			t.Fatal(err)
		}
		some += flat.TotalCount
		samePage(t, "budget lines", p, lines[p], flat, func(b *flow.BudgetLine) string { return b.ID })
	}
	facts, err := svc.ChildFacts(ctx, flow.FactQuery{Filter: flow.FactFilter{SubjectIDs: subjects}, Page: two})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range subjects {
		flat, err := svc.Facts(ctx, flow.FactQuery{Filter: flow.FactFilter{SubjectIDs: []string{s}}, Page: two})
		if err != nil {
			t.Fatal(err)
		}
		some += flat.TotalCount
		samePage(t, "facts", s, facts[s], flat, func(f *flow.Fact) string { return f.ID })
	}
	staff, err := svc.ChildPeople(ctx, flow.PersonQuery{Filter: flow.PersonFilter{OrganisationIDs: orgIDs}, Page: two})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgIDs {
		flat, err := svc.People(ctx, flow.PersonQuery{Filter: flow.PersonFilter{OrganisationIDs: []string{o}}, Page: two})
		if err != nil {
			t.Fatal(err)
		}
		some += flat.TotalCount
		samePage(t, "people", o, staff[o], flat, func(p *flow.Person) string { return p.ID })
	}
	said, err := svc.ChildStatements(ctx, flow.StatementQuery{Filter: flow.StatementFilter{PersonIDs: personIDs}, Page: two})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range personIDs {
		flat, err := svc.Statements(ctx, flow.StatementQuery{Filter: flow.StatementFilter{PersonIDs: []string{p}}, Page: two})
		if err != nil {
			t.Fatal(err)
		}
		some += flat.TotalCount
		samePage(t, "statements", p, said[p], flat, func(s *flow.Statement) string { return s.ID })
	}
	if some == 0 {
		t.Fatal("the bundled data has no budget lines, facts, people or statements to page")
	}
	// The cyber security programme's lines by year, two and then one.
	cyber := lines["cyber-security"]
	if got := lineIDs(cyber.Items); !reflect.DeepEqual(got, []string{"cyber-security-2016-17", "cyber-security-2017-18"}) || !cyber.HasNextPage || cyber.TotalCount != 3 {
		t.Errorf("cyber security's first two lines: got %v next %v total %d", got, cyber.HasNextPage, cyber.TotalCount)
	}
}

// testChildrenUncountedPagesAlike: a window nobody counts pages each
// parent exactly as a counted one does.
func testChildrenUncountedPagesAlike(t *testing.T, open Opener) {
	svc := hubbed(t, open)
	parents := hubParents()
	counted := outflows(t, svc, parents, nil, flow.PageArgs{First: new(2)})
	uncounted := outflows(t, svc, parents, nil, flow.PageArgs{First: new(2), NoCount: true})
	for _, p := range parents {
		c, u := counted[p], uncounted[p]
		if u == nil || !slices.Equal(idsOf(c.Items, flowID), idsOf(u.Items, flowID)) || c.HasNextPage != u.HasNextPage {
			t.Errorf("%s: uncounted page %+v differs from counted %+v", p, u, c)
		}
	}
}

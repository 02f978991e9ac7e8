package graph_test

import (
	"context"
	"io"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
)

// windowStore records, for each list method, whether each call asked to
// be counted.
type windowStore struct {
	flow.Store
	mu      sync.Mutex
	counted map[string][]bool
}

func (s *windowStore) keep(method string, w flow.Window) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counted[method] = append(s.counted[method], !w.NoCount)
}

func (s *windowStore) Flows(ctx context.Context, f flow.FlowFilter, w flow.Window) (*flow.Page[*flow.Flow], error) {
	s.keep("Flows", w)
	return s.Store.Flows(ctx, f, w)
}

func (s *windowStore) BudgetLines(ctx context.Context, f flow.BudgetLineFilter, w flow.Window) (*flow.Page[*flow.BudgetLine], error) {
	s.keep("BudgetLines", w)
	return s.Store.BudgetLines(ctx, f, w)
}

func (s *windowStore) Search(ctx context.Context, q flow.SearchTerms, w flow.Window) (*flow.Page[flow.SearchHit], error) {
	s.keep("Search", w)
	return s.Store.Search(ctx, q, w)
}

// TestTotalCountOnlyWhenAsked checks that a list is counted when, and only
// when, the query selects its totalCount: directly, through a named
// fragment or an inline one; and that the count is then the real one.
func TestTotalCountOnlyWhenAsked(t *testing.T) {
	st := &windowStore{Store: openStore(t), counted: map[string][]bool{}}
	c := client.New(newHandler(st, zerolog.New(io.Discard)))
	cases := []struct {
		name, method, query string
		counted             bool
	}{
		{"flows without", "Flows", `{ flows(first: 1) { nodes { id } } }`, false},
		{"flows with", "Flows", `{ flows(first: 1) { totalCount nodes { id } } }`, true},
		{"fragment", "Flows", `query { flows(first: 1) { ...F } } fragment F on FlowConnection { totalCount }`, true},
		{"fragment without", "Flows", `query { flows(first: 1) { ...F } } fragment F on FlowConnection { nodes { id } }`, false},
		{"inline", "Flows", `{ flows(first: 1) { ... on FlowConnection { totalCount } } }`, true},
		{"budget lines without", "BudgetLines", `{ budgetLines(first: 1) { pageInfo { hasNextPage } } }`, false},
		{"budget lines with", "BudgetLines", `{ budgetLines(first: 1) { totalCount } }`, true},
		{"search without", "Search", `{ search(text: "cyber") { nodes { __typename } } }`, false},
		{"search with", "Search", `{ search(text: "cyber") { totalCount } }`, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st.counted = map[string][]bool{}
			var resp map[string]any
			c.MustPost(tc.query, &resp)
			if got := st.counted[tc.method]; len(got) != 1 || got[0] != tc.counted {
				t.Fatalf("%s counted %v, want one call counted=%v", tc.method, got, tc.counted)
			}
		})
	}

	// The count, when asked, is every matching flow, not the page.
	var resp struct {
		Flows struct{ TotalCount int }
		All   struct{ Nodes []struct{ ID string } }
	}
	c.MustPost(`{ flows(first: 1) { totalCount } all: flows(first: 500) { nodes { id } } }`, &resp)
	if resp.Flows.TotalCount < 2 || resp.Flows.TotalCount != len(resp.All.Nodes) {
		t.Fatalf("totalCount %d, %d flows listed", resp.Flows.TotalCount, len(resp.All.Nodes))
	}
}

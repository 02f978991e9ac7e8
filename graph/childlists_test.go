package graph_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/fundflow/fundflow/flow"
)

// childStore records each child flow list call's window.
type childStore struct {
	flow.Store
	mu    sync.Mutex
	calls []flow.Window
}

func (s *childStore) ChildFlows(ctx context.Context, by flow.End, f flow.FlowFilter, w flow.Window) (map[string]*flow.Page[*flow.Flow], error) {
	s.mu.Lock()
	s.calls = append(s.calls, w)
	s.mu.Unlock()
	return s.Store.ChildFlows(ctx, by, f, w)
}

// TestNestedListsPagedPerParent checks that every programme's outflows are
// answered by one store call that pages each programme, counted only when the
// query selects totalCount, and that each programme's page, flags and count
// are those of the programme's own flat list of flows.
func TestNestedListsPagedPerParent(t *testing.T) {
	st := &childStore{Store: openStore(t)}
	c := client.New(batchedHandler(st))
	type page struct {
		TotalCount int
		Nodes      []struct{ ID string }
		PageInfo   struct{ HasNextPage bool }
	}
	for _, counted := range []bool{false, true} {
		st.calls = nil
		count := ""
		if counted {
			count = "totalCount"
		}
		var resp struct {
			Programmes struct {
				Nodes []struct {
					ID       string
					Outflows page
				}
			}
		}
		c.MustPost(`{ programmes(first: 500) { nodes { id outflows(first: 1) { `+count+` nodes { id } pageInfo { hasNextPage } } } } }`, &resp)
		if len(st.calls) != 1 || st.calls[0].NoCount == counted || st.calls[0].Limit != 1 {
			t.Fatalf("totalCount selected %v: child flow calls %+v, want one of one row, counted %v", counted, st.calls, counted)
		}
		if len(resp.Programmes.Nodes) < 2 {
			t.Fatalf("got %d programmes, want the bundled data's", len(resp.Programmes.Nodes))
		}
		more := false
		for _, prog := range resp.Programmes.Nodes {
			var flat struct{ Flows page }
			c.MustPost(fmt.Sprintf(`{ flows(first: 1, where: {from: [%q]}) { totalCount nodes { id } pageInfo { hasNextPage } } }`, prog.ID), &flat)
			want := flat.Flows
			if !counted {
				want.TotalCount = 0
			}
			if fmt.Sprint(prog.Outflows) != fmt.Sprint(want) {
				t.Errorf("%s's outflows: got %+v, want %+v", prog.ID, prog.Outflows, want)
			}
			more = more || want.PageInfo.HasNextPage
		}
		if !more {
			t.Error("no programme has a second outflow: the test pages nothing")
		}
	}
}

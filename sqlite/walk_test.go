package sqlite

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// TestPagingWalks pages through every flow and budget line of the bundled
// dataset in many orderings, forward and backward, a few rows at a time:
// each walk must visit every row once, in the order sortkey.Less gives
// their sort keys, which is how the slot statements these replaced
// ordered them.
func TestPagingWalks(t *testing.T) {
	st, _ := bundled(t)
	ctx := context.Background()
	orderings := [][]flow.SortKey{{}}
	for field := 0; field < 5; field++ {
		for _, desc := range []bool{false, true} {
			orderings = append(orderings, []flow.SortKey{{Index: field, Desc: desc}})
		}
	}
	orderings = append(orderings,
		[]flow.SortKey{{Index: 1, Desc: true}, {Index: 2}},
		[]flow.SortKey{{Index: 3}, {Index: 4, Desc: true}, {Index: 1}},
		[]flow.SortKey{{Index: 2, Desc: true}, {Index: 0}},
		[]flow.SortKey{{Index: 4}, {Index: 1, Desc: true}, {Index: 2, Desc: true}})

	flowsAll, err := st.Flows(ctx, flow.FlowFilter{}, flow.Window{Limit: flow.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	linesAll, err := st.BudgetLines(ctx, flow.BudgetLineFilter{}, flow.Window{Limit: flow.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	if len(flowsAll.Items) < 20 || len(linesAll.Items) < 5 {
		t.Fatalf("%d flows and %d lines: too few to page through", len(flowsAll.Items), len(linesAll.Items))
	}
	for _, keys := range orderings {
		o := flow.Ordering{Tag: fmt.Sprint(keys), Keys: keys}
		t.Run("flows"+o.Tag, func(t *testing.T) {
			want := expected(flowsAll.Items, o, func(f *flow.Flow) (string, []string, []string) {
				asc, desc := sortkey.Flow(f)
				return f.ID, asc, desc
			})
			walk(t, o, want, func(w flow.Window) (*flow.Page[string], error) {
				p, err := st.Flows(ctx, flow.FlowFilter{}, w)
				return ids(p, func(f *flow.Flow) string { return f.ID }), err
			})
		})
		t.Run("lines"+o.Tag, func(t *testing.T) {
			want := expected(linesAll.Items, o, func(b *flow.BudgetLine) (string, []string, []string) {
				asc, desc := sortkey.Budget(b)
				return b.ID, asc, desc
			})
			walk(t, o, want, func(w flow.Window) (*flow.Page[string], error) {
				p, err := st.BudgetLines(ctx, flow.BudgetLineFilter{}, w)
				return ids(p, func(b *flow.BudgetLine) string { return b.ID }), err
			})
		})
	}
}

// expected orders records by their slot values as sortkey.Less does.
func expected[T any](items []T, o flow.Ordering, keys func(T) (string, []string, []string)) []string {
	type row struct {
		id    string
		slots []string
	}
	rows := make([]row, len(items))
	for i, it := range items {
		id, asc, desc := keys(it)
		slots := make([]string, 0, sortkey.CursorKeys)
		for k := 0; k < flow.MaxOrderKeys; k++ {
			switch {
			case k >= len(o.Keys):
				slots = append(slots, "", "")
			case o.Keys[k].Desc:
				slots = append(slots, "", desc[o.Keys[k].Index])
			default:
				slots = append(slots, asc[o.Keys[k].Index], "")
			}
		}
		rows[i] = row{id, append(slots, id)}
	}
	sort.Slice(rows, func(i, j int) bool { return sortkey.Less(rows[i].slots, rows[j].slots) })
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.id
	}
	return out
}

func ids[T any](p *flow.Page[T], id func(T) string) *flow.Page[string] {
	if p == nil {
		return nil
	}
	out := &flow.Page[string]{Cursors: p.Cursors, HasNextPage: p.HasNextPage, HasPreviousPage: p.HasPreviousPage}
	for _, it := range p.Items {
		out.Items = append(out.Items, id(it))
	}
	return out
}

// walk pages forward from the start and backward from the end, three rows
// at a time, and compares each walk with want.
func walk(t *testing.T, o flow.Ordering, want []string, list func(flow.Window) (*flow.Page[string], error)) {
	t.Helper()
	for _, backward := range []bool{false, true} {
		var got []string
		var keys []string
		for step := 0; step <= len(want); step++ {
			p, err := list(flow.Window{Limit: 3, Order: o, Keys: keys, Backward: backward, NoCount: true})
			if err != nil {
				t.Fatal(err)
			}
			if backward {
				got = append(slices.Clone(p.Items), got...)
			} else {
				got = append(got, p.Items...)
			}
			more := p.HasNextPage
			if backward {
				more = p.HasPreviousPage
			}
			if !more || len(p.Items) == 0 {
				break
			}
			edge := p.Cursors[len(p.Cursors)-1]
			if backward {
				edge = p.Cursors[0]
			}
			if keys, err = flow.DecodeCursor(edge, o.Tag, sortkey.CursorKeys); err != nil {
				t.Fatal(err)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("backward %v: walked\n%v\nwant\n%v", backward, got, want)
		}
	}
}

package sqlite

import (
	"context"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// TestNoCount checks a window that nobody counts runs no count statement,
// and one that is counted gets every matching row's count.
func TestNoCount(t *testing.T) {
	st, rec := bundled(t)
	ctx := context.Background()
	o, err := flow.FlowOrdering(nil)
	if err != nil {
		t.Fatal(err)
	}
	counts := func() int {
		n := 0
		for _, r := range rec.runs {
			if strings.Contains(r.query, "count(") {
				n++
			}
		}
		return n
	}
	all, err := st.Flows(ctx, flow.FlowFilter{}, flow.Window{Limit: flow.MaxPageSize, Order: o})
	if err != nil {
		t.Fatal(err)
	}
	for _, noCount := range []bool{true, false} {
		rec.runs = nil
		p, err := st.Flows(ctx, flow.FlowFilter{}, flow.Window{Limit: 1, Order: o, NoCount: noCount})
		if err != nil {
			t.Fatal(err)
		}
		want, wantCounts := len(all.Items), 1
		if noCount {
			want, wantCounts = 0, 0
		}
		if p.TotalCount != want || counts() != wantCounts || len(p.Items) != 1 {
			t.Errorf("NoCount %v: totalCount %d and %d count statements, want %d and %d", noCount, p.TotalCount, counts(), want, wantCounts)
		}
	}
}

package metrics

import (
	"context"

	"github.com/fundflow/fundflow/flow"
)

func (s *store) SumFlows(ctx context.Context, q flow.TotalsQuery, linked int) (*flow.FlowSums, error) {
	return observe(s.m, "SumFlows", func() (*flow.FlowSums, error) { return s.next.SumFlows(ctx, q, linked) })
}

func (s *store) GroupFlows(ctx context.Context, q flow.TotalsQuery, groups []flow.GroupKey, limit int) ([][]*flow.Flow, error) {
	return observe(s.m, "GroupFlows", func() ([][]*flow.Flow, error) { return s.next.GroupFlows(ctx, q, groups, limit) })
}

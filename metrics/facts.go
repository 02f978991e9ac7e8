package metrics

import (
	"context"

	"github.com/fundflow/fundflow/flow"
)

func (s *store) People(ctx context.Context, f flow.PersonFilter, w flow.Window) (*flow.Page[*flow.Person], error) {
	return observe(s.m, "People", func() (*flow.Page[*flow.Person], error) { return s.next.People(ctx, f, w) })
}

func (s *store) Facts(ctx context.Context, f flow.FactFilter, w flow.Window) (*flow.Page[*flow.Fact], error) {
	return observe(s.m, "Facts", func() (*flow.Page[*flow.Fact], error) { return s.next.Facts(ctx, f, w) })
}

func (s *store) Statements(ctx context.Context, f flow.StatementFilter, w flow.Window) (*flow.Page[*flow.Statement], error) {
	return observe(s.m, "Statements", func() (*flow.Page[*flow.Statement], error) { return s.next.Statements(ctx, f, w) })
}

package metrics

import (
	"context"

	"github.com/fundflow/fundflow/flow"
)

// The child lists, timed like every other call.

func (s *store) ChildFlows(ctx context.Context, by flow.End, f flow.FlowFilter, w flow.Window) (map[string]*flow.Page[*flow.Flow], error) {
	return observe(s.m, "ChildFlows", func() (map[string]*flow.Page[*flow.Flow], error) { return s.next.ChildFlows(ctx, by, f, w) })
}

func (s *store) ChildBudgetLines(ctx context.Context, f flow.BudgetLineFilter, w flow.Window) (map[string]*flow.Page[*flow.BudgetLine], error) {
	return observe(s.m, "ChildBudgetLines", func() (map[string]*flow.Page[*flow.BudgetLine], error) {
		return s.next.ChildBudgetLines(ctx, f, w)
	})
}

func (s *store) ChildFacts(ctx context.Context, f flow.FactFilter, w flow.Window) (map[string]*flow.Page[*flow.Fact], error) {
	return observe(s.m, "ChildFacts", func() (map[string]*flow.Page[*flow.Fact], error) { return s.next.ChildFacts(ctx, f, w) })
}

func (s *store) ChildPeople(ctx context.Context, f flow.PersonFilter, w flow.Window) (map[string]*flow.Page[*flow.Person], error) {
	return observe(s.m, "ChildPeople", func() (map[string]*flow.Page[*flow.Person], error) { return s.next.ChildPeople(ctx, f, w) })
}

func (s *store) ChildStatements(ctx context.Context, f flow.StatementFilter, w flow.Window) (map[string]*flow.Page[*flow.Statement], error) {
	return observe(s.m, "ChildStatements", func() (map[string]*flow.Page[*flow.Statement], error) {
		return s.next.ChildStatements(ctx, f, w)
	})
}

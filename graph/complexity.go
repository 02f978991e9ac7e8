package graph

import (
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph/model"
)

// ComplexityLimit bounds the cost of one operation. Each list field costs
// its page size (first or last, 50 by default) times the cost of what is
// selected under it, so nesting large pages is what runs out of budget:
// 100 programmes with their budget lines, inflows and citations cost about
// 86,000 and pass, while programmes(first: 500) { budgetLines(first: 500)
// { ... } } costs over 500,000 and is refused.
const ComplexityLimit = 200_000

// Unbounded lists (totals, disagreements, citations) are weighted as if
// they returned this many items.
const unboundedWeight = 50

// pageCost is the cost of a paged list: one for the field, plus its page
// size times its children.
func pageCost(child int, first, last *int) int {
	n := flow.DefaultPageSize
	if first != nil {
		n = *first
	}
	if last != nil {
		n = *last
	}
	if n < 1 {
		n = 1
	}
	return 1 + n*child
}

// complexity returns the cost functions of every list field.
func complexity() ComplexityRoot {
	var c ComplexityRoot
	type flowList = func(child int, where *flow.FlowFilter, orderBy []*flow.FlowOrder, first *int, after *string, last *int, before *string, asOf *flow.Date) int
	var flows flowList = func(child int, _ *flow.FlowFilter, _ []*flow.FlowOrder, first *int, _ *string, last *int, _ *string, _ *flow.Date) int {
		return pageCost(child, first, last)
	}
	c.Fund.Inflows, c.Fund.Outflows, c.Fund.Allocations = flows, flows, flows
	c.Programme.Inflows, c.Programme.Outflows = flows, flows
	c.Organisation.Inflows, c.Organisation.Outflows, c.Organisation.Received = flows, flows, flows
	c.Query.Flows = flows
	c.Programme.BudgetLines = func(child int, _ *flow.BudgetLineFilter, _ []*flow.BudgetLineOrder, first *int, _ *string, last *int, _ *string, _ *flow.Date) int {
		return pageCost(child, first, last)
	}
	c.Query.BudgetLines = func(child int, _, _ *string, _ *flow.BudgetLineFilter, _ []*flow.BudgetLineOrder, first *int, _ *string, last *int, _ *string, _ *flow.Date) int {
		return pageCost(child, first, last)
	}
	c.Query.Diversions = func(child int, _, _, _ *string, _ *flow.FlowFilter, _ []*flow.FlowOrder, first *int, _ *string, last *int, _ *string, _ *flow.Date) int {
		return pageCost(child, first, last)
	}
	c.Query.Funds = func(child int, _ *model.FundFilter, _ []*flow.NodeOrder, first *int, _ *string, last *int, _ *string) int {
		return pageCost(child, first, last)
	}
	c.Query.Programmes = func(child int, _ *string, _ *model.ProgrammeFilter, _ []*flow.NodeOrder, first *int, _ *string, last *int, _ *string) int {
		return pageCost(child, first, last)
	}
	c.Query.Organisations = func(child int, _ *model.OrganisationFilter, _ []*flow.NodeOrder, first *int, _ *string, last *int, _ *string) int {
		return pageCost(child, first, last)
	}
	c.Query.Sources = func(child int, _ *model.SourceFilter, _ []*flow.NodeOrder, first *int, _ *string, last *int, _ *string) int {
		return pageCost(child, first, last)
	}
	c.Query.Search = func(child int, _ string, first *int, _ *string) int { return pageCost(child, first, nil) }
	c.SearchEdge.Matched = func(child int) int { return 1 + flow.SearchMatchLimit*child }
	c.Query.Trace = func(child int, _ string, to *string, maxHops *int, _ []flow.FlowKind, first *int, _ *flow.Date) int {
		return traceCost(child, to != nil, maxHops, first)
	}
	c.Query.Totals = func(child int, _ []flow.TotalsDimension, _ *flow.FlowFilter, _ *flow.Date) int {
		return 1 + unboundedWeight*child
	}
	// A total's movements and links are bounded by their first argument.
	c.Total.Movements = func(child int, first *int) int { return pageCost(child, first, nil) }
	c.Total.Links = func(child int, first *int) int { return pageCost(child, first, nil) }
	c.Query.Disagreements = func(child int, _, _ *string, _ *flow.Date, _ *bool) int { return 1 + unboundedWeight*child }
	factComplexity(&c)
	return c
}

package graph

import "github.com/fundflow/fundflow/flow"

// factComplexity weights the lists of facts, people and statements by their
// page size, as complexity does the money lists.
func factComplexity(c *ComplexityRoot) {
	facts := func(child int, _ *flow.FactFilter, _ []*flow.FactOrder, first *int, _ *string, last *int, _ *string, _ *flow.Date) int {
		return pageCost(child, first, last)
	}
	people := func(child int, _ *flow.PersonFilter, _ []*flow.NodeOrder, first *int, _ *string, last *int, _ *string) int {
		return pageCost(child, first, last)
	}
	statements := func(child int, _ *flow.StatementFilter, _ []*flow.StatementOrder, first *int, _ *string, last *int, _ *string, _ *flow.Date) int {
		return pageCost(child, first, last)
	}
	c.Query.Facts, c.Fund.Facts, c.Programme.Facts, c.Organisation.Facts, c.Person.Facts = facts, facts, facts, facts, facts
	c.Query.People, c.Organisation.People = people, people
	c.Query.Statements, c.Person.Statements = statements, statements
	// A statement's about list is as long as the curator made it; weigh it
	// like the other unbounded lists.
	c.Statement.About = func(child int) int { return 1 + unboundedWeight*child }
}

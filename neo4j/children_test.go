package neo4j

import (
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// TestChildListsUnwindTheirParents checks that a child list's statement
// unwinds the parents, pages each from its own node in a subquery with the
// window's limit, holds only the conditions the filter gives besides the
// parents', never switches a condition off by its parameter, and counts
// only when the window asks.
func TestChildListsUnwindTheirParents(t *testing.T) {
	for _, s := range Statements() {
		if strings.HasPrefix(s.Name, "children-") && optionalParam.MatchString(s.Cypher) {
			t.Errorf("%s switches a condition off by its parameter:\n%s", s.Name, s.Cypher)
		}
	}
	o := mustFlowOrdering(t)
	parents := []string{"cyber-security", "wifi"}
	uncounted := window(t, flow.PageArgs{First: new(3), NoCount: true}, o, nil)
	c, got := flowsFrom.call(flowParams(flow.FlowFilter{FromIDs: parents, Kinds: []flow.FlowKind{flow.Payment}}), uncounted)
	checkCall(t, c)
	if c.stmt.Name != "children-flows-from+kinds" || len(got) != 2 || got[0] != "cyber-security" {
		t.Fatalf("got statement %s for parents %v", c.stmt.Name, got)
	}
	for _, want := range []string{"UNWIND $parents AS parent", "CALL (parent) {", "MATCH (a:Node {id: parent})-[r:",
		"r.kind IN $kinds", "r.status <> 'RETRACTED'", "LIMIT $limit", "0 AS total"} {
		if !strings.Contains(c.stmt.Cypher, want) {
			t.Errorf("%s lacks %q:\n%s", c.stmt.Name, want, c.stmt.Cypher)
		}
	}
	for _, absent := range []string{"$froms", "count(*)", "$tos", "$year"} {
		if strings.Contains(c.stmt.Cypher, absent) {
			t.Errorf("%s holds %s:\n%s", c.stmt.Name, absent, c.stmt.Cypher)
		}
	}
	if _, ok := c.params["froms"]; ok || c.params["limit"] != int64(4) {
		t.Errorf("%s is sent %v", c.stmt.Name, c.params)
	}

	// Inflows from the other end, counted, backward, with a from filter
	// kept as a condition.
	counted := window(t, flow.PageArgs{Last: new(2)}, o, nil)
	in, _ := flowsTo.call(flowParams(flow.FlowFilter{ToIDs: parents, FromIDs: []string{"phc-2020"}}), counted)
	checkCall(t, in)
	if in.stmt.Name != "children-flows-to+froms-backward-counted" {
		t.Fatalf("got statement %s", in.stmt.Name)
	}
	for _, want := range []string{"(b:Node {id: parent})", "a.id IN $froms", "RETURN count(*) AS total", "RETURN parent, total, rows"} {
		if !strings.Contains(in.stmt.Cypher, want) {
			t.Errorf("%s lacks %q:\n%s", in.stmt.Name, want, in.stmt.Cypher)
		}
	}

	// Each other child list matches from its parent's node.
	for _, tc := range []struct {
		c     call
		match string
	}{
		{first(budgetLinesOf.call(budgetParams(flow.BudgetLineFilter{ProgrammeIDs: parents}), uncounted)), "(:Programme {id: parent})-[:HAS_BUDGET_LINE]->(b:BudgetLine)"},
		{first(factsOf.call(factParams(flow.FactFilter{SubjectIDs: parents}), uncounted)), "(:Node {id: parent})-[:HAS_FACT]->(f:Fact)"},
		{first(peopleOf.call(personParams(flow.PersonFilter{OrganisationIDs: parents}), uncounted)), "(n:Person)-[:WORKS_FOR]->(:Organisation {id: parent})"},
		{first(statementsOf.call(statementParams(flow.StatementFilter{PersonIDs: parents}), uncounted)), "(:Person {id: parent})-[:SAID]->(s:Statement)"},
	} {
		checkCall(t, tc.c)
		if !strings.Contains(tc.c.stmt.Cypher, tc.match) || strings.Contains(tc.c.stmt.Cypher, " IN $") {
			t.Errorf("%s:\n%s", tc.c.stmt.Name, tc.c.stmt.Cypher)
		}
	}
}

func first(c call, _ []string) call { return c }

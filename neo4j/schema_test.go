package neo4j

import (
	"reflect"
	"testing"
)

// TestConstraints pins the schema commands schema.go generates: a
// uniqueness constraint on id per label that has ids and per kind of flow,
// one on the Lock node, and the range indexes, in creation order, each with the name a deployed database already knows
// (IF NOT EXISTS only recognises a constraint by its name and rule).
func TestConstraints(t *testing.T) {
	want := [][2]string{
		{"constraint-node", "CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE"},
		{"constraint-fund", "CREATE CONSTRAINT fund_id IF NOT EXISTS FOR (n:Fund) REQUIRE n.id IS UNIQUE"},
		{"constraint-programme", "CREATE CONSTRAINT programme_id IF NOT EXISTS FOR (n:Programme) REQUIRE n.id IS UNIQUE"},
		{"constraint-organisation", "CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE"},
		{"constraint-source", "CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE"},
		{"constraint-budget-line", "CREATE CONSTRAINT budget_line_id IF NOT EXISTS FOR (n:BudgetLine) REQUIRE n.id IS UNIQUE"},
		{"constraint-dataset", "CREATE CONSTRAINT dataset_id IF NOT EXISTS FOR (n:Dataset) REQUIRE n.id IS UNIQUE"},
		{"constraint-revision", "CREATE CONSTRAINT revision_id IF NOT EXISTS FOR (n:Revision) REQUIRE n.id IS UNIQUE"},
		{"constraint-link", "CREATE CONSTRAINT link_id IF NOT EXISTS FOR (n:Link) REQUIRE n.id IS UNIQUE"},
		{"constraint-person", "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE"},
		{"constraint-fact", "CREATE CONSTRAINT fact_id IF NOT EXISTS FOR (n:Fact) REQUIRE n.id IS UNIQUE"},
		{"constraint-statement", "CREATE CONSTRAINT statement_id IF NOT EXISTS FOR (n:Statement) REQUIRE n.id IS UNIQUE"},
		{"constraint-allocated-to", "CREATE CONSTRAINT allocated_to_id IF NOT EXISTS FOR ()-[r:ALLOCATED_TO]-() REQUIRE r.id IS UNIQUE"},
		{"constraint-diverted-to", "CREATE CONSTRAINT diverted_to_id IF NOT EXISTS FOR ()-[r:DIVERTED_TO]-() REQUIRE r.id IS UNIQUE"},
		{"constraint-paid-to", "CREATE CONSTRAINT paid_to_id IF NOT EXISTS FOR ()-[r:PAID_TO]-() REQUIRE r.id IS UNIQUE"},
		{"constraint-asked-to-fund", "CREATE CONSTRAINT asked_to_fund_id IF NOT EXISTS FOR ()-[r:ASKED_TO_FUND]-() REQUIRE r.id IS UNIQUE"},
		{"constraint-needs-to-fund", "CREATE CONSTRAINT needs_to_fund_id IF NOT EXISTS FOR ()-[r:NEEDS_TO_FUND]-() REQUIRE r.id IS UNIQUE"},
		{"constraint-budgeted", "CREATE CONSTRAINT budgeted_id IF NOT EXISTS FOR ()-[r:BUDGETED]-() REQUIRE r.id IS UNIQUE"},
		// Two first loads must not each create a lock.
		{"constraint-lock", "CREATE CONSTRAINT lock_id IF NOT EXISTS FOR (n:Lock) REQUIRE n.id IS UNIQUE"},
		// History by record, and every match on a dataset.
		{"index-revision-record-id", "CREATE INDEX revision_record_id IF NOT EXISTS FOR (n:Revision) ON (n.recordId)"},
		{"index-revision-dataset", "CREATE INDEX revision_dataset IF NOT EXISTS FOR (n:Revision) ON (n.dataset)"},
		{"index-node-dataset", "CREATE INDEX node_dataset IF NOT EXISTS FOR (n:Node) ON (n.dataset)"},
		{"index-budget-line-dataset", "CREATE INDEX budget_line_dataset IF NOT EXISTS FOR (n:BudgetLine) ON (n.dataset)"},
		{"index-link-dataset", "CREATE INDEX link_dataset IF NOT EXISTS FOR (n:Link) ON (n.dataset)"},
		{"index-fact-dataset", "CREATE INDEX fact_dataset IF NOT EXISTS FOR (n:Fact) ON (n.dataset)"},
		{"index-statement-dataset", "CREATE INDEX statement_dataset IF NOT EXISTS FOR (n:Statement) ON (n.dataset)"},
		{"index-programme-fund-id", "CREATE INDEX programme_fund_id IF NOT EXISTS FOR (n:Programme) ON (n.fundId)"},
		{"index-organisation-kind", "CREATE INDEX organisation_kind IF NOT EXISTS FOR (n:Organisation) ON (n.kind)"},
		{"index-allocated-to-dataset", "CREATE INDEX allocated_to_dataset IF NOT EXISTS FOR ()-[r:ALLOCATED_TO]-() ON (r.dataset)"},
		{"index-diverted-to-dataset", "CREATE INDEX diverted_to_dataset IF NOT EXISTS FOR ()-[r:DIVERTED_TO]-() ON (r.dataset)"},
		{"index-paid-to-dataset", "CREATE INDEX paid_to_dataset IF NOT EXISTS FOR ()-[r:PAID_TO]-() ON (r.dataset)"},
		{"index-asked-to-fund-dataset", "CREATE INDEX asked_to_fund_dataset IF NOT EXISTS FOR ()-[r:ASKED_TO_FUND]-() ON (r.dataset)"},
		{"index-needs-to-fund-dataset", "CREATE INDEX needs_to_fund_dataset IF NOT EXISTS FOR ()-[r:NEEDS_TO_FUND]-() ON (r.dataset)"},
		{"index-budgeted-dataset", "CREATE INDEX budgeted_dataset IF NOT EXISTS FOR ()-[r:BUDGETED]-() ON (r.dataset)"},
		// The years and programmes that disagreements group by.
		{"index-budget-line-year", "CREATE INDEX budget_line_year IF NOT EXISTS FOR (n:BudgetLine) ON (n.year)"},
		{"index-budget-line-programme-year", "CREATE INDEX budget_line_programme_year IF NOT EXISTS FOR (n:BudgetLine) ON (n.programmeId, n.year)"},
		{"index-allocated-to-year", "CREATE INDEX allocated_to_year IF NOT EXISTS FOR ()-[r:ALLOCATED_TO]-() ON (r.year)"},
		{"index-diverted-to-year", "CREATE INDEX diverted_to_year IF NOT EXISTS FOR ()-[r:DIVERTED_TO]-() ON (r.year)"},
		{"index-paid-to-year", "CREATE INDEX paid_to_year IF NOT EXISTS FOR ()-[r:PAID_TO]-() ON (r.year)"},
		{"index-asked-to-fund-year", "CREATE INDEX asked_to_fund_year IF NOT EXISTS FOR ()-[r:ASKED_TO_FUND]-() ON (r.year)"},
		{"index-needs-to-fund-year", "CREATE INDEX needs_to_fund_year IF NOT EXISTS FOR ()-[r:NEEDS_TO_FUND]-() ON (r.year)"},
		{"index-budgeted-year", "CREATE INDEX budgeted_year IF NOT EXISTS FOR ()-[r:BUDGETED]-() ON (r.year)"},
	}
	for i := range want {
		want[i][1] = cypherVersion + "\n" + want[i][1]
	}
	var got [][2]string
	for _, c := range constraints {
		got = append(got, [2]string{c.Name, c.Cypher})
		if len(c.Params) != 0 {
			t.Errorf("%s takes parameters %v", c.Name, c.Params)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("constraints:\n got %q\nwant %q", got, want)
	}
	// Every kind of flow has a relationship type, and so a constraint.
	for kind, typ := range flowTypes {
		if typ == "" {
			t.Errorf("flow kind %s has no relationship type", kind)
		}
	}
}

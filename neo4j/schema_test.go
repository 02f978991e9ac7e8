package neo4j

import (
	"reflect"
	"testing"
)

// TestConstraints pins the schema commands schema.go generates: a
// uniqueness constraint on id per label that has ids, the Stage node's and
// staged records' among them; per kind of flow, the drop of the constraint
// on id an older database has and an index on id instead; one on the Lock
// node; and the range indexes, in creation order, each with the name a deployed database already knows
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
		// The load's stage: one Stage node, and staged records' ids.
		{"constraint-stage", "CREATE CONSTRAINT stage_id IF NOT EXISTS FOR (n:Stage) REQUIRE n.id IS UNIQUE"},
		{"constraint-staged", "CREATE CONSTRAINT staged_id IF NOT EXISTS FOR (n:Staged) REQUIRE n.id IS UNIQUE"},
		// A flow's staged version shares its live version's type and id, so
		// a database's constraint on flow ids goes, for an index.
		{"drop-constraint-allocated-to", "DROP CONSTRAINT allocated_to_id IF EXISTS"},
		{"index-allocated-to-id", "CREATE INDEX allocated_to_id_index IF NOT EXISTS FOR ()-[r:ALLOCATED_TO]-() ON (r.id)"},
		{"drop-constraint-diverted-to", "DROP CONSTRAINT diverted_to_id IF EXISTS"},
		{"index-diverted-to-id", "CREATE INDEX diverted_to_id_index IF NOT EXISTS FOR ()-[r:DIVERTED_TO]-() ON (r.id)"},
		{"drop-constraint-paid-to", "DROP CONSTRAINT paid_to_id IF EXISTS"},
		{"index-paid-to-id", "CREATE INDEX paid_to_id_index IF NOT EXISTS FOR ()-[r:PAID_TO]-() ON (r.id)"},
		{"drop-constraint-asked-to-fund", "DROP CONSTRAINT asked_to_fund_id IF EXISTS"},
		{"index-asked-to-fund-id", "CREATE INDEX asked_to_fund_id_index IF NOT EXISTS FOR ()-[r:ASKED_TO_FUND]-() ON (r.id)"},
		{"drop-constraint-needs-to-fund", "DROP CONSTRAINT needs_to_fund_id IF EXISTS"},
		{"index-needs-to-fund-id", "CREATE INDEX needs_to_fund_id_index IF NOT EXISTS FOR ()-[r:NEEDS_TO_FUND]-() ON (r.id)"},
		{"drop-constraint-budgeted", "DROP CONSTRAINT budgeted_id IF EXISTS"},
		{"index-budgeted-id", "CREATE INDEX budgeted_id_index IF NOT EXISTS FOR ()-[r:BUDGETED]-() ON (r.id)"},
		// Two first loads must not each create a lock.
		{"constraint-lock", "CREATE CONSTRAINT lock_id IF NOT EXISTS FOR (n:Lock) REQUIRE n.id IS UNIQUE"},
		// History by record, and every match on a dataset.
		{"index-revision-record-id", "CREATE INDEX revision_record_id IF NOT EXISTS FOR (n:Revision) ON (n.recordId)"},
		{"index-revision-dataset", "CREATE INDEX revision_dataset IF NOT EXISTS FOR (n:Revision) ON (n.dataset)"},
		// The switch publishes staged records kind by kind.
		{"index-staged-staged-as", "CREATE INDEX staged_staged_as IF NOT EXISTS FOR (n:Staged) ON (n.stagedAs)"},
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
	// Every kind of flow has a relationship type, and so an index on id.
	for kind, typ := range flowTypes {
		if typ == "" {
			t.Errorf("flow kind %s has no relationship type", kind)
		}
	}
}

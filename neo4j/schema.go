package neo4j

// Labels, relationship types and property keys of the graph. The Cypher
// linter is given exactly these, so a misspelt name in a statement fails
// the build.
const (
	labelNode         = "Node" // every Fund, Programme, Organisation and Source
	labelFund         = "Fund"
	labelProgramme    = "Programme"
	labelOrganisation = "Organisation"
	labelSource       = "Source"
	labelBudgetLine   = "BudgetLine"
	labelDataset      = "Dataset"
	labelLock         = "Lock" // the one node every load and write locks first
	labelRevision     = "Revision"
)

// flowTypes maps each kind of flow to its relationship type.
var flowTypes = map[string]string{
	"ALLOCATION":  "ALLOCATED_TO",
	"DIVERSION":   "DIVERTED_TO",
	"PAYMENT":     "PAID_TO",
	"REQUEST":     "ASKED_TO_FUND",
	"REQUIREMENT": "NEEDS_TO_FUND",
	"BUDGET_LINE": "BUDGETED",
}

// flowPattern matches a flow of any kind, budget lines' figures included;
// edgePattern matches the flows a dataset writes itself.
const (
	flowPattern = `ALLOCATED_TO|DIVERTED_TO|PAID_TO|ASKED_TO_FUND|NEEDS_TO_FUND|BUDGETED`
	edgePattern = `ALLOCATED_TO|DIVERTED_TO|PAID_TO|ASKED_TO_FUND|NEEDS_TO_FUND`
)

// Schema is the graph's vocabulary, for the Cypher linter and the docs.
type Schema struct {
	Labels            []string
	RelationshipTypes []string
	PropertyKeys      []string
}

// GraphSchema returns the labels, relationship types and property keys the
// store writes.
func GraphSchema() Schema {
	return Schema{
		Labels: []string{labelNode, labelFund, labelProgramme, labelOrganisation, labelSource, labelBudgetLine, labelDataset, labelLock, labelRevision},
		RelationshipTypes: []string{"ALLOCATED_TO", "DIVERTED_TO", "PAID_TO", "ASKED_TO_FUND", "NEEDS_TO_FUND",
			"BUDGETED", "PART_OF", "HAS_BUDGET_LINE"},
		PropertyKeys: []string{
			// every record
			"id", "dataset",
			// nodes
			"name", "title", "sortKey", "aliases", "aliasKeys", "description", "fundId", "kind",
			"publisher", "published", "dateNote", "url", "file", "notes",
			// datasets
			"loadedAt", "formatVersion",
			// flows and budget lines
			"year", "status", "note", "currency", "citationSources", "citationQuotes", "citationDates",
			"knownFrom", "lineId",
			"amount", "low", "high", "qualifier",
			"programmeId", "sortAsc", "sortDesc",
			"plannedAmount", "plannedLow", "plannedHigh", "plannedQualifier",
			"forecastAmount", "forecastLow", "forecastHigh", "forecastQualifier",
			"actualAmount", "actualLow", "actualHigh", "actualQualifier",
			"varianceAmount", "varianceLow", "varianceHigh", "varianceQualifier",
			// keys of the maps in UNWIND rows and results, which the linter
			// checks like property keys
			"from", "to",
			// revisions
			"seq", "recordId", "action", "at", "by", "reason", "previous", "previousStatus", "revisionSeq",
		},
	}
}

// Constraints: one uniqueness constraint per label and relationship type on
// id, created when the store opens. The one on Node backs every lookup by
// id whatever the label.
var (
	constraintNode         = statement("constraint-node", `CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE`, nil)
	constraintFund         = statement("constraint-fund", `CREATE CONSTRAINT fund_id IF NOT EXISTS FOR (n:Fund) REQUIRE n.id IS UNIQUE`, nil)
	constraintProgramme    = statement("constraint-programme", `CREATE CONSTRAINT programme_id IF NOT EXISTS FOR (n:Programme) REQUIRE n.id IS UNIQUE`, nil)
	constraintOrganisation = statement("constraint-organisation", `CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE`, nil)
	constraintSource       = statement("constraint-source", `CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE`, nil)
	constraintBudgetLine   = statement("constraint-budget-line", `CREATE CONSTRAINT budget_line_id IF NOT EXISTS FOR (n:BudgetLine) REQUIRE n.id IS UNIQUE`, nil)
	constraintDataset      = statement("constraint-dataset", `CREATE CONSTRAINT dataset_id IF NOT EXISTS FOR (n:Dataset) REQUIRE n.id IS UNIQUE`, nil)
	constraintAllocated    = statement("constraint-allocated-to", `CREATE CONSTRAINT allocated_to_id IF NOT EXISTS FOR ()-[r:ALLOCATED_TO]-() REQUIRE r.id IS UNIQUE`, nil)
	constraintDiverted     = statement("constraint-diverted-to", `CREATE CONSTRAINT diverted_to_id IF NOT EXISTS FOR ()-[r:DIVERTED_TO]-() REQUIRE r.id IS UNIQUE`, nil)
	constraintPaid         = statement("constraint-paid-to", `CREATE CONSTRAINT paid_to_id IF NOT EXISTS FOR ()-[r:PAID_TO]-() REQUIRE r.id IS UNIQUE`, nil)
	constraintAsked        = statement("constraint-asked-to-fund", `CREATE CONSTRAINT asked_to_fund_id IF NOT EXISTS FOR ()-[r:ASKED_TO_FUND]-() REQUIRE r.id IS UNIQUE`, nil)
	constraintNeeds        = statement("constraint-needs-to-fund", `CREATE CONSTRAINT needs_to_fund_id IF NOT EXISTS FOR ()-[r:NEEDS_TO_FUND]-() REQUIRE r.id IS UNIQUE`, nil)
	constraintRevision     = statement("constraint-revision", `CREATE CONSTRAINT revision_id IF NOT EXISTS FOR (n:Revision) REQUIRE n.id IS UNIQUE`, nil)
	constraintBudgeted     = statement("constraint-budgeted", `CREATE CONSTRAINT budgeted_id IF NOT EXISTS FOR ()-[r:BUDGETED]-() REQUIRE r.id IS UNIQUE`, nil)
)

// constraints lists the constraints in creation order.
var constraints = []*Statement{
	constraintNode, constraintFund, constraintProgramme, constraintOrganisation, constraintSource,
	constraintBudgetLine, constraintDataset, constraintRevision,
	constraintAllocated, constraintDiverted, constraintPaid, constraintAsked, constraintNeeds, constraintBudgeted,
}

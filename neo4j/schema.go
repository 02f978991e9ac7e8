package neo4j

import (
	"strings"
	"unicode"

	"github.com/fundflow/fundflow/flow"
)

// Labels, relationship types and property keys of the graph. The Cypher
// linter is given exactly these, so a misspelt name in a statement fails
// the build.
const (
	labelNode         = "Node" // every Fund, Programme, Organisation, Source and Person
	labelFund         = "Fund"
	labelProgramme    = "Programme"
	labelOrganisation = "Organisation"
	labelSource       = "Source"
	labelBudgetLine   = "BudgetLine"
	labelDataset      = "Dataset"
	labelLock         = "Lock" // the one node every load and write locks first
	labelRevision     = "Revision"
	labelLink         = "Link" // a SAME or PART_OF link between figures
	// labelSearchable marks every node with searchable texts, which is
	// what the full-text index covers (see search.go).
	labelSearchable = "Searchable"
)

// relationships is the one table of the graph's relationship types: each
// kind of flow's type, and the structural types. The flow maps and
// patterns, the linter's vocabulary and the constraints are all derived
// from it, so adding a kind of flow is one line here.
var relationships = []struct {
	typ  string
	kind flow.FlowKind // "" for a structural relationship, which is no flow
}{
	{"ALLOCATED_TO", flow.Allocation},
	{"DIVERTED_TO", flow.Diversion},
	{"PAID_TO", flow.Payment},
	{"ASKED_TO_FUND", flow.Request},
	{"NEEDS_TO_FUND", flow.Requirement},
	{"BUDGETED", flow.BudgetSpend},
	{"PART_OF", ""},
	{"HAS_BUDGET_LINE", ""},
	{"WORKS_FOR", ""},
	{"HAS_FACT", ""},
	{"SAID", ""},
	{"ABOUT", ""},
}

// flowTypes maps each kind of flow to its relationship type.
var flowTypes = func() map[flow.FlowKind]string {
	m := map[flow.FlowKind]string{}
	for _, r := range relationships {
		if r.kind != "" {
			m[r.kind] = r.typ
		}
	}
	return m
}()

// flowPattern matches a flow of any kind, budget lines' figures included;
// edgePattern matches the flows a dataset writes itself ("A|B|..."). They
// are package variables with initializers, not init work, because the
// statements declared beside each method are built from them.
var (
	flowPattern = pattern(flow.FlowKinds)
	edgePattern = pattern(flow.EdgeKinds)
)

// pattern alternates the relationship types of kinds.
func pattern(kinds []flow.FlowKind) string {
	types := make([]string, len(kinds))
	for i, k := range kinds {
		types[i] = flowTypes[k]
	}
	return strings.Join(types, "|")
}

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
		Labels: []string{labelNode, labelFund, labelProgramme, labelOrganisation, labelSource, labelBudgetLine, labelDataset, labelLock, labelRevision,
			labelLink, labelSearchable, labelPerson, labelFact, labelStatement, labelStaged, labelRetired, labelStage},
		RelationshipTypes: relationshipTypes(),
		PropertyKeys: []string{
			// every record
			"id", "dataset",
			// nodes
			"name", "title", "sortKey", "aliases", "aliasKeys", "description", "fundId", "kind",
			"publisher", "published", "dateNote", "url", "file", "notes", "text",
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
			"seq", "recordId", "action", "at", "by", "reason", "previous", "previousStatus", "revisionSeq", "changes",
			// the Lock node's count of changes (generation.go)
			"generation",
			// claims and links
			"phrase", "measure", "derivedFrom", "whole", "claims",
			"plannedPhrase", "forecastPhrase", "actualPhrase", "variancePhrase",
			// search (search.go), and the keys of its result maps
			"searchKind", "searchName", "searchFields", "searchWords", "searchVersion",
			"field", "index", "rank", "matched", "search",
			// people, facts and statements
			"role", "organisationId", "searchKeys", "subjectId", "counted", "stated",
			"countValue", "countLow", "countHigh", "countQualifier", "date",
			"personId", "said", "form", "aboutIds",
			// staged loads (stage.go, stagelock.go)
			"stagedAs", "token", "beatAt",
		},
	}
}

// relationshipTypes lists every relationship type, in table order.
func relationshipTypes() []string {
	out := make([]string, len(relationships))
	for i, r := range relationships {
		out[i] = r.typ
	}
	return out
}

// constraints are the schema commands run when the store opens, in
// creation order: the uniqueness constraints on id, one per label that has
// ids (the one on Node backs every lookup by id whatever the label); the
// ones on the Lock and Stage nodes and on staged records; then the range
// indexes, those on each flow type's id among them.
//
// Flows have no uniqueness constraint on id, and one a database already
// has is dropped: while a load writes its stage, the new version of a
// flow exists beside the live one, of the same type and id, between
// staged nodes (stage.go). A flow id stays unique where it matters, among
// live flows: every load and every API write checks who owns an id under
// the Lock node, which serialises them, and reads match only flows
// between live nodes.
var constraints []*Statement

// lockConstraint makes the Lock node unique: without it, two first loads
// could each MERGE one and then nothing would serialise them. MERGE on a
// property with a uniqueness constraint locks the index entry, so
// concurrent MERGEs of the one lock create one node (Cypher manual, MERGE:
// "using MERGE with uniqueness constraints").
var lockConstraint = statement("constraint-lock",
	`CREATE CONSTRAINT lock_id IF NOT EXISTS FOR (n:`+labelLock+`) REQUIRE n.id IS UNIQUE`, nil)

// dedupeLocksStatement keeps one Lock node, the one that has handed out
// the most revision numbers, so that a database in which the race above
// already made two can take the constraint.
var dedupeLocksStatement = statement("dedupe-locks", `
MATCH (l:`+labelLock+` {id: 'load'})
WITH l ORDER BY coalesce(l.revisionSeq, 0) DESC
SKIP 1
DELETE l`, nil)

// indexed lists the range indexes besides the constraints' own: the
// dataset property of every kind of record, which loads, deletes and the
// stale checks match on, and a revision's record id, which history reads.
// Range indexes serve equality and IN predicates (Cypher manual, "Search
// performance indexes").
var indexed = []struct{ label, property string }{
	{labelRevision, "recordId"}, {labelRevision, "dataset"}, {labelStaged, "stagedAs"},
	{labelNode, "dataset"}, {labelBudgetLine, "dataset"}, {labelLink, "dataset"},
	{labelFact, "dataset"}, {labelStatement, "dataset"},
	{labelProgramme, "fundId"}, {labelOrganisation, "kind"},
}

func init() {
	for _, label := range []string{labelNode, labelFund, labelProgramme, labelOrganisation, labelSource,
		labelBudgetLine, labelDataset, labelRevision, labelLink, labelPerson, labelFact, labelStatement,
		labelStage, labelStaged} {
		name := snake(label)
		constraints = append(constraints, statement("constraint-"+strings.ReplaceAll(name, "_", "-"),
			`CREATE CONSTRAINT `+name+`_id IF NOT EXISTS FOR (n:`+label+`) REQUIRE n.id IS UNIQUE`, nil))
	}
	for _, r := range relationships {
		if r.kind == "" {
			continue
		}
		name := strings.ToLower(r.typ)
		constraints = append(constraints,
			statement("drop-constraint-"+strings.ReplaceAll(name, "_", "-"), `DROP CONSTRAINT `+name+`_id IF EXISTS`, nil),
			statement("index-"+strings.ReplaceAll(name, "_", "-")+"-id",
				`CREATE INDEX `+name+`_id_index IF NOT EXISTS FOR ()-[r:`+r.typ+`]-() ON (r.id)`, nil))
	}
	constraints = append(constraints, lockConstraint)
	for _, ix := range indexed {
		name := snake(ix.label) + "_" + snake(ix.property)
		constraints = append(constraints, statement("index-"+strings.ReplaceAll(name, "_", "-"),
			`CREATE INDEX `+name+` IF NOT EXISTS FOR (n:`+ix.label+`) ON (n.`+ix.property+`)`, nil))
	}
	for _, r := range relationships {
		if r.kind == "" {
			continue
		}
		name := strings.ToLower(r.typ) + "_dataset"
		constraints = append(constraints, statement("index-"+strings.ReplaceAll(name, "_", "-"),
			`CREATE INDEX `+name+` IF NOT EXISTS FOR ()-[r:`+r.typ+`]-() ON (r.dataset)`, nil))
	}
}

// snake writes a label in lower snake case: BudgetLine is budget_line.
func snake(label string) string {
	var b strings.Builder
	for i, r := range label {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

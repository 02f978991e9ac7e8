package neo4j

import (
	"github.com/fundflow/fundflow/flow"
)

// The switch makes a stage live in one transaction, after the load lock:
// it retires the dataset's live records by taking their labels away (they
// keep their relationships, which no read follows any more), moves the
// relationships other datasets' records have with them onto the staged
// records of the same ids, gives the stage its labels, and writes the
// dataset and the revisions. It changes labels, not properties, and
// creates only the other datasets' relationships, so its size is the
// dataset's number of nodes, however many flows the stage holds.

// retired is what each kind of record loses when the switch retires it:
// every label but Retired, which the deletes after the switch match.
var retired = []struct {
	match, remove string
}{
	{labelNode, labelNode + ":" + labelFund + ":" + labelProgramme + ":" + labelOrganisation + ":" + labelSource + ":" + labelPerson + ":" + labelSearchable},
	{labelBudgetLine, labelBudgetLine + ":" + labelSearchable},
	{labelLink, labelLink},
	{labelFact, labelFact},
	{labelStatement, labelStatement + ":" + labelSearchable},
}

// published is the labels each kind of staged record takes.
var published = []struct{ stagedAs, labels string }{
	{labelFund, labelNode + ":" + labelFund + ":" + labelSearchable},
	{labelProgramme, labelNode + ":" + labelProgramme + ":" + labelSearchable},
	{labelOrganisation, labelNode + ":" + labelOrganisation + ":" + labelSearchable},
	{labelSource, labelNode + ":" + labelSource + ":" + labelSearchable},
	{labelPerson, labelNode + ":" + labelPerson + ":" + labelSearchable},
	{labelBudgetLine, labelBudgetLine + ":" + labelSearchable},
	{labelLink, labelLink},
	{labelFact, labelFact},
	{labelStatement, labelStatement + ":" + labelSearchable},
}

// structural lists the relationships between records that the record at
// the other end owns: a programme's fund, a person's organisation, what a
// statement is about, and a programme's budget lines, a subject's facts
// and a person's statements. other is that record's label; out says the
// relationship leaves the retired record.
var structural = []struct {
	typ, other string
	out        bool
}{
	{"PART_OF", labelProgramme, false},
	{"WORKS_FOR", labelPerson, false},
	{"ABOUT", labelStatement, false},
	{"HAS_BUDGET_LINE", labelBudgetLine, true},
	{"HAS_FACT", labelFact, true},
	{"SAID", labelStatement, true},
}

var (
	retireStatements  []*Statement // each returns the ids it retired
	repointStatements []*Statement
	publishStatements []*Statement
)

func init() {
	for _, r := range retired {
		retireStatements = append(retireStatements, statement("switch-retire-"+r.match, `
MATCH (n:`+r.match+`) WHERE n.dataset = $dataset
REMOVE n:`+r.remove+`
SET n:`+labelRetired+`
RETURN collect(n.id) AS retired`,
			map[string]any{"dataset": ""}))
	}
	// Another dataset's flow (one written through the API above all) is
	// recreated, as stored, from or to the staged record that replaces
	// its retired end. Both ends may be replaced: the first pass moves
	// the start, the second the end.
	for _, kind := range flow.FlowKinds {
		typ := flowTypes[kind]
		repointStatements = append(repointStatements, statement("switch-repoint-from-"+typ, `
MATCH (old:`+labelRetired+`)-[r:`+typ+`]->(b)
WHERE old.dataset = $dataset AND r.dataset <> $dataset
MATCH (new:`+labelStaged+` {id: old.id})
CREATE (new)-[c:`+typ+`]->(b)
SET c = properties(r)
DELETE r`,
			map[string]any{"dataset": ""}))
	}
	for _, kind := range flow.FlowKinds {
		typ := flowTypes[kind]
		repointStatements = append(repointStatements, statement("switch-repoint-to-"+typ, `
MATCH (a)-[r:`+typ+`]->(old:`+labelRetired+`)
WHERE old.dataset = $dataset AND r.dataset <> $dataset
MATCH (new:`+labelStaged+` {id: old.id})
CREATE (a)-[c:`+typ+`]->(new)
SET c = properties(r)
DELETE r`,
			map[string]any{"dataset": ""}))
	}
	// The live record at the other end is another dataset's: the
	// dataset's own were retired first.
	for _, s := range structural {
		match, create := `(x:`+s.other+`)-[r:`+s.typ+`]->(old:`+labelRetired+`)`, `(x)-[:`+s.typ+`]->(new)`
		if s.out {
			match, create = `(old:`+labelRetired+`)-[r:`+s.typ+`]->(x:`+s.other+`)`, `(new)-[:`+s.typ+`]->(x)`
		}
		repointStatements = append(repointStatements, statement("switch-repoint-"+s.typ, `
MATCH `+match+`
WHERE old.dataset = $dataset
MATCH (new:`+labelStaged+` {id: old.id})
CREATE `+create+`
DELETE r`,
			map[string]any{"dataset": ""}))
	}
	for _, p := range published {
		publishStatements = append(publishStatements, statement("switch-publish-"+p.stagedAs, `
MATCH (n:`+labelStaged+`) WHERE n.stagedAs = '`+p.stagedAs+`'
REMOVE n:`+labelStaged+`, n.stagedAs
SET n:`+p.labels,
			nil))
	}
}

// switchPlan is the switch's work after the lock and its checks, in
// order: the retirements, whose ids the load counts, then the moves, the
// publications and the dataset. The revisions follow, numbered from the
// lock (writeRevisions).
type switchPlan struct {
	retire, rest []call
}

// switchCalls builds the switch of a load of ds, without a database.
func switchCalls(ds *flow.Dataset, dataset call) switchPlan {
	var p switchPlan
	on := map[string]any{"dataset": ds.ID}
	for _, s := range retireStatements {
		p.retire = append(p.retire, call{s, on})
	}
	for _, s := range repointStatements {
		p.rest = append(p.rest, call{s, on})
	}
	for _, s := range publishStatements {
		p.rest = append(p.rest, call{s, map[string]any{}})
	}
	p.rest = append(p.rest, dataset)
	return p
}

package neo4j

import (
	"github.com/fundflow/fundflow/flow"
)

// A load writes the new version of a dataset as a stage: nodes labelled
// Staged and nothing else, each with stagedAs naming the kind it will be,
// joined by relationships of their final types. Every read matches
// labelled records (a Fund, a Node, a BudgetLine...) and every flow
// between two Nodes, so no read sees a staged record, and the uniqueness
// constraints on each kind's id do not clash with the live version's. The
// switch (switch.go) then retires the live version the same way, by
// label, and gives the stage its labels. A dataset refers only to its own
// records (flow.Check), so the stage's relationships join staged nodes
// only.
const (
	labelStaged  = "Staged"  // a record of a load's stage, not yet live
	labelRetired = "Retired" // a record a switch replaced, deleted in batches after it
	labelStage   = "Stage"   // the one node that says which load holds the stage (stagelock.go)
)

var (
	// stageNodesStatement writes funds, programmes, organisations,
	// sources and people; row.stagedAs is the kind's label.
	stageNodesStatement = statement("stage-nodes", `
UNWIND $rows AS row
CREATE (n:`+labelStaged+`)
SET n = row.props, n.stagedAs = row.stagedAs`,
		map[string]any{"rows": []any{}})

	// stageKeptNodesStatement copies the live nodes the plan keeps into
	// the stage as they are stored, so that the switch can retire the
	// whole live version and the kept records survive it unchanged.
	stageKeptNodesStatement = statement("stage-kept-nodes", `
UNWIND $rows AS rowId
MATCH (n:Node {id: rowId})
WHERE n.dataset = $dataset
CREATE (s:`+labelStaged+`)
SET s = properties(n), s.stagedAs = [l IN labels(n) WHERE NOT l IN ['Node', 'Searchable']][0]`,
		map[string]any{"rows": []any{}, "dataset": ""})

	// The structure is read from the staged nodes' own properties, not
	// from the file, so that a kept programme or person keeps the fund or
	// organisation it is stored with.
	stagePartOfStatement = statement("stage-part-of", `
UNWIND $rows AS rowId
MATCH (p:`+labelStaged+` {id: rowId})
MATCH (f:`+labelStaged+` {id: p.fundId})
CREATE (p)-[:PART_OF]->(f)`,
		map[string]any{"rows": []any{}})

	stageWorksForStatement = statement("stage-works-for", `
UNWIND $rows AS rowId
MATCH (p:`+labelStaged+` {id: rowId})
MATCH (o:`+labelStaged+` {id: p.organisationId})
CREATE (p)-[:WORKS_FOR]->(o)`,
		map[string]any{"rows": []any{}})

	stageLinesStatement = statement("stage-budget-lines", `
UNWIND $rows AS row
CREATE (b:`+labelStaged+`)
SET b = row.props, b.stagedAs = 'BudgetLine'
WITH b
MATCH (p:`+labelStaged+` {id: b.programmeId})
CREATE (p)-[:HAS_BUDGET_LINE]->(b)`,
		map[string]any{"rows": []any{}})

	stageLinksStatement = statement("stage-links", `
UNWIND $rows AS row
CREATE (l:`+labelStaged+`)
SET l = row, l.stagedAs = 'Link'`,
		map[string]any{"rows": []any{}})

	stageFactsStatement = statement("stage-facts", `
UNWIND $rows AS row
CREATE (f:`+labelStaged+`)
SET f = row.props, f.stagedAs = 'Fact'
WITH f
MATCH (n:`+labelStaged+` {id: f.subjectId})
CREATE (n)-[:HAS_FACT]->(f)`,
		map[string]any{"rows": []any{}})

	// stageStatementsStatement links each statement to its person and to
	// what it is about, each in a subquery of its own, so that a missing
	// end drops one link, not the rest.
	stageStatementsStatement = statement("stage-statements", `
UNWIND $rows AS row
CREATE (s:`+labelStaged+`)
SET s = row.props, s.stagedAs = 'Statement'
WITH s
CALL (s) {
  MATCH (p:`+labelStaged+` {id: s.personId})
  CREATE (p)-[:SAID]->(s)
}
CALL (s) {
  UNWIND s.aboutIds AS about
  MATCH (n:`+labelStaged+` {id: about})
  CREATE (s)-[:ABOUT]->(n)
}`,
		map[string]any{"rows": []any{}})
)

// Per flow type: stageFlows writes the file's flows between staged nodes,
// and stageKeptFlows copies the live flows the plan keeps, as stored,
// between the staged copies of their ends.
var (
	stageFlows     = map[string]*Statement{}
	stageKeptFlows = map[string]*Statement{}
)

func init() {
	for _, kind := range flow.FlowKinds {
		typ := flowTypes[kind]
		stageFlows[typ] = statement("stage-"+typ, `
UNWIND $rows AS row
MATCH (a:`+labelStaged+` {id: row.from})
MATCH (b:`+labelStaged+` {id: row.to})
CREATE (a)-[r:`+typ+`]->(b)
SET r = row.props`,
			map[string]any{"rows": []any{}})
	}
	for _, kind := range flow.EdgeKinds {
		typ := flowTypes[kind]
		stageKeptFlows[typ] = statement("stage-kept-"+typ, `
UNWIND $rows AS rowId
MATCH (a:Node)-[r:`+typ+`]->(b:Node)
WHERE r.id = rowId AND r.dataset = $dataset
MATCH (sa:`+labelStaged+` {id: a.id})
MATCH (sb:`+labelStaged+` {id: b.id})
CREATE (sa)-[c:`+typ+`]->(sb)
SET c = properties(r)`,
			map[string]any{"rows": []any{}, "dataset": ""})
	}
}

// stagePlan is the stage of a load of ds: the calls that write it, each in
// a transaction of its own and each of at most batch rows, in an order
// that writes every node before the relationships that need it. The
// records whose ids are in keep (nodes and flows, flow.LoadPlan) are
// copied from the live version as stored, whatever the file says of them.
// It is built without a database, so tests see exactly what a load sends.
func stagePlan(ds *flow.Dataset, batch int, keep []string) []call {
	held := map[string]bool{}
	for _, id := range keep {
		held[id] = true
	}
	var out []call
	batched := func(s *Statement, rows []any, extra map[string]any) {
		for start := 0; start < len(rows); start += batch {
			p := map[string]any{"rows": rows[start:min(start+batch, len(rows))]}
			for k, v := range extra {
				p[k] = v
			}
			out = append(out, call{s, p})
		}
	}
	node := func(label string, row map[string]any) any {
		return map[string]any{"stagedAs": label, "props": row}
	}

	var nodes, programmes, people []any
	for _, f := range ds.Funds {
		if !held[f.ID] {
			nodes = append(nodes, node(labelFund, fundRow(f)))
		}
	}
	for _, p := range ds.Programmes {
		programmes = append(programmes, p.ID)
		if !held[p.ID] {
			nodes = append(nodes, node(labelProgramme, programmeRow(p)))
		}
	}
	for _, o := range ds.Organisations {
		if !held[o.ID] {
			nodes = append(nodes, node(labelOrganisation, organisationRow(o)))
		}
	}
	for _, s := range ds.Sources {
		if !held[s.ID] {
			nodes = append(nodes, node(labelSource, sourceRow(s)))
		}
	}
	for _, p := range ds.People {
		people = append(people, p.ID)
		if !held[p.ID] {
			nodes = append(nodes, node(labelPerson, personRow(p)))
		}
	}
	var kept []any
	for _, id := range keep {
		kept = append(kept, id)
	}
	dataset := map[string]any{"dataset": ds.ID}

	// Nodes first, the kept ones among them: every relationship below
	// matches its ends in the stage. A kept programme or person is linked
	// by what it is stored with, so every programme and person is linked.
	batched(stageNodesStatement, nodes, nil)
	batched(stageKeptNodesStatement, kept, dataset)
	batched(stagePartOfStatement, programmes, nil)
	batched(stageWorksForStatement, people, nil)

	fund := map[string]string{}
	for _, pr := range ds.Programmes {
		fund[pr.ID] = pr.FundID
	}
	flowRows := map[string][]any{}
	var lines []any
	for _, b := range ds.BudgetLines {
		lines = append(lines, budgetLineRow(b))
		for _, f := range b.Flows(fund[b.ProgrammeID]) {
			flowRows["BUDGETED"] = append(flowRows["BUDGETED"], flowRow(f))
		}
	}
	batched(stageLinesStatement, lines, nil)
	for _, f := range ds.Flows {
		if !held[f.ID] {
			typ := flowTypes[f.Kind]
			flowRows[typ] = append(flowRows[typ], flowRow(f))
		}
	}
	for _, kind := range flow.FlowKinds {
		batched(stageFlows[flowTypes[kind]], flowRows[flowTypes[kind]], nil)
	}
	// A kept id names one record: a node (copied above) or a flow of one
	// type, which each type's copy finds or not.
	for _, kind := range flow.EdgeKinds {
		batched(stageKeptFlows[flowTypes[kind]], kept, dataset)
	}

	var links, facts, statements []any
	for _, l := range ds.Links {
		links = append(links, linkRow(l))
	}
	for _, f := range ds.Facts {
		facts = append(facts, factRow(f))
	}
	for _, s := range ds.Statements {
		statements = append(statements, statementRow(s))
	}
	batched(stageLinksStatement, links, nil)
	batched(stageFactsStatement, facts, nil)
	batched(stageStatementsStatement, statements, nil)
	return out
}

package neo4j

import "github.com/fundflow/fundflow/flow"

// The statements an API write merges one record with, on its id, in the
// live graph (write.go). Loads do not merge: they write a stage
// (stage.go).
var (
	// mergeNodes holds, per label, the merge of a fund, programme,
	// organisation, source or person.
	mergeNodes = map[string]*Statement{}
	// mergeFlows holds, per relationship type, the merge of a flow between
	// its two ends, which must exist.
	mergeFlows = map[string]*Statement{}

	// partOfStatement links a programme to its fund, or unlinks it.
	partOfStatement = statement("write-part-of", `
UNWIND $rows AS row
MATCH (p:Programme {id: row.id})
OPTIONAL MATCH (p)-[old:PART_OF]->(:Fund)
DELETE old
WITH DISTINCT p, row
MATCH (f:Fund {id: row.fundId})
MERGE (p)-[:PART_OF]->(f)`,
		map[string]any{"rows": []any{}})
)

func init() {
	for _, label := range []string{labelFund, labelProgramme, labelOrganisation, labelSource, labelPerson} {
		mergeNodes[label] = statement("write-"+label, `
UNWIND $rows AS row
MERGE (n:Node {id: row.id})
SET n = row, n:`+label+`:`+labelSearchable,
			map[string]any{"rows": []any{}})
	}
	for _, kind := range flow.FlowKinds {
		typ := flowTypes[kind]
		mergeFlows[typ] = statement("write-"+typ, `
UNWIND $rows AS row
MATCH (a:Node {id: row.from})
MATCH (b:Node {id: row.to})
MERGE (a)-[r:`+typ+` {id: row.id}]->(b)
SET r = row.props`,
			map[string]any{"rows": []any{}})
	}
}

package neo4j

import (
	"context"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

var (
	deleteNodesStatement = statement("delete-dataset-nodes", `
MATCH (n:Node) WHERE n.dataset = $dataset
DETACH DELETE n
RETURN count(n) AS deleted`,
		map[string]any{"dataset": ""})
	deleteLinesStatement = statement("delete-dataset-budget-lines", `
MATCH (b:BudgetLine) WHERE b.dataset = $dataset
DETACH DELETE b
RETURN count(b) AS deleted`,
		map[string]any{"dataset": ""})
	deleteFactsStatement = statement("delete-dataset-facts", `
MATCH (f:Fact) WHERE f.dataset = $dataset
DETACH DELETE f
RETURN count(f) AS deleted`,
		map[string]any{"dataset": ""})
	deleteStatementsStatement = statement("delete-dataset-statements", `
MATCH (s:Statement) WHERE s.dataset = $dataset
DETACH DELETE s
RETURN count(s) AS deleted`,
		map[string]any{"dataset": ""})
	deleteRevisionsStatement = statement("delete-dataset-revisions", `
MATCH (v:Revision) WHERE v.dataset = $dataset
DELETE v
RETURN count(v) AS deleted`,
		map[string]any{"dataset": ""})
	deleteDatasetStatement = statement("delete-dataset", `
MATCH (d:Dataset {id: $dataset})
DELETE d
RETURN count(d) AS deleted`,
		map[string]any{"dataset": ""})
	// deleteGenerationStatement raises the generation, as every write
	// does on the Lock node, and counts nothing deleted.
	deleteGenerationStatement = statement("delete-dataset-generation", `
MERGE (l:Lock {id: 'load'})
SET l.generation = coalesce(l.generation, 0) + 1
RETURN 0 AS deleted`, nil)
)

// DeleteDataset removes every record of one dataset, in one transaction,
// and returns how many nodes it removed (flows go with their nodes). Only
// the dataset's own records are touched, which is what lets the contract
// suite run against a database that is not its own.
func (s *Store) DeleteDataset(ctx context.Context, dataset string) (int, error) {
	deleted := 0
	err := s.write(ctx, func(tx driver.ManagedTransaction) error {
		deleted = 0
		for _, st := range []*Statement{deleteNodesStatement, deleteLinesStatement, deleteFactsStatement, deleteStatementsStatement,
			deleteRevisionsStatement, deleteDatasetStatement, deleteGenerationStatement} {
			recs, err := run(ctx, tx, call{st, map[string]any{"dataset": dataset}})
			if err != nil {
				return err
			}
			n, err := value[int64](recs[0].AsMap(), "deleted")
			if err != nil {
				return err
			}
			deleted += int(n)
		}
		return nil
	})
	if err != nil {
		return 0, internal("delete dataset "+dataset, err)
	}
	return deleted, nil
}

package neo4j

import (
	"context"
	"fmt"
)

// The records no read sees, a stage that never went live and the records
// a switch retired, are deleted in batches: each transaction deletes at
// most $batch relationships, then, once none is left, at most $batch
// nodes, so that no transaction holds more than a batch of deletions
// however large the dataset. Relationships go first so that no node's
// deletion has to detach thousands of them at once (a hub's flows).
var cleanupStatements = map[string][2]*Statement{}

func init() {
	for _, label := range []string{labelStaged, labelRetired} {
		cleanupStatements[label] = [2]*Statement{
			statement("cleanup-"+label+"-relationships", `
MATCH (:`+label+`)-[r]-()
WITH DISTINCT r LIMIT $batch
DELETE r
RETURN count(r) AS deleted`,
				map[string]any{"batch": int64(0)}),
			statement("cleanup-"+label+"-nodes", `
MATCH (n:`+label+`)
WITH n LIMIT $batch
DELETE n
RETURN count(n) AS deleted`,
				map[string]any{"batch": int64(0)}),
		}
	}
}

// cleanupCalls are the two deletes that clear the records labelled label,
// each to be run until it deletes fewer than batch.
func cleanupCalls(label string, batch int) []call {
	p := map[string]any{"batch": int64(batch)}
	s := cleanupStatements[label]
	return []call{{s[0], p}, {s[1], p}}
}

// cleanup deletes every record labelled label, a batch per transaction.
func cleanup(ctx context.Context, txs transactor, label string, batch int) error {
	for _, c := range cleanupCalls(label, batch) {
		for {
			var deleted int64
			err := txs.inTx(ctx, func(tx runner) error {
				recs, err := tx.run(ctx, c)
				if err != nil {
					return err
				}
				if len(recs) != 1 {
					return fmt.Errorf("%s returned %d rows, want 1", c.stmt.Name, len(recs))
				}
				deleted, err = value[int64](recs[0].AsMap(), "deleted")
				return err
			})
			if err != nil {
				return fmt.Errorf("delete the %s records: %w", label, err)
			}
			if deleted < int64(batch) {
				break
			}
		}
	}
	return nil
}

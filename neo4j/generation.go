package neo4j

import (
	"context"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// generationStatement reads the generation the Lock node counts: every
// transaction that changes what readers see takes the Lock first (a
// load's state read and its switch, every API write, a search reindex)
// and raises it there, so it commits with the change. No Lock node yet
// means nothing was ever written: generation 0.
var generationStatement = statement("generation", `
OPTIONAL MATCH (l:Lock {id: 'load'})
RETURN coalesce(l.generation, 0) AS generation`, nil)

// Generation returns the Lock node's generation: see flow.Store.
func (s *Store) Generation(ctx context.Context) (uint64, error) {
	var g int64
	err := s.read(ctx, func(tx driver.ManagedTransaction) error {
		recs, err := run(ctx, tx, call{stmt: generationStatement, params: map[string]any{}})
		if err != nil {
			return err
		}
		g, err = value[int64](recs[0].AsMap(), "generation")
		return err
	})
	if err != nil {
		return 0, internal("read generation", err)
	}
	return uint64(g), nil
}

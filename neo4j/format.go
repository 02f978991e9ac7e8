package neo4j

import (
	"context"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/fundflow/fundflow/flow"
)

// FormatVersion is the version of what a load writes. Version 2 added sort
// keys, first-reported dates, citation dates and BUDGETED flows; version 3
// gives every flow its measure, keeps a budget line's status on its
// BUDGETED flows (version 2 stored the figure there) and adds links. A
// dataset written by an older version must be loaded again. The API's own
// dataset holds no BUDGETED flows and is never stale: an edge written
// before version 3 reads its measure from its kind and status.
const FormatVersion = 3

var staleStatement = statement("stale-datasets", `
MATCH (d:Dataset) WHERE coalesce(d.formatVersion, 1) < $formatVersion AND d.id <> $api
RETURN d.id AS id ORDER BY id`,
	map[string]any{"formatVersion": int64(0), "api": ""})

// StaleDatasets lists the datasets written by an older fundflow, which this
// version cannot serve correctly until they are loaded again (loading
// replaces a dataset). The server refuses to start while any exist; `load`
// works, and is how they are upgraded.
func (s *Store) StaleDatasets(ctx context.Context) ([]string, error) {
	var ids []string
	err := s.read(ctx, func(tx driver.ManagedTransaction) error {
		ids = nil
		recs, err := run(ctx, tx, call{staleStatement, map[string]any{"formatVersion": int64(FormatVersion), "api": flow.APIDataset}})
		if err != nil {
			return err
		}
		for _, r := range recs {
			id, err := value[string](r.AsMap(), "id")
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return nil, internal("list stale datasets", err)
	}
	return ids, nil
}

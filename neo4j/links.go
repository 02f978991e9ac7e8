package neo4j

import (
	"context"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
)

// linksStatement finds the links naming any of the figures, as the whole
// or as a claim. Links are few (curated by hand), so the scan of the Link
// label is bounded by the curation, not by the flows.
var linksStatement = statement("links", `
MATCH (l:Link)
WHERE l.whole IN $figures OR any(c IN l.claims WHERE c IN $figures)
RETURN l ORDER BY l.id`,
	map[string]any{"figures": []string{}})

// Links returns the links that name any of the figures, in one round trip.
func (s *Store) Links(ctx context.Context, figures []string) ([]*flow.Link, error) {
	if len(figures) == 0 {
		return nil, nil
	}
	var out []*flow.Link
	err := s.read(ctx, func(tx driver.ManagedTransaction) error {
		out = nil
		recs, err := run(ctx, tx, call{linksStatement, map[string]any{"figures": figures}})
		if err != nil {
			return err
		}
		for _, r := range recs {
			n, err := value[dbtype.Node](r.AsMap(), "l")
			if err != nil {
				return err
			}
			l, err := toLink(n)
			if err != nil {
				return err
			}
			out = append(out, l)
		}
		return nil
	})
	if err != nil {
		return nil, internal("load links", err)
	}
	return out, nil
}

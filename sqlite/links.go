package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/fundflow/fundflow/flow"
)

// Links returns the links that name any of the figures, with their
// citations: two queries whatever the number of figures.
func (s *Store) Links(ctx context.Context, figures []string) ([]*flow.Link, error) {
	const query = `
SELECT id, kind, whole, claims, note, known_from, dataset FROM links
WHERE id IN (SELECT link_id FROM link_figures WHERE figure IN (SELECT value FROM json_each(:figures)))
ORDER BY id`
	if len(figures) == 0 {
		return nil, nil
	}
	rows, err := s.read.QueryContext(ctx, query, sql.Named("figures", jsonList(figures)))
	if err != nil {
		return nil, wrap("load links", err)
	}
	defer rows.Close()
	var out []*flow.Link
	owners := map[string][]*[]flow.Citation{}
	for rows.Next() {
		var (
			l      flow.Link
			claims string
		)
		if err := rows.Scan(&l.ID, &l.Kind, &l.Whole, &claims, &l.Note, &l.KnownFrom, &l.Dataset); err != nil {
			return nil, wrap("load links", err)
		}
		if err := json.Unmarshal([]byte(claims), &l.Claims); err != nil {
			return nil, wrap("load links", err)
		}
		out = append(out, &l)
		owners[l.ID] = append(owners[l.ID], &l.Citations)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("load links", err)
	}
	return out, s.attachCitations(ctx, owners)
}

package sqlite

import (
	"context"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/fold"
)

// Search ranks matches, best first: the name is the text (0), an alias is
// the text (1), the name starts with it (2), contains it (3), an alias
// contains it (4); then by name and id. The rank travels in the cursor.
func (s *Store) Search(ctx context.Context, text string, w flow.Window) (*flow.Page[flow.Node], error) {
	const (
		list = `
SELECT ` + nodeColumns + `, rank, sort_key FROM (
  SELECT ` + nodeColumns + `, sort_key,
    CASE
      WHEN sort_key = :text THEN '0'
      WHEN instr(char(10) || alias_keys || char(10), char(10) || :text || char(10)) > 0 THEN '1'
      WHEN substr(sort_key, 1, length(:text)) = :text THEN '2'
      WHEN instr(sort_key, :text) > 0 THEN '3'
      ELSE '4'
    END AS rank
  FROM nodes
  WHERE instr(sort_key, :text) > 0 OR instr(alias_keys, :text) > 0
)
WHERE NOT :paged OR rank > :k0 OR (rank = :k0 AND sort_key > :k1) OR (rank = :k0 AND sort_key = :k1 AND id > :k2)
ORDER BY rank, sort_key, id
LIMIT :limit`
		count = `SELECT count(*) FROM nodes WHERE instr(sort_key, :text) > 0 OR instr(alias_keys, :text) > 0`
	)
	text = fold.Key(text)
	keys := append(w.Keys, make([]string, flow.SearchKeys)...) // "" for each key of the first page
	rows, err := s.db.QueryContext(ctx, list, named(map[string]any{"text": text, "paged": w.Keys != nil,
		"k0": keys[0], "k1": keys[1], "k2": keys[2], "limit": w.Limit + 1})...)
	if err != nil {
		return nil, wrap("search", err)
	}
	defer rows.Close()
	var (
		items   []flow.Node
		cursors []string
	)
	for rows.Next() {
		dest, finish := scanNode()
		var rank, sortKey string
		if err := rows.Scan(append(dest, &rank, &sortKey)...); err != nil {
			return nil, wrap("search", err)
		}
		n, id, err := finish()
		if err != nil {
			return nil, wrap("search", err)
		}
		items = append(items, n)
		cursors = append(cursors, flow.EncodeCursor(flow.SearchOrder, rank, sortKey, id))
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("search", err)
	}
	p := flow.Paginate(items, cursors, w)
	if err := s.db.QueryRowContext(ctx, count, named(map[string]any{"text": text})...).Scan(&p.TotalCount); err != nil {
		return nil, wrap("search", err)
	}
	return p, nil
}

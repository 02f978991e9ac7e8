package neo4j

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/fold"
)

// searchStatement ranks matches as the embedded store does: the name is
// the text (0), an alias is (1), the name starts with it (2), contains it
// (3), an alias contains it (4); then by folded name and id. People are
// nodes too, but search does not cover them yet, as on the embedded store.
var searchStatement = statement("search", `
CALL () {
  MATCH (n:Node)
  WHERE NOT n:Person AND (n.sortKey CONTAINS $text OR any(k IN coalesce(n.aliasKeys, []) WHERE k CONTAINS $text))
  RETURN count(n) AS total
}
CALL () {
  MATCH (n:Node)
  WHERE NOT n:Person AND (n.sortKey CONTAINS $text OR any(k IN coalesce(n.aliasKeys, []) WHERE k CONTAINS $text))
  WITH n,
    CASE
      WHEN n.sortKey = $text THEN '0'
      WHEN $text IN coalesce(n.aliasKeys, []) THEN '1'
      WHEN n.sortKey STARTS WITH $text THEN '2'
      WHEN n.sortKey CONTAINS $text THEN '3'
      ELSE '4'
    END AS rank
  WHERE NOT $paged OR rank > $k0 OR (rank = $k0 AND n.sortKey > $k1) OR (rank = $k0 AND n.sortKey = $k1 AND n.id > $k2)
  WITH n, rank ORDER BY rank, n.sortKey, n.id LIMIT $limit
  RETURN collect({node: n, keys: [rank, n.sortKey, n.id]}) AS rows
}
RETURN total, rows`,
	map[string]any{"text": "", "paged": false, "k0": "", "k1": "", "k2": "", "limit": int64(1)})

// searchCall builds the call for one page of a search.
func searchCall(text string, w flow.Window) call {
	keys := append(w.Keys, make([]string, flow.SearchKeys)...) // "" for each key of the first page
	return call{searchStatement, map[string]any{"text": fold.Key(text), "paged": w.Keys != nil,
		"k0": keys[0], "k1": keys[1], "k2": keys[2], "limit": int64(w.Limit + 1)}}
}

// Search finds nodes by name and alias, best match first, in one round trip.
func (s *Store) Search(ctx context.Context, text string, w flow.Window) (*flow.Page[flow.Node], error) {
	c := searchCall(text, w)
	total, rows, err := s.readPage(ctx, c, "rows")
	if err != nil {
		return nil, internal("search", err)
	}
	var (
		items   []flow.Node
		cursors []string
	)
	for _, r := range rows {
		m, ok := r.(map[string]any)
		if !ok {
			return nil, flow.Errorf(flow.EINTERNAL, "search: row is %T", r)
		}
		n, err := value[dbtype.Node](m, "node")
		if err != nil {
			return nil, internal("search", err)
		}
		node, err := toNode(n)
		if err != nil {
			return nil, internal("search", err)
		}
		k, err := stringList(m, "keys")
		if err != nil {
			return nil, internal("search", err)
		}
		items = append(items, node)
		cursors = append(cursors, flow.EncodeCursor(flow.SearchOrder, k...))
	}
	p := flow.Paginate(items, cursors, w)
	p.TotalCount = total
	return p, nil
}

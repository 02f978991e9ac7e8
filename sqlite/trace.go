package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/fundflow/fundflow/flow"
)

// Trace walks flows outward from q.From with a recursive query that never
// revisits a node, then loads the flows on the paths it keeps: two queries
// (three with citations) whatever the number of paths.
func (s *Store) Trace(ctx context.Context, q flow.TraceWalk) (*flow.TraceResult, error) {
	// Flow ids are lower-case words and hyphens, all of which sort after
	// ',', so ordering the comma-joined path orders paths by their id lists.
	const walk = `
WITH RECURSIVE walk (node, path, hops, visited) AS (
  SELECT to_id, id, 1, ',' || from_id || ',' || to_id || ','
  FROM flows
  WHERE from_id = :from AND to_id <> from_id AND status <> 'RETRACTED'
    AND (:kinds IS NULL AND kind <> 'BUDGET_LINE' OR kind IN (SELECT value FROM json_each(:kinds)))
    AND (:as_of = '' OR (known_from <> '' AND known_from <= :as_of))
  UNION ALL
  SELECT f.to_id, w.path || ',' || f.id, w.hops + 1, w.visited || f.to_id || ','
  FROM walk w JOIN flows f ON f.from_id = w.node
  WHERE w.hops < :max_hops
    AND (:to = '' OR w.node <> :to)
    AND instr(w.visited, ',' || f.to_id || ',') = 0
    AND f.status <> 'RETRACTED'
    AND (:kinds IS NULL AND f.kind <> 'BUDGET_LINE' OR f.kind IN (SELECT value FROM json_each(:kinds)))
    AND (:as_of = '' OR (f.known_from <> '' AND f.known_from <= :as_of))
)
SELECT path FROM walk
WHERE :to = '' OR node = :to
ORDER BY hops, path
LIMIT :limit`
	rows, err := s.db.QueryContext(ctx, walk, sql.Named("from", q.From), sql.Named("to", q.To),
		sql.Named("kinds", jsonList(q.Kinds)), sql.Named("max_hops", q.MaxHops), sql.Named("limit", q.Limit+1),
		sql.Named("as_of", string(q.AsOf)))
	if err != nil {
		return nil, wrap("trace", err)
	}
	defer rows.Close()
	var paths [][]string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, wrap("trace", err)
		}
		paths = append(paths, strings.Split(p, ","))
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("trace", err)
	}
	res := &flow.TraceResult{}
	if len(paths) > q.Limit {
		paths, res.More = paths[:q.Limit], true
	}
	byID, err := s.flowsByID(ctx, paths, q.AsOf)
	if err != nil {
		return nil, err
	}
	for _, ids := range paths {
		var p flow.Path
		for _, id := range ids {
			p.Hops = append(p.Hops, byID[id])
		}
		res.Paths = append(res.Paths, p)
	}
	return res, nil
}

func (s *Store) flowsByID(ctx context.Context, paths [][]string, asOf flow.Date) (map[string]*flow.Flow, error) {
	const query = `SELECT ` + flowColumns + ` FROM flows WHERE id IN (SELECT value FROM json_each(:ids))`
	seen := map[string]bool{}
	var ids []string
	for _, p := range paths {
		for _, id := range p {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	out := map[string]*flow.Flow{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, query, sql.Named("ids", jsonList(ids)))
	if err != nil {
		return nil, wrap("trace", err)
	}
	defer rows.Close()
	lines := map[string]string{}
	scan := scanFlow(lines)
	var flows []*flow.Flow
	for rows.Next() {
		dest, finish := scan()
		if err := rows.Scan(dest...); err != nil {
			return nil, wrap("trace", err)
		}
		f, _, _ := finish()
		flows = append(flows, f)
		out[f.ID] = f
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("trace", err)
	}
	return out, s.flowCitations(ctx, flows, lines, asOf)
}

package neo4j

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
)

// flowFilter is shared by the count and the page; every optional filter is
// a parameter that, when null or empty, matches everything.
const flowFilter = `($ids IS NULL OR r.id IN $ids)
    AND ($froms IS NULL OR a.id IN $froms)
    AND ($tos IS NULL OR b.id IN $tos)
    AND ($kinds IS NULL OR r.kind IN $kinds)
    AND ($statuses IS NULL OR r.status IN $statuses)
    AND ($year = '' OR r.year = $year)`

var flowsStatement = statement("flows", `
CALL () {
  MATCH (a:Node)-[r:`+flowPattern+`]->(b:Node)
  WHERE `+flowFilter+`
  RETURN count(r) AS total
}
CALL () {
  MATCH (a:Node)-[r:`+flowPattern+`]->(b:Node)
  WHERE `+flowFilter+`
    AND ($after = '' OR r.id > $after)
  WITH a, r, b ORDER BY r.id LIMIT $limit
  RETURN collect({rel: r, from: a.id, to: b.id}) AS rows
}
RETURN total, rows`,
	map[string]any{"ids": []string{}, "froms": []string{}, "tos": []string{}, "kinds": []string{},
		"statuses": []string{}, "year": "", "after": "", "limit": int64(1)})

// Flows lists flows by id, filtered and keyset-paged, with their citations,
// in one round trip.
func (s *Store) Flows(ctx context.Context, f flow.FlowFilter, p flow.PageArgs) (*flow.Page[*flow.Flow], error) {
	c, limit, err := flowsCall(f, p)
	if err != nil {
		return nil, err
	}
	total, rows, err := s.readPage(ctx, c, "rows")
	if err != nil {
		return nil, internal("list flows", err)
	}
	flows, err := toFlows(rows)
	if err != nil {
		return nil, internal("list flows", err)
	}
	page := &flow.Page[*flow.Flow]{HasPreviousPage: p.After != "", TotalCount: total, Items: flows}
	if len(page.Items) > limit {
		page.Items, page.HasNextPage = page.Items[:limit], true
	}
	for _, fl := range page.Items {
		page.Cursors = append(page.Cursors, flow.EncodeCursor("id", fl.ID))
	}
	return page, nil
}

// flowsCall builds the call for one page of flows.
func flowsCall(f flow.FlowFilter, p flow.PageArgs) (call, int, error) {
	limit, err := p.Limit()
	if err != nil {
		return call{}, 0, err
	}
	after := ""
	if p.After != "" {
		keys, err := flow.DecodeCursor(p.After, "id", 1)
		if err != nil {
			return call{}, 0, err
		}
		after = keys[0]
	}
	return call{flowsStatement, map[string]any{"ids": stringsOrNil(f.IDs), "froms": stringsOrNil(f.FromIDs),
		"tos": stringsOrNil(f.ToIDs), "kinds": stringsOrNil(f.Kinds), "statuses": stringsOrNil(f.Statuses),
		"year": string(f.Year), "after": after, "limit": int64(limit + 1)}}, limit, nil
}

// toFlows maps rows of {rel, from, to}.
func toFlows(rows []any) ([]*flow.Flow, error) {
	out := make([]*flow.Flow, 0, len(rows))
	for _, row := range rows {
		m, ok := row.(map[string]any)
		if !ok {
			return nil, flow.Errorf(flow.EINTERNAL, "flow row is %T, want a map", row)
		}
		rel, err := value[dbtype.Relationship](m, "rel")
		if err != nil {
			return nil, err
		}
		from, err := value[string](m, "from")
		if err != nil {
			return nil, err
		}
		to, err := value[string](m, "to")
		if err != nil {
			return nil, err
		}
		f, err := toFlow(rel, from, to)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

package sqlite

import (
	"context"
	"database/sql"

	"github.com/fundflow/fundflow/flow"
)

const flowColumns = `id, kind, from_id, to_id, year, amount, low, high, qualifier, currency, status, note, dataset`

// flowFilter is the WHERE clause shared by listing and counting flows; every
// optional filter is a parameter that, when NULL or empty, matches all.
const flowFilter = `
WHERE (:ids IS NULL OR id IN (SELECT value FROM json_each(:ids)))
  AND (:froms IS NULL OR from_id IN (SELECT value FROM json_each(:froms)))
  AND (:tos IS NULL OR to_id IN (SELECT value FROM json_each(:tos)))
  AND (:kinds IS NULL OR kind IN (SELECT value FROM json_each(:kinds)))
  AND (:statuses IS NULL OR status IN (SELECT value FROM json_each(:statuses)))
  AND (:year = '' OR year = :year)`

const flowOrder = "id"

// Flows lists flows by id, filtered and keyset-paged, with their citations:
// three queries whatever the page size.
func (s *Store) Flows(ctx context.Context, f flow.FlowFilter, p flow.PageArgs) (*flow.Page[*flow.Flow], error) {
	const (
		list  = `SELECT ` + flowColumns + ` FROM flows` + flowFilter + ` AND (:after = '' OR id > :after) ORDER BY id LIMIT :limit`
		count = `SELECT count(*) FROM flows` + flowFilter
	)
	limit, err := p.Limit()
	if err != nil {
		return nil, err
	}
	after := ""
	if p.After != "" {
		keys, err := flow.DecodeCursor(p.After, flowOrder, 1)
		if err != nil {
			return nil, err
		}
		after = keys[0]
	}
	filter := []any{
		sql.Named("ids", jsonList(f.IDs)), sql.Named("froms", jsonList(f.FromIDs)),
		sql.Named("tos", jsonList(f.ToIDs)), sql.Named("kinds", jsonList(f.Kinds)),
		sql.Named("statuses", jsonList(f.Statuses)), sql.Named("year", string(f.Year)),
	}
	flows, err := s.queryFlows(ctx, list, append(filter, sql.Named("after", after), sql.Named("limit", limit+1))...)
	if err != nil {
		return nil, err
	}
	page := &flow.Page[*flow.Flow]{HasPreviousPage: p.After != ""}
	if len(flows) > limit {
		flows, page.HasNextPage = flows[:limit], true
	}
	page.Items = flows
	for _, fl := range flows {
		page.Cursors = append(page.Cursors, flow.EncodeCursor(flowOrder, fl.ID))
	}
	if err := s.db.QueryRowContext(ctx, count, filter...).Scan(&page.TotalCount); err != nil {
		return nil, wrap("count flows", err)
	}
	return page, nil
}

// queryFlows runs a flow query and attaches the flows' citations with one
// more query.
func (s *Store) queryFlows(ctx context.Context, query string, args ...any) ([]*flow.Flow, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap("list flows", err)
	}
	defer rows.Close()
	var out []*flow.Flow
	byID := map[string]*[]flow.Citation{}
	for rows.Next() {
		var (
			f         flow.Flow
			low, high sql.NullInt64
		)
		if err := rows.Scan(&f.ID, &f.Kind, &f.FromID, &f.ToID, &f.Year, &f.Amount.Amount, &low, &high,
			&f.Amount.Qualifier, &f.Amount.Currency, &f.Status, &f.Note, &f.Dataset); err != nil {
			return nil, wrap("list flows", err)
		}
		f.Amount.Low, f.Amount.High = pence(low), pence(high)
		out = append(out, &f)
		byID[f.ID] = &f.Citations
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("list flows", err)
	}
	return out, s.attachCitations(ctx, byID)
}

// attachCitations loads the citations of many owners in one query.
func (s *Store) attachCitations(ctx context.Context, owners map[string]*[]flow.Citation) error {
	const query = `
SELECT owner_id, source_id, quote FROM citations
WHERE owner_id IN (SELECT value FROM json_each(:owners))
ORDER BY owner_id, position`
	if len(owners) == 0 {
		return nil
	}
	ids := make([]string, 0, len(owners))
	for id := range owners {
		ids = append(ids, id)
	}
	rows, err := s.db.QueryContext(ctx, query, sql.Named("owners", jsonList(ids)))
	if err != nil {
		return wrap("load citations", err)
	}
	defer rows.Close()
	for rows.Next() {
		var owner string
		var c flow.Citation
		if err := rows.Scan(&owner, &c.SourceID, &c.Quote); err != nil {
			return wrap("load citations", err)
		}
		*owners[owner] = append(*owners[owner], c)
	}
	return wrap("load citations", rows.Err())
}

func pence(n sql.NullInt64) *flow.Pence {
	if !n.Valid {
		return nil
	}
	p := flow.Pence(n.Int64)
	return &p
}

package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/fold"
)

// nodeColumns is the column list every node query selects, in scanNode's
// order.
const nodeColumns = `id, label, name, aliases, description, coalesce(fund_id, ''), kind,
  publisher, published, date_note, url, file, notes, dataset, sort_key`

// Nodes returns the nodes with the given ids, in one query.
func (s *Store) Nodes(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	const query = `SELECT ` + nodeColumns + ` FROM nodes WHERE id IN (SELECT value FROM json_each(:ids))`
	out := make(map[string]flow.Node, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, query, sql.Named("ids", jsonList(ids)))
	if err != nil {
		return nil, wrap("load nodes", err)
	}
	defer rows.Close()
	for rows.Next() {
		n, _, err := scanNode(rows)
		if err != nil {
			return nil, wrap("load nodes", err)
		}
		out[n.NodeID()] = n
	}
	return out, wrap("load nodes", rows.Err())
}

// listNodes is the one query behind Funds, Programmes, Organisations and
// Sources: nodes of a label, filtered, ordered by folded name then id, and
// keyset-paged on that order.
const listNodes = `
SELECT ` + nodeColumns + ` FROM nodes
WHERE label = :label
  AND (:ids IS NULL OR id IN (SELECT value FROM json_each(:ids)))
  AND (:name = '' OR instr(sort_key, :name) > 0 OR instr(alias_keys, :name) > 0)
  AND (:fund = '' OR fund_id = :fund)
  AND (:after = 0 OR sort_key > :k0 OR (sort_key = :k0 AND id > :k1))
ORDER BY sort_key, id
LIMIT :limit`

const countNodes = `
SELECT count(*) FROM nodes
WHERE label = :label
  AND (:ids IS NULL OR id IN (SELECT value FROM json_each(:ids)))
  AND (:name = '' OR instr(sort_key, :name) > 0 OR instr(alias_keys, :name) > 0)
  AND (:fund = '' OR fund_id = :fund)`

// nodeOrder names the only ordering of node lists, for their cursors.
const nodeOrder = "name"

func (s *Store) listNodes(ctx context.Context, label string, f flow.NodeFilter, fund string, p flow.PageArgs) ([]flow.Node, *flow.Page[flow.Node], error) {
	limit, err := p.Limit()
	if err != nil {
		return nil, nil, err
	}
	keys := []string{"", ""}
	if p.After != "" {
		if keys, err = flow.DecodeCursor(p.After, nodeOrder, 2); err != nil {
			return nil, nil, err
		}
	}
	filter := []any{sql.Named("label", label), sql.Named("ids", jsonList(f.IDs)),
		sql.Named("name", fold.Key(f.NameContains)), sql.Named("fund", fund)}
	args := append(filter, sql.Named("after", boolInt(p.After != "")),
		sql.Named("k0", keys[0]), sql.Named("k1", keys[1]), sql.Named("limit", limit+1))
	rows, err := s.db.QueryContext(ctx, listNodes, args...)
	if err != nil {
		return nil, nil, wrap("list "+label, err)
	}
	defer rows.Close()
	page := &flow.Page[flow.Node]{HasPreviousPage: p.After != ""}
	for rows.Next() {
		n, sortKey, err := scanNode(rows)
		if err != nil {
			return nil, nil, wrap("list "+label, err)
		}
		page.Items = append(page.Items, n)
		page.Cursors = append(page.Cursors, flow.EncodeCursor(nodeOrder, sortKey, n.NodeID()))
	}
	if err := rows.Err(); err != nil {
		return nil, nil, wrap("list "+label, err)
	}
	if len(page.Items) > limit {
		page.Items, page.Cursors, page.HasNextPage = page.Items[:limit], page.Cursors[:limit], true
	}
	if err := s.db.QueryRowContext(ctx, countNodes, filter...).Scan(&page.TotalCount); err != nil {
		return nil, nil, wrap("count "+label, err)
	}
	return page.Items, page, nil
}

// Funds lists funds by name.
func (s *Store) Funds(ctx context.Context, f flow.NodeFilter, p flow.PageArgs) (*flow.Page[*flow.Fund], error) {
	return typed[*flow.Fund](s.listNodes(ctx, "Fund", f, "", p))
}

// Programmes lists programmes by name.
func (s *Store) Programmes(ctx context.Context, f flow.ProgrammeFilter, p flow.PageArgs) (*flow.Page[*flow.Programme], error) {
	return typed[*flow.Programme](s.listNodes(ctx, "Programme", f.NodeFilter, f.FundID, p))
}

// Organisations lists organisations by name.
func (s *Store) Organisations(ctx context.Context, f flow.NodeFilter, p flow.PageArgs) (*flow.Page[*flow.Organisation], error) {
	return typed[*flow.Organisation](s.listNodes(ctx, "Organisation", f, "", p))
}

// Sources lists sources by title.
func (s *Store) Sources(ctx context.Context, f flow.NodeFilter, p flow.PageArgs) (*flow.Page[*flow.Source], error) {
	return typed[*flow.Source](s.listNodes(ctx, "Source", f, "", p))
}

// typed converts a page of nodes of one label into a page of that type.
func typed[T flow.Node](items []flow.Node, page *flow.Page[flow.Node], err error) (*flow.Page[T], error) {
	if err != nil {
		return nil, err
	}
	out := &flow.Page[T]{Cursors: page.Cursors, HasNextPage: page.HasNextPage,
		HasPreviousPage: page.HasPreviousPage, TotalCount: page.TotalCount}
	for _, n := range items {
		out.Items = append(out.Items, n.(T))
	}
	return out, nil
}

type scanner interface{ Scan(dest ...any) error }

// scanNode reads a row of nodeColumns into the domain type its label names.
func scanNode(r scanner) (flow.Node, string, error) {
	var (
		id, label, name, aliases, description, fundID, kind string
		publisher, published, dateNote, url, file, notes    string
		dataset, sortKey                                    string
	)
	if err := r.Scan(&id, &label, &name, &aliases, &description, &fundID, &kind,
		&publisher, &published, &dateNote, &url, &file, &notes, &dataset, &sortKey); err != nil {
		return nil, "", err
	}
	var as, ns []string
	if err := json.Unmarshal([]byte(aliases), &as); err != nil {
		return nil, "", err
	}
	if err := json.Unmarshal([]byte(notes), &ns); err != nil {
		return nil, "", err
	}
	if len(as) == 0 {
		as = nil
	}
	if len(ns) == 0 {
		ns = nil
	}
	switch label {
	case "Fund":
		return &flow.Fund{ID: id, Name: name, Aliases: as, Description: description, Dataset: dataset}, sortKey, nil
	case "Programme":
		return &flow.Programme{ID: id, Name: name, Aliases: as, Description: description, FundID: fundID, Dataset: dataset}, sortKey, nil
	case "Organisation":
		return &flow.Organisation{ID: id, Name: name, Aliases: as, Kind: kind, Description: description, Dataset: dataset}, sortKey, nil
	default:
		return &flow.Source{ID: id, Title: name, Publisher: publisher, Published: published, DateNote: dateNote,
			URL: url, File: file, Notes: ns, Dataset: dataset}, sortKey, nil
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/fundflow/fundflow/flow"
)

const flowColumns = `id, kind, from_id, to_id, year, amount, low, high, qualifier, currency, phrase, measure, status, note, dataset,
  known_from, line_id, derived_from`

// flowFilter is shared by the page and the count; every optional filter is a
// parameter that, when NULL or empty, matches everything.
const flowFilter = `(:ids IS NULL OR id IN (SELECT value FROM json_each(:ids)))
    AND (:froms IS NULL OR from_id IN (SELECT value FROM json_each(:froms)))
    AND (:tos IS NULL OR to_id IN (SELECT value FROM json_each(:tos)))
    AND (:kinds IS NULL OR kind IN (SELECT value FROM json_each(:kinds)))
    AND (:statuses IS NULL AND status <> 'RETRACTED' OR status IN (SELECT value FROM json_each(:statuses)))
    AND (:measures IS NULL OR measure IN (SELECT value FROM json_each(:measures)))
    AND (:year = '' OR year = :year)
    AND (:year_from = '' OR (year <> '' AND year >= :year_from))
    AND (:year_to = '' OR (year <> '' AND year <= :year_to))
    AND (:amount_min IS NULL OR coalesce(high, amount) IS NULL OR coalesce(high, amount) >= :amount_min)
    AND (:amount_max IS NULL OR coalesce(low, amount) IS NULL OR coalesce(low, amount) <= :amount_max)
    AND (:programmes IS NULL OR from_id IN (SELECT value FROM json_each(:programmes)) OR to_id IN (SELECT value FROM json_each(:programmes)))
    AND (:funds IS NULL OR from_id IN (SELECT value FROM json_each(:funds)) OR to_id IN (SELECT value FROM json_each(:funds)))
    AND (:organisations IS NULL OR from_id IN (SELECT value FROM json_each(:organisations)) OR to_id IN (SELECT value FROM json_each(:organisations)))
    AND (:as_of = '' OR (known_from <> '' AND known_from <= :as_of))`

var flowList = newList("flows", flowColumns, flowFilter)

// flowParams binds a flow filter.
func flowParams(f flow.FlowFilter) map[string]any {
	return map[string]any{"ids": jsonList(f.IDs), "froms": jsonList(f.FromIDs), "tos": jsonList(f.ToIDs),
		"kinds": jsonList(f.Kinds), "statuses": jsonList(f.Statuses), "measures": jsonList(f.Measures), "year": string(f.Year),
		"year_from": string(f.YearFrom), "year_to": string(f.YearTo),
		"amount_min": nullPence(f.AmountMin), "amount_max": nullPence(f.AmountMax),
		"programmes": jsonList(f.ProgrammeIDs), "funds": jsonList(f.FundIDs),
		"organisations": jsonList(f.OrganisationIDs), "as_of": string(f.AsOf)}
}

// Flows lists flows, filtered, ordered and keyset-paged, with their
// citations: three queries whatever the page size.
func (s *Store) Flows(ctx context.Context, f flow.FlowFilter, w flow.Window) (*flow.Page[*flow.Flow], error) {
	lines := map[string]string{} // flow id -> budget line id, for BUDGET_LINE flows
	p, err := page(ctx, s.db, flowList, flowParams(f), w, scanFlow(lines), "flows")
	if err != nil {
		return nil, err
	}
	if err := s.flowCitations(ctx, p.Items, lines, f.AsOf); err != nil {
		return nil, err
	}
	return p, nil
}

// scanFlow reads a row of flowColumns, noting in lines the budget line a
// BUDGET_LINE flow comes from.
func scanFlow(lines map[string]string) rowScanner[*flow.Flow] {
	return func() ([]any, func() (*flow.Flow, string, error)) {
		var (
			f                 flow.Flow
			amount, low, high sql.NullInt64
			lineID            sql.NullString
			derived           string
		)
		dest := []any{&f.ID, &f.Kind, &f.FromID, &f.ToID, &f.Year, &amount, &low, &high,
			&f.Amount.Qualifier, &f.Amount.Currency, &f.Amount.Phrase, &f.Measure, &f.Status, &f.Note, &f.Dataset,
			&f.KnownFrom, &lineID, &derived}
		return dest, func() (*flow.Flow, string, error) {
			f.Amount.Amount, f.Amount.Low, f.Amount.High = pence(amount), pence(low), pence(high)
			if lineID.Valid {
				lines[f.ID] = lineID.String
			}
			if err := json.Unmarshal([]byte(derived), &f.DerivedFrom); err != nil {
				return nil, "", err
			}
			if len(f.DerivedFrom) == 0 {
				f.DerivedFrom = nil
			}
			return &f, f.ID, nil
		}
	}
}

// flowCitations attaches citations to flows with one query: a BUDGET_LINE
// flow carries its line's citations. With asOf, only the citations
// published by then are kept.
func (s *Store) flowCitations(ctx context.Context, flows []*flow.Flow, lines map[string]string, asOf flow.Date) error {
	owners := map[string][]*[]flow.Citation{}
	for _, f := range flows {
		owner := f.ID
		if l, ok := lines[f.ID]; ok {
			owner = l
		}
		owners[owner] = append(owners[owner], &f.Citations)
	}
	if err := s.attachCitations(ctx, owners); err != nil {
		return err
	}
	for _, f := range flows {
		f.Citations, _ = flow.KnownAsOf(f.Citations, asOf)
	}
	return nil
}

// citeAsOf attaches their citations to records, in one query, keeping those
// known by asOf (all when asOf is empty); of names a record and where its
// citations go.
func citeAsOf[T any](ctx context.Context, s *Store, records []T, asOf flow.Date, of func(T) (string, *[]flow.Citation)) error {
	owners := map[string][]*[]flow.Citation{}
	for _, r := range records {
		id, c := of(r)
		owners[id] = append(owners[id], c)
	}
	if err := s.attachCitations(ctx, owners); err != nil {
		return err
	}
	for _, r := range records {
		_, c := of(r)
		*c, _ = flow.KnownAsOf(*c, asOf)
	}
	return nil
}

// attachCitations loads the citations of many owners in one query.
func (s *Store) attachCitations(ctx context.Context, owners map[string][]*[]flow.Citation) error {
	const query = `
SELECT owner_id, source_id, quote, published FROM citations
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
		if err := rows.Scan(&owner, &c.SourceID, &c.Quote, &c.Published); err != nil {
			return wrap("load citations", err)
		}
		for _, dst := range owners[owner] {
			*dst = append(*dst, c)
		}
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

package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/fundflow/fundflow/flow"
)

const flowColumns = `id, kind, from_id, to_id, year, amount, low, high, qualifier, currency, phrase, measure, status, note, dataset,
  known_from, line_id, derived_from`

// flowTable is the flows list: its id, kind and status are their own sort
// keys; year and amount are read from the sort key lists.
var flowTable = listTable{name: "flows", columns: flowColumns, keys: []string{"id", "", "", "kind", "status"}}

// The flow filters' conditions, each added only when its filter is set.
const (
	flowIDIs         = `id = :ids`
	flowIDIn         = `id IN (SELECT value FROM json_each(:ids))`
	flowFromIs       = `from_id = :froms`
	flowFromIn       = `from_id IN (SELECT value FROM json_each(:froms))`
	flowToIs         = `to_id = :tos`
	flowToIn         = `to_id IN (SELECT value FROM json_each(:tos))`
	flowKindIs       = `kind = :kinds`
	flowKindIn       = `kind IN (SELECT value FROM json_each(:kinds))`
	flowStatusIs     = `status = :statuses`
	flowStatusIn     = `status IN (SELECT value FROM json_each(:statuses))`
	flowNotRetracted = `status <> 'RETRACTED'`
	flowMeasureIs    = `measure = :measures`
	flowMeasureIn    = `measure IN (SELECT value FROM json_each(:measures))`
	flowYear         = `year = :year`
	flowYearFrom     = `year <> '' AND year >= :year_from`
	flowYearTo       = `year <> '' AND year <= :year_to`
	flowAmountMin    = `(coalesce(high, amount) IS NULL OR coalesce(high, amount) >= :amount_min)`
	flowAmountMax    = `(coalesce(low, amount) IS NULL OR coalesce(low, amount) <= :amount_max)`
	flowAsOf         = `known_from <> '' AND known_from <= :as_of`
	// The same conditions, checked row by row rather than sought by index
	// (a unary + keeps SQLite from using an index for a term).
	flowKindChecked      = `+kind = :kinds`
	flowKindInChecked    = `+kind IN (SELECT value FROM json_each(:kinds))`
	flowStatusChecked    = `+status = :statuses`
	flowStatusInChecked  = `+status IN (SELECT value FROM json_each(:statuses))`
	flowMeasureChecked   = `+measure = :measures`
	flowMeasureInChecked = `+measure IN (SELECT value FROM json_each(:measures))`
	flowYearChecked      = `+year = :year`
)

// eitherEnd is the condition that a flow leaves or reaches a node named by
// the parameter param (a list of them when many): one programme, fund or
// organisation filter each, matched on either end. With kind (and year)
// each end also matches the one kind (and the year) in its own branch,
// where an index on the end, the kind and the year serves it; the same
// terms stand outside too, so the branches only narrow what is sought.
// param is one of the filter's fixed names, never a user's string.
func eitherEnd(param string, many, kind, year bool) string {
	end := func(col string) string {
		e := col + " = :" + param
		if many {
			e = col + " IN (SELECT value FROM json_each(:" + param + "))"
		}
		if kind {
			e += " AND kind = :kinds"
		}
		if year {
			e += " AND year = :year"
		}
		return e
	}
	if !kind {
		return "(" + end("from_id") + " OR " + end("to_id") + ")"
	}
	return "((" + end("from_id") + ") OR (" + end("to_id") + "))"
}

// flowConds picks the conditions of the filters f sets. Without a status
// filter, retracted flows are left out.
func flowConds(f flow.FlowFilter) *conds {
	c := newConds()
	list(c, f.IDs, flowIDIs, flowIDIn, "ids")
	list(c, f.FromIDs, flowFromIs, flowFromIn, "froms")
	list(c, f.ToIDs, flowToIs, flowToIn, "tos")
	// Without statistics SQLite cannot know that a node matched on either
	// end is far more selective than a kind, status, measure or year, so
	// with one those are checked on the node's flows rather than sought.
	kindIs, kindIn, statusIs, statusIn := flowKindIs, flowKindIn, flowStatusIs, flowStatusIn
	measureIs, measureIn, year := flowMeasureIs, flowMeasureIn, flowYear
	if len(f.ProgrammeIDs)+len(f.FundIDs)+len(f.OrganisationIDs) > 0 {
		kindIs, kindIn, statusIs, statusIn = flowKindChecked, flowKindInChecked, flowStatusChecked, flowStatusInChecked
		measureIs, measureIn, year = flowMeasureChecked, flowMeasureInChecked, flowYearChecked
	}
	list(c, f.Kinds, kindIs, kindIn, "kinds")
	if len(f.Statuses) == 0 {
		c.add(flowNotRetracted)
	}
	list(c, f.Statuses, statusIs, statusIn, "statuses")
	list(c, f.Measures, measureIs, measureIn, "measures")
	if f.Year != "" {
		c.add(year, "year", string(f.Year))
	}
	if f.YearFrom != "" {
		c.add(flowYearFrom, "year_from", string(f.YearFrom))
	}
	if f.YearTo != "" {
		c.add(flowYearTo, "year_to", string(f.YearTo))
	}
	if f.AmountMin != nil {
		c.add(flowAmountMin, "amount_min", int64(*f.AmountMin))
	}
	if f.AmountMax != nil {
		c.add(flowAmountMax, "amount_max", int64(*f.AmountMax))
	}
	// With one kind, each end's index seeks the node, the kind and the
	// year together, where SQLite would otherwise read every flow in or
	// out of the node and check the kind on each: at 100,000 flows the
	// budget figures of cyber security (question 7's "spent") took 8 ms,
	// reading its thousands of payments.
	oneKind := len(f.Kinds) == 1
	oneYear := oneKind && f.Year != ""
	for _, e := range []struct {
		ids   []string
		param string
	}{{f.ProgrammeIDs, "programmes"}, {f.FundIDs, "funds"}, {f.OrganisationIDs, "organisations"}} {
		list(c, e.ids, eitherEnd(e.param, false, oneKind, oneYear), eitherEnd(e.param, true, oneKind, oneYear), e.param)
	}
	if f.AsOf != "" {
		c.add(flowAsOf, "as_of", string(f.AsOf))
	}
	return c
}

// Flows lists flows, filtered, ordered and keyset-paged, with their
// citations: three queries whatever the page size.
func (s *Store) Flows(ctx context.Context, f flow.FlowFilter, w flow.Window) (*flow.Page[*flow.Flow], error) {
	lines := map[string]string{} // flow id -> budget line id, for BUDGET_LINE flows
	p, err := page(ctx, s.read, flowTable, flowConds(f), w, scanFlow(lines), "flows")
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
	rows, err := s.read.QueryContext(ctx, query, sql.Named("owners", jsonList(ids)))
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

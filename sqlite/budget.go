package sqlite

import (
	"context"
	"database/sql"

	"github.com/fundflow/fundflow/flow"
)

const budgetColumns = `id, programme_id, year,
  planned_amount, planned_low, planned_high, planned_qualifier, planned_phrase,
  forecast_amount, forecast_low, forecast_high, forecast_qualifier, forecast_phrase,
  actual_amount, actual_low, actual_high, actual_qualifier, actual_phrase,
  variance_amount, variance_low, variance_high, variance_qualifier, variance_phrase,
  currency, status, note, dataset, known_from`

const budgetFilter = `(:ids IS NULL OR id IN (SELECT value FROM json_each(:ids)))
    AND (:programmes IS NULL OR programme_id IN (SELECT value FROM json_each(:programmes)))
    AND (:statuses IS NULL OR status IN (SELECT value FROM json_each(:statuses)))
    AND (:year = '' OR year = :year)
    AND (:year_from = '' OR year >= :year_from)
    AND (:year_to = '' OR year <= :year_to)
    AND (:as_of = '' OR (known_from <> '' AND known_from <= :as_of))`

var budgetList = newList("budget_lines", budgetColumns, budgetFilter)

// BudgetLines lists budget lines, filtered, ordered and keyset-paged, with
// their citations: three queries whatever the page size.
func (s *Store) BudgetLines(ctx context.Context, f flow.BudgetLineFilter, w flow.Window) (*flow.Page[*flow.BudgetLine], error) {
	filter := map[string]any{"ids": jsonList(f.IDs), "programmes": jsonList(f.ProgrammeIDs),
		"statuses": jsonList(f.Statuses), "year": string(f.Year), "year_from": string(f.YearFrom),
		"year_to": string(f.YearTo), "as_of": string(f.AsOf)}
	p, err := page(ctx, s.db, budgetList, filter, w, scanBudgetLine, "budget lines")
	if err != nil {
		return nil, err
	}
	if err := citeAsOf(ctx, s, p.Items, f.AsOf, func(b *flow.BudgetLine) (string, *[]flow.Citation) { return b.ID, &b.Citations }); err != nil {
		return nil, err
	}
	return p, nil
}

// moneyCols receives one nullable money group: a figure is present when it
// has a qualifier, since its point may be unknown.
type moneyCols struct {
	amount, low, high sql.NullInt64
	qualifier, phrase sql.NullString
}

func (m *moneyCols) dest() []any { return []any{&m.amount, &m.low, &m.high, &m.qualifier, &m.phrase} }

func (m *moneyCols) money(currency string) *flow.Money {
	if !m.qualifier.Valid {
		return nil
	}
	return &flow.Money{Amount: pence(m.amount), Low: pence(m.low), High: pence(m.high),
		Qualifier: flow.Qualifier(m.qualifier.String), Currency: currency, Phrase: m.phrase.String}
}

func scanBudgetLine() ([]any, func() (*flow.BudgetLine, string, error)) {
	var (
		b                                   flow.BudgetLine
		planned, forecast, actual, variance moneyCols
		currency                            string
	)
	dest := []any{&b.ID, &b.ProgrammeID, &b.Year}
	for _, m := range []*moneyCols{&planned, &forecast, &actual, &variance} {
		dest = append(dest, m.dest()...)
	}
	dest = append(dest, &currency, &b.Status, &b.Note, &b.Dataset, &b.KnownFrom)
	return dest, func() (*flow.BudgetLine, string, error) {
		b.Planned, b.Forecast = planned.money(currency), forecast.money(currency)
		b.Actual, b.Variance = actual.money(currency), variance.money(currency)
		return &b, b.ID, nil
	}
}

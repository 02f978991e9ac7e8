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

// budgetTable is the budget lines list: year and programme are their own
// sort keys; the resolved figures are read from the sort key lists.
var budgetTable = listTable{name: "budget_lines", columns: budgetColumns, keys: []string{"year", "programme_id", "", "", ""}}

// The budget line filters' conditions, each added only when its filter is
// set.
const (
	budgetIDIs        = `id = :ids`
	budgetIDIn        = `id IN (SELECT value FROM json_each(:ids))`
	budgetProgrammeIs = `programme_id = :programmes`
	budgetProgrammeIn = `programme_id IN (SELECT value FROM json_each(:programmes))`
	budgetStatusIs    = `status = :statuses`
	budgetStatusIn    = `status IN (SELECT value FROM json_each(:statuses))`
	budgetYear        = `year = :year`
	budgetYearFrom    = `year >= :year_from`
	budgetYearTo      = `year <= :year_to`
	budgetAsOf        = `known_from <> '' AND known_from <= :as_of`
)

// budgetConds picks the conditions of the filters f sets.
func budgetConds(f flow.BudgetLineFilter) *conds {
	c := newConds()
	list(c, f.IDs, budgetIDIs, budgetIDIn, "ids")
	list(c, f.ProgrammeIDs, budgetProgrammeIs, budgetProgrammeIn, "programmes")
	list(c, f.Statuses, budgetStatusIs, budgetStatusIn, "statuses")
	if f.Year != "" {
		c.add(budgetYear, "year", string(f.Year))
	}
	if f.YearFrom != "" {
		c.add(budgetYearFrom, "year_from", string(f.YearFrom))
	}
	if f.YearTo != "" {
		c.add(budgetYearTo, "year_to", string(f.YearTo))
	}
	if f.AsOf != "" {
		c.add(budgetAsOf, "as_of", string(f.AsOf))
	}
	return c
}

// BudgetLines lists budget lines, filtered, ordered and keyset-paged, with
// their citations: three queries whatever the page size.
func (s *Store) BudgetLines(ctx context.Context, f flow.BudgetLineFilter, w flow.Window) (*flow.Page[*flow.BudgetLine], error) {
	p, err := page(ctx, s.read, budgetTable, budgetConds(f), w, scanBudgetLine, "budget lines")
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

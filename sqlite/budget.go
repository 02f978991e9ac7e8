package sqlite

import (
	"context"
	"database/sql"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/keyset"
)

const budgetColumns = `id, programme_id, year,
  planned_amount, planned_low, planned_high, planned_qualifier,
  forecast_amount, forecast_low, forecast_high, forecast_qualifier,
  actual_amount, actual_low, actual_high, actual_qualifier,
  variance_amount, variance_low, variance_high, variance_qualifier,
  currency, status, note, dataset`

const budgetFilter = `
WHERE (:year = '' OR year = :year)
  AND (:programmes IS NULL OR programme_id IN (SELECT value FROM json_each(:programmes)))`

// budgetKeys maps each orderable field to its sort expressions.
var budgetKeys = map[flow.BudgetLineField][]keyset.Key{
	flow.BudgetByYear:      {{Expr: "year"}},
	flow.BudgetByProgramme: {{Expr: "programme_id"}},
	flow.BudgetByPlanned:   amountKeys("sort_planned"),
	flow.BudgetByActual:    amountKeys("sort_actual"),
	flow.BudgetByVariance:  amountKeys("sort_variance"),
}

func amountKeys(col string) []keyset.Key {
	return []keyset.Key{{Expr: "(" + col + " IS NULL)", Numeric: true}, {Expr: "coalesce(" + col + ", 0)", Numeric: true}}
}

// BudgetLines lists budget lines in the requested order, keyset-paged, with
// their citations: three queries whatever the page size.
func (s *Store) BudgetLines(ctx context.Context, f flow.BudgetLineFilter, order []flow.BudgetLineOrder, p flow.PageArgs) (*flow.Page[*flow.BudgetLine], error) {
	const count = `SELECT count(*) FROM budget_lines` + budgetFilter
	limit, err := p.Limit()
	if err != nil {
		return nil, err
	}
	o, err := keyset.Budget(order, budgetKeys, "id")
	if err != nil {
		return nil, err
	}
	cond, keyVals, err := o.After(p.After, func(name string) string { return ":" + name })
	if err != nil {
		return nil, err
	}
	var keyArgs []any
	for name, v := range keyVals {
		keyArgs = append(keyArgs, sql.Named(name, v))
	}
	// Only fixed fragments from budgetKeys are spliced in; values are bound.
	list := `SELECT ` + budgetColumns + `, ` + o.Columns() + ` FROM budget_lines` + budgetFilter +
		` AND ` + cond + ` ORDER BY ` + o.OrderBy() + ` LIMIT :limit`
	filter := []any{sql.Named("year", string(f.Year)), sql.Named("programmes", jsonList(f.ProgrammeIDs))}
	args := append(append(append([]any{}, filter...), keyArgs...), sql.Named("limit", limit+1))
	rows, err := s.db.QueryContext(ctx, list, args...)
	if err != nil {
		return nil, wrap("list budget lines", err)
	}
	defer rows.Close()
	page := &flow.Page[*flow.BudgetLine]{HasPreviousPage: p.After != ""}
	owners := map[string]*[]flow.Citation{}
	for rows.Next() {
		b, keys, err := scanBudgetLine(rows, len(o.Keys))
		if err != nil {
			return nil, wrap("list budget lines", err)
		}
		page.Items = append(page.Items, b)
		page.Cursors = append(page.Cursors, o.Cursor(keys))
		owners[b.ID] = &b.Citations
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("list budget lines", err)
	}
	rows.Close()
	if len(page.Items) > limit {
		delete(owners, page.Items[limit].ID)
		page.Items, page.Cursors, page.HasNextPage = page.Items[:limit], page.Cursors[:limit], true
	}
	if err := s.attachCitations(ctx, owners); err != nil {
		return nil, err
	}
	if err := s.db.QueryRowContext(ctx, count, filter...).Scan(&page.TotalCount); err != nil {
		return nil, wrap("count budget lines", err)
	}
	return page, nil
}

// moneyCols receives one nullable money group.
type moneyCols struct {
	amount, low, high sql.NullInt64
	qualifier         sql.NullString
}

func (m *moneyCols) dest() []any { return []any{&m.amount, &m.low, &m.high, &m.qualifier} }

func (m *moneyCols) money(currency string) *flow.Money {
	if !m.amount.Valid {
		return nil
	}
	return &flow.Money{Amount: flow.Pence(m.amount.Int64), Low: pence(m.low), High: pence(m.high),
		Qualifier: flow.Qualifier(m.qualifier.String), Currency: currency}
}

func scanBudgetLine(r scanner, nkeys int) (*flow.BudgetLine, []any, error) {
	var (
		b                                   flow.BudgetLine
		planned, forecast, actual, variance moneyCols
		currency                            string
	)
	dest := []any{&b.ID, &b.ProgrammeID, &b.Year}
	for _, m := range []*moneyCols{&planned, &forecast, &actual, &variance} {
		dest = append(dest, m.dest()...)
	}
	dest = append(dest, &currency, &b.Status, &b.Note, &b.Dataset)
	keys := make([]any, nkeys)
	for i := range keys {
		dest = append(dest, &keys[i])
	}
	if err := r.Scan(dest...); err != nil {
		return nil, nil, err
	}
	b.Planned, b.Forecast = planned.money(currency), forecast.money(currency)
	b.Actual, b.Variance = actual.money(currency), variance.money(currency)
	return &b, keys, nil
}

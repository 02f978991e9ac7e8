package export

import (
	"context"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// budgetHeader is a budget line row's columns: the line, its four
// figures as the API gives them (a derived one computed from the other
// two), and one of its citations.
var budgetHeader = cat(
	[]string{"id", "programme", "programmeName", "year", "status"},
	moneyColumns("planned"), moneyColumns("forecast"), moneyColumns("actual"), moneyColumns("variance"),
	[]string{"derived", "currency"}, sourceColumns, []string{"note"})

// parseBudgetLines is /export/budgetLines.csv: the GraphQL budgetLines
// list, its programme argument and filter field one repeatable parameter.
func parseBudgetLines(p *params) ([]string, func(context.Context, *ledger.Service, *sheet, Options) error) {
	f := flow.BudgetLineFilter{IDs: p.ids("ids"), ProgrammeIDs: p.ids("programme"), Statuses: enums(p, "status", flow.Statuses)}
	f.Year, f.YearFrom, f.YearTo = p.year("year"), p.year("yearFrom"), p.year("yearTo")
	f.AsOf = p.date("asOf")
	fs, desc := orders(p, flow.BudgetLineFields)
	q := flow.BudgetLineQuery{Filter: f}
	for i := range fs {
		q.Order = append(q.Order, flow.BudgetLineOrder{Field: fs[i], Desc: desc[i]})
	}
	return budgetHeader, func(ctx context.Context, svc *ledger.Service, s *sheet, o Options) error {
		fetch := func(ctx context.Context, pa flow.PageArgs) (*flow.Page[*flow.BudgetLine], error) {
			q := q
			q.Page = pa
			return svc.BudgetLines(ctx, q)
		}
		return stream(ctx, s, o, "budgetLines", fetch, func(ctx context.Context, bs []*flow.BudgetLine) ([][]string, error) {
			return budgetRows(ctx, svc, bs)
		})
	}
}

// budgetRows is one row per citation of each line.
func budgetRows(ctx context.Context, svc *ledger.Service, bs []*flow.BudgetLine) ([][]string, error) {
	var ids []string
	for _, b := range bs {
		ids = citedIDs(append(ids, b.ProgrammeID), b.Citations)
	}
	ns, err := nodes(ctx, svc, ids)
	if err != nil {
		return nil, err
	}
	var rows [][]string
	for _, b := range bs {
		r := b.Resolve()
		derived := make([]string, len(r.Derived))
		for i, d := range r.Derived {
			derived[i] = string(d)
		}
		head := cat([]string{text(b.ID), text(b.ProgrammeID), text(name(ns, b.ProgrammeID)), string(b.Year), string(b.Status)},
			money(r.Planned), money(b.Forecast), money(r.Actual), money(r.Variance),
			[]string{strings.Join(derived, ";"), flow.CurrencyGBP})
		for _, c := range citations(ns, b.Citations) {
			rows = append(rows, cat(head, c, []string{text(b.Note)}))
		}
	}
	return rows, nil
}

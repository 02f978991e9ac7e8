package export

import (
	"context"
	"strconv"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// parseTotals is /export/totals.csv: the GraphQL totals answer, one row
// per total. groupBy is required and repeatable; the other parameters are
// the FlowFilter's. Each dimension is a column named after it in lower
// case (year, programme, ...), and each entity dimension a second column
// with the entity's name (programmeName, ...), the labels of the API.
func parseTotals(p *params) ([]string, func(context.Context, *ledger.Service, *sheet, Options) error) {
	dims := enums(p, "groupBy", flow.TotalsDimensions)
	if len(p.v["groupBy"]) == 0 {
		p.bad("groupBy", "", "is required: one or more of %s", join(flow.TotalsDimensions))
	}
	f := flowFilter(p, true)
	var header []string
	for _, d := range dims {
		col := strings.ToLower(string(d))
		header = append(header, col)
		if entity(d) {
			header = append(header, col+"Name")
		}
	}
	header = cat(header, []string{"measure", "count", "movementCount"}, moneyColumns("")[:4],
		[]string{"currency", "conflicting", "kinds", "statuses"})
	return header, func(ctx context.Context, svc *ledger.Service, s *sheet, o Options) error {
		// Totals are summed in the store over every matching flow at
		// once; only the groups come back, and are written in one page.
		totals, ns, err := svc.Totals(ctx, dims, f)
		if err != nil {
			return err
		}
		if len(totals) > o.maxRows() {
			return overLimit("totals", len(totals), o.maxRows())
		}
		rows := make([][]string, len(totals))
		for i, t := range totals {
			var row []string
			for j, d := range dims {
				row = append(row, text(t.Key[j]))
				if entity(d) {
					row = append(row, text(name(ns, t.Key[j])))
				}
			}
			kinds := make([]string, len(t.Kinds))
			for k, v := range t.Kinds {
				kinds[k] = string(v)
			}
			statuses := make([]string, len(t.Statuses))
			for k, v := range t.Statuses {
				statuses[k] = string(v)
			}
			rows[i] = cat(row, []string{string(t.Measure), strconv.Itoa(t.Count), strconv.Itoa(t.MovementCount)},
				money(&t.Amount)[:4], []string{t.Amount.Currency, strconv.FormatBool(t.Conflicting),
					strings.Join(kinds, ";"), strings.Join(statuses, ";")})
		}
		return s.page(rows)
	}
}

// entity reports whether a dimension's values are entity ids.
func entity(d flow.TotalsDimension) bool {
	return d == flow.ByProgramme || d == flow.ByFund || d == flow.ByOrganisation
}

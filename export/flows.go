package export

import (
	"context"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// flowHeader is a flow row's columns: the flow, its ends with their
// names, its amount, and one of its citations.
var flowHeader = cat(
	[]string{"id", "kind", "measure", "status", "year", "from", "fromName", "to", "toName"},
	moneyColumns(""), []string{"currency"}, sourceColumns, []string{"derivedFrom", "note"})

// flowFilter reads the fields of the GraphQL FlowFilter, asOf included;
// kind only when the list lets it be chosen.
func flowFilter(p *params, kinds bool) flow.FlowFilter {
	f := flow.FlowFilter{IDs: p.ids("ids"), FromIDs: p.ids("from"), ToIDs: p.ids("to")}
	if kinds {
		f.Kinds = enums(p, "kind", flow.FlowKinds)
	}
	f.Statuses = enums(p, "status", flow.Statuses)
	f.Measures = enums(p, "measure", flow.Measures)
	f.Year, f.YearFrom, f.YearTo = p.year("year"), p.year("yearFrom"), p.year("yearTo")
	f.AmountMin, f.AmountMax = p.decimal("amountMin"), p.decimal("amountMax")
	f.ProgrammeIDs, f.FundIDs, f.OrganisationIDs = p.id("programme"), p.id("fund"), p.id("organisation")
	f.AsOf = p.date("asOf")
	return f
}

// flowOrder reads orderBy for flows.
func flowOrder(p *params) []flow.FlowOrder {
	fs, desc := orders(p, flow.FlowFields)
	out := make([]flow.FlowOrder, len(fs))
	for i := range fs {
		out[i] = flow.FlowOrder{Field: fs[i], Desc: desc[i]}
	}
	return out
}

// parseFlows is /export/flows.csv: the GraphQL flows list.
func parseFlows(p *params) ([]string, func(context.Context, *ledger.Service, *sheet, Options) error) {
	q := flow.FlowQuery{Filter: flowFilter(p, true), Order: flowOrder(p)}
	return flowHeader, flowsWriter("flows", q)
}

// parseDiversions is /export/diversions.csv: the GraphQL diversions list,
// whose kind is always DIVERSION (from and to may be repeated).
func parseDiversions(p *params) ([]string, func(context.Context, *ledger.Service, *sheet, Options) error) {
	q := flow.FlowQuery{Filter: flowFilter(p, false), Order: flowOrder(p)}
	q.Filter.Kinds = []flow.FlowKind{flow.Diversion}
	return flowHeader, flowsWriter("diversions", q)
}

func flowsWriter(what string, q flow.FlowQuery) func(context.Context, *ledger.Service, *sheet, Options) error {
	return func(ctx context.Context, svc *ledger.Service, s *sheet, o Options) error {
		fetch := func(ctx context.Context, pa flow.PageArgs) (*flow.Page[*flow.Flow], error) {
			q := q
			q.Page = pa
			return svc.Flows(ctx, q)
		}
		return stream(ctx, s, o, what, fetch, func(ctx context.Context, fs []*flow.Flow) ([][]string, error) {
			return flowRows(ctx, svc, fs)
		})
	}
}

// flowRows is one row per citation of each flow.
func flowRows(ctx context.Context, svc *ledger.Service, fs []*flow.Flow) ([][]string, error) {
	var ids []string
	for _, f := range fs {
		ids = citedIDs(append(ids, f.FromID, f.ToID), f.Citations)
	}
	ns, err := nodes(ctx, svc, ids)
	if err != nil {
		return nil, err
	}
	var rows [][]string
	for _, f := range fs {
		head := []string{text(f.ID), string(f.Kind), string(f.Measure), string(f.Status), string(f.Year),
			text(f.FromID), text(name(ns, f.FromID)), text(f.ToID), text(name(ns, f.ToID))}
		derived := make([]string, len(f.DerivedFrom))
		for i, d := range f.DerivedFrom {
			derived[i] = string(d)
		}
		tail := []string{strings.Join(derived, ";"), text(f.Note)}
		for _, c := range citations(ns, f.Citations) {
			rows = append(rows, cat(head, money(&f.Amount), []string{f.Amount.Currency}, c, tail))
		}
	}
	return rows, nil
}

package ledger

import (
	"context"

	"github.com/fundflow/fundflow/flow"
)

// Disagreements finds the figures that different sources report, in one
// year and about one entity when given, which must exist (NOT_FOUND
// otherwise), and whether their claims agree; only those that do not are
// returned unless agreeing is set.
//
// The store first names the records that can hold a disagreement's claims
// (Store.Contested: records sharing their quantity with another, or named
// by a SAME link), and only those are read and compared, so the cost
// follows the disagreements, not the year's flows.
func (s *Service) Disagreements(ctx context.Context, year flow.FinancialYear, entity string, asOf flow.Date, agreeing bool) ([]flow.Disagreement, error) {
	lf := flow.BudgetLineFilter{Year: year, AsOf: asOf}
	ff := flow.FlowFilter{Year: year, Kinds: flow.EdgeKinds, AsOf: asOf}
	if entity != "" {
		// Any entity: a fund's or an organisation's lines are simply none.
		lf.ProgrammeIDs, ff.ToIDs = []string{entity}, []string{entity}
		if err := s.exist(ctx, []ref{{"entity", entity, entityKinds}}); err != nil {
			return nil, err
		}
	}
	if err := lf.Check(); err != nil {
		return nil, err
	}
	if err := ff.Check(); err != nil {
		return nil, err
	}
	c, err := s.store.Contested(ctx, year, entity)
	if err != nil {
		return nil, err
	}
	var lines []*flow.BudgetLine
	if ids := dedupe(c.BudgetLines); len(ids) > 0 {
		lf.IDs = ids
		o, err := flow.BudgetOrdering(nil)
		if err != nil {
			return nil, err
		}
		// In the list's own order, which the claims' order follows.
		page, err := s.store.BudgetLines(ctx, lf, flow.Window{Order: o, Limit: len(ids), NoCount: true})
		if err != nil {
			return nil, err
		}
		lines = page.Items
	}
	var flows []*flow.Flow
	if ids := dedupe(c.Flows); len(ids) > 0 {
		ff.IDs = ids
		o, err := flow.FlowOrdering(nil)
		if err != nil {
			return nil, err
		}
		page, err := s.store.Flows(ctx, ff, flow.Window{Order: o, Limit: len(ids), NoCount: true})
		if err != nil {
			return nil, err
		}
		flows = page.Items
	}
	var figures []string
	for _, b := range lines {
		for _, suffix := range []string{"planned", "forecast", "actual", "variance"} {
			figures = append(figures, b.ID+":"+suffix)
		}
	}
	for _, f := range flows {
		figures = append(figures, f.ID)
	}
	links, err := s.store.Links(ctx, figures)
	if err != nil {
		return nil, err
	}
	var out []flow.Disagreement
	for _, d := range flow.Disagreements(lines, flows, links) {
		if agreeing || !d.Agree {
			out = append(out, d)
		}
	}
	return out, nil
}

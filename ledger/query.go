package ledger

import (
	"context"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// Funds lists funds.
func (s *Service) Funds(ctx context.Context, q flow.NodeQuery) (*flow.Page[*flow.Fund], error) {
	return nodesOf[*flow.Fund](ctx, s, flow.KindFund, q)
}

// Programmes lists programmes.
func (s *Service) Programmes(ctx context.Context, q flow.NodeQuery) (*flow.Page[*flow.Programme], error) {
	return nodesOf[*flow.Programme](ctx, s, flow.KindProgramme, q)
}

// Organisations lists organisations.
func (s *Service) Organisations(ctx context.Context, q flow.NodeQuery) (*flow.Page[*flow.Organisation], error) {
	return nodesOf[*flow.Organisation](ctx, s, flow.KindOrganisation, q)
}

// Sources lists sources.
func (s *Service) Sources(ctx context.Context, q flow.NodeQuery) (*flow.Page[*flow.Source], error) {
	return nodesOf[*flow.Source](ctx, s, flow.KindSource, q)
}

// nodesOf lists the nodes of one kind, as their own type: a node of another
// type in the page is a store fault, reported rather than a panic.
func nodesOf[T flow.Node](ctx context.Context, s *Service, kind flow.RecordKind, q flow.NodeQuery) (*flow.Page[T], error) {
	o, err := flow.NodeOrdering(q.Order)
	if err != nil {
		return nil, err
	}
	w, err := sortkey.Window(q.Page, o)
	if err != nil {
		return nil, err
	}
	page, err := s.store.ListNodes(ctx, kind, q.Filter, w)
	if err != nil {
		return nil, err
	}
	if err := whole(q.Page, page, "list "+string(kind)+"s"); err != nil {
		return nil, err
	}
	out := &flow.Page[T]{Cursors: page.Cursors, HasNextPage: page.HasNextPage,
		HasPreviousPage: page.HasPreviousPage, TotalCount: page.TotalCount}
	for _, n := range page.Items {
		t, ok := n.(T)
		if !ok {
			return nil, flow.Errorf(flow.EINTERNAL, "node %s is a %T in a list of %ss", n.NodeID(), n, kind)
		}
		out.Items = append(out.Items, t)
	}
	return out, nil
}

// whole refuses a request for every row (PageArgs.All) that more than
// flow.MaxRows rows match: it would otherwise answer with a silent cut.
func whole[T any](p flow.PageArgs, page *flow.Page[T], what string) error {
	if p.All && page.HasNextPage {
		return flow.Errorf(flow.ETOOLARGE, "%s: more than %d rows match; narrow the filter", what, flow.MaxRows)
	}
	return nil
}

// BudgetLines lists budget lines.
func (s *Service) BudgetLines(ctx context.Context, q flow.BudgetLineQuery) (*flow.Page[*flow.BudgetLine], error) {
	if err := q.Filter.Check(); err != nil {
		return nil, err
	}
	o, err := flow.BudgetOrdering(q.Order)
	if err != nil {
		return nil, err
	}
	w, err := sortkey.Window(q.Page, o)
	if err != nil {
		return nil, err
	}
	page, err := s.store.BudgetLines(ctx, q.Filter, w)
	if err != nil {
		return nil, err
	}
	return page, whole(q.Page, page, "budget lines")
}

// Flows lists flows, budget lines' figures included.
func (s *Service) Flows(ctx context.Context, q flow.FlowQuery) (*flow.Page[*flow.Flow], error) {
	if err := q.Filter.Check(); err != nil {
		return nil, err
	}
	o, err := flow.FlowOrdering(q.Order)
	if err != nil {
		return nil, err
	}
	w, err := sortkey.Window(q.Page, o)
	if err != nil {
		return nil, err
	}
	page, err := s.store.Flows(ctx, q.Filter, w)
	if err != nil {
		return nil, err
	}
	return page, whole(q.Page, page, "flows")
}

// Trace finds the paths money can take from one node, within bounds.
func (s *Service) Trace(ctx context.Context, q flow.TraceQuery) (*flow.TraceResult, error) {
	w, err := q.Walk()
	if err != nil {
		return nil, err
	}
	return s.store.Trace(ctx, w)
}

// Totals groups the flows that match f and sums each group. It also
// returns the nodes at the flows' ends, which it looked up to group by
// entity, so that the caller can label the groups without a second lookup.
func (s *Service) Totals(ctx context.Context, groupBy []flow.TotalsDimension, f flow.FlowFilter) ([]flow.Total, map[string]flow.Node, error) {
	page, err := s.Flows(ctx, flow.FlowQuery{Filter: f, Page: flow.PageArgs{All: true}})
	if err != nil {
		return nil, nil, err
	}
	var ends []string
	for _, fl := range page.Items {
		ends = append(ends, fl.FromID, fl.ToID)
	}
	nodes, err := s.store.Nodes(ctx, dedupe(ends))
	if err != nil {
		return nil, nil, err
	}
	totals, err := flow.Totals(page.Items, nodes, groupBy)
	return totals, nodes, err
}

// Disagreements finds the figures that different sources report, in one
// year and about one entity when given.
func (s *Service) Disagreements(ctx context.Context, year flow.FinancialYear, entity string, asOf flow.Date) ([]flow.Disagreement, error) {
	lf := flow.BudgetLineFilter{Year: year, AsOf: asOf}
	ff := flow.FlowFilter{Year: year, Kinds: flow.EdgeKinds, AsOf: asOf}
	if entity != "" {
		lf.ProgrammeIDs, ff.ToIDs = []string{entity}, []string{entity}
	}
	lines, err := s.BudgetLines(ctx, flow.BudgetLineQuery{Filter: lf, Page: flow.PageArgs{All: true}})
	if err != nil {
		return nil, err
	}
	flows, err := s.Flows(ctx, flow.FlowQuery{Filter: ff, Page: flow.PageArgs{All: true}})
	if err != nil {
		return nil, err
	}
	return flow.Disagreements(lines.Items, flows.Items), nil
}

// dedupe drops repeated ids, keeping the first of each.
func dedupe(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

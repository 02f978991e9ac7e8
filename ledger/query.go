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
// type in the page is a store fault, reported rather than a panic. The ids
// the query names must name nodes of the kinds their fields take.
func nodesOf[T flow.Node](ctx context.Context, s *Service, kind flow.RecordKind, q flow.NodeQuery) (*flow.Page[T], error) {
	o, err := flow.NodeOrdering(q.Order)
	if err != nil {
		return nil, err
	}
	f, some := q.Filter.Within(q.Scope)
	list := func(ctx context.Context, f flow.NodeFilter, w flow.Window) (*flow.Page[flow.Node], error) {
		return s.store.ListNodes(ctx, kind, f, w)
	}
	page, err := listed(ctx, s, listing[flow.NodeFilter, flow.Node]{o, q.Page, nodeRefs(kind, q), f, some, list, "list " + string(kind) + "s"})
	if err != nil {
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

// listing is one list request, as every list runs it: the rows' order,
// the page asked for, the ids the request names (each must exist), the
// store filter with whether the scope leaves anything to match, and the
// store call.
type listing[F, T any] struct {
	order  flow.Ordering
	page   flow.PageArgs
	refs   []ref
	filter F
	some   bool
	list   func(context.Context, F, flow.Window) (*flow.Page[T], error)
	what   string
}

// listed runs a list request: the window its page and order give (refused
// if out of bounds), the check that the ids it names exist, the store call
// unless the scope matches nothing, and the refusal of a request for every
// row that would be silently cut.
func listed[F, T any](ctx context.Context, s *Service, l listing[F, T]) (*flow.Page[T], error) {
	w, err := sortkey.Window(l.page, l.order)
	if err != nil {
		return nil, err
	}
	if err := s.exist(ctx, l.refs); err != nil {
		return nil, err
	}
	if !l.some {
		return &flow.Page[T]{}, nil
	}
	page, err := l.list(ctx, l.filter, w)
	if err != nil {
		return nil, err
	}
	return page, whole(l.page, page, l.what)
}

// whole refuses a request for every row (PageArgs.All) that more than
// flow.MaxRows rows match: it would otherwise answer with a silent cut.
func whole[T any](p flow.PageArgs, page *flow.Page[T], what string) error {
	if p.All && page.HasNextPage {
		return flow.Errorf(flow.ETOOLARGE, "%s: more than %d rows match; narrow the filter", what, flow.MaxRows)
	}
	return nil
}

// BudgetLines lists budget lines. The programmes the query names must
// exist (NOT_FOUND otherwise).
func (s *Service) BudgetLines(ctx context.Context, q flow.BudgetLineQuery) (*flow.Page[*flow.BudgetLine], error) {
	return s.budgetLines(ctx, q, budgetRefs(q))
}

// budgetLines lists budget lines once the ids in refs are found to exist.
func (s *Service) budgetLines(ctx context.Context, q flow.BudgetLineQuery, refs []ref) (*flow.Page[*flow.BudgetLine], error) {
	if err := q.Filter.Check(); err != nil {
		return nil, err
	}
	o, err := flow.BudgetOrdering(q.Order)
	if err != nil {
		return nil, err
	}
	f, some := q.Filter.Within(q.Scope)
	return listed(ctx, s, listing[flow.BudgetLineFilter, *flow.BudgetLine]{o, q.Page, refs, f, some, s.store.BudgetLines, "budget lines"})
}

// Flows lists flows, budget lines' figures included. The entities the
// query names must exist (NOT_FOUND otherwise).
func (s *Service) Flows(ctx context.Context, q flow.FlowQuery) (*flow.Page[*flow.Flow], error) {
	return s.flows(ctx, q, flowRefs(q))
}

// flows lists flows once the ids in refs are found to exist.
func (s *Service) flows(ctx context.Context, q flow.FlowQuery, refs []ref) (*flow.Page[*flow.Flow], error) {
	if err := q.Filter.Check(); err != nil {
		return nil, err
	}
	o, err := flow.FlowOrdering(q.Order)
	if err != nil {
		return nil, err
	}
	f, some := q.Filter.Within(q.Scope)
	return listed(ctx, s, listing[flow.FlowFilter, *flow.Flow]{o, q.Page, refs, f, some, s.store.Flows, "flows"})
}

// Trace finds the paths money can take from one node, within bounds. from
// and to must name entities (NOT_FOUND otherwise).
func (s *Service) Trace(ctx context.Context, q flow.TraceQuery) (*flow.TraceResult, error) {
	w, err := q.Walk()
	if err != nil {
		return nil, err
	}
	refs := []ref{{"from", w.From, entityKinds}}
	if w.To != "" {
		refs = append(refs, ref{"to", w.To, entityKinds})
	}
	if err := s.exist(ctx, refs); err != nil {
		return nil, err
	}
	return s.store.Trace(ctx, w)
}

// Totals groups the flows that match f by the dimensions and by measure,
// and sums each group's movements: linked claims count once and parts
// never add beyond their whole. Unless f names them (by measure, kind or
// status), figures that are not money planned, spent or moved (announced,
// proposed, requested, needed) are left out. It also returns the nodes at
// the flows' ends, which it looked up to group by entity, so that the
// caller can label the groups without a second lookup.
func (s *Service) Totals(ctx context.Context, groupBy []flow.TotalsDimension, f flow.FlowFilter) ([]flow.Total, map[string]flow.Node, error) {
	f.Measures = totalMeasures(f)
	page, err := s.Flows(ctx, flow.FlowQuery{Filter: f, Page: flow.PageArgs{All: true}})
	if err != nil {
		return nil, nil, err
	}
	var ends, figures []string
	for _, fl := range page.Items {
		ends, figures = append(ends, fl.FromID, fl.ToID), append(figures, fl.ID)
	}
	nodes, err := s.store.Nodes(ctx, dedupe(ends))
	if err != nil {
		return nil, nil, err
	}
	links, err := s.store.Links(ctx, figures)
	if err != nil {
		return nil, nil, err
	}
	wholes, err := s.wholes(ctx, links, figures)
	if err != nil {
		return nil, nil, err
	}
	totals, err := flow.Totals(page.Items, nodes, links, wholes, groupBy)
	return totals, nodes, err
}

// totalMeasures is the measures a totals request sums: those it names, or
// the money measures plus any other that its kinds or statuses ask for.
func totalMeasures(f flow.FlowFilter) []flow.Measure {
	if len(f.Measures) > 0 {
		return f.Measures
	}
	ms := append([]flow.Measure(nil), flow.MoneyMeasures...)
	for _, k := range f.Kinds {
		switch k {
		case flow.Request:
			ms = append(ms, flow.MeasureRequested)
		case flow.Requirement:
			ms = append(ms, flow.MeasureNeeded)
		}
	}
	for _, st := range f.Statuses {
		switch st {
		case flow.Proposed:
			ms = append(ms, flow.MeasureProposed)
		case flow.Announced:
			ms = append(ms, flow.MeasureAnnounced)
		case flow.Requested:
			ms = append(ms, flow.MeasureRequested)
		case flow.Estimated:
			ms = append(ms, flow.MeasureNeeded)
		}
	}
	return ms
}

// wholes looks up the figure of every PART_OF link's whole that is not
// one of the figures summed: a budget line's figure, or a flow.
func (s *Service) wholes(ctx context.Context, links []*flow.Link, summed []string) (map[string]flow.Money, error) {
	have := map[string]bool{}
	for _, id := range summed {
		have[id] = true
	}
	want := map[string][]string{} // record -> figure suffixes ("" for a flow)
	for _, l := range links {
		if l.Kind == flow.PartOf && !have[l.Whole] {
			id, suffix := flow.SplitFigure(l.Whole)
			want[id] = append(want[id], suffix)
		}
	}
	out := map[string]flow.Money{}
	if len(want) == 0 {
		return out, nil
	}
	ids := make([]string, 0, len(want))
	for id := range want {
		ids = append(ids, id)
	}
	lines, err := s.store.BudgetLines(ctx, flow.BudgetLineFilter{IDs: ids}, flow.Window{Limit: flow.MaxRows})
	if err != nil {
		return nil, err
	}
	for _, b := range lines.Items {
		for _, suffix := range want[b.ID] {
			if m := b.Figure(suffix); m != nil {
				out[b.ID+":"+suffix] = *m
			}
		}
	}
	flows, err := s.store.Flows(ctx, flow.FlowFilter{IDs: ids}, flow.Window{Limit: flow.MaxRows})
	if err != nil {
		return nil, err
	}
	for _, f := range flows.Items {
		out[f.ID] = f.Amount
	}
	return out, nil
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

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
	page, err := listed(ctx, s, listing[flow.NodeFilter]{order: o, page: q.Page, refs: nodeRefs(kind, q), filter: f, some: some}, list)
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
// the page asked for, the ids the request names (each must exist), and
// the store filter with whether the scope leaves anything to match.
type listing[F any] struct {
	order  flow.Ordering
	page   flow.PageArgs
	refs   []ref
	filter F
	some   bool
	// whole reads every matching row, up to wholeRows, rather than the
	// page: what names the list in the refusal of more.
	whole bool
	what  string
}

// wholeRows bounds the rows the service reads whole, for the answers it
// still computes in Go from every matching row (disagreements, and totals
// until the stores aggregate them): more is TOO_LARGE, never a silent cut.
// No list the API pages reads whole: a child list is paged per parent in
// the store.
const wholeRows = 100_000

// window is the window a listing reads: its page in its order, checked,
// or every row up to wholeRows.
func (l listing[F]) window() (flow.Window, error) {
	if l.whole {
		return flow.Window{Order: l.order, Limit: wholeRows, NoCount: true}, nil
	}
	return sortkey.Window(l.page, l.order)
}

// listed runs a list request with the store's list: the window its page
// and order give (refused if out of bounds), the check that the ids it
// names exist, the store call unless the scope matches nothing, and the
// refusal of a whole read that would be silently cut.
func listed[F, T any](ctx context.Context, s *Service, l listing[F],
	list func(context.Context, F, flow.Window) (*flow.Page[T], error)) (*flow.Page[T], error) {
	w, err := l.window()
	if err != nil {
		return nil, err
	}
	if err := s.exist(ctx, l.refs); err != nil {
		return nil, err
	}
	if !l.some {
		return &flow.Page[T]{}, nil
	}
	page, err := list(ctx, l.filter, w)
	if err != nil {
		return nil, err
	}
	if l.whole && page.HasNextPage {
		return nil, flow.Errorf(flow.ETOOLARGE, "%s: more than %d rows match; narrow the filter", l.what, wholeRows)
	}
	return page, nil
}

// childListed runs a child list request with the store's child list: like
// listed, but one window per parent, each parent's page in the answer
// (empty when the scope leaves nothing to match).
func childListed[F, T any](ctx context.Context, s *Service, l listing[F], parents []string,
	list func(context.Context, F, flow.Window) (map[string]*flow.Page[T], error)) (map[string]*flow.Page[T], error) {
	w, err := sortkey.Window(l.page, l.order)
	if err != nil {
		return nil, err
	}
	if err := s.exist(ctx, l.refs); err != nil {
		return nil, err
	}
	if !l.some || len(parents) == 0 {
		out := make(map[string]*flow.Page[T], len(parents))
		for _, p := range parents {
			out[p] = &flow.Page[T]{}
		}
		return out, nil
	}
	return list(ctx, l.filter, w)
}

// BudgetLines lists budget lines. The programmes the query names must
// exist (NOT_FOUND otherwise).
func (s *Service) BudgetLines(ctx context.Context, q flow.BudgetLineQuery) (*flow.Page[*flow.BudgetLine], error) {
	l, err := budgetListing(q, budgetRefs(q))
	if err != nil {
		return nil, err
	}
	return listed(ctx, s, l, s.store.BudgetLines)
}

// ChildBudgetLines lists one page of budget lines per programme of
// q.Scope.ProgrammeIDs, keyed by programme, each paged by q.Page.
func (s *Service) ChildBudgetLines(ctx context.Context, q flow.BudgetLineQuery) (map[string]*flow.Page[*flow.BudgetLine], error) {
	l, err := budgetListing(q, budgetRefs(q))
	if err != nil {
		return nil, err
	}
	return childListed(ctx, s, l, q.Scope.ProgrammeIDs, s.store.ChildBudgetLines)
}

// wholeBudgetLines reads every budget line q matches, once the ids in
// refs are found to exist.
func (s *Service) wholeBudgetLines(ctx context.Context, q flow.BudgetLineQuery, refs []ref) (*flow.Page[*flow.BudgetLine], error) {
	l, err := budgetListing(q, refs)
	if err != nil {
		return nil, err
	}
	l.whole = true
	return listed(ctx, s, l, s.store.BudgetLines)
}

// budgetListing checks a budget line query and makes its listing.
func budgetListing(q flow.BudgetLineQuery, refs []ref) (listing[flow.BudgetLineFilter], error) {
	if err := q.Filter.Check(); err != nil {
		return listing[flow.BudgetLineFilter]{}, err
	}
	o, err := flow.BudgetOrdering(q.Order)
	if err != nil {
		return listing[flow.BudgetLineFilter]{}, err
	}
	f, some := q.Filter.Within(q.Scope)
	return listing[flow.BudgetLineFilter]{order: o, page: q.Page, refs: refs, filter: f, some: some, what: "budget lines"}, nil
}

// Flows lists flows, budget lines' figures included. The entities the
// query names must exist (NOT_FOUND otherwise).
func (s *Service) Flows(ctx context.Context, q flow.FlowQuery) (*flow.Page[*flow.Flow], error) {
	l, err := flowListing(q, flowRefs(q))
	if err != nil {
		return nil, err
	}
	return listed(ctx, s, l, s.store.Flows)
}

// ChildFlows lists one page of flows per parent, keyed by parent, each
// paged by q.Page: the parents are q.Scope's FromIDs when by is
// flow.FromEnd (their outflows), its ToIDs when by is flow.ToEnd.
func (s *Service) ChildFlows(ctx context.Context, by flow.End, q flow.FlowQuery) (map[string]*flow.Page[*flow.Flow], error) {
	l, err := flowListing(q, flowRefs(q))
	if err != nil {
		return nil, err
	}
	parents := q.Scope.FromIDs
	if by == flow.ToEnd {
		parents = q.Scope.ToIDs
	}
	return childListed(ctx, s, l, parents, func(ctx context.Context, f flow.FlowFilter, w flow.Window) (map[string]*flow.Page[*flow.Flow], error) {
		return s.store.ChildFlows(ctx, by, f, w)
	})
}

// wholeFlows reads every flow q matches, once the ids in refs are found
// to exist.
func (s *Service) wholeFlows(ctx context.Context, q flow.FlowQuery, refs []ref) (*flow.Page[*flow.Flow], error) {
	l, err := flowListing(q, refs)
	if err != nil {
		return nil, err
	}
	l.whole = true
	return listed(ctx, s, l, s.store.Flows)
}

// flowListing checks a flow query and makes its listing.
func flowListing(q flow.FlowQuery, refs []ref) (listing[flow.FlowFilter], error) {
	if err := q.Filter.Check(); err != nil {
		return listing[flow.FlowFilter]{}, err
	}
	o, err := flow.FlowOrdering(q.Order)
	if err != nil {
		return listing[flow.FlowFilter]{}, err
	}
	f, some := q.Filter.Within(q.Scope)
	return listing[flow.FlowFilter]{order: o, page: q.Page, refs: refs, filter: f, some: some, what: "flows"}, nil
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
	page, err := s.wholeFlows(ctx, flow.FlowQuery{Filter: f}, flowRefs(flow.FlowQuery{Filter: f}))
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
	lines, err := s.store.BudgetLines(ctx, flow.BudgetLineFilter{IDs: ids}, flow.Window{Limit: len(ids)})
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
	flows, err := s.store.Flows(ctx, flow.FlowFilter{IDs: ids}, flow.Window{Limit: len(ids)})
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

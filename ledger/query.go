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
}

// listed runs a list request with the store's list: the window its page
// and order give (refused if out of bounds), the check that the ids it
// names exist, and the store call unless the scope matches nothing.
func listed[F, T any](ctx context.Context, s *Service, l listing[F],
	list func(context.Context, F, flow.Window) (*flow.Page[T], error)) (*flow.Page[T], error) {
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
	return list(ctx, l.filter, w)
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
	return listing[flow.BudgetLineFilter]{order: o, page: q.Page, refs: refs, filter: f, some: some}, nil
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
	return listing[flow.FlowFilter]{order: o, page: q.Page, refs: refs, filter: f, some: some}, nil
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

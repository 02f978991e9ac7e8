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

// Disagreements finds the figures that different sources report, in one
// year and about one entity when given, which must exist (NOT_FOUND
// otherwise), and whether their claims agree; only those that do not are
// returned unless agreeing is set.
func (s *Service) Disagreements(ctx context.Context, year flow.FinancialYear, entity string, asOf flow.Date, agreeing bool) ([]flow.Disagreement, error) {
	lf := flow.BudgetLineFilter{Year: year, AsOf: asOf}
	ff := flow.FlowFilter{Year: year, Kinds: flow.EdgeKinds, AsOf: asOf}
	var refs []ref
	if entity != "" {
		// Any entity: a fund's or an organisation's lines are simply none.
		lf.ProgrammeIDs, ff.ToIDs = []string{entity}, []string{entity}
		refs = []ref{{"entity", entity, entityKinds}}
	}
	lines, err := s.budgetLines(ctx, flow.BudgetLineQuery{Filter: lf, Page: flow.PageArgs{All: true}}, refs)
	if err != nil {
		return nil, err
	}
	flows, err := s.flows(ctx, flow.FlowQuery{Filter: ff, Page: flow.PageArgs{All: true}}, nil)
	if err != nil {
		return nil, err
	}
	var figures []string
	for _, b := range lines.Items {
		for _, suffix := range []string{"planned", "forecast", "actual", "variance"} {
			figures = append(figures, b.ID+":"+suffix)
		}
	}
	for _, f := range flows.Items {
		figures = append(figures, f.ID)
	}
	links, err := s.store.Links(ctx, figures)
	if err != nil {
		return nil, err
	}
	var out []flow.Disagreement
	for _, d := range flow.Disagreements(lines.Items, flows.Items, links) {
		if agreeing || !d.Agree {
			out = append(out, d)
		}
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

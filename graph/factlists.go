package graph

import (
	"context"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph/model"
)

// The lists of facts that are not money under their parents, batched per
// request and paged per parent in the store like the money lists
// (childlists.go).

// childFacts resolves an entity's facts through a per-request batch: every
// fund, programme, organisation and person of the request is answered by
// one service call, which pages each parent's facts.
func (r *Resolver) childFacts(ctx context.Context, parent string, where *flow.FactFilter, orderBy []*flow.FactOrder,
	first *int, after *string, last *int, before *string, asOf *flow.Date) (*model.FactConnection, error) {
	p := countWhenAsked(ctx, pageArgs(first, after, last, before))
	f := factFilter(where, asOf)
	order := derefs(orderBy)
	l := childBatch(ctx, r, argsKey("facts", f, order, p), func(ctx context.Context, parents []string) (map[string]*flow.Page[*flow.Fact], error) {
		q := f
		var ok bool
		if q.SubjectIDs, ok = narrow(f.SubjectIDs, parents); !ok {
			return nil, nil
		}
		pages, err := r.Ledger.ChildFacts(ctx, flow.FactQuery{Filter: q, Order: order, Page: p})
		if err != nil {
			return nil, err
		}
		r.prime(ctx, factRefs(allItems(pages)))
		return pages, nil
	})
	page, err := l.Load(ctx, parent)()
	if err != nil {
		return nil, err
	}
	return factConnection(page), nil
}

// childPeople resolves an organisation's people through a per-request
// batch.
func (r *Resolver) childPeople(ctx context.Context, parent string, where *flow.PersonFilter, orderBy []*flow.NodeOrder,
	first *int, after *string, last *int, before *string) (*model.PersonConnection, error) {
	p := countWhenAsked(ctx, pageArgs(first, after, last, before))
	f := personFilter(where)
	order := derefs(orderBy)
	l := childBatch(ctx, r, argsKey("people", f, order, p), func(ctx context.Context, parents []string) (map[string]*flow.Page[*flow.Person], error) {
		q := f
		var ok bool
		if q.OrganisationIDs, ok = narrow(f.OrganisationIDs, parents); !ok {
			return nil, nil
		}
		pages, err := r.Ledger.ChildPeople(ctx, flow.PersonQuery{Filter: q, Order: order, Page: p})
		if err != nil {
			return nil, err
		}
		people := allItems(pages)
		r.remember(ctx, peopleByID(people))
		r.prime(ctx, peopleRefs(people))
		return pages, nil
	})
	page, err := l.Load(ctx, parent)()
	if err != nil {
		return nil, err
	}
	return personConnection(page), nil
}

// childStatements resolves a person's statements through a per-request
// batch.
func (r *Resolver) childStatements(ctx context.Context, parent string, where *flow.StatementFilter, orderBy []*flow.StatementOrder,
	first *int, after *string, last *int, before *string, asOf *flow.Date) (*model.StatementConnection, error) {
	p := countWhenAsked(ctx, pageArgs(first, after, last, before))
	f := statementFilter(where, asOf)
	order := derefs(orderBy)
	l := childBatch(ctx, r, argsKey("statements", f, order, p), func(ctx context.Context, parents []string) (map[string]*flow.Page[*flow.Statement], error) {
		q := f
		var ok bool
		if q.PersonIDs, ok = narrow(f.PersonIDs, parents); !ok {
			return nil, nil
		}
		pages, err := r.Ledger.ChildStatements(ctx, flow.StatementQuery{Filter: q, Order: order, Page: p})
		if err != nil {
			return nil, err
		}
		r.prime(ctx, statementRefs(allItems(pages)))
		return pages, nil
	})
	page, err := l.Load(ctx, parent)()
	if err != nil {
		return nil, err
	}
	return statementConnection(page), nil
}

// entities loads the entities with the given ids in one batch, in order.
func (r *Resolver) entities(ctx context.Context, ids []string) ([]flow.Entity, error) {
	r.prime(ctx, ids)
	out := make([]flow.Entity, 0, len(ids))
	for _, id := range ids {
		e, err := loadAs[flow.Entity](ctx, r, id)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// factRefs lists the nodes facts refer to: their subjects and sources.
func factRefs(fs []*flow.Fact) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.SubjectID)
		for _, c := range f.Citations {
			ids = append(ids, c.SourceID)
		}
	}
	return ids
}

// statementRefs lists the nodes statements refer to: who said them, what
// they are about, and their sources.
func statementRefs(ss []*flow.Statement) []string {
	var ids []string
	for _, s := range ss {
		ids = append(ids, s.PersonID)
		ids = append(ids, s.AboutIDs...)
		for _, c := range s.Citations {
			ids = append(ids, c.SourceID)
		}
	}
	return ids
}

// peopleRefs lists the organisations people belong to.
func peopleRefs(ps []*flow.Person) []string {
	var ids []string
	for _, p := range ps {
		if p.OrganisationID != "" {
			ids = append(ids, p.OrganisationID)
		}
	}
	return ids
}

// peopleByID keys a page of people by id, for the request's node batch.
func peopleByID(ps []*flow.Person) map[string]flow.Node {
	out := make(map[string]flow.Node, len(ps))
	for _, p := range ps {
		out[p.ID] = p
	}
	return out
}

// factFilter returns where (or nothing) with asOf applied.
func factFilter(where *flow.FactFilter, asOf *flow.Date) flow.FactFilter {
	var f flow.FactFilter
	if where != nil {
		f = *where
	}
	if asOf != nil {
		f.AsOf = *asOf
	}
	return f
}

// statementFilter returns where (or nothing) with asOf applied.
func statementFilter(where *flow.StatementFilter, asOf *flow.Date) flow.StatementFilter {
	var f flow.StatementFilter
	if where != nil {
		f = *where
	}
	if asOf != nil {
		f.AsOf = *asOf
	}
	return f
}

// personFilter returns where, or nothing.
func personFilter(where *flow.PersonFilter) flow.PersonFilter {
	if where == nil {
		return flow.PersonFilter{}
	}
	return *where
}

func factConnection(p *flow.Page[*flow.Fact]) *model.FactConnection {
	return &model.FactConnection{Nodes: nonNil(p.Items), PageInfo: pageInfo(p), TotalCount: p.TotalCount,
		Edges: edges(p, func(c string, n *flow.Fact) *model.FactEdge { return &model.FactEdge{Cursor: c, Node: n} })}
}

func personConnection(p *flow.Page[*flow.Person]) *model.PersonConnection {
	return &model.PersonConnection{Nodes: nonNil(p.Items), PageInfo: pageInfo(p), TotalCount: p.TotalCount,
		Edges: edges(p, func(c string, n *flow.Person) *model.PersonEdge { return &model.PersonEdge{Cursor: c, Node: n} })}
}

func statementConnection(p *flow.Page[*flow.Statement]) *model.StatementConnection {
	return &model.StatementConnection{Nodes: nonNil(p.Items), PageInfo: pageInfo(p), TotalCount: p.TotalCount,
		Edges: edges(p, func(c string, n *flow.Statement) *model.StatementEdge {
			return &model.StatementEdge{Cursor: c, Node: n}
		})}
}

// narrow restricts a filter's ids to the parents of a child list: the ids
// both name, or the parents when the filter names none. It reports false
// when they share none, so that the list is empty rather than unfiltered.
func narrow(filter, parents []string) ([]string, bool) {
	if filter == nil {
		return parents, true
	}
	var out []string
	for _, id := range filter {
		for _, p := range parents {
			if id == p {
				out = append(out, id)
			}
		}
	}
	return out, len(out) > 0
}

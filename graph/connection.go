package graph

import (
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph/model"
)

// pageInfo builds Relay page info from a store page.
func pageInfo[T any](p *flow.Page[T]) *model.PageInfo {
	info := &model.PageInfo{HasNextPage: p.HasNextPage, HasPreviousPage: p.HasPreviousPage}
	if n := len(p.Cursors); n > 0 {
		info.StartCursor, info.EndCursor = &p.Cursors[0], &p.Cursors[n-1]
	}
	return info
}

// edges pairs each item of a page with its cursor, in the edge type of a
// connection.
func edges[T, E any](p *flow.Page[T], edge func(cursor string, node T) E) []E {
	out := make([]E, len(p.Items))
	for i, it := range p.Items {
		out[i] = edge(p.Cursors[i], it)
	}
	return out
}

func fundConnection(p *flow.Page[*flow.Fund]) *model.FundConnection {
	return &model.FundConnection{Nodes: nonNil(p.Items), PageInfo: pageInfo(p), TotalCount: p.TotalCount,
		Edges: edges(p, func(c string, n *flow.Fund) *model.FundEdge { return &model.FundEdge{Cursor: c, Node: n} })}
}

func programmeConnection(p *flow.Page[*flow.Programme]) *model.ProgrammeConnection {
	return &model.ProgrammeConnection{Nodes: nonNil(p.Items), PageInfo: pageInfo(p), TotalCount: p.TotalCount,
		Edges: edges(p, func(c string, n *flow.Programme) *model.ProgrammeEdge {
			return &model.ProgrammeEdge{Cursor: c, Node: n}
		})}
}

func organisationConnection(p *flow.Page[*flow.Organisation]) *model.OrganisationConnection {
	return &model.OrganisationConnection{Nodes: nonNil(p.Items), PageInfo: pageInfo(p), TotalCount: p.TotalCount,
		Edges: edges(p, func(c string, n *flow.Organisation) *model.OrganisationEdge {
			return &model.OrganisationEdge{Cursor: c, Node: n}
		})}
}

func sourceConnection(p *flow.Page[*flow.Source]) *model.SourceConnection {
	return &model.SourceConnection{Nodes: nonNil(p.Items), PageInfo: pageInfo(p), TotalCount: p.TotalCount,
		Edges: edges(p, func(c string, n *flow.Source) *model.SourceEdge { return &model.SourceEdge{Cursor: c, Node: n} })}
}

func budgetLineConnection(p *flow.Page[*flow.BudgetLine]) *model.BudgetLineConnection {
	return &model.BudgetLineConnection{Nodes: nonNil(p.Items), PageInfo: pageInfo(p), TotalCount: p.TotalCount,
		Edges: edges(p, func(c string, n *flow.BudgetLine) *model.BudgetLineEdge {
			return &model.BudgetLineEdge{Cursor: c, Node: n}
		})}
}

func flowConnection(p *flow.Page[*flow.Flow]) *model.FlowConnection {
	return &model.FlowConnection{Nodes: nonNil(p.Items), PageInfo: pageInfo(p), TotalCount: p.TotalCount,
		Edges: edges(p, func(c string, n *flow.Flow) *model.FlowEdge { return &model.FlowEdge{Cursor: c, Node: n} })}
}

// nonNil turns a nil list into an empty one: the schema's lists are
// non-null, and "no items" is [] rather than an error.
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

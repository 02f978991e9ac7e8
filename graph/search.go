package graph

import (
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph/model"
)

// searchConnection builds a page of search results: each edge carries its
// record and the texts that matched.
func searchConnection(p *flow.Page[flow.SearchHit]) *model.SearchConnection {
	nodes := make([]flow.Searchable, len(p.Items))
	for i, h := range p.Items {
		nodes[i] = h.Record
	}
	return &model.SearchConnection{Nodes: nodes, PageInfo: pageInfo(p), TotalCount: p.TotalCount,
		Edges: edges(p, func(c string, h flow.SearchHit) *model.SearchEdge {
			matched := make([]*flow.SearchMatch, len(h.Matched))
			for i := range h.Matched {
				matched[i] = &h.Matched[i]
			}
			return &model.SearchEdge{Cursor: c, Node: h.Record, Matched: matched}
		})}
}

// searchRefs lists the nodes that the flows and budget lines found refer
// to, so that their fields load them in one batch.
func searchRefs(hits []flow.SearchHit) []string {
	var flows []*flow.Flow
	var lines []*flow.BudgetLine
	for _, h := range hits {
		switch r := h.Record.(type) {
		case *flow.Flow:
			flows = append(flows, r)
		case *flow.BudgetLine:
			lines = append(lines, r)
		}
	}
	return append(flowRefs(flows), lineRefs(lines)...)
}

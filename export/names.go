package export

import (
	"context"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// nodes looks up, in one call, the nodes a page of rows names (its
// entities and sources), so that rows can show names beside ids.
func nodes(ctx context.Context, svc *ledger.Service, ids []string) (map[string]flow.Node, error) {
	seen := map[string]bool{}
	var want []string
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			want = append(want, id)
		}
	}
	if len(want) == 0 {
		return map[string]flow.Node{}, nil
	}
	return svc.NodesBrief(ctx, want)
}

// name is the name of the node id, or "" when it is unknown.
func name(ns map[string]flow.Node, id string) string {
	if n, ok := ns[id]; ok {
		return n.NodeName()
	}
	return ""
}

// sourceColumns are the columns of a citation.
var sourceColumns = []string{"source", "sourceTitle", "publisher", "published", "quote"}

// citations is one cell set per citation of a record: the source's id,
// title, publisher and date, and the quote. A record without citations
// still gets one row, its citation cells empty.
func citations(ns map[string]flow.Node, cs []flow.Citation) [][]string {
	if len(cs) == 0 {
		return [][]string{make([]string, len(sourceColumns))}
	}
	out := make([][]string, len(cs))
	for i, c := range cs {
		var title, publisher, published string
		if s, ok := ns[c.SourceID].(*flow.Source); ok {
			title, publisher, published = s.Title, s.Publisher, s.Published
		}
		out[i] = []string{text(c.SourceID), text(title), text(publisher), text(published), text(c.Quote)}
	}
	return out
}

// citedIDs appends the source ids of cs to ids.
func citedIDs(ids []string, cs []flow.Citation) []string {
	for _, c := range cs {
		ids = append(ids, c.SourceID)
	}
	return ids
}

// cat joins cell groups into one row.
func cat(groups ...[]string) []string {
	var n int
	for _, g := range groups {
		n += len(g)
	}
	out := make([]string, 0, n)
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

package ledger

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/fold"
	"github.com/fundflow/fundflow/internal/searchdoc"
)

// Search finds the records whose texts hold every word of the text, best
// match first (flow.SearchRanks): funds, programmes, organisations and
// sources by their own texts, flows and budget lines by the quotes that
// cite them. The text is folded as every stored text was (fold.Words).
// Each hit lists its matches, best first, each cut around the words
// matched. Its pages run forward only: the rank that orders them is
// computed per query.
func (s *Service) Search(ctx context.Context, q flow.SearchQuery) (*flow.Page[flow.SearchHit], error) {
	terms, err := searchTerms(q)
	if err != nil {
		return nil, err
	}
	w, err := q.Page.Size()
	if err != nil {
		return nil, err
	}
	if w.Backward {
		return nil, flow.Errorf(flow.EINVALID, "search: pages run forward only; use first and after")
	}
	w.Order = flow.Ordering{Tag: flow.SearchOrder}
	if w.Cursor != "" {
		if w.Keys, err = flow.DecodeCursor(w.Cursor, flow.SearchOrder, flow.SearchKeys); err != nil {
			return nil, err
		}
		if rank, err := strconv.Atoi(w.Keys[0]); err != nil || rank < 0 {
			return nil, flow.Errorf(flow.EINVALID, "%q is not a cursor of this list in this order", w.Cursor)
		}
	}
	page, err := s.store.Search(ctx, terms, w)
	if err != nil {
		return nil, err
	}
	return s.resolveHits(ctx, page, terms)
}

// searchTerms checks and folds a search's text.
func searchTerms(q flow.SearchQuery) (flow.SearchTerms, error) {
	text, err := flow.SearchText(q)
	if err != nil {
		return flow.SearchTerms{}, err
	}
	if n := utf8.RuneCountInString(text); n > flow.MaxSearchRunes {
		return flow.SearchTerms{}, flow.Errorf(flow.ETOOLARGE, "search: text of %d characters; at most %d", n, flow.MaxSearchRunes)
	}
	all := fold.Words(text)
	if len(all) == 0 {
		return flow.SearchTerms{}, flow.Errorf(flow.EINVALID, "search: %q has no letters or digits to look for", text)
	}
	words := dedupe(all)
	if len(words) > flow.MaxSearchWords {
		return flow.SearchTerms{}, flow.Errorf(flow.ETOOLARGE, "search: %d different words; at most %d", len(words), flow.MaxSearchWords)
	}
	return flow.SearchTerms{Words: words, Phrase: strings.Join(all, " ")}, nil
}

// resolveHits fills in each hit's record, with one store call per kind of
// record found, and its matches' texts. A hit whose record has gone since
// the search read it (a concurrent load) is dropped rather than shown
// empty.
func (s *Service) resolveHits(ctx context.Context, page *flow.Page[flow.SearchHit], q flow.SearchTerms) (*flow.Page[flow.SearchHit], error) {
	byKind := map[flow.RecordKind][]string{}
	for _, h := range page.Items {
		byKind[h.Kind] = append(byKind[h.Kind], h.ID)
	}
	records, err := s.searchRecords(ctx, byKind)
	if err != nil {
		return nil, err
	}
	out := &flow.Page[flow.SearchHit]{HasNextPage: page.HasNextPage, HasPreviousPage: page.HasPreviousPage, TotalCount: page.TotalCount}
	for i, h := range page.Items {
		r, ok := records[h.ID]
		if !ok {
			continue
		}
		h.Record, h.Matched = r, matchedTexts(searchdoc.Of(r), h.Matched, q)
		out.Items, out.Cursors = append(out.Items, h), append(out.Cursors, page.Cursors[i])
	}
	return out, nil
}

// searchRecords looks up the records of each kind, keyed by id. A new kind
// of searchable record is one more case here.
func (s *Service) searchRecords(ctx context.Context, byKind map[flow.RecordKind][]string) (map[string]flow.Searchable, error) {
	out := map[string]flow.Searchable{}
	var nodeIDs []string
	for _, k := range append([]flow.RecordKind{flow.KindPerson}, flow.NodeKinds...) {
		nodeIDs = append(nodeIDs, byKind[k]...)
	}
	if len(nodeIDs) > 0 {
		nodes, err := s.store.Nodes(ctx, nodeIDs)
		if err != nil {
			return nil, err
		}
		for id, n := range nodes {
			if r, ok := n.(flow.Searchable); ok {
				out[id] = r
			}
		}
	}
	if ids := byKind[flow.KindFlow]; len(ids) > 0 {
		o, _ := flow.FlowOrdering(nil)
		flows, err := s.store.Flows(ctx, flow.FlowFilter{IDs: ids}, flow.Window{Order: o, Limit: len(ids)})
		if err != nil {
			return nil, err
		}
		for _, f := range flows.Items {
			out[f.ID] = f
		}
	}
	if ids := byKind[flow.KindBudgetLine]; len(ids) > 0 {
		o, _ := flow.BudgetOrdering(nil)
		lines, err := s.store.BudgetLines(ctx, flow.BudgetLineFilter{IDs: ids}, flow.Window{Order: o, Limit: len(ids)})
		if err != nil {
			return nil, err
		}
		for _, b := range lines.Items {
			out[b.ID] = b
		}
	}
	if ids := byKind[flow.KindStatement]; len(ids) > 0 {
		o, _ := flow.StatementOrdering(nil)
		said, err := s.store.Statements(ctx, flow.StatementFilter{IDs: ids}, flow.Window{Order: o, Limit: len(ids)})
		if err != nil {
			return nil, err
		}
		for _, st := range said.Items {
			out[st.ID] = st
		}
	}
	return out, nil
}

// matchedTexts orders a hit's matches best first (by rank, then in the
// record's own order of texts), keeps flow.SearchMatchLimit of them and
// fills in each one's text, cut around the words matched. A match whose
// text has changed place since the search (a concurrent write) is dropped.
func matchedTexts(d searchdoc.Doc, ms []flow.SearchMatch, q flow.SearchTerms) []flow.SearchMatch {
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].Rank != ms[j].Rank {
			return ms[i].Rank < ms[j].Rank
		}
		return ms[i].Index < ms[j].Index
	})
	out := make([]flow.SearchMatch, 0, min(len(ms), flow.SearchMatchLimit))
	for _, m := range ms {
		if len(out) == flow.SearchMatchLimit {
			break
		}
		if m.Index < 0 || m.Index >= len(d.Texts) || d.Texts[m.Index].Field != m.Field {
			continue
		}
		m.Text = searchdoc.Excerpt(d.Texts[m.Index].Text, q.Words, flow.SearchExcerptRunes)
		out = append(out, m)
	}
	return out
}

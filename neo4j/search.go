package neo4j

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/searchdoc"
)

// Every record search can find stores its searchable texts (searchdoc) as
// parallel lists, written with the record: searchFields (NAME, ALIAS, ...)
// and searchWords (each text's folded words, joined by spaces), with
// searchKind, searchName (what results of one rank are ordered by) and
// searchVersion (the searchdoc.Version they were computed by). Nodes that
// carry them have the label Searchable.
//
// Two full-text indexes over searchWords, one on Searchable nodes and one
// on flow relationships, find the candidates: the whitespace analyzer
// keeps each folded word as one term, so "kings* AND fund*" finds every
// record with a word that each search word begins, across its texts. The
// statement then applies the rule the embedded store applies too
// (searchdoc.Rank) to each text, which decides what matched and its rank.
// Staged and retired nodes are not Searchable, so the node index holds
// live records only; the flow index holds every flow of its types, so a
// flow is kept only between two live Nodes, as every read of flows does.
const (
	searchNodeIndex = "search_records"
	searchFlowIndex = "search_flows"
)

// searchIndexes are created, like the constraints, when the store opens.
var searchIndexes = []*Statement{
	statement("index-search-records", `CREATE FULLTEXT INDEX `+searchNodeIndex+` IF NOT EXISTS
FOR (n:`+labelSearchable+`) ON EACH [n.searchWords]
OPTIONS {indexConfig: {`+"`fulltext.analyzer`"+`: 'whitespace', `+"`fulltext.eventually_consistent`"+`: false}}`, nil),
	statement("index-search-flows", `CREATE FULLTEXT INDEX `+searchFlowIndex+` IF NOT EXISTS
FOR ()-[r:`+edgePattern+`]-() ON EACH [r.searchWords]
OPTIONS {indexConfig: {`+"`fulltext.analyzer`"+`: 'whitespace', `+"`fulltext.eventually_consistent`"+`: false}}`, nil),
}

// awaitIndexStatement waits until a new index is online: a full-text index
// that is still being populated cannot be queried.
var awaitIndexStatement = statement("await-index", `CALL db.awaitIndex($name, $seconds)`,
	map[string]any{"name": "", "seconds": int64(0)})

// searchProps returns a record's searchable texts as properties.
func searchProps(d searchdoc.Doc) map[string]any {
	fields, words := make([]string, len(d.Texts)), make([]string, len(d.Texts))
	for i, t := range d.Texts {
		fields[i], words[i] = string(t.Field), t.Words
	}
	return map[string]any{"searchKind": string(d.Kind), "searchName": d.Name,
		"searchFields": fields, "searchWords": words, "searchVersion": int64(searchdoc.Version)}
}

// withSearch adds a record's searchable texts to its properties.
func withSearch(props map[string]any, d searchdoc.Doc) map[string]any {
	for k, v := range searchProps(d) {
		props[k] = v
	}
	return props
}

// searchStatement finds the candidates with the full-text indexes, keeps
// the texts that hold every word by prefix, ranks each (the ranks arrive
// as $ranks, flow.SearchRanks by field), and returns the total and one
// page, best first, in one round trip.
var searchStatement = statement("search", `
CALL () {
  CALL db.index.fulltext.queryNodes('`+searchNodeIndex+`', $lucene) YIELD node
  RETURN node AS x
  UNION ALL
  CALL db.index.fulltext.queryRelationships('`+searchFlowIndex+`', $lucene) YIELD relationship
  WITH relationship, startNode(relationship) AS a, endNode(relationship) AS b
  WHERE a:Node AND b:Node
  RETURN relationship AS x
}
WITH x, [i IN range(0, size(x.searchWords) - 1)
    WHERE all(w IN $words WHERE (' ' + x.searchWords[i]) CONTAINS (' ' + w)) |
    {field: x.searchFields[i], index: i, rank:
      CASE
        WHEN x.searchWords[i] = $phrase THEN $ranks[x.searchFields[i]][0]
        WHEN x.searchWords[i] STARTS WITH $phrase THEN $ranks[x.searchFields[i]][1]
        ELSE $ranks[x.searchFields[i]][2]
      END}] AS matched
WHERE size(matched) > 0
WITH x, matched, reduce(best = head(matched).rank, m IN matched | CASE WHEN m.rank < best THEN m.rank ELSE best END) AS rank
WITH collect({id: x.id, kind: x.searchKind, name: x.searchName, rank: rank, matched: matched}) AS hits
CALL (hits) {
  UNWIND hits AS h
  WITH h
  WHERE NOT $paged OR h.rank > $k0 OR (h.rank = $k0 AND h.name > $k1) OR (h.rank = $k0 AND h.name = $k1 AND h.id > $k2)
  WITH h ORDER BY h.rank, h.name, h.id LIMIT $limit
  RETURN collect(h) AS rows
}
RETURN size(hits) AS total, rows`,
	map[string]any{"lucene": "", "words": []string{}, "phrase": "", "ranks": map[string]any{},
		"paged": false, "k0": int64(0), "k1": "", "k2": "", "limit": int64(1)})

// searchCall builds the call for one page of a search.
func searchCall(q flow.SearchTerms, w flow.Window) call {
	keys := append(w.Keys, make([]string, flow.SearchKeys)...) // "" for each key of the first page
	rank, _ := strconv.Atoi(keys[0])                           // the service checked it
	return call{searchStatement, map[string]any{"lucene": luceneQuery(q.Words), "words": strList(q.Words),
		"phrase": q.Phrase, "ranks": searchdoc.Ranks(), "paged": w.Keys != nil,
		"k0": int64(rank), "k1": keys[1], "k2": keys[2], "limit": int64(w.Limit + 1)}}
}

// luceneQuery asks a full-text index for the records with a term that each
// word begins: "kings* AND fund*". Folded words hold only letters, digits
// and points, none of them special to Lucene; anything that is gets
// escaped all the same.
func luceneQuery(words []string) string {
	const special = `+-&|!(){}[]^"~*?:\/`
	parts := make([]string, len(words))
	for i, w := range words {
		var b strings.Builder
		for _, r := range w {
			if strings.ContainsRune(special, r) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		parts[i] = b.String() + "*"
	}
	return strings.Join(parts, " AND ")
}

// Search finds the records with a matching text, best match first, in one
// round trip.
func (s *Store) Search(ctx context.Context, q flow.SearchTerms, w flow.Window) (*flow.Page[flow.SearchHit], error) {
	total, rows, err := s.readPage(ctx, searchCall(q, w), "rows")
	if err != nil {
		return nil, internal("search", err)
	}
	var (
		items   []flow.SearchHit
		cursors []string
	)
	for _, r := range rows {
		h, name, err := toSearchHit(r)
		if err != nil {
			return nil, internal("search", err)
		}
		items = append(items, h)
		cursors = append(cursors, flow.EncodeCursor(flow.SearchOrder, strconv.Itoa(h.Rank), name, h.ID))
	}
	p := flow.Paginate(items, cursors, w)
	p.TotalCount = total
	return p, nil
}

// toSearchHit maps one row of the search statement, and returns the name
// it is ordered by.
func toSearchHit(r any) (flow.SearchHit, string, error) {
	m, ok := r.(map[string]any)
	if !ok {
		return flow.SearchHit{}, "", fmt.Errorf("search row is %T", r)
	}
	p := &props{what: "search row " + fmt.Sprint(m["id"]), m: m}
	h := flow.SearchHit{ID: p.str("id"), Kind: flow.RecordKind(p.str("kind")), Rank: p.int("rank")}
	name := p.str("name")
	matched, ok := m["matched"].([]any)
	if !ok {
		return h, "", fmt.Errorf("%s: matched is %T, want a list", p.what, m["matched"])
	}
	for _, e := range matched {
		em, ok := e.(map[string]any)
		if !ok {
			return h, "", fmt.Errorf("%s: a match is %T, want a map", p.what, e)
		}
		mp := &props{what: p.what, m: em}
		h.Matched = append(h.Matched, flow.SearchMatch{Field: flow.SearchField(mp.str("field")), Index: mp.int("index"), Rank: mp.int("rank")})
		if mp.err != nil {
			return h, "", mp.err
		}
	}
	return h, name, p.err
}

// int reads an integer; absent or null is 0.
func (p *props) int(key string) int {
	switch v := p.m[key].(type) {
	case nil:
		return 0
	case int64:
		return int(v)
	default:
		p.fail(key, v, "an integer")
		return 0
	}
}

package sqlite

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/searchdoc"
)

// matchedTexts selects the searchable texts that hold every word of the
// search by prefix, each with its rank (flow.SearchRanks, passed as
// :ranks): the full-text index finds the candidates and the rule every
// backend applies (searchdoc.Rank) decides, so that both backends match
// exactly the same texts.
const matchedTexts = `
matched AS (
  SELECT t.record_id, t.kind, t.name_key, t.position, t.field,
    CASE
      WHEN t.words = :phrase THEN json_extract(:ranks, '$.' || t.field || '[0]')
      WHEN substr(t.words, 1, length(:phrase)) = :phrase THEN json_extract(:ranks, '$.' || t.field || '[1]')
      ELSE json_extract(:ranks, '$.' || t.field || '[2]')
    END AS rank
  FROM search_texts t
  WHERE t.id IN (SELECT rowid FROM search_words WHERE search_words MATCH :fts)
    AND NOT EXISTS (SELECT 1 FROM json_each(:words) q WHERE instr(' ' || t.words, ' ' || q.value) = 0)
)`

// Search finds the records with a matching text, best first: by rank, then
// folded name, then id, which are also the cursor's keys. Two queries: the
// page, and the count unless the window says nobody reads it.
func (s *Store) Search(ctx context.Context, q flow.SearchTerms, w flow.Window) (*flow.Page[flow.SearchHit], error) {
	const (
		list = `
WITH ` + matchedTexts + `,
hits AS (
  SELECT record_id, kind, name_key, min(rank) AS rank,
    json_group_array(json_array(field, position, rank)) AS matches
  FROM matched
  GROUP BY record_id
)
SELECT record_id, kind, name_key, rank, matches FROM hits
WHERE NOT :paged OR rank > :k0 OR (rank = :k0 AND name_key > :k1) OR (rank = :k0 AND name_key = :k1 AND record_id > :k2)
ORDER BY rank, name_key, record_id
LIMIT :limit`
		count = `WITH ` + matchedTexts + ` SELECT count(DISTINCT record_id) FROM matched`
	)
	words, _ := json.Marshal(q.Words)
	ranks, _ := json.Marshal(searchdoc.Ranks())
	terms := map[string]any{"phrase": q.Phrase, "words": string(words), "ranks": string(ranks), "fts": ftsQuery(q.Words)}
	keys := append(w.Keys, make([]string, flow.SearchKeys)...) // "" for each key of the first page
	rank, _ := strconv.Atoi(keys[0])                           // the service checked it
	params := map[string]any{"paged": w.Keys != nil, "k0": rank, "k1": keys[1], "k2": keys[2], "limit": w.Limit + 1}
	for k, v := range terms {
		params[k] = v
	}
	rows, err := s.read.QueryContext(ctx, list, named(params)...)
	if err != nil {
		return nil, wrap("search", err)
	}
	defer rows.Close()
	var (
		items   []flow.SearchHit
		cursors []string
	)
	for rows.Next() {
		var (
			h       flow.SearchHit
			name    string
			matches string
		)
		if err := rows.Scan(&h.ID, &h.Kind, &name, &h.Rank, &matches); err != nil {
			return nil, wrap("search", err)
		}
		if h.Matched, err = decodeMatches(matches); err != nil {
			return nil, wrap("search", err)
		}
		items = append(items, h)
		cursors = append(cursors, flow.EncodeCursor(flow.SearchOrder, strconv.Itoa(h.Rank), name, h.ID))
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("search", err)
	}
	p := flow.Paginate(items, cursors, w)
	if w.NoCount {
		return p, nil
	}
	if err := s.read.QueryRowContext(ctx, count, named(terms)...).Scan(&p.TotalCount); err != nil {
		return nil, wrap("search", err)
	}
	return p, nil
}

// decodeMatches reads the [field, position, rank] triples of a hit.
func decodeMatches(s string) ([]flow.SearchMatch, error) {
	var raw [][3]json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, err
	}
	out := make([]flow.SearchMatch, len(raw))
	for i, r := range raw {
		if err := json.Unmarshal(r[0], &out[i].Field); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(r[1], &out[i].Index); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(r[2], &out[i].Rank); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ftsQuery asks the full-text index for the texts holding a token that
// each word begins: "kings"* AND "fund"*. Quoting keeps a word such as
// "63.7m" one token; folded words never hold a double quote.
func ftsQuery(words []string) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"*`
	}
	return strings.Join(parts, " AND ")
}

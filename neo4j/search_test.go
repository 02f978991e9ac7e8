package neo4j

import (
	"reflect"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/searchdoc"
	"github.com/fundflow/fundflow/storetest"
)

// TestSearchPropsWritten: every record a load writes carries its
// searchable texts as search.go describes, nodes with the label the
// full-text index covers; a budget line's figures as flows carry none.
func TestSearchPropsWritten(t *testing.T) {
	ds := storetest.NHS(t)
	docs := map[string]searchdoc.Doc{}
	for _, n := range ds.Funds {
		docs[n.ID] = searchdoc.Node(n)
	}
	for _, n := range ds.Programmes {
		docs[n.ID] = searchdoc.Node(n)
	}
	for _, n := range ds.Organisations {
		docs[n.ID] = searchdoc.Node(n)
	}
	for _, n := range ds.Sources {
		docs[n.ID] = searchdoc.Node(n)
	}
	for _, n := range ds.People {
		docs[n.ID] = searchdoc.Node(n)
	}
	for _, st := range ds.Statements {
		docs[st.ID] = searchdoc.Statement(st)
	}
	for _, f := range ds.Flows {
		docs[f.ID] = searchdoc.Flow(f)
	}
	for _, b := range ds.BudgetLines {
		docs[b.ID] = searchdoc.BudgetLine(b)
	}
	seen := 0
	for _, c := range stagePlan(ds, DefaultBatchSize, nil) {
		for _, r := range c.params["rows"].([]any) {
			row, ok := r.(map[string]any)
			if !ok {
				continue // an id: a relationship from what is staged already
			}
			props, _ := row["props"].(map[string]any)
			switch {
			case c.stmt == stageNodesStatement:
				row = props
			case c.stmt == stageFlows["BUDGETED"]:
				if _, ok := props["searchWords"]; ok {
					t.Errorf("budget line figure %s carries searchable texts", row["id"])
				}
				continue
			}
			if props == nil || c.stmt == stageFactsStatement {
				continue // facts are not searched
			}
			d, ok := docs[row["id"].(string)]
			if !ok {
				t.Fatalf("%s: no record %v", c.stmt.Name, row["id"])
			}
			if want := searchProps(d); !reflect.DeepEqual(pick(props, want), want) {
				t.Errorf("%s: got %v, want %v", row["id"], pick(props, want), want)
			}
			seen++
		}
	}
	if c := ds.Counts(); seen != c.Total()-c.Links-c.Facts { // links and facts are not searched
		want := c.Total() - c.Links - c.Facts
		t.Errorf("%d records carry searchable texts, want %d", seen, want)
	}
	// The switch labels what is searched Searchable, and nothing else.
	searched := map[string]bool{labelFund: true, labelProgramme: true, labelOrganisation: true, labelSource: true,
		labelPerson: true, labelBudgetLine: true, labelStatement: true}
	for i, p := range published {
		if got := strings.Contains(publishStatements[i].Cypher, ":"+labelSearchable); got != searched[p.stagedAs] {
			t.Errorf("%s labels %s %s: %v, want %v", publishStatements[i].Name, p.stagedAs, labelSearchable, got, searched[p.stagedAs])
		}
	}
}

// pick returns the entries of m under the keys of like.
func pick(m, like map[string]any) map[string]any {
	out := map[string]any{}
	for k := range like {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	return out
}

// TestReindexRows: reindexing a record read back from the database
// computes what a load writes.
func TestReindexRows(t *testing.T) {
	org := &flow.Organisation{ID: "kings-fund", Name: "The King's Fund", Aliases: []string{"King's Fund"}, Kind: "think tank"}
	row, err := nodeSearchRow(map[string]any{"n": dbtype.Node{Labels: []string{labelNode, labelOrganisation}, Props: asReturned(organisationRow(org)).(map[string]any)}})
	if err != nil || !reflect.DeepEqual(row, map[string]any{"id": "kings-fund", "search": searchProps(searchdoc.Node(org))}) {
		t.Errorf("organisation: got %v, %v", row, err)
	}
	f := &flow.Flow{ID: "f", Kind: flow.Payment, FromID: "a", ToID: "b", Amount: flow.GBP(100), Status: flow.Retracted,
		Citations: []flow.Citation{{SourceID: "s", Quote: "A quote."}}}
	fr := flowRow(f)
	rel := dbtype.Relationship{Type: "PAID_TO", Props: asReturned(fr["props"]).(map[string]any)}
	row, err = flowSearchRow(map[string]any{"r": rel, "from": "a", "to": "b"})
	if err != nil || row["from"] != "a" || !reflect.DeepEqual(row["search"], searchProps(searchdoc.Flow(f))) ||
		len(row["search"].(map[string]any)["searchWords"].([]string)) != 0 {
		t.Errorf("retracted flow: got %v, %v; want no searchable texts", row, err)
	}
	b := &flow.BudgetLine{ID: "l", ProgrammeID: "p", Year: "2017-18", Status: flow.Reported,
		Citations: []flow.Citation{{SourceID: "s", Quote: "Planned: £49m Actual: £35.3m"}}}
	row, err = lineSearchRow(map[string]any{"n": dbtype.Node{Labels: []string{labelBudgetLine}, Props: asReturned(budgetLineRow(b)["props"]).(map[string]any)}})
	if err != nil || !reflect.DeepEqual(row["search"].(map[string]any)["searchWords"], []string{"planned 49m actual 35.3m"}) {
		t.Errorf("budget line: got %v, %v", row, err)
	}
	if _, err := nodeSearchRow(map[string]any{"n": "not a node"}); err == nil {
		t.Error("a row without a node was reindexed")
	}
}

func TestSearchHitMapping(t *testing.T) {
	row := map[string]any{"id": "kings-fund", "kind": "organisation", "name": "the king's fund", "rank": int64(1),
		"matched": []any{
			map[string]any{"field": "NAME", "index": int64(0), "rank": int64(3)},
			map[string]any{"field": "ALIAS", "index": int64(1), "rank": int64(1)},
		}}
	h, name, err := toSearchHit(row)
	want := flow.SearchHit{ID: "kings-fund", Kind: flow.KindOrganisation, Rank: 1, Matched: []flow.SearchMatch{
		{Field: flow.FieldName, Index: 0, Rank: 3}, {Field: flow.FieldAlias, Index: 1, Rank: 1}}}
	if err != nil || name != "the king's fund" || !reflect.DeepEqual(h, want) {
		t.Errorf("got %+v, %q, %v; want %+v", h, name, err, want)
	}
	for _, bad := range []any{
		"not a map",
		map[string]any{"id": "x", "rank": 1.5, "matched": []any{}},
		map[string]any{"id": "x", "rank": int64(1), "matched": "NAME"},
		map[string]any{"id": "x", "rank": int64(1), "matched": []any{map[string]any{"field": "NAME", "index": "0"}}},
	} {
		if _, _, err := toSearchHit(bad); err == nil {
			t.Errorf("%v: mapped without an error", bad)
		}
	}
}

func TestLuceneQuery(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  string
	}{
		{[]string{"kings", "fund"}, "kings* AND fund*"},
		{[]string{"63.7m"}, "63.7m*"},
		{[]string{`a+b`, `c:d`, `e\f`}, `a\+b* AND c\:d* AND e\\f*`}, // folding never makes these; escaped all the same
	} {
		if got := luceneQuery(tc.words); got != tc.want {
			t.Errorf("luceneQuery(%q) = %q, want %q", tc.words, got, tc.want)
		}
	}
}

// TestSearchIndexes pins the full-text indexes: what they cover, and the
// analyzer that keeps each folded word one term. IF NOT EXISTS recognises
// an index by its name, so a changed definition needs a new name.
func TestSearchIndexes(t *testing.T) {
	want := []string{
		"CREATE FULLTEXT INDEX search_records IF NOT EXISTS\nFOR (n:Searchable) ON EACH [n.searchWords]\n" +
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}}",
		"CREATE FULLTEXT INDEX search_flows IF NOT EXISTS\nFOR ()-[r:ALLOCATED_TO|DIVERTED_TO|PAID_TO|ASKED_TO_FUND|NEEDS_TO_FUND]-() ON EACH [r.searchWords]\n" +
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}}",
	}
	for i := range want {
		want[i] = cypherVersion + "\n" + want[i]
	}
	var got []string
	for _, s := range searchIndexes {
		got = append(got, s.Cypher)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("search indexes:\n got %q\nwant %q", got, want)
	}
}

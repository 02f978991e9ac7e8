package neo4j

import (
	"reflect"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/storetest"
)

// asReturned converts a parameter value to what the driver hands back
// when the value is read from the database: lists come back as []any.
func asReturned(v any) any {
	switch v := v.(type) {
	case []string:
		out := make([]any, len(v))
		for i, s := range v {
			out[i] = s
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			if e != nil { // SET n = row does not store nulls
				out[k] = asReturned(e)
			}
		}
		return out
	}
	return v
}

// checkBrief reads n as briefNode's Cypher returns it (labels, the other
// properties as pairs, whether it has a text) and expects want, a source
// without its text.
func checkBrief(t *testing.T, n dbtype.Node, want flow.Node) {
	t.Helper()
	var pairs []any
	for k, v := range n.Props {
		if k != "text" {
			pairs = append(pairs, []any{k, v})
		}
	}
	text, _ := n.Props["text"].(string)
	labels := make([]any, len(n.Labels))
	for i, l := range n.Labels {
		labels[i] = l
	}
	got, err := toBrief(map[string]any{"n": map[string]any{"labels": labels, "props": pairs, "hasText": text != ""}}, "n")
	if err != nil {
		t.Fatal(err)
	}
	if src, ok := want.(*flow.Source); ok {
		short := *src
		short.Text, short.HasText = "", src.Text != ""
		want = &short
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("brief node %s:\n got %#v\nwant %#v", want.NodeID(), got, want)
	}
}

// TestRecordsRoundTrip writes the bundled dataset's records as the load
// plan would, reads them back as driver nodes and relationships, and
// expects the same domain values: the mapping both ways, without a server.
func TestRecordsRoundTrip(t *testing.T) {
	ds := storetest.NHS(t)
	labels := map[string]string{}
	for _, f := range ds.Funds {
		labels[f.ID] = labelFund
	}
	for _, p := range ds.Programmes {
		labels[p.ID] = labelProgramme
	}
	for _, o := range ds.Organisations {
		labels[o.ID] = labelOrganisation
	}
	for _, s := range ds.Sources {
		labels[s.ID] = labelSource
	}
	for _, p := range ds.People {
		labels[p.ID] = labelPerson
	}
	nodes := map[string]flow.Node{}
	for _, f := range ds.Funds {
		nodes[f.ID] = f
	}
	for _, p := range ds.Programmes {
		nodes[p.ID] = p
	}
	for _, o := range ds.Organisations {
		nodes[o.ID] = o
	}
	for _, s := range ds.Sources {
		nodes[s.ID] = s
	}
	for _, p := range ds.People {
		nodes[p.ID] = p
	}
	seen := 0
	for _, c := range stagePlan(ds, DefaultBatchSize, nil) {
		for _, r := range c.params["rows"].([]any) {
			row, ok := r.(map[string]any)
			if !ok {
				continue // an id: a relationship from what is staged already
			}
			switch {
			case c.stmt == stageNodesStatement:
				props := row["props"].(map[string]any)
				if row["stagedAs"] != labels[props["id"].(string)] {
					t.Errorf("node %s staged as %v, want %s", props["id"], row["stagedAs"], labels[props["id"].(string)])
				}
				row = props
				n := dbtype.Node{Labels: []string{labelNode, labels[row["id"].(string)]}, Props: asReturned(row).(map[string]any)}
				got, err := toNode(n)
				if err != nil {
					t.Fatal(err)
				}
				if want := nodes[row["id"].(string)]; !reflect.DeepEqual(got, want) {
					t.Errorf("node %s:\n got %#v\nwant %#v", row["id"], got, want)
				}
				checkBrief(t, n, nodes[row["id"].(string)])
				seen++
			case isOneOf(c.stmt, stageFlows):
				rel := dbtype.Relationship{Type: strings.TrimPrefix(c.stmt.Name, "stage-"), Props: asReturned(row["props"]).(map[string]any)}
				got, err := toFlow(rel, row["from"].(string), row["to"].(string))
				if err != nil {
					t.Fatal(err)
				}
				want := find(append(ds.Flows, ds.BudgetFlows()...), func(f *flow.Flow) bool { return f.ID == row["id"] })
				if !reflect.DeepEqual(got, want) {
					t.Errorf("flow %s:\n got %#v\nwant %#v", row["id"], got, want)
				}
				seen++
			case c.stmt == stageLinksStatement:
				got, err := toLink(dbtype.Node{Labels: []string{labelLink}, Props: asReturned(row).(map[string]any)})
				if err != nil {
					t.Fatal(err)
				}
				want := find(ds.Links, func(l *flow.Link) bool { return l.ID == row["id"] })
				if !reflect.DeepEqual(got, want) {
					t.Errorf("link %s:\n got %#v\nwant %#v", row["id"], got, want)
				}
				seen++
			case c.stmt == stageLinesStatement:
				got, err := toBudgetLine(dbtype.Node{Labels: []string{labelBudgetLine}, Props: asReturned(row["props"]).(map[string]any)})
				if err != nil {
					t.Fatal(err)
				}
				want := find(ds.BudgetLines, func(b *flow.BudgetLine) bool { return b.ID == row["id"] })
				if !reflect.DeepEqual(got, want) {
					t.Errorf("budget line %s:\n got %#v\nwant %#v", row["id"], got, want)
				}
				seen++
			case c.stmt == stageFactsStatement:
				got, err := toFact(dbtype.Node{Labels: []string{labelFact}, Props: asReturned(row["props"]).(map[string]any)})
				if err != nil {
					t.Fatal(err)
				}
				want := find(ds.Facts, func(f *flow.Fact) bool { return f.ID == row["id"] })
				if !reflect.DeepEqual(got, want) {
					t.Errorf("fact %s:\n got %#v\nwant %#v", row["id"], got, want)
				}
				seen++
			case c.stmt == stageStatementsStatement:
				got, err := toStatement(dbtype.Node{Labels: []string{labelStatement}, Props: asReturned(row["props"]).(map[string]any)})
				if err != nil {
					t.Fatal(err)
				}
				want := find(ds.Statements, func(s *flow.Statement) bool { return s.ID == row["id"] })
				if !reflect.DeepEqual(got, want) {
					t.Errorf("statement %s:\n got %#v\nwant %#v", row["id"], got, want)
				}
				seen++
			}
		}
	}
	if want := ds.Counts().Total() + len(ds.BudgetFlows()); seen != want {
		t.Errorf("round-tripped %d records, want %d", seen, want)
	}
}

func isOneOf(s *Statement, m map[string]*Statement) bool {
	for _, x := range m {
		if x == s {
			return true
		}
	}
	return false
}

func find[T any](xs []T, match func(T) bool) T {
	for _, x := range xs {
		if match(x) {
			return x
		}
	}
	var zero T
	return zero
}

func TestRecordMapping(t *testing.T) {
	t.Run("NullsAndAbsentProperties", func(t *testing.T) {
		n := dbtype.Node{Labels: []string{labelNode, labelProgramme}, Props: map[string]any{
			"id": "wifi", "name": "Wi-Fi", "aliases": nil, "fundId": nil}}
		got, err := toNode(n)
		want := &flow.Programme{ID: "wifi", Name: "Wi-Fi"}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("got %#v, %v; want %#v", got, err, want)
		}
	})

	t.Run("MoneyAsInt64", func(t *testing.T) {
		rel := dbtype.Relationship{Type: "DIVERTED_TO", Props: map[string]any{
			"id": "d", "kind": "DIVERSION", "amount": int64(8_100_000_000), "low": int64(4_050_000_000),
			"high": int64(8_100_000_000), "qualifier": "MAJORITY_OF", "currency": "GBP", "status": "REPORTED",
			"citationSources": []any{"s"}, "citationQuotes": []any{"q"}, "citationDates": []any{"2018-07-31"}}}
		got, err := toFlow(rel, "a", "b")
		if err != nil {
			t.Fatal(err)
		}
		if *got.Amount.Amount != 8_100_000_000 || *got.Amount.Low != 4_050_000_000 || got.Year != "" ||
			!reflect.DeepEqual(got.Citations, []flow.Citation{{SourceID: "s", Quote: "q", Published: "2018-07-31"}}) {
			t.Errorf("got %#v", got)
		}
	})

	t.Run("ErrFloatMoney", func(t *testing.T) {
		rel := dbtype.Relationship{Props: map[string]any{"id": "d", "amount": float64(81e6), "qualifier": "EXACT"}}
		if _, err := toFlow(rel, "a", "b"); err == nil || !strings.Contains(err.Error(), "amount is float64, want an integer number of pence") {
			t.Errorf("got %v, want the float refused", err)
		}
	})

	t.Run("ErrWrongListType", func(t *testing.T) {
		n := dbtype.Node{Labels: []string{labelFund}, Props: map[string]any{"id": "f", "aliases": []any{"ok", int64(3)}}}
		if _, err := toNode(n); err == nil || !strings.Contains(err.Error(), "aliases") {
			t.Errorf("got %v, want aliases refused", err)
		}
	})

	t.Run("ErrMismatchedCitations", func(t *testing.T) {
		n := dbtype.Node{Labels: []string{labelBudgetLine}, Props: map[string]any{"id": "l",
			"citationSources": []any{"a", "b"}, "citationQuotes": []any{"only one"}, "citationDates": []any{"", ""}}}
		if _, err := toBudgetLine(n); err == nil {
			t.Error("two sources with one quote accepted")
		}
	})

	t.Run("ErrUnknownLabel", func(t *testing.T) {
		if _, err := toNode(dbtype.Node{Labels: []string{"Committee"}, Props: map[string]any{"id": "x"}}); err == nil {
			t.Error("a Committee node was mapped")
		}
	})
}

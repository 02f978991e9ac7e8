package graph_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"
)

// searchResult is one edge of a search, as the tests read it.
type searchResult struct {
	Node struct {
		Typename string `json:"__typename"`
		ID       string
		Name     string
	}
	Matched []struct{ Field, Text string }
}

const searchQuery = `query($text: String!) {
  search(text: $text, first: 20) {
    totalCount
    edges {
      node {
        __typename
        ... on Fund { id name }
        ... on Programme { id name }
        ... on Organisation { id name }
        ... on Source { id name: title }
        ... on Flow { id }
        ... on BudgetLine { id }
        ... on Person { id name }
        ... on Statement { id }
      }
      matched { field text }
    }
  }
}`

// searchFor runs the search query for text.
func searchFor(t *testing.T, c *client.Client, text string) []searchResult {
	t.Helper()
	var resp struct {
		Search struct {
			TotalCount int
			Edges      []searchResult
		}
	}
	c.MustPost(searchQuery, &resp, client.Var("text", text))
	if resp.Search.TotalCount < len(resp.Search.Edges) {
		t.Errorf("search %q: total %d below the %d edges", text, resp.Search.TotalCount, len(resp.Search.Edges))
	}
	return resp.Search.Edges
}

// matchedOn reports whether a result matched text under field.
func matchedOn(r searchResult, field, text string) bool {
	for _, m := range r.Matched {
		if m.Field == field && m.Text == text {
			return true
		}
	}
	return false
}

// The "Done when" searches of issue 9: each finds what it should, and says
// which field matched.
func TestSearchDoneWhen(t *testing.T) {
	c := newClient(t)
	t.Run("KingsFundCurlyApostrophe", func(t *testing.T) {
		for _, text := range []string{"King’s Fund", "Kings Fund"} {
			got := searchFor(t, c, text)
			if len(got) == 0 || got[0].Node.Typename != "Organisation" || got[0].Node.ID != "kings-fund" {
				t.Fatalf("%q: got %+v, want The King's Fund first", text, got)
			}
			if !matchedOn(got[0], "ALIAS", "King's Fund") || !matchedOn(got[0], "NAME", "The King's Fund") || got[0].Matched[0].Field != "ALIAS" {
				t.Errorf("%q: matched %+v, want its alias first, then its name", text, got[0].Matched)
			}
		}
	})
	t.Run("PersonalisedHealthAndCareFund", func(t *testing.T) {
		got := searchFor(t, c, "Personalised Health and Care fund")
		if len(got) == 0 || got[0].Node.Typename != "Fund" || got[0].Node.ID != "phc-2020" ||
			!matchedOn(got[0], "NAME", "Personalised Health and Care 2020 fund") {
			t.Fatalf("got %+v, want the Personalised Health and Care 2020 fund first, by its name", got)
		}
		// The quote that calls it so finds the allocation it cites.
		var flows []string
		for _, r := range got {
			if r.Node.Typename == "Flow" && r.Matched[0].Field == "QUOTE" && strings.Contains(r.Matched[0].Text, "Personalised Health and Care fund") {
				flows = append(flows, r.Node.ID)
			}
		}
		if len(flows) == 0 || flows[0] != "dhsc-to-phc-2020" {
			t.Errorf("flows found by their quotes: got %v", flows)
		}
	})
	t.Run("23Trusts", func(t *testing.T) {
		got := searchFor(t, c, "23 trusts")
		if len(got) != 2 || got[0].Node.ID != "digital-exemplar-trusts" || got[1].Node.ID != "provider-digitisation" {
			t.Fatalf("got %+v, want the digital exemplar trusts, then provider digitisation", got)
		}
		if m := got[0].Matched; len(m) != 1 || m[0].Field != "DESCRIPTION" || !strings.HasPrefix(m[0].Text, "23 trusts supported to become") {
			t.Errorf("digital exemplar trusts matched %+v, want their description", m)
		}
	})
	t.Run("BudgetLineByItsQuote", func(t *testing.T) {
		got := searchFor(t, c, "expected to spend £31.5m")
		if len(got) != 1 || got[0].Node.Typename != "BudgetLine" || got[0].Node.ID != "cyber-security-2017-18-jan-2018" ||
			got[0].Matched[0].Field != "QUOTE" {
			t.Errorf("got %+v, want the January 2018 cyber security line by its quote", got)
		}
	})
	t.Run("WillSmart", func(t *testing.T) {
		got := searchFor(t, c, "Will Smart")
		if len(got) == 0 || got[0].Node.Typename != "Person" || !matchedOn(got[0], "NAME", "Will Smart") {
			t.Errorf("Will Smart: got %+v, want the person first, by name", got)
		}
	})
	t.Run("StatementByWhatWasSaid", func(t *testing.T) {
		got := searchFor(t, c, "diverted cyber security WannaCry")
		if len(got) == 0 || got[0].Node.Typename != "Statement" || got[0].Node.ID != "dhsc-confirmed-wifi-diversion" ||
			got[0].Matched[0].Field != "STATEMENT" {
			t.Errorf("got %+v, want the DHSC spokesman's statement first, by what was said", got)
		}
	})
}

// TestSearchLoadsReferencesInBatches: a page of results whose flows name
// their ends looks the ends up in one batch, not once per flow.
func TestSearchLoadsReferencesInBatches(t *testing.T) {
	st := &countingStore{Store: openStore(t)}
	c := client.New(batchedHandler(st))
	var resp struct {
		Search struct {
			Nodes []struct {
				From, To struct{ Name string }
			}
		}
	}
	st.nodes.Store(0)
	c.MustPost(`{ search(text: "cyber security") { nodes { ... on Flow { from { name } to { name } } } } }`, &resp)
	flows := 0
	for _, n := range resp.Search.Nodes {
		if n.From.Name != "" {
			flows++
		}
	}
	if flows < 4 || st.nodes.Load() > 2 {
		t.Errorf("%d flows found, with %d node look-ups; want several flows and at most 2 look-ups", flows, st.nodes.Load())
	}
}

// TestAPINotesQueriesRun: every GraphQL example in docs/api.md runs on the
// bundled data without errors.
func TestAPINotesQueriesRun(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docs", "api.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(string(b), -1)
	if len(blocks) == 0 {
		t.Fatal("no GraphQL examples in docs/api.md")
	}
	c := newClient(t)
	for _, m := range blocks {
		var resp map[string]any
		if err := c.Post(m[1], &resp); err != nil {
			t.Errorf("docs/api.md example:\n%s\nfails: %v", m[1], err)
		}
	}
}

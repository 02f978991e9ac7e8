package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"
	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/graph"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/web"
)

type count struct {
	Value, Low, High *int
	Qualifier        string
	Formatted        string
}

// TestFacts asks for every count in the reports with its bounds: none has
// a point figure the source does not state.
func TestFacts(t *testing.T) {
	var resp struct {
		Facts struct {
			TotalCount int
			Nodes      []struct {
				ID      string
				Subject struct {
					Typename string `json:"__typename"`
					ID, Name string
				}
				Stated, Status string
				Date           *string
				Count          count
				Citations      []citation
			}
		}
	}
	newClient(t).MustPost(`{ facts { totalCount nodes { id subject { __typename id name } stated status date
	  count { value low high qualifier formatted } citations { quote source { title publisher published } } } } }`, &resp)
	if resp.Facts.TotalCount != 5 {
		t.Fatalf("facts: got %d, want 5", resp.Facts.TotalCount)
	}
	type row struct {
		id, subject, formatted string
		value                  *int
	}
	var got []row
	for _, f := range resp.Facts.Nodes {
		got = append(got, row{f.ID, f.Subject.Typename + ":" + f.Subject.ID, f.Count.Formatted, f.Count.Value})
		if len(f.Citations) == 0 || !strings.Contains(f.Citations[0].Quote, f.Stated) {
			t.Errorf("%s: stated %q is not in its quote %+v", f.ID, f.Stated, f.Citations)
		}
	}
	i := func(v int) *int { return &v }
	want := []row{
		{"digital-exemplar-trusts-count", "Organisation:digital-exemplar-trusts", "23", i(23)},
		{"wannacry-infected-gp-practices", "Organisation:gp-practices", "100–999 (RANGE)", nil},
		{"hancock-early-priorities", "Person:matt-hancock", "3", i(3)},
		{"wannacry-cancelled-appointments", "Organisation:nhs", "1,000–9,999 (RANGE)", nil},
		{"wannacry-infected-trusts", "Organisation:nhs-trusts", "81 (AT_LEAST; 81–?)", i(81)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("facts:\n got %+v\nwant %+v", got, want)
	}
	trusts := resp.Facts.Nodes[4]
	if *trusts.Count.Low != 81 || trusts.Count.High != nil || trusts.Count.Qualifier != "AT_LEAST" || *trusts.Date != "2017-05" ||
		trusts.Citations[0].Source.Published != "2018-01-24" {
		t.Errorf("trusts infected: got %+v, date %v", trusts.Count, *trusts.Date)
	}
	if exemplars := resp.Facts.Nodes[0]; exemplars.Date != nil || exemplars.Status != "REPORTED" {
		t.Errorf("digital exemplars: got date %v, status %s; want no date, REPORTED", exemplars.Date, exemplars.Status)
	}
}

// TestPeopleAndWhatTheySaid: people with the role and organisation the
// reports give, reached from their organisation, with their statements.
func TestPeopleAndWhatTheySaid(t *testing.T) {
	var resp struct {
		KingsFund struct {
			People struct {
				Nodes []struct {
					Name, Role   string
					Organisation struct{ Name string }
					Statements   struct {
						TotalCount int
						Nodes      []struct {
							Said, Form, Date string
							About            []struct{ ID string }
							Citations        []citation
						}
					}
				}
			}
		}
		Smart struct {
			Typename     string `json:"__typename"`
			Name, Role   string
			Aliases      []string
			Organisation struct{ ID string }
		}
		Hancock struct {
			Organisation *struct{ ID string }
			Facts        struct{ Nodes []struct{ Stated string } }
		}
	}
	newClient(t).MustPost(`{
  kingsFund: node(id: "kings-fund") { ... on Organisation { people { nodes { name role organisation { name }
    statements { totalCount nodes { said form date about { id } citations { quote source { title publisher published } } } } } } } }
  smart: node(id: "will-smart") { __typename ... on Person { name role aliases organisation { id } } }
  hancock: node(id: "matt-hancock") { ... on Person { organisation { id } facts { nodes { stated } } } }
}`, &resp)
	people := resp.KingsFund.People.Nodes
	if len(people) != 1 || people[0].Name != "Matthew Honeyman" || people[0].Role != "policy researcher" || people[0].Organisation.Name != "The King's Fund" {
		t.Fatalf("the King's Fund's people: got %+v", people)
	}
	said := people[0].Statements
	if said.TotalCount != 2 || said.Nodes[0].Form != "DIRECT" || said.Nodes[0].Date != "2018-07" ||
		said.Nodes[0].Said != "Historically, funding was often diverted before reaching the front line, despite government recognition of this need to invest." {
		t.Errorf("Honeyman's statements: got %+v", said)
	}
	if len(said.Nodes) == 2 && (len(said.Nodes[1].About) != 1 || said.Nodes[1].About[0].ID != "matt-hancock") {
		t.Errorf("the second statement is about the new secretary of state: got %+v", said.Nodes[1].About)
	}
	if s := resp.Smart; s.Typename != "Person" || s.Role != "chief information officer" || s.Organisation.ID != "nhs-england" ||
		!reflect.DeepEqual(s.Aliases, []string{"Mr Smart", "NHS CIO"}) {
		t.Errorf("Will Smart: got %+v", s)
	}
	if h := resp.Hancock; h.Organisation != nil || len(h.Facts.Nodes) != 1 || h.Facts.Nodes[0].Stated != "three early priorities" {
		t.Errorf("Matt Hancock: got %+v", h)
	}
}

// TestStatementsPaging pages statements about cyber security two at a
// time, in the order they were said.
func TestStatementsPaging(t *testing.T) {
	c := newClient(t)
	var people []string
	after := ""
	for pages := 0; pages < 10; pages++ {
		var resp struct {
			Statements struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   string
				}
				Nodes []struct {
					Person struct{ ID string }
				}
			}
		}
		q := `query($after: String) { statements(where: {about: ["cyber-security"]}, first: 2, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { person { id } } } }`
		var v any
		if after != "" {
			v = after
		}
		if err := c.Post(q, &resp, client.Var("after", v)); err != nil {
			t.Fatal(err)
		}
		if resp.Statements.TotalCount != 6 {
			t.Errorf("total: got %d, want 6", resp.Statements.TotalCount)
		}
		for _, n := range resp.Statements.Nodes {
			people = append(people, n.Person.ID)
		}
		if !resp.Statements.PageInfo.HasNextPage {
			break
		}
		after = resp.Statements.PageInfo.EndCursor
	}
	want := []string{"matthew-swindells", "nhs-england-spokesperson", "nhs-england-spokesperson", "nhs-source", "dhsc-spokesman", "dhsc-spokesman"}
	if !reflect.DeepEqual(people, want) {
		t.Errorf("who spoke about cyber security, in order: got %v, want %v", people, want)
	}
}

func TestFactsErrors(t *testing.T) {
	h := newHandler(openStore(t), zerolog.New(io.Discard))
	_, resp := post(t, h, `{ facts(first: 501) { totalCount } }`)
	wantCode(t, resp, "LIMIT_EXCEEDED", "first")
	_, resp = post(t, h, `{ people(after: "nope") { totalCount } }`)
	wantCode(t, resp, "INVALID", "is not a cursor of this list")
	// A cursor of one list cannot page another.
	_, resp = post(t, h, `{ organisations(first: 1) { pageInfo { endCursor } } }`)
	cursor := resp.Data["organisations"].(map[string]any)["pageInfo"].(map[string]any)["endCursor"].(string)
	_, resp = post(t, h, `{ people(after: "`+cursor+`") { totalCount } }`)
	wantCode(t, resp, "INVALID", "is not a cursor of this list")
}

// factsCounter counts the store calls of the facts lists and node lookups.
type factsCounter struct {
	flow.Store
	calls atomic.Int64
}

func (c *factsCounter) Nodes(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	c.calls.Add(1)
	return c.Store.Nodes(ctx, ids)
}

func (c *factsCounter) People(ctx context.Context, f flow.PersonFilter, w flow.Window) (*flow.Page[*flow.Person], error) {
	c.calls.Add(1)
	return c.Store.People(ctx, f, w)
}

func (c *factsCounter) Facts(ctx context.Context, f flow.FactFilter, w flow.Window) (*flow.Page[*flow.Fact], error) {
	c.calls.Add(1)
	return c.Store.Facts(ctx, f, w)
}

func (c *factsCounter) Statements(ctx context.Context, f flow.StatementFilter, w flow.Window) (*flow.Page[*flow.Statement], error) {
	c.calls.Add(1)
	return c.Store.Statements(ctx, f, w)
}

// TestPeopleListsAreBatched: every person's statements, facts and
// organisation, and every statement's subjects and sources, cost a fixed
// number of store calls, not one per person.
func TestPeopleListsAreBatched(t *testing.T) {
	counter := &factsCounter{Store: openStore(t)}
	log := zerolog.New(io.Discard)
	r := &graph.Resolver{Ledger: ledger.New(counter, log, time.Now), Logger: log, BatchWait: 250 * time.Millisecond}
	h := web.Logged(log, time.Now, nil, graph.NewHandler(r, graph.DefaultOptions()))
	_, resp := post(t, h, `{ people { nodes { name organisation { name people { nodes { name } } facts { totalCount } }
  statements { nodes { said person { name } about { name } citations { source { title } } } }
  facts { nodes { stated subject { name } } } } } }`)
	if len(resp.Errors) > 0 {
		t.Fatalf("errors: %+v", resp.Errors)
	}
	// The people; their organisations (one lookup, primed); the
	// organisations' people; every organisation's and person's facts (one
	// batch: the same arguments); every person's statements; the nodes the
	// statements and facts refer to.
	if got := counter.calls.Load(); got > 6 {
		t.Errorf("store calls: got %d for 8 people, want at most 6", got)
	}
}

// TestFactsExampleMatchesDocs runs the facts example of docs/api.md and
// checks that the page shows its real output (-update rewrites it).
func TestFactsExampleMatchesDocs(t *testing.T) {
	const path, start, end = "../docs/api.md", "<!-- facts-example -->\n", "<!-- /facts-example -->"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, start), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("docs/api.md has no section %q ... %q", start, end)
	}
	section := doc[i+len(start) : j]
	query, _, ok := strings.Cut(strings.TrimPrefix(section, "```graphql\n"), "```\n")
	if !ok {
		t.Fatalf("the facts example has no query:\n%s", section)
	}
	rec, resp := post(t, newHandler(openStore(t), zerolog.New(io.Discard)), query)
	if len(resp.Errors) > 0 {
		t.Fatalf("errors: %+v", resp.Errors)
	}
	var out bytes.Buffer
	if err := json.Indent(&out, rec.Body.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	want := "```graphql\n" + query + "```\n\nOutput:\n\n```json\n" + out.String() + "\n```\n"
	if section == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(doc[:i+len(start)]+want+doc[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("docs/api.md's facts example is out of date; run go test ./graph -run FactsExample -update\n got:\n%s\nwant:\n%s", section, want)
}

package neo4j

import (
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
)

// props reads typed properties out of a driver property map, remembering
// the first property of the wrong type: a graph edited by hand in Neo4j
// Browser can hold anything, and that must be an error, not a panic.
type props struct {
	what string
	m    map[string]any
	err  error
}

func (p *props) fail(key string, v any, want string) {
	if p.err == nil {
		p.err = fmt.Errorf("%s: property %s is %T, want %s", p.what, key, v, want)
	}
}

// str reads a string; absent or null is "".
func (p *props) str(key string) string {
	switch v := p.m[key].(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		p.fail(key, v, "a string")
		return ""
	}
}

// strs reads a list of strings; absent, null or empty is nil.
func (p *props) strs(key string) []string {
	switch v := p.m[key].(type) {
	case nil:
		return nil
	case []any:
		if len(v) == 0 {
			return nil
		}
		out := make([]string, len(v))
		for i, e := range v {
			s, ok := e.(string)
			if !ok {
				p.fail(key, e, "a list of strings")
				return nil
			}
			out[i] = s
		}
		return out
	case []string: // what the driver hands back in tests and some versions
		if len(v) == 0 {
			return nil
		}
		return v
	default:
		p.fail(key, v, "a list of strings")
		return nil
	}
}

// pence reads an integer amount; absent or null is nil. Neo4j integers
// arrive as int64; a float means someone wrote money as a float, which would
// have lost pence, so it is refused.
func (p *props) pence(key string) *flow.Pence {
	switch v := p.m[key].(type) {
	case nil:
		return nil
	case int64:
		q := flow.Pence(v)
		return &q
	default:
		p.fail(key, v, "an integer number of pence")
		return nil
	}
}

// money reads the amount, low, high and qualifier stored under prefix
// ("planned" reads plannedAmount...); "" reads amount, low, high.
func (p *props) money(prefix string) *flow.Money {
	k := func(s string) string {
		if prefix == "" {
			return s
		}
		return prefix + string(s[0]-'a'+'A') + s[1:]
	}
	// A figure is present when it has a qualifier: its point may be
	// unknown.
	if p.m[k("qualifier")] == nil {
		return nil
	}
	return &flow.Money{Amount: p.pence(k("amount")), Low: p.pence(k("low")), High: p.pence(k("high")),
		Qualifier: flow.Qualifier(p.str(k("qualifier"))), Currency: p.str("currency"), Phrase: p.str(k("phrase"))}
}

// citations reads the parallel lists citationSources, citationQuotes and
// citationDates.
func (p *props) citations() []flow.Citation {
	srcs, quotes, dates := p.strs("citationSources"), p.strs("citationQuotes"), p.strs("citationDates")
	if dates == nil {
		dates = make([]string, len(srcs)) // not recorded: unknown dates
	}
	if len(srcs) != len(quotes) || len(srcs) != len(dates) {
		p.fail("citationQuotes", p.m["citationQuotes"], fmt.Sprintf("%d quotes and dates, one per citation source", len(srcs)))
		return nil
	}
	var out []flow.Citation
	for i := range srcs {
		out = append(out, flow.Citation{SourceID: srcs[i], Quote: quotes[i], Published: flow.Date(dates[i])})
	}
	return out
}

// toNode maps a Fund, Programme, Organisation, Source or Person node.
func toNode(n dbtype.Node) (flow.Node, error) {
	p := &props{what: "node " + fmt.Sprint(n.Props["id"]), m: n.Props}
	var out flow.Node
	switch {
	case hasLabel(n, labelFund):
		out = &flow.Fund{ID: p.str("id"), Name: p.str("name"), Aliases: p.strs("aliases"),
			Description: p.str("description"), Dataset: p.str("dataset")}
	case hasLabel(n, labelProgramme):
		out = &flow.Programme{ID: p.str("id"), Name: p.str("name"), Aliases: p.strs("aliases"),
			Description: p.str("description"), FundID: p.str("fundId"), Dataset: p.str("dataset")}
	case hasLabel(n, labelOrganisation):
		out = &flow.Organisation{ID: p.str("id"), Name: p.str("name"), Aliases: p.strs("aliases"),
			Kind: p.str("kind"), Description: p.str("description"), Dataset: p.str("dataset")}
	case hasLabel(n, labelSource):
		out = &flow.Source{ID: p.str("id"), Title: p.str("title"), Publisher: p.str("publisher"),
			Published: p.str("published"), DateNote: p.str("dateNote"), URL: p.str("url"),
			File: p.str("file"), Notes: p.strs("notes"), Text: p.str("text"), Dataset: p.str("dataset")}
	case hasLabel(n, labelPerson):
		out = toPerson(p)
	default:
		return nil, fmt.Errorf("node %v has none of the labels Fund, Programme, Organisation, Source, Person: %v", n.Props["id"], n.Labels)
	}
	return out, p.err
}

func hasLabel(n dbtype.Node, label string) bool {
	for _, l := range n.Labels {
		if l == label {
			return true
		}
	}
	return false
}

// toFlow maps a flow relationship and the ids of its ends.
func toFlow(r dbtype.Relationship, from, to string) (*flow.Flow, error) {
	p := &props{what: "flow " + fmt.Sprint(r.Props["id"]), m: r.Props}
	f := &flow.Flow{
		ID: p.str("id"), Kind: flow.FlowKind(p.str("kind")), FromID: from, ToID: to,
		Year: flow.FinancialYear(p.str("year")), Status: flow.Status(p.str("status")),
		Note: p.str("note"), Dataset: p.str("dataset"), Citations: p.citations(),
		KnownFrom: flow.Date(p.str("knownFrom")), Measure: flow.Measure(p.str("measure")),
	}
	for _, d := range p.strs("derivedFrom") {
		f.DerivedFrom = append(f.DerivedFrom, flow.BudgetMeasure(d))
	}
	if f.Measure == "" && f.Kind != flow.BudgetSpend {
		f.Measure = flow.MeasureOf(f.Kind, f.Status) // written before format 3
	}
	if m := p.money(""); m != nil {
		f.Amount = *m
	} else {
		p.fail("amount", nil, "an amount")
	}
	return f, p.err
}

// toBudgetLine maps a BudgetLine node.
func toBudgetLine(n dbtype.Node) (*flow.BudgetLine, error) {
	p := &props{what: "budget line " + fmt.Sprint(n.Props["id"]), m: n.Props}
	b := &flow.BudgetLine{
		ID: p.str("id"), ProgrammeID: p.str("programmeId"), Year: flow.FinancialYear(p.str("year")),
		Planned: p.money("planned"), Forecast: p.money("forecast"), Actual: p.money("actual"),
		Variance: p.money("variance"), Status: flow.Status(p.str("status")), Note: p.str("note"),
		Dataset: p.str("dataset"), Citations: p.citations(), KnownFrom: flow.Date(p.str("knownFrom")),
	}
	return b, p.err
}

// toLink maps a Link node.
func toLink(n dbtype.Node) (*flow.Link, error) {
	p := &props{what: "link " + fmt.Sprint(n.Props["id"]), m: n.Props}
	l := &flow.Link{ID: p.str("id"), Kind: flow.LinkKind(p.str("kind")), Whole: p.str("whole"), Claims: p.strs("claims"),
		Note: p.str("note"), Dataset: p.str("dataset"), Citations: p.citations(), KnownFrom: flow.Date(p.str("knownFrom"))}
	return l, p.err
}

// value reads a typed value from a record column.
func value[T any](rec map[string]any, key string) (T, error) {
	v, ok := rec[key].(T)
	if !ok {
		var zero T
		return zero, fmt.Errorf("column %s is %T, want %T", key, rec[key], zero)
	}
	return v, nil
}

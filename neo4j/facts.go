package neo4j

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/fold"
	"github.com/fundflow/fundflow/internal/searchdoc"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// People, facts and statements: the records that are not money. A person
// is a node like a fund (labels Node and Person, found by id with every
// other node); a fact and a statement are cited records of their own, like
// a budget line:
//
//	(:Person)-[:WORKS_FOR]->(:Organisation)
//	(:Node)-[:HAS_FACT]->(:Fact)
//	(:Person)-[:SAID]->(:Statement)-[:ABOUT]->(:Node)
const (
	labelPerson    = "Person"
	labelFact      = "Fact"
	labelStatement = "Statement"
)

// searchKeys folds every text a search may match a record by.
func searchKeys(texts []string) []string {
	out := []string{}
	for _, t := range texts {
		if k := fold.Key(t); k != "" {
			out = append(out, k)
		}
	}
	return out
}

func personRow(p *flow.Person) map[string]any {
	row := withSortKeys(map[string]any{"id": p.ID, "name": p.Name, "sortKey": fold.Key(p.Name), "aliases": strList(p.Aliases),
		"aliasKeys": foldAll(p.Aliases), "role": p.Role, "organisationId": nullable(p.OrganisationID),
		"description": p.Description, "searchKeys": searchKeys(p.SearchTexts()), "dataset": p.Dataset}, p.Name, p.ID)
	return withSearch(row, searchdoc.Node(p))
}

func intParam(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func factRow(f *flow.Fact) map[string]any {
	asc, desc := sortkey.Fact(f)
	props := map[string]any{"id": f.ID, "subjectId": f.SubjectID, "counted": f.Counted, "stated": f.Stated,
		"countValue": intParam(f.Count.Value), "countLow": intParam(f.Count.Low), "countHigh": intParam(f.Count.High),
		"countQualifier": string(f.Count.Qualifier), "date": nullable(f.Date), "status": string(f.Status),
		"note": f.Note, "dataset": f.Dataset, "knownFrom": nullable(string(f.KnownFrom)),
		"searchKeys": searchKeys(f.SearchTexts()), "sortAsc": asc, "sortDesc": desc}
	citationProps(props, f.Citations)
	return map[string]any{"id": f.ID, "subjectId": f.SubjectID, "props": props}
}

func statementRow(s *flow.Statement) map[string]any {
	asc, desc := sortkey.Statement(s)
	props := map[string]any{"id": s.ID, "personId": s.PersonID, "said": s.Said, "form": string(s.Form),
		"date": nullable(s.Date), "aboutIds": strList(s.AboutIDs), "note": s.Note, "dataset": s.Dataset,
		"knownFrom": nullable(string(s.KnownFrom)), "searchKeys": searchKeys(s.SearchTexts()), "sortAsc": asc, "sortDesc": desc}
	citationProps(props, s.Citations)
	withSearch(props, searchdoc.Statement(s))
	return map[string]any{"id": s.ID, "personId": s.PersonID, "aboutIds": strList(s.AboutIDs), "props": props}
}

// integer reads a whole number; absent or null is nil, and a float (which
// would have been rounded somewhere) is refused.
func (p *props) integer(key string) *int64 {
	switch v := p.m[key].(type) {
	case nil:
		return nil
	case int64:
		return &v
	default:
		p.fail(key, v, "an integer")
		return nil
	}
}

// toPerson maps a Person node's properties.
func toPerson(p *props) *flow.Person {
	return &flow.Person{ID: p.str("id"), Name: p.str("name"), Aliases: p.strs("aliases"), Role: p.str("role"),
		OrganisationID: p.str("organisationId"), Description: p.str("description"), Dataset: p.str("dataset")}
}

// toFact maps a Fact node.
func toFact(n dbtype.Node) (*flow.Fact, error) {
	p := &props{what: "fact " + fmt.Sprint(n.Props["id"]), m: n.Props}
	f := &flow.Fact{
		ID: p.str("id"), SubjectID: p.str("subjectId"), Counted: p.str("counted"), Stated: p.str("stated"),
		Count: flow.Count{Value: p.integer("countValue"), Low: p.integer("countLow"), High: p.integer("countHigh"),
			Qualifier: flow.Qualifier(p.str("countQualifier"))},
		Date: p.str("date"), Status: flow.Status(p.str("status")), Note: p.str("note"), Dataset: p.str("dataset"),
		Citations: p.citations(), KnownFrom: flow.Date(p.str("knownFrom")),
	}
	return f, p.err
}

// toStatement maps a Statement node.
func toStatement(n dbtype.Node) (*flow.Statement, error) {
	p := &props{what: "statement " + fmt.Sprint(n.Props["id"]), m: n.Props}
	s := &flow.Statement{
		ID: p.str("id"), PersonID: p.str("personId"), Said: p.str("said"), Form: flow.StatementForm(p.str("form")),
		Date: p.str("date"), AboutIDs: p.strs("aboutIds"), Note: p.str("note"), Dataset: p.str("dataset"),
		Citations: p.citations(), KnownFrom: flow.Date(p.str("knownFrom")),
	}
	return s, p.err
}

var personList = newList("people", "MATCH (n:Person)", "n", "n", "node: n", []cond{
	{key: "ids", cypher: "n.id IN $ids"},
	{key: "organisations", cypher: "n.organisationId IN $organisations"},
	{key: "name", cypher: "(n.sortKey CONTAINS $name OR any(k IN coalesce(n.aliasKeys, []) WHERE k CONTAINS $name))"},
}, map[string]any{"ids": []string{}, "organisations": []string{}, "name": ""})

// peopleCall builds the call for one page of people.
func peopleCall(f flow.PersonFilter, w flow.Window) call {
	return listCall(personList, personParams(f), w)
}

// personParams gives each person condition's parameter from f.
func personParams(f flow.PersonFilter) map[string]any {
	return map[string]any{"ids": stringsOrNil(f.IDs), "organisations": stringsOrNil(f.OrganisationIDs),
		"name": fold.Key(f.NameContains)}
}

// People lists people in one round trip.
func (s *Store) People(ctx context.Context, f flow.PersonFilter, w flow.Window) (*flow.Page[*flow.Person], error) {
	return listPage(ctx, s, peopleCall(f, w), w, "people", personItem)
}

// personItem maps a list row to its person.
func personItem(m map[string]any) (*flow.Person, error) {
	n, err := value[dbtype.Node](m, "node")
	if err != nil {
		return nil, err
	}
	p := &props{what: "person " + fmt.Sprint(n.Props["id"]), m: n.Props}
	person := toPerson(p)
	return person, p.err
}

var factList = newList("facts", "MATCH (f:Fact)", "f", "f", "fact: f", []cond{
	{key: "ids", cypher: "f.id IN $ids"},
	{key: "subjects", cypher: "f.subjectId IN $subjects"},
	{key: "statuses", cypher: "f.status IN $statuses"},
	{key: "asOf", cypher: "f.knownFrom <= $asOf"},
}, map[string]any{"ids": []string{}, "subjects": []string{}, "statuses": []string{}, "asOf": ""})

// factsCall builds the call for one page of facts.
func factsCall(f flow.FactFilter, w flow.Window) call { return listCall(factList, factParams(f), w) }

// factParams gives each fact condition's parameter from f.
func factParams(f flow.FactFilter) map[string]any {
	return map[string]any{"ids": stringsOrNil(f.IDs), "subjects": stringsOrNil(f.SubjectIDs),
		"statuses": stringsOrNil(f.Statuses), "asOf": string(f.AsOf)}
}

// Facts lists facts, with their citations, in one round trip.
func (s *Store) Facts(ctx context.Context, f flow.FactFilter, w flow.Window) (*flow.Page[*flow.Fact], error) {
	return listPage(ctx, s, factsCall(f, w), w, "facts", factItem(f.AsOf))
}

// factItem maps a list row to its fact, with the citations known by asOf.
func factItem(asOf flow.Date) func(m map[string]any) (*flow.Fact, error) {
	return func(m map[string]any) (*flow.Fact, error) {
		n, err := value[dbtype.Node](m, "fact")
		if err != nil {
			return nil, err
		}
		x, err := toFact(n)
		if err != nil {
			return nil, err
		}
		x.Citations, _ = flow.KnownAsOf(x.Citations, asOf)
		return x, nil
	}
}

var statementList = newList("statements", "MATCH (s:Statement)", "s", "s", "statement: s", []cond{
	{key: "ids", cypher: "s.id IN $ids"},
	{key: "persons", cypher: "s.personId IN $persons"},
	{key: "about", cypher: "any(a IN coalesce(s.aboutIds, []) WHERE a IN $about)"},
	{key: "asOf", cypher: "s.knownFrom <= $asOf"},
}, map[string]any{"ids": []string{}, "persons": []string{}, "about": []string{}, "asOf": ""})

// statementsCall builds the call for one page of statements.
func statementsCall(f flow.StatementFilter, w flow.Window) call {
	return listCall(statementList, statementParams(f), w)
}

// statementParams gives each statement condition's parameter from f.
func statementParams(f flow.StatementFilter) map[string]any {
	return map[string]any{"ids": stringsOrNil(f.IDs), "persons": stringsOrNil(f.PersonIDs),
		"about": stringsOrNil(f.AboutIDs), "asOf": string(f.AsOf)}
}

// Statements lists statements, with their citations, in one round trip.
func (s *Store) Statements(ctx context.Context, f flow.StatementFilter, w flow.Window) (*flow.Page[*flow.Statement], error) {
	return listPage(ctx, s, statementsCall(f, w), w, "statements", statementItem(f.AsOf))
}

// statementItem maps a list row to its statement, with the citations known
// by asOf.
func statementItem(asOf flow.Date) func(m map[string]any) (*flow.Statement, error) {
	return func(m map[string]any) (*flow.Statement, error) {
		n, err := value[dbtype.Node](m, "statement")
		if err != nil {
			return nil, err
		}
		x, err := toStatement(n)
		if err != nil {
			return nil, err
		}
		x.Citations, _ = flow.KnownAsOf(x.Citations, asOf)
		return x, nil
	}
}

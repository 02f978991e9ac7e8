package neo4j

import (
	"reflect"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/storetest"
)

// TestFactsPlan: a load stages every person, fact and statement of the
// bundled data, after the nodes they refer to, with parameters of the
// declared types, and the switch retires the old ones.
func TestFactsPlan(t *testing.T) {
	ds := storetest.NHS(t)
	rows := map[*Statement]int{}
	people := 0
	lastNode, first := -1, map[*Statement]int{}
	for i, c := range stagePlan(ds, 4, nil) {
		checkCall(t, c)
		rows[c.stmt] += len(c.params["rows"].([]any))
		if c.stmt == stageNodesStatement {
			lastNode = i
			for _, r := range c.params["rows"].([]any) {
				if r.(map[string]any)["stagedAs"] == labelPerson {
					people++
				}
			}
		}
		if _, ok := first[c.stmt]; !ok {
			first[c.stmt] = i
		}
	}
	if people != 8 || rows[stageWorksForStatement] != 8 || rows[stageFactsStatement] != 5 || rows[stageStatementsStatement] != 10 {
		t.Errorf("rows: %d people, %d works-for, %d facts, %d statements; want 8, 8, 5, 10", people,
			rows[stageWorksForStatement], rows[stageFactsStatement], rows[stageStatementsStatement])
	}
	for _, s := range []*Statement{stageWorksForStatement, stageFactsStatement, stageStatementsStatement} {
		if first[s] < lastNode {
			t.Errorf("%s written at %d, before the last node write at %d", s.Name, first[s], lastNode)
		}
	}
	retires := map[string]bool{}
	for _, c := range switchCalls(ds, datasetCall(ds, loadAt)).retire {
		checkCall(t, c)
		retires[c.stmt.Name] = true
	}
	if !retires["switch-retire-"+labelFact] || !retires["switch-retire-"+labelStatement] || !retires["switch-retire-"+labelNode] {
		t.Errorf("a switch must retire the dataset's people, facts and statements: got %v", retires)
	}
}

func TestFactsReadParams(t *testing.T) {
	po, err := flow.PersonOrdering(nil)
	checkCall(t, peopleCall(flow.PersonFilter{IDs: []string{"will-smart"}, OrganisationIDs: []string{"nhs-england"}, NameContains: "Smart"},
		window(t, flow.PageArgs{Last: new(2)}, po, err)))
	fo, err := flow.FactOrdering([]flow.FactOrder{{Field: flow.FactByDate, Desc: true}})
	fc := factsCall(flow.FactFilter{SubjectIDs: []string{"nhs-trusts"}, Statuses: []flow.Status{flow.Reported}, AsOf: "2018-01-31"},
		window(t, flow.PageArgs{First: new(2)}, fo, err))
	checkCall(t, fc)
	if fc.stmt.Name != "list-facts+subjects+statuses+asOf" || fc.params["f0"] != int64(1) || fc.params["d0"] != true || !reflect.DeepEqual(fc.params["statuses"], []string{"REPORTED"}) {
		t.Errorf("facts by date descending: got %s %v", fc.stmt.Name, fc.params)
	}
	so, err := flow.StatementOrdering(nil)
	sc := statementsCall(flow.StatementFilter{PersonIDs: []string{"simon-eccles"}, AboutIDs: []string{"cyber-security"}},
		window(t, flow.PageArgs{}, so, err))
	checkCall(t, sc)
	if _, ok := sc.params["asOf"]; ok || sc.params["about"] == nil || sc.params["f0"] != int64(0) || sc.params["f1"] != int64(1) {
		t.Errorf("statements by date then person: got %v", sc.params)
	}
	if c := statementsCall(flow.StatementFilter{}, window(t, flow.PageArgs{}, so, nil)); c.params["about"] != nil || c.params["persons"] != nil {
		t.Errorf("an empty filter must pass no conditions: got %v", c.params)
	}
}

func TestPersonNode(t *testing.T) {
	n := dbtype.Node{Labels: []string{labelNode, labelPerson}, Props: map[string]any{"id": "will-smart", "name": "Will Smart",
		"aliases": []any{"Mr Smart"}, "role": "chief information officer", "organisationId": "nhs-england", "dataset": "d"}}
	got, err := toNode(n)
	want := &flow.Person{ID: "will-smart", Name: "Will Smart", Aliases: []string{"Mr Smart"}, Role: "chief information officer",
		OrganisationID: "nhs-england", Dataset: "d"}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, %v; want %#v", got, err, want)
	}
	if _, err := toFact(dbtype.Node{Props: map[string]any{"id": "f", "countValue": float64(81)}}); err == nil {
		t.Error("a count stored as a float was accepted")
	}
}

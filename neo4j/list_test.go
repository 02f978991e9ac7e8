package neo4j

import (
	"regexp"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// optionalParam is the shape that keeps Neo4j's planner from seeking an
// index: a condition that a null or empty parameter switches off.
var optionalParam = regexp.MustCompile(`\$\w+ IS NULL OR|\$\w+ = '' OR`)

// TestListsHoldOnlyGivenConditions checks that a list statement holds the
// conditions its filter gives and no other, and takes only their
// parameters, so that each plans as an index seek on what is given.
func TestListsHoldOnlyGivenConditions(t *testing.T) {
	if len(lists) < 9 {
		t.Fatalf("got %d lists, want the flows, budget lines, people, facts, statements and 4 node lists", len(lists))
	}
	for _, s := range Statements() {
		if strings.HasPrefix(s.Name, "list-") && optionalParam.MatchString(s.Cypher) {
			t.Errorf("%s switches a condition off by its parameter:\n%s", s.Name, s.Cypher)
		}
	}
	for _, l := range lists {
		none := l.statementFor(nil, false)
		for _, c := range l.conds {
			if strings.Contains(none.Cypher, "$"+c.key) {
				t.Errorf("list %s without a filter holds $%s:\n%s", l.name, c.key, none.Cypher)
			}
		}
	}

	min := flow.Pence(100)
	w := window(t, flow.PageArgs{First: new(10)}, mustFlowOrdering(t), nil)
	c := flowsCall(flow.FlowFilter{ToIDs: []string{"cyber-security"}, AmountMin: &min}, w)
	checkCall(t, c)
	if c.stmt.Name != "list-flows+tos+amountMin" {
		t.Errorf("got statement %s", c.stmt.Name)
	}
	for _, want := range []string{"b.id IN $tos", "coalesce(r.high, r.amount) >= $amountMin", "r.status <> 'RETRACTED'"} {
		if !strings.Contains(c.stmt.Cypher, want) {
			t.Errorf("%s lacks %q:\n%s", c.stmt.Name, want, c.stmt.Cypher)
		}
	}
	for _, absent := range []string{"$ids", "$froms", "$kinds", "$statuses", "$year", "$programmes", "$asOf"} {
		if strings.Contains(c.stmt.Cypher, absent) {
			t.Errorf("%s holds %s, which the filter does not give", c.stmt.Name, absent)
		}
		if _, ok := c.params[strings.TrimPrefix(absent, "$")]; ok {
			t.Errorf("%s is sent %s", c.stmt.Name, absent)
		}
	}
	// Statuses given replace the default that leaves out retractions.
	withStatuses := flowsCall(flow.FlowFilter{Statuses: []flow.Status{flow.Retracted}}, w)
	if strings.Contains(withStatuses.stmt.Cypher, "<> 'RETRACTED'") || !strings.Contains(withStatuses.stmt.Cypher, "r.status IN $statuses") {
		t.Errorf("statuses given:\n%s", withStatuses.stmt.Cypher)
	}
	// A combination is assembled once, then reused.
	if again := flowsCall(flow.FlowFilter{AmountMin: &min, ToIDs: []string{"x"}}, w); again.stmt != c.stmt {
		t.Errorf("the same conditions were assembled twice: %s, %s", again.stmt.Name, c.stmt.Name)
	}
	// An empty list or string is no condition.
	if c := flowsCall(flow.FlowFilter{IDs: []string{}, Year: ""}, w); c.stmt.Name != "list-flows" {
		t.Errorf("empty filter values: got %s", c.stmt.Name)
	}
}

func mustFlowOrdering(t *testing.T) flow.Ordering {
	t.Helper()
	o, err := flow.FlowOrdering(nil)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

package neo4j

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/storetest"
)

// What a reload sends: the calls that read its state, the plan that keeps
// records, and the revisions it writes, checked without a server.

func TestLoadStateParams(t *testing.T) {
	ds := storetest.NHS(t)
	c := loadStateCalls(ds)
	for _, call := range []call{c.owners, c.stale, c.history} {
		checkCall(t, call)
	}
	if got := c.stale.params["ids"].([]string); !reflect.DeepEqual(got, ds.IDs()) || c.stale.params["dataset"] != ds.ID {
		t.Errorf("stale ids: got ids %d, dataset %v; want the file's %d ids of %s", len(got), c.stale.params["dataset"], len(ds.IDs()), ds.ID)
	}
	if c.history.params["dataset"] != ds.ID {
		t.Errorf("history: got %v, want dataset %s", c.history.params, ds.ID)
	}
	deps := dependentsCall(ds.ID, []string{"nhs-trusts"})
	checkCall(t, deps)
	if !reflect.DeepEqual(deps.params["stale"], []string{"nhs-trusts"}) || deps.params["dataset"] != ds.ID {
		t.Errorf("dependents: got %v", deps.params)
	}
	nodes, flows := revisedCalls(ds.ID, []string{"dhsc", "wifi-to-cyber-security-2017-18"})
	checkCall(t, nodes)
	checkCall(t, flows)
	if !reflect.DeepEqual(flows.params["ids"], []string{"dhsc", "wifi-to-cyber-security-2017-18"}) || flows.params["dataset"] != ds.ID {
		t.Errorf("revised flows: got %v", flows.params)
	}
	// No ids is an empty list, never null, which IN would match nothing
	// with silently.
	if nodes, _ := revisedCalls(ds.ID, nil); nodes.params["ids"] == nil || nodes.params["ids"].([]string) == nil {
		t.Errorf("revised nodes without ids: got %#v, want an empty list", nodes.params["ids"])
	}
}

func TestLoadRevisionWrites(t *testing.T) {
	corrected := flow.Money{Amount: new(flow.Pence(80_000_000_00)), Qualifier: flow.MajorityOf}.Normalized()
	revs := []flow.Revision{
		{RecordID: "provider-digitisation-to-cyber-security-2017-18", Action: flow.Kept, At: storetest.RevisionAt, By: flow.LoadWriter,
			Reason: "kept", Previous: &corrected, Amount: &corrected, PreviousStatus: flow.Reported, Status: flow.Reported},
		{RecordID: "wifi-to-cyber-security-2017-18", Action: flow.Reloaded, At: storetest.RevisionAt, By: flow.LoadWriter, Reason: "took the file"},
		{RecordID: "dhsc", Action: flow.Kept, At: storetest.RevisionAt, By: flow.LoadWriter, Reason: "kept"},
	}
	// Numbers 8 to 10, the last handed out by the Lock node, two rows a
	// batch.
	calls := revisionWrites(revs, 10, "nhs-tech-2016-18", 2)
	if len(calls) != 2 {
		t.Fatalf("got %d calls, want 2 batches", len(calls))
	}
	var rows []any
	for _, c := range calls {
		checkCall(t, c)
		rows = append(rows, c.params["rows"].([]any)...)
	}
	for i, r := range rows {
		row := r.(map[string]any)
		seq := int64(8 + i)
		if row["seq"] != seq || row["id"] != fmt.Sprintf("%s@%d", revs[i].RecordID, seq) || row["dataset"] != "nhs-tech-2016-18" {
			t.Errorf("row %d: got seq %v, id %v, dataset %v", i, row["seq"], row["id"], row["dataset"])
		}
		// What the store reads back is the revision it wrote.
		got, err := toRevision(dbtype.Node{Labels: []string{labelRevision}, Props: asReturned(row).(map[string]any)})
		if err != nil || !reflect.DeepEqual(got, revs[i]) {
			t.Errorf("row %d read back:\n got %+v, %v\nwant %+v", i, got, err, revs[i])
		}
	}
	checkCall(t, call{revisionSeqsStatement, map[string]any{"count": int64(len(revs))}})
}

// TestLoadPlanKeeps: the records a plan keeps are not staged from the
// file but copied into the stage as stored, the ones the file no longer
// holds included, so the switch neither rewrites nor removes them.
func TestLoadPlanKeeps(t *testing.T) {
	ds := storetest.NHS(t)
	// A flow and a programme the file holds, and an organisation it does
	// not.
	keep := []string{"provider-digitisation-to-cyber-security-2017-18", "wifi", "nhs-digital"}
	p := stagePlan(ds, 2, keep)
	copied := map[string][]string{}
	for _, c := range p {
		checkCall(t, c)
		for _, r := range c.params["rows"].([]any) {
			if m, ok := r.(map[string]any); ok {
				if props, ok := m["props"].(map[string]any); ok {
					m = props
				}
				if id := m["id"]; id == keep[0] || id == keep[1] {
					t.Errorf("%s writes kept record %v from the file", c.stmt.Name, id)
				}
			}
		}
		if c.stmt == stageKeptNodesStatement || isOneOf(c.stmt, stageKeptFlows) {
			if c.params["dataset"] != ds.ID {
				t.Errorf("%s copies from dataset %v, want %s", c.stmt.Name, c.params["dataset"], ds.ID)
			}
			for _, id := range c.params["rows"].([]any) {
				copied[c.stmt.Name] = append(copied[c.stmt.Name], id.(string))
			}
		}
	}
	// Each kept id is looked for among the nodes and among each type of
	// flow, two ids a batch.
	if len(copied) != 1+len(stageKeptFlows) {
		t.Errorf("copies: got %v, want the nodes' and each flow type's", copied)
	}
	for name, ids := range copied {
		if !reflect.DeepEqual(ids, keep) {
			t.Errorf("%s copies %v, want %v", name, ids, keep)
		}
	}
	// A kept programme is still linked to its fund, by the fund it is
	// stored with.
	var linked []any
	for _, c := range p {
		if c.stmt == stagePartOfStatement {
			linked = append(linked, c.params["rows"].([]any)...)
		}
	}
	if len(linked) != len(ds.Programmes) || !containsAny(linked, "wifi") {
		t.Errorf("part-of rows: got %v, want every programme's, the kept wifi's included", linked)
	}
	// Everything else is staged as without a plan: all rows but the
	// kept flow's and programme's, and the copies' ids.
	all := stagePlan(ds, 2, nil)
	if got, want := rowCount(p)-3*(1+len(stageKeptFlows)), rowCount(all)-2; got != want {
		t.Errorf("rows staged: got %d, want %d (all but the kept records the file holds)", got, want)
	}
}

func containsAny(xs []any, x any) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func rowCount(calls []call) int {
	n := 0
	for _, c := range calls {
		n += len(c.params["rows"].([]any))
	}
	return n
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

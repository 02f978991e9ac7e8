package neo4j

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

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

func TestLoadPlanKeeps(t *testing.T) {
	ds := storetest.NHS(t)
	// A flow and a programme the file holds, and an organisation it does
	// not: none of them may be written or removed.
	keep := []string{"provider-digitisation-to-cyber-security-2017-18", "wifi", "nhs-digital"}
	p := loadPlan(ds, 4, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), keep)
	for _, c := range append(append([]call{p.dataset, p.clear}, p.stale...), p.writes...) {
		checkCall(t, c)
	}
	for _, c := range p.writes {
		for _, r := range c.params["rows"].([]any) {
			if id := r.(map[string]any)["id"]; id == keep[0] || id == keep[1] {
				t.Errorf("%s writes kept record %v", c.stmt.Name, id)
			}
		}
	}
	for _, c := range p.stale {
		kept := c.params["keep"].([]string)
		if strings.HasPrefix(c.stmt.Name, "load-stale-") && c.params["held"] != nil {
			// A flow's keep list holds "id from to"; kept flows are held
			// by id, whatever their ends.
			if !reflect.DeepEqual(c.params["held"], keep) {
				t.Errorf("%s: held %v, want %v", c.stmt.Name, c.params["held"], keep)
			}
			for _, k := range kept {
				if strings.HasPrefix(k, keep[0]+" ") {
					t.Errorf("%s keeps the kept flow by its ends: %q", c.stmt.Name, k)
				}
			}
			continue
		}
		for _, id := range keep {
			if !contains(kept, id) {
				t.Errorf("%s would remove kept record %s: keep %v", c.stmt.Name, id, kept)
			}
		}
	}
	// Everything else is written as without a plan.
	all := loadPlan(ds, 4, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), nil)
	// The flow's row, and the programme's row and its link to its fund.
	if got, want := rowCount(p.writes), rowCount(all.writes)-3; got != want {
		t.Errorf("rows written: got %d, want %d (all but the kept records the file holds)", got, want)
	}
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

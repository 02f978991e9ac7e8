package neo4j

import (
	"reflect"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/storetest"
)

// TestRevisionRowCarriesChanges: a revision's changes go to the driver as
// one JSON string property, and come back as the same changes.
func TestRevisionRowCarriesChanges(t *testing.T) {
	prev := flow.Money{Amount: new(flow.Pence(1_370_000_000)), Currency: "GBP", Qualifier: flow.MajorityOf, Low: new(flow.Pence(685_000_000)), High: new(flow.Pence(1_370_000_000))}
	rev := flow.Revision{RecordID: "wifi-to-cyber-security-2017-18", Action: flow.Corrected, At: "2026-11-23T09:00:00Z", By: "newsdesk",
		Reason: "a second look", Previous: &prev, Amount: &prev, PreviousStatus: flow.Confirmed, Status: flow.Confirmed,
		Changes: []flow.Change{
			{Field: "amount", Previous: "£13.7m (MAJORITY_OF; £6.85m–£13.7m)", Value: "£13m"},
			{Field: "citations", Previous: `[{"source":"s","quote":"“q”"}]`, Value: "[]"},
		}}
	row := revisionRow(rev, 7, "nhs-tech-2016-18")
	checkCall(t, call{revisionStatement, map[string]any{"revision": row}})
	if s, ok := row["changes"].(string); !ok || !strings.HasPrefix(s, `[{"field":"amount"`) {
		t.Errorf("changes: got %#v, want a JSON string", row["changes"])
	}
	got, err := toRevision(dbtype.Node{Labels: []string{labelRevision}, Props: asReturned(row).(map[string]any)})
	if err != nil || !reflect.DeepEqual(got, rev) {
		t.Errorf("round trip:\n got %+v, %v\nwant %+v", got, err, rev)
	}

	// No changes (a creation) is an empty list; a revision stored before
	// changes were recorded has no property, and no changes.
	created := flow.Revision{RecordID: "nhs-digital", Action: flow.Created, At: rev.At, By: rev.By}
	row = revisionRow(created, 8, flow.APIDataset)
	if row["changes"] != "[]" {
		t.Errorf("a creation's changes: got %#v, want []", row["changes"])
	}
	delete(row, "changes")
	if got, err := toRevision(dbtype.Node{Props: asReturned(row).(map[string]any)}); err != nil || got.Changes != nil {
		t.Errorf("an older revision: got %+v, %v; want no changes", got, err)
	}
	row["changes"] = `{"field":`
	if _, err := toRevision(dbtype.Node{Props: asReturned(row).(map[string]any)}); err == nil {
		t.Error("malformed changes were read")
	}
}

// TestCurrentOfOwnerRow: the owner statement's row becomes the Current a
// decide function is handed, with the node mapped whole (a source's text
// included) and none for a flow or a budget line.
func TestCurrentOfOwnerRow(t *testing.T) {
	checkCall(t, call{ownerStatement, map[string]any{"id": "hsj-2018-01-wannacry-review"}})
	if !strings.Contains(ownerStatement.Cypher, "n AS node") {
		t.Errorf("the owner statement does not return the node:\n%s", ownerStatement.Cypher)
	}
	src := storetest.NHS(t).Sources[0]
	if !src.Verified() {
		t.Fatalf("source %s has no text", src.ID)
	}
	_, row := nodeRow(src)
	if row["text"] != src.Text {
		t.Errorf("source row: text %#v, want the source's text", row["text"])
	}
	node := dbtype.Node{Labels: []string{labelNode, labelSource}, Props: asReturned(row).(map[string]any)}
	got, err := currentOf(map[string]any{"dataset": src.Dataset, "kind": labelSource, "node": node})
	if want := (flow.Current{Kind: flow.KindSource, Dataset: src.Dataset, Node: src}); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("a source:\n got %+v (%#v), %v\nwant %+v (%#v)", got, got.Node, err, want, want.Node)
	}
	got, err = currentOf(map[string]any{"dataset": "api", "kind": "Flow", "node": nil})
	if want := (flow.Current{Kind: flow.KindFlow, Dataset: "api"}); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("a flow: got %+v, %v; want %+v", got, err, want)
	}
	if _, err := currentOf(map[string]any{"dataset": "api", "kind": labelFund, "node": "not a node"}); err == nil {
		t.Error("a node column of the wrong type was read")
	}
}

// TestLoadPlanWritesSourceTexts: a load sends each source's text with its
// row, so that a reload refreshes it.
func TestLoadPlanWritesSourceTexts(t *testing.T) {
	ds := storetest.NHS(t)
	texts := map[string]string{}
	for _, s := range ds.Sources {
		texts[s.ID] = s.Text
	}
	seen := 0
	for _, c := range stagePlan(ds, DefaultBatchSize, nil) {
		if c.stmt != stageNodesStatement {
			continue
		}
		for _, r := range c.params["rows"].([]any) {
			if r.(map[string]any)["stagedAs"] != labelSource {
				continue
			}
			row := r.(map[string]any)["props"].(map[string]any)
			if text := row["text"]; text == "" || text != texts[row["id"].(string)] {
				t.Errorf("source %s: text %.40q..., want its bundled text", row["id"], text)
			}
			seen++
		}
	}
	if seen != len(ds.Sources) {
		t.Errorf("source rows: got %d, want %d", seen, len(ds.Sources))
	}
}

package graph_test

import (
	"context"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/fundflow/fundflow/auth"
	"github.com/fundflow/fundflow/data"
	"github.com/fundflow/fundflow/graph"
	"github.com/fundflow/fundflow/ledger"
	"github.com/fundflow/fundflow/loader"
)

// TestReloadKeepsWritesThroughTheAPI: after correctFlow and retractFlow,
// reloading the bundled file keeps both, and each flow's history says the
// reload kept it, by the load's name; a reload taking the file restores the
// file's figures and says so too.
func TestReloadKeepsWritesThroughTheAPI(t *testing.T) {
	st := openStore(t)
	tk, err := auth.ParseEnv("newsdesk:" + deskToken)
	if err != nil {
		t.Fatal(err)
	}
	log := zerolog.New(io.Discard)
	now := func() time.Time { return time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC) }
	opts := graph.DefaultOptions()
	opts.Tokens = tk
	h := handlerWith(st, log, now, opts)
	for _, m := range []string{correction, `mutation { retractFlow(id: "wifi-to-cyber-security-2017-18", reason: "misread the spokesman") { status } }`} {
		if resp := postAs(t, h, deskToken, m); len(resp.Errors) > 0 {
			t.Fatalf("%s: %+v", m, resp.Errors)
		}
	}
	reload := func(o ledger.LoadOptions) {
		ds, err := loader.ParseFS(data.FS, data.NHSTech)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ledger.New(st, log, now).LoadWith(context.Background(), ds, o); err != nil {
			t.Fatal(err)
		}
	}
	const query = `{ flows(where: {ids: ["provider-digitisation-to-cyber-security-2017-18", "wifi-to-cyber-security-2017-18"], status: [REPORTED, CONFIRMED, RETRACTED]}) {
  nodes { id status amount { formatted } history { action by } } } }`
	type row struct{ id, status, amount, history string }
	read := func() []row {
		var data struct {
			Flows struct {
				Nodes []struct {
					ID, Status string
					Amount     struct{ Formatted string }
					History    []struct{ Action, By string }
				}
			}
		}
		b, _ := json.Marshal(postAs(t, h, "", query).Data)
		if err := json.Unmarshal(b, &data); err != nil {
			t.Fatal(err)
		}
		var out []row
		for _, n := range data.Flows.Nodes {
			var hist []string
			for _, r := range n.History {
				hist = append(hist, r.Action+" by "+r.By)
			}
			out = append(out, row{n.ID, n.Status, n.Amount.Formatted, strings.Join(hist, ", ")})
		}
		return out
	}
	reload(ledger.LoadOptions{})
	want := []row{
		{"provider-digitisation-to-cyber-security-2017-18", "REPORTED", "£80m (MAJORITY_OF; £40m–£80m)", "CORRECTED by newsdesk, KEPT by fundflow load"},
		{"wifi-to-cyber-security-2017-18", "RETRACTED", "most of the £13.7m underspend (MAJORITY_OF; £6.85m–£13.7m)", "RETRACTED by newsdesk, KEPT by fundflow load"},
	}
	if got := read(); !reflect.DeepEqual(got, want) {
		t.Errorf("after a reload:\n got %+v\nwant %+v", got, want)
	}
	reload(ledger.LoadOptions{TakeFile: true})
	want = []row{
		{"provider-digitisation-to-cyber-security-2017-18", "REPORTED", "the majority of the £81m underspend (MAJORITY_OF; £40.5m–£81m)", "CORRECTED by newsdesk, KEPT by fundflow load, RELOADED by fundflow load"},
		{"wifi-to-cyber-security-2017-18", "CONFIRMED", "most of the £13.7m underspend (MAJORITY_OF; £6.85m–£13.7m)", "RETRACTED by newsdesk, KEPT by fundflow load, RELOADED by fundflow load"},
	}
	if got := read(); !reflect.DeepEqual(got, want) {
		t.Errorf("after a reload taking the file:\n got %+v\nwant %+v", got, want)
	}
}

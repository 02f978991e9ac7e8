package neo4j

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
	"github.com/fundflow/fundflow/storetest"
)

// driverType reports why v is not a type the driver sends as it is, or ""
// if it is: nil, bool, int64, float64, string, []string, []any and
// map[string]any of those. Custom structs, big numbers and unsigned
// integers must never reach the driver.
func driverType(v any) string {
	switch v := v.(type) {
	case nil, bool, int64, float64, string, []string:
		return ""
	case []any:
		for i, e := range v {
			if why := driverType(e); why != "" {
				return fmt.Sprintf("[%d]: %s", i, why)
			}
		}
		return ""
	case map[string]any:
		for k, e := range v {
			if why := driverType(e); why != "" {
				return k + ": " + why
			}
		}
		return ""
	default:
		return fmt.Sprintf("%T is not a driver type", v)
	}
}

// checkCall asserts that a call's parameters are exactly those its
// statement declares, each of a driver type and of the declared type.
func checkCall(t *testing.T, c call) {
	t.Helper()
	if err := c.checkParams(); err != nil {
		t.Error(err)
	}
	for name, v := range c.params {
		if why := driverType(v); why != "" {
			t.Errorf("%s: $%s: %s", c.stmt.Name, name, why)
		}
		want := c.stmt.Params[name]
		if v != nil && want != nil && reflect.TypeOf(v) != reflect.TypeOf(want) {
			t.Errorf("%s: $%s is %T, declared %T", c.stmt.Name, name, v, want)
		}
	}
}

func TestLoadPlanParams(t *testing.T) {
	ds := storetest.NHS(t)
	at := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	stage := stagePlan(ds, 4, nil)
	sw := switchCalls(ds, datasetCall(ds, at))
	sc := loadStateCalls(ds)
	all := append([]call{lockCall(at), sc.owners, sc.stale, sc.history, claimCall("t", ds.ID, at, time.Minute),
		beatCall("t", at), releaseCall("t")}, stage...)
	all = append(append(append(all, sw.retire...), sw.rest...), cleanupCalls(labelStaged, 4)...)
	for _, c := range all {
		checkCall(t, c)
	}

	t.Run("BatchesRows", func(t *testing.T) {
		// The funds, programmes, organisations, sources and people, 31
		// nodes, in batches of 4: seven of 4 and one of 3.
		var sizes []int
		for _, c := range stage {
			if c.stmt == stageNodesStatement {
				sizes = append(sizes, len(c.params["rows"].([]any)))
			}
		}
		want := []int{4, 4, 4, 4, 4, 4, 4, 3}
		if n := len(ds.Funds) + len(ds.Programmes) + len(ds.Organisations) + len(ds.Sources) + len(ds.People); n != 31 {
			t.Fatalf("the bundled data holds %d nodes, want 31", n)
		}
		if !reflect.DeepEqual(sizes, want) {
			t.Errorf("node batches: got %v, want %v", sizes, want)
		}
	})

	t.Run("NodesBeforeRelationships", func(t *testing.T) {
		firstRel, lastNode := -1, -1
		for i, c := range stage {
			if c.stmt == stageNodesStatement || c.stmt == stageKeptNodesStatement {
				lastNode = i
			}
			if c.stmt == stagePartOfStatement || isOneOf(c.stmt, stageFlows) {
				if firstRel < 0 {
					firstRel = i
				}
			}
		}
		if firstRel < 0 || lastNode > firstRel {
			t.Errorf("last node write at %d, first relationship write at %d", lastNode, firstRel)
		}
	})

	t.Run("EveryRecordWritten", func(t *testing.T) {
		counts := map[*Statement]int{}
		kinds := map[any]int{}
		for _, c := range stage {
			counts[c.stmt] += len(c.params["rows"].([]any))
			if c.stmt == stageNodesStatement {
				for _, r := range c.params["rows"].([]any) {
					kinds[r.(map[string]any)["stagedAs"]]++
				}
			}
		}
		flows := 0
		for _, m := range stageFlows {
			flows += counts[m]
		}
		if kinds[labelFund] != 1 || kinds[labelProgramme] != 6 || counts[stagePartOfStatement] != 6 || flows != 15+9 || counts[stageLinesStatement] != 7 {
			t.Errorf("rows written: %v, nodes %v", counts, kinds)
		}
	})
}

// window resolves page arguments against an ordering, as the service does
// before a list reaches the store.
func window(t *testing.T, p flow.PageArgs, o flow.Ordering, err error) flow.Window {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	w, err := sortkey.Window(p, o)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestReadParams(t *testing.T) {
	// A cursor of the flow ordering below, so that paged calls carry keys.
	byAmount := []flow.FlowOrder{{Field: flow.FlowByAmount, Desc: true}}
	fo, err := flow.FlowOrdering(byAmount)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, sortkey.CursorKeys)
	for i := range keys {
		keys[i] = fmt.Sprint("k", i)
	}
	after := sortkey.Cursor(fo, keys)

	no, noErr := flow.NodeOrdering([]flow.NodeOrder{{Field: flow.NodeByName, Desc: true}})
	for _, kind := range []flow.RecordKind{flow.KindFund, flow.KindProgramme, flow.KindOrganisation, flow.KindSource} {
		for _, page := range []flow.PageArgs{{First: new(2)}, {Last: new(2)}} {
			c := nodeListCall(kind, flow.NodeFilter{IDs: []string{"a"}, NameContains: "Cyber", FundIDs: []string{"phc-2020"},
				Kinds: []string{"trust"}}, window(t, page, no, noErr))
			checkCall(t, c)
			if want := "list-" + labels[kind] + "+ids+name+funds+kinds"; strings.TrimSuffix(c.stmt.Name, "-backward") != want {
				t.Errorf("%s: got statement %s, want %s", kind, c.stmt.Name, want)
			}
			if backward := page.Last != nil; strings.HasSuffix(c.stmt.Name, "-backward") != backward || c.params["limit"] != int64(3) {
				t.Errorf("%s %+v: got %s with limit %v, want backward=%v and one row more than asked", kind, page, c.stmt.Name, c.params["limit"], backward)
			}
		}
	}
	min := flow.Pence(100)
	fc := flowsCall(flow.FlowFilter{ToIDs: []string{"cyber-security"}, Kinds: []flow.FlowKind{flow.Diversion},
		Statuses: []flow.Status{flow.Confirmed}, Year: "2017-18", AmountMin: &min, AsOf: "2018-01-31"},
		window(t, flow.PageArgs{First: new(10), After: after}, fo, nil))
	checkCall(t, fc)
	if got := fc.params["kinds"]; !reflect.DeepEqual(got, []string{"DIVERSION"}) {
		t.Errorf("kinds: got %#v, want []string{DIVERSION}", got)
	}
	if fc.params["f0"] != int64(2) || fc.params["d0"] != true || fc.params["f1"] != int64(-1) || fc.params["amountMin"] != int64(100) {
		t.Errorf("order slots and amount: got f0=%v d0=%v f1=%v amountMin=%v", fc.params["f0"], fc.params["d0"], fc.params["f1"], fc.params["amountMin"])
	}
	if fc.params["paged"] != true || fc.params["k0"] != "k0" || fc.params[fmt.Sprint("k", sortkey.CursorKeys-1)] != fmt.Sprint("k", sortkey.CursorKeys-1) {
		t.Errorf("cursor keys: got paged=%v k0=%v", fc.params["paged"], fc.params["k0"])
	}
	bo, boErr := flow.BudgetOrdering([]flow.BudgetLineOrder{{Field: flow.BudgetByVariance, Desc: true}})
	bc := budgetCall(flow.BudgetLineFilter{Year: "2017-18"}, window(t, flow.PageArgs{}, bo, boErr))
	checkCall(t, bc)
	if bc.params["paged"] != false || bc.params["limit"] != int64(flow.DefaultPageSize+1) {
		t.Errorf("first budget page: got paged=%v limit=%v", bc.params["paged"], bc.params["limit"])
	}
	sc := searchCall(flow.SearchTerms{Words: []string{"kings", "63.7m"}, Phrase: "kings 63.7m"},
		flow.Window{Order: flow.Ordering{Tag: flow.SearchOrder}, Limit: 5, Keys: []string{"1", "cyber", "cyber-security"}})
	checkCall(t, sc)
	if sc.params["lucene"] != "kings* AND 63.7m*" || sc.params["phrase"] != "kings 63.7m" || sc.params["paged"] != true ||
		sc.params["k0"] != int64(1) || sc.params["k2"] != "cyber-security" || sc.params["limit"] != int64(6) {
		t.Errorf("search: got %v", sc.params)
	}
	if r := sc.params["ranks"].(map[string]any)["ALIAS"]; !reflect.DeepEqual(r, []any{int64(1), int64(4), int64(4)}) {
		t.Errorf("alias ranks: got %v", r)
	}
	walk, err := flow.TraceQuery{From: "phc-2020", To: "cyber-security"}.Walk()
	if err != nil {
		t.Fatal(err)
	}
	tc := traceCall(walk, flow.HopQuery{Nodes: []string{"phc-2020"}, Limit: 7})
	checkCall(t, tc)
	if tc.stmt != traceOut || tc.params["kinds"] != nil || !reflect.DeepEqual(tc.params["nodes"], []string{"phc-2020"}) || tc.params["limit"] != int64(7) {
		t.Errorf("trace defaults: got %s %v", tc.stmt.Name, tc.params)
	}
	c := traceCall(flow.TraceWalk{From: "phc-2020", Kinds: []flow.FlowKind{flow.BudgetSpend}, AsOf: "2018-01-31"}, flow.HopQuery{Nodes: []string{"a", "b"}, Ends: []string{"c"}, Limit: 1})
	checkCall(t, c)
	if c.stmt != traceOutEnds || !reflect.DeepEqual(c.params["kinds"], []string{"BUDGET_LINE"}) || c.params["asOf"] != "2018-01-31" || !reflect.DeepEqual(c.params["ends"], []string{"c"}) {
		t.Errorf("trace of budget lines: got %s %v", c.stmt.Name, c.params)
	}
	if back := traceCall(walk, flow.HopQuery{Nodes: []string{"cyber-security"}, Into: true, Limit: 1}); back.stmt != traceInto {
		t.Errorf("search back from to: got %s", back.stmt.Name)
	}
	checkCall(t, traceCall(walk, flow.HopQuery{Nodes: []string{"cyber-security"}, Into: true, Ends: []string{}, Limit: 1}))
}

// TestOrderingsFitTheSlots: every list statement has flow.MaxOrderKeys
// slots, and no ordering that names more fields reaches a store, where the
// extra fields would be silently dropped.
func TestOrderingsFitTheSlots(t *testing.T) {
	four := []flow.BudgetLineOrder{{Field: flow.BudgetByYear}, {Field: flow.BudgetByPlanned}, {Field: flow.BudgetByActual}, {Field: flow.BudgetByVariance}}
	if _, err := flow.BudgetOrdering(four); flow.ErrorCode(err) != flow.EINVALID {
		t.Errorf("four sort fields: got %v, want INVALID", err)
	}
	three, err := flow.BudgetOrdering(four[1:])
	if err != nil {
		t.Fatal(err)
	}
	c := budgetCall(flow.BudgetLineFilter{}, window(t, flow.PageArgs{}, three, nil))
	for i, want := range []int64{2, 3, 4} {
		if got := c.params[fmt.Sprint("f", i)]; got != want {
			t.Errorf("slot %d: got field %v, want %d", i, got, want)
		}
	}
	for _, s := range Statements() {
		if strings.HasPrefix(s.Name, "list-") {
			for i := 0; i < flow.MaxOrderKeys; i++ {
				if _, ok := s.Params[fmt.Sprint("f", i)]; !ok {
					t.Errorf("%s lacks slot %d", s.Name, i)
				}
			}
		}
	}
}

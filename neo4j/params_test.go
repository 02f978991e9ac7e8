package neo4j

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/fundflow/fundflow/flow"
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
	p := loadPlan(ds, 4, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	all := append(append([]call{p.lock, p.owners, p.dataset, p.clear}, p.stale...), p.writes...)
	for _, c := range all {
		checkCall(t, c)
	}

	t.Run("BatchesRows", func(t *testing.T) {
		// 14 organisations in batches of 4: 4+4+4+2 rows.
		var sizes []int
		for _, c := range p.writes {
			if c.stmt == mergeNodes[labelOrganisation] {
				sizes = append(sizes, len(c.params["rows"].([]any)))
			}
		}
		if !reflect.DeepEqual(sizes, []int{4, 4, 4, 2}) {
			t.Errorf("organisation batches: got %v, want [4 4 4 2]", sizes)
		}
	})

	t.Run("NodesBeforeRelationships", func(t *testing.T) {
		firstFlow, lastNode := -1, -1
		for i, c := range p.writes {
			for _, m := range mergeNodes {
				if c.stmt == m {
					lastNode = i
				}
			}
			for _, m := range mergeFlows {
				if c.stmt == m && firstFlow < 0 {
					firstFlow = i
				}
			}
		}
		if firstFlow < 0 || lastNode > firstFlow {
			t.Errorf("last node write at %d, first flow write at %d", lastNode, firstFlow)
		}
	})

	t.Run("EveryRecordWritten", func(t *testing.T) {
		counts := map[*Statement]int{}
		for _, c := range p.writes {
			counts[c.stmt] += len(c.params["rows"].([]any))
		}
		flows := 0
		for _, m := range mergeFlows {
			flows += counts[m]
		}
		if counts[mergeNodes[labelFund]] != 1 || counts[mergeNodes[labelProgramme]] != 6 || flows != 15+9 || counts[mergeLinesStatement] != 7 {
			t.Errorf("rows written: %v", counts)
		}
	})
}

func TestReadParams(t *testing.T) {
	for _, label := range []string{labelFund, labelProgramme, labelOrganisation, labelSource} {
		for _, page := range []flow.PageArgs{{First: 2}, {Last: 2}} {
			c, _, _, err := nodeListCall(label, flow.NodeQuery{Filter: flow.NodeFilter{IDs: []string{"a"}, NameContains: "Cyber",
				FundIDs: []string{"phc-2020"}}, Order: []flow.NodeOrder{{Field: flow.NodeByName, Desc: true}}, Page: page})
			if err != nil {
				t.Fatal(err)
			}
			checkCall(t, c)
		}
	}
	min := flow.Pence(100)
	fc, _, _, err := flowsCall(flow.FlowQuery{Filter: flow.FlowFilter{ToIDs: []string{"cyber-security"}, Kinds: []flow.FlowKind{flow.Diversion},
		Statuses: []flow.Status{flow.Confirmed}, Year: "2017-18", AmountMin: &min, AsOf: "2018-01-31"},
		Order: []flow.FlowOrder{{Field: flow.FlowByAmount, Desc: true}}, Page: flow.PageArgs{First: 10}})
	if err != nil {
		t.Fatal(err)
	}
	checkCall(t, fc)
	if got := fc.params["kinds"]; !reflect.DeepEqual(got, []string{"DIVERSION"}) {
		t.Errorf("kinds: got %#v, want []string{DIVERSION}", got)
	}
	if fc.params["f0"] != int64(2) || fc.params["d0"] != true || fc.params["f1"] != int64(-1) || fc.params["amountMin"] != int64(100) {
		t.Errorf("order slots and amount: got f0=%v d0=%v f1=%v amountMin=%v", fc.params["f0"], fc.params["d0"], fc.params["f1"], fc.params["amountMin"])
	}
	bc, _, _, err := budgetCall(flow.BudgetLineQuery{Filter: flow.BudgetLineFilter{Year: "2017-18"},
		Order: []flow.BudgetLineOrder{{Field: flow.BudgetByVariance, Desc: true}}})
	if err != nil {
		t.Fatal(err)
	}
	checkCall(t, bc)
	tc, _, err := traceCall(flow.TraceQuery{From: "phc-2020", To: "cyber-security"})
	if err != nil {
		t.Fatal(err)
	}
	checkCall(t, tc)
	if tc.stmt != traceStatements[flow.DefaultMaxHops] || tc.params["kinds"] != nil {
		t.Errorf("trace defaults: got %s %v, want trace-%d", tc.stmt.Name, tc.params, flow.DefaultMaxHops)
	}
}

func TestBudgetOrderLimits(t *testing.T) {
	four := []flow.BudgetLineOrder{{Field: flow.BudgetByYear}, {Field: flow.BudgetByPlanned}, {Field: flow.BudgetByActual}, {Field: flow.BudgetByVariance}}
	if _, _, _, err := budgetCall(flow.BudgetLineQuery{Order: four}); flow.ErrorCode(err) != flow.EINVALID {
		t.Errorf("four sort fields: got %v, want INVALID", err)
	}
}

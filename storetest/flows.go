package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// listFlows returns the ids of one page of flows, checking that the total
// counts at least the flows returned.
func listFlows(t testing.TB, svc *ledger.Service, q flow.FlowQuery) []string {
	t.Helper()
	page, err := svc.Flows(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if page.TotalCount < len(page.Items) {
		t.Errorf("total %d below the %d items returned", page.TotalCount, len(page.Items))
	}
	return flowIDs(page.Items)
}

func testFlowsDiversionsToCyberSecurity201718(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	page, err := svc.Flows(context.Background(), flow.FlowQuery{Filter: flow.FlowFilter{ToIDs: []string{"cyber-security"}, Kinds: []flow.FlowKind{flow.Diversion}, Year: "2017-18"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := flowIDs(page.Items), []string{"provider-digitisation-to-cyber-security-2017-18", "wifi-to-cyber-security-2017-18"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	pd, wifi := page.Items[0], page.Items[1]
	wantPD := flow.Money{Amount: gbp(t, "£81m"), Currency: "GBP", Qualifier: flow.MajorityOf, Low: ptr(gbp(t, "£40.5m")), High: ptr(gbp(t, "£81m"))}
	if !reflect.DeepEqual(pd.Amount, wantPD) || pd.Status != flow.Reported || pd.FromID != "provider-digitisation" {
		t.Errorf("provider digitisation diversion: got %v %v from %s, want %v REPORTED", pd.Amount, pd.Status, pd.FromID, wantPD)
	}
	wantWifi := flow.Money{Amount: gbp(t, "£13.7m"), Currency: "GBP", Qualifier: flow.MajorityOf, Low: ptr(gbp(t, "£6.85m")), High: ptr(gbp(t, "£13.7m"))}
	if !reflect.DeepEqual(wifi.Amount, wantWifi) || wifi.Status != flow.Confirmed {
		t.Errorf("Wi-Fi diversion: got %v %v, want %v CONFIRMED", wifi.Amount, wifi.Status, wantWifi)
	}
	if len(wifi.Citations) != 2 || wifi.Citations[1].Quote != "A DHSC spokesman confirmed most of this money had been diverted to pay for cyber security, in response to the WannaCry ransomware attack." {
		t.Errorf("Wi-Fi citations: got %q", wifi.Citations)
	}
}

func testFlowsFiltersCombine(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	for _, tc := range []struct {
		name string
		f    flow.FlowFilter
		want int
	}{
		{"all, budget lines' figures included", flow.FlowFilter{}, len(NHS(t).Flows) + len(NHS(t).BudgetFlows())},
		{"proposed", flow.FlowFilter{Statuses: []flow.Status{flow.Proposed}}, 2},
		{"edges from the fund", flow.FlowFilter{FromIDs: []string{"phc-2020"}, Kinds: flow.EdgeKinds}, 6},
		{"budget figures", flow.FlowFilter{Kinds: []flow.FlowKind{flow.BudgetSpend}}, 9},
		{"requests and requirements", flow.FlowFilter{Kinds: []flow.FlowKind{flow.Request, flow.Requirement}}, 4},
		{"payments in 2016-17", flow.FlowFilter{Kinds: []flow.FlowKind{flow.Payment}, Year: "2016-17"}, 0},
	} {
		page, err := svc.Flows(context.Background(), flow.FlowQuery{Filter: tc.f})
		if err != nil {
			t.Fatal(err)
		}
		if page.TotalCount != tc.want || len(page.Items) != tc.want {
			t.Errorf("%s: got %d (total %d), want %d", tc.name, len(page.Items), page.TotalCount, tc.want)
		}
	}
}

func testFlowsAmountEndAndYearFilters(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	min, max := gbp(t, "£10m"), gbp(t, "£100m")
	for _, tc := range []struct {
		name string
		f    flow.FlowFilter
		want []string
	}{
		// Bounds apply to the stated amount: "hundreds of millions" is
		// stated as its lower end, £100m.
		{"amount between £10m and £100m, edges only", flow.FlowFilter{AmountMin: &min, AmountMax: &max, Kinds: flow.EdgeKinds}, []string{
			"cyber-security-to-ambulance-trusts-2017-18", "cyber-security-to-major-trauma-centres-2017-18",
			"local-nhs-cyber-security-revenue-shortfall", "phc-2020-to-wifi-2017-18",
			"provider-digitisation-to-cyber-security-2017-18", "treasury-cyber-security-capital-request",
			"wifi-to-cyber-security-2017-18"}},
		{"touching Wi-Fi", flow.FlowFilter{ProgrammeIDs: []string{"wifi"}, Kinds: flow.EdgeKinds}, []string{
			"phc-2020-to-wifi-2017-18", "wifi-to-cyber-security-2017-18"}},
		{"years up to 2016-17", flow.FlowFilter{YearTo: "2016-17"}, []string{
			"cyber-security-2016-17:actual", "cyber-security-2016-17:planned"}},
		{"touching an organisation and a programme", flow.FlowFilter{OrganisationIDs: []string{"hm-treasury"}, ProgrammeIDs: []string{"cyber-security"}}, []string{
			"treasury-cyber-security-capital-request", "treasury-cyber-security-request"}},
	} {
		if got := listFlows(t, svc, flow.FlowQuery{Filter: tc.f}); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %v\nwant %v", tc.name, got, tc.want)
		}
	}
}

func testFlowsBudgetLinesAsFlows(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	page, err := svc.Flows(context.Background(), flow.FlowQuery{Filter: flow.FlowFilter{ProgrammeIDs: []string{"cyber-security"}, Kinds: []flow.FlowKind{flow.BudgetSpend}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range page.Items {
		got = append(got, f.ID+" "+string(f.Status)+" "+f.Amount.Amount.String()+" from "+f.FromID)
	}
	want := []string{
		"cyber-security-2016-17:actual ACTUAL £5.1m from phc-2020",
		"cyber-security-2016-17:planned PLANNED £8.6m from phc-2020", // derived: £5.1m spent, £3.5m less than budgeted
		"cyber-security-2017-18-jan-2018:forecast FORECAST £31.5m from phc-2020",
		"cyber-security-2017-18:actual ACTUAL £72.4m from phc-2020",
		"cyber-security-2017-18:planned PLANNED £8.7m from phc-2020",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cyber security's budget figures:\n got %q\nwant %q", got, want)
	}
	if len(page.Items[0].Citations) != 1 || page.Items[0].Citations[0].SourceID != "hsj-2018-01-wannacry-review" {
		t.Errorf("a budget figure carries its line's citations: got %v", page.Items[0].Citations)
	}
}

func testFlowsOrderByAmountDescending(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	got := listFlows(t, svc, flow.FlowQuery{Filter: flow.FlowFilter{ToIDs: []string{"cyber-security"}, Kinds: []flow.FlowKind{flow.Diversion}},
		Order: []flow.FlowOrder{{Field: flow.FlowByAmount, Desc: true}, {Field: flow.FlowByYear}}})
	want := []string{"phc-2020-to-cyber-security-balance", "phc-2020-to-cyber-security-capital-cuts",
		"provider-digitisation-to-cyber-security-2017-18", "wifi-to-cyber-security-2017-18"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diversions to cyber security, largest first:\n got %v\nwant %v", got, want)
	}
}

func testFlowsOrderByYearPutsUndatedLast(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	for _, desc := range []bool{false, true} {
		got := listFlows(t, svc, flow.FlowQuery{Filter: flow.FlowFilter{FromIDs: []string{"phc-2020"}, Kinds: []flow.FlowKind{flow.Diversion, flow.Allocation}},
			Order: []flow.FlowOrder{{Field: flow.FlowByYear, Desc: desc}}})
		if last := got[len(got)-1]; last != "phc-2020-to-paperless-point-of-care" {
			t.Errorf("desc=%v: got %v, want the undated flows last", desc, got)
		}
	}
}

func testFlowsPagingTwoAtATime(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	var got []string
	p := flow.PageArgs{First: new(2)}
	for {
		page, err := svc.Flows(ctx, flow.FlowQuery{Page: p})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, flowIDs(page.Items)...)
		if !page.HasNextPage {
			break
		}
		p.After = page.Cursors[len(page.Cursors)-1]
	}
	all, err := svc.Flows(ctx, flow.FlowQuery{Page: flow.PageArgs{First: new(flow.MaxPageSize)}})
	if err != nil {
		t.Fatal(err)
	}
	if want := flowIDs(all.Items); !reflect.DeepEqual(got, want) {
		t.Errorf("two at a time: got %v, want %v", got, want)
	}
}

func testFlowsLastAndBefore(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	all, err := svc.Flows(ctx, flow.FlowQuery{Page: flow.PageArgs{First: new(flow.MaxPageSize)}})
	if err != nil {
		t.Fatal(err)
	}
	// Page backwards two at a time from the end: the same flows, the
	// same order.
	var got []string
	p := flow.PageArgs{Last: new(2)}
	for {
		page, err := svc.Flows(ctx, flow.FlowQuery{Page: p})
		if err != nil {
			t.Fatal(err)
		}
		got = append(flowIDs(page.Items), got...)
		if !page.HasPreviousPage {
			break
		}
		p.Before = page.Cursors[0]
	}
	if want := flowIDs(all.Items); !reflect.DeepEqual(got, want) {
		t.Errorf("backwards:\n got %v\nwant %v", got, want)
	}
}

func testFlowsAsOf(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	// What was known at the end of January 2018: only the first report.
	page, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{AsOf: "2018-01-31"}, Page: flow.PageArgs{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range page.Items {
		for _, c := range f.Citations {
			if c.SourceID != "hsj-2018-01-wannacry-review" {
				t.Errorf("%s cites %s, published after the day", f.ID, c.SourceID)
			}
		}
	}
	if page.TotalCount != 11 {
		t.Errorf("flows known on 2018-01-31: got %d, want 11 (8 edges and 3 budget figures)", page.TotalCount)
	}
	lines, err := svc.BudgetLines(ctx, flow.BudgetLineQuery{Filter: flow.BudgetLineFilter{Year: "2017-18", AsOf: "2018-07-30"}})
	if err != nil {
		t.Fatal(err)
	}
	// The summer report's month is July, so it counts only from 31 July.
	if got := lineIDs(lines.Items); !reflect.DeepEqual(got, []string{"cyber-security-2017-18-jan-2018"}) {
		t.Errorf("2017-18 lines known on 2018-07-30: got %v", got)
	}
}

func testFlowsPagingWhileFlowsAreAdded(t *testing.T, open Opener) {
	ctx := context.Background()
	svc := Loaded(t, open)
	before, err := svc.Flows(ctx, flow.FlowQuery{Page: flow.PageArgs{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	p := flow.PageArgs{First: new(2)}
	for pages := 0; ; pages++ {
		page, err := svc.Flows(ctx, flow.FlowQuery{Page: p})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range page.Items {
			seen[f.ID]++
		}
		if pages == 1 {
			// Between pages, a reload adds a flow before the cursor and
			// one after it.
			ds := NHS(t)
			src := ds.Flows[0]
			for _, id := range []string{"aaa-added-flow", "zzz-added-flow"} {
				f := *src
				f.ID = id
				ds.Flows = append(ds.Flows, &f)
			}
			if _, err := svc.Load(ctx, Checked(t, ds)); err != nil {
				t.Fatal(err)
			}
		}
		if !page.HasNextPage {
			break
		}
		p.After = page.Cursors[len(page.Cursors)-1]
	}
	for _, f := range before.Items {
		if seen[f.ID] != 1 {
			t.Errorf("%s visited %d times, want once", f.ID, seen[f.ID])
		}
	}
	if seen["zzz-added-flow"] != 1 || seen["aaa-added-flow"] != 0 {
		t.Errorf("added flows: visited the one after the cursor %d times, the one before %d times; want 1 and 0",
			seen["zzz-added-flow"], seen["aaa-added-flow"])
	}
}

func testAnalystTotalsByYear(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	totals := func(f flow.FlowFilter) []flow.Total {
		t.Helper()
		out, _, err := svc.Totals(context.Background(), []flow.TotalsDimension{flow.ByYear}, f)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	spent := totals(flow.FlowFilter{ProgrammeIDs: []string{"cyber-security"}, Kinds: []flow.FlowKind{flow.BudgetSpend}, Statuses: []flow.Status{flow.Actual}})
	want := []flow.Total{
		{Key: []string{"2016-17"}, Count: 1, Amount: flow.GBP(gbp(t, "£5.1m"))},
		{Key: []string{"2017-18"}, Count: 1, Amount: flow.GBP(gbp(t, "£72.4m"))},
	}
	if !reflect.DeepEqual(spent, want) {
		t.Errorf("cyber security spent by year:\n got %v\nwant %v", spent, want)
	}
	diverted := totals(flow.FlowFilter{ToIDs: []string{"cyber-security"}, Kinds: []flow.FlowKind{flow.Diversion}})
	want = []flow.Total{
		// The majority of £81m and the majority of £13.7m.
		{Key: []string{"2017-18"}, Count: 2, Amount: flow.Money{Amount: gbp(t, "£94.7m"), Currency: "GBP", Qualifier: flow.Range,
			Low: ptr(gbp(t, "£47.35m")), High: ptr(gbp(t, "£94.7m"))}},
		// £1bn and about £250m, proposed, undated.
		{Key: []string{""}, Count: 2, Amount: flow.Money{Amount: gbp(t, "£1.25bn"), Currency: "GBP", Qualifier: flow.Range,
			Low: ptr(gbp(t, "£1.225bn")), High: ptr(gbp(t, "£1.275bn"))}},
	}
	if !reflect.DeepEqual(diverted, want) {
		t.Errorf("diverted to cyber security by year:\n got %v\nwant %v", diverted, want)
	}
}

func testAnalystDisagreements(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	ds, err := svc.Disagreements(context.Background(), "2017-18", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].SubjectID != "cyber-security" {
		t.Fatalf("2017-18 disagreements: got %+v, want cyber security's", ds)
	}
	var got []string
	for _, c := range ds[0].Claims {
		got = append(got, c.Measure+" "+c.Amount.Amount.String()+" "+c.Citation.SourceID)
	}
	want := []string{
		"FORECAST £31.5m hsj-2018-01-wannacry-review",
		"PLANNED £8.7m hsj-2018-07-provider-digitisation",
		"ACTUAL £72.4m hsj-2018-07-provider-digitisation",
		"VARIANCE £63.7m hsj-2018-07-provider-digitisation",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("claims:\n got %q\nwant %q", got, want)
	}
}

package storetest

import (
	"context"
	"fmt"
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
	// "The majority" of an underspend: bounds and the source's words, no
	// point figure.
	wantPD := flow.Money{Currency: "GBP", Qualifier: flow.MajorityOf, Low: ptr(gbp(t, "£40.5m")), High: ptr(gbp(t, "£81m")),
		Phrase: "the majority of the £81m underspend"}
	if !reflect.DeepEqual(pd.Amount, wantPD) || pd.Status != flow.Reported || pd.FromID != "provider-digitisation" {
		t.Errorf("provider digitisation diversion: got %v %v from %s, want %v REPORTED", pd.Amount, pd.Status, pd.FromID, wantPD)
	}
	wantWifi := flow.Money{Currency: "GBP", Qualifier: flow.MajorityOf, Low: ptr(gbp(t, "£6.85m")), High: ptr(gbp(t, "£13.7m")),
		Phrase: "most of the £13.7m underspend"}
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
		// A flow matches when it may lie in the range: its bounds overlap
		// it ("hundreds of millions" reaches down to £100m; "lower than
		// £1bn" down to nothing).
		{"amount between £10m and £100m, edges only", flow.FlowFilter{AmountMin: &min, AmountMax: &max, Kinds: flow.EdgeKinds}, []string{
			"cyber-security-to-ambulance-trusts-2017-18", "cyber-security-to-major-trauma-centres-2017-18",
			"local-nhs-cyber-security-revenue-shortfall", "phc-2020-to-wifi-2017-18",
			"provider-digitisation-to-cyber-security-2017-18", "treasury-cyber-security-capital-request",
			"treasury-cyber-security-request", "wifi-to-cyber-security-2017-18"}},
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
		got = append(got, fmt.Sprintf("%s %s %s %s from %s %v", f.ID, f.Measure, f.Status, f.Amount, f.FromID, f.DerivedFrom))
	}
	// Each figure keeps its measure and the line's status, apart.
	want := []string{
		"cyber-security-2016-17:actual ACTUAL REPORTED £5.1m from phc-2020 []",
		"cyber-security-2016-17:planned PLANNED REPORTED £8.6m from phc-2020 [ACTUAL VARIANCE]", // derived: £5.1m spent, £3.5m less than budgeted
		"cyber-security-2017-18-jan-2018:forecast FORECAST REPORTED £31.5m from phc-2020 []",
		"cyber-security-2017-18:actual ACTUAL CONFIRMED £72.4m from phc-2020 []",
		"cyber-security-2017-18:planned PLANNED CONFIRMED £8.7m from phc-2020 []",
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
	page, err := svc.Flows(ctx, flow.FlowQuery{Filter: flow.FlowFilter{AsOf: "2018-01-31"}, Page: flow.PageArgs{First: new(flow.MaxPageSize)}})
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
	before, err := svc.Flows(ctx, flow.FlowQuery{Page: flow.PageArgs{First: new(flow.MaxPageSize)}})
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

// totals runs a totals question through the service.
func totals(t *testing.T, svc *ledger.Service, groupBy []flow.TotalsDimension, f flow.FlowFilter) []flow.Total {
	t.Helper()
	out, _, err := svc.Totals(context.Background(), groupBy, f)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// totalLine renders a total for comparison: key, measure, claims and
// movements counted, and the amount.
func totalLine(tt flow.Total) string {
	return fmt.Sprintf("%v %s %d claims %d movements %s", tt.Key, tt.Measure, tt.Count, tt.MovementCount, tt.Amount)
}

func testAnalystTotalsByYear(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	spent := totals(t, svc, []flow.TotalsDimension{flow.ByYear}, flow.FlowFilter{ProgrammeIDs: []string{"cyber-security"},
		Kinds: []flow.FlowKind{flow.BudgetSpend}, Measures: []flow.Measure{flow.MeasureActual}})
	var got []string
	for _, tt := range spent {
		got = append(got, totalLine(tt))
	}
	want := []string{"[2016-17] ACTUAL 1 claims 1 movements £5.1m", "[2017-18] ACTUAL 1 claims 1 movements £72.4m"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cyber security spent by year:\n got %q\nwant %q", got, want)
	}
}

// testAnalystTotalsDivertedStayWithinTheRise: the two diversions paid for
// the £63.7m rise, so together they total no more than it, and no less
// than the sum of their lower bounds; the answer names what it summed.
func testAnalystTotalsDivertedStayWithinTheRise(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	out := totals(t, svc, []flow.TotalsDimension{flow.ByYear}, flow.FlowFilter{ToIDs: []string{"cyber-security"},
		Kinds: []flow.FlowKind{flow.Diversion}, Year: "2017-18"})
	if len(out) != 1 {
		t.Fatalf("got %d totals, want one: %v", len(out), out)
	}
	tt := out[0]
	a := tt.Amount
	if a.Amount != nil || a.High == nil || *a.High > gbp(t, "£63.7m") || a.Low == nil || *a.Low < gbp(t, "£40.5m")+gbp(t, "£6.85m") {
		t.Errorf("diverted to cyber security in 2017-18: got %s, want at most £63.7m, at least £47.35m and no point", a)
	}
	var claims, links []string
	for _, m := range tt.Movements {
		for _, c := range m.Claims {
			claims = append(claims, c.ID)
		}
	}
	for _, l := range tt.Links {
		links = append(links, l.ID)
	}
	if tt.Measure != flow.MeasureMoved || tt.Count != 2 || len(tt.Movements) != 2 ||
		!reflect.DeepEqual(claims, []string{"provider-digitisation-to-cyber-security-2017-18", "wifi-to-cyber-security-2017-18"}) ||
		!reflect.DeepEqual(links, []string{"diversions-paid-for-cyber-security-rise-2017-18"}) ||
		!reflect.DeepEqual(tt.Kinds, []flow.FlowKind{flow.Diversion}) || !reflect.DeepEqual(tt.Statuses, []flow.Status{flow.Confirmed, flow.Reported}) {
		t.Errorf("what was summed: %s, claims %v, links %v, kinds %v, statuses %v", totalLine(tt), claims, links, tt.Kinds, tt.Statuses)
	}
}

// testAnalystTotalsNeverMixMeasures: a programme's plan and spending are
// separate totals, and the allocation that restates the plan counts once.
func testAnalystTotalsNeverMixMeasures(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	out := totals(t, svc, []flow.TotalsDimension{flow.ByProgramme}, flow.FlowFilter{FromIDs: []string{"phc-2020"}, Year: "2017-18"})
	var got []string
	for _, tt := range out {
		if tt.Key[0] == "provider-digitisation" {
			got = append(got, totalLine(tt))
		}
	}
	want := []string{"[provider-digitisation] PLANNED 2 claims 1 movements £202.6m", "[provider-digitisation] ACTUAL 1 claims 1 movements £121.6m"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("provider digitisation 2017-18:\n got %q\nwant %q", got, want)
	}
}

// testAnalystTotalsOfMoneyNotMoved: money needed, asked for or proposed is
// summed only when asked for, never with money moved, and parts stay
// within their whole.
func testAnalystTotalsOfMoneyNotMoved(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	byKind := []flow.TotalsDimension{flow.ByKind}
	var got []string
	for _, tt := range totals(t, svc, byKind, flow.FlowFilter{ToIDs: []string{"cyber-security"}}) {
		got = append(got, totalLine(tt))
	}
	for _, tt := range totals(t, svc, byKind, flow.FlowFilter{ToIDs: []string{"cyber-security"},
		Measures: []flow.Measure{flow.MeasureNeeded, flow.MeasureRequested, flow.MeasureProposed}}) {
		got = append(got, totalLine(tt))
	}
	want := []string{
		// By default: money planned, forecast, spent or moved only.
		"[ALLOCATION] PLANNED 1 claims 1 movements £8.7m",
		"[BUDGET_LINE] PLANNED 2 claims 2 movements £17.3m", // £8.6m derived for 2016-17, £8.7m for 2017-18
		"[BUDGET_LINE] FORECAST 1 claims 1 movements £31.5m",
		"[BUDGET_LINE] ACTUAL 2 claims 2 movements £77.5m",
		"[DIVERSION] MOVED 2 claims 2 movements an amount (RANGE; £47.35m–£63.7m)",
		// Asked for: the capital cuts are part of the £1bn proposal, the
		// two Treasury asks one ask, the local shortfall part of the £1bn.
		"[DIVERSION] PROPOSED 2 claims 2 movements £1bn",
		"[REQUEST] REQUESTED 2 claims 1 movements an amount (RANGE; £100m–£1bn)",
		"[REQUIREMENT] NEEDED 2 claims 2 movements £1bn",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("totals to cyber security by kind:\n got %q\nwant %q", got, want)
	}
}

func testAnalystDisagreements(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	ds, err := svc.Disagreements(context.Background(), "2017-18", "", "", false)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].SubjectID != "cyber-security" || ds[0].Figure != "spending" || ds[0].Agree {
		t.Fatalf("2017-18 disagreements: got %+v, want cyber security's spending", ds)
	}
	var got []string
	for _, c := range ds[0].Claims {
		got = append(got, c.Measure+" "+c.Amount.String()+" "+c.Citation.SourceID)
	}
	want := []string{
		"FORECAST £31.5m hsj-2018-01-wannacry-review",
		"ACTUAL £72.4m hsj-2018-07-provider-digitisation",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("claims:\n got %q\nwant %q", got, want)
	}
}

// testAnalystCompatibleClaimsAgree: -£256m and "more than quarter of
// billion" unspent can both be true, so 2016-17 has no disagreement; asked
// for, the two accounts are shown as agreeing.
func testAnalystCompatibleClaimsAgree(t *testing.T, open Opener) {
	svc := Loaded(t, open)
	ds, err := svc.Disagreements(context.Background(), "2016-17", "", "", false)
	if err != nil || len(ds) != 0 {
		t.Fatalf("2016-17 disagreements: got %+v, %v; want none", ds, err)
	}
	ds, err = svc.Disagreements(context.Background(), "2016-17", "", "", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].SubjectID != "national-technology" || ds[0].Figure != "variance" || !ds[0].Agree || len(ds[0].Claims) != 2 {
		t.Errorf("2016-17 accounts: got %+v, want national technology's variance, agreeing", ds)
	}
}

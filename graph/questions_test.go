package graph_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/examples"
)

// query returns the example whose name starts with prefix.
func query(tb testing.TB, prefix string) string {
	tb.Helper()
	for _, ex := range examples.All() {
		if strings.HasPrefix(ex.Name, prefix) {
			return ex.Query
		}
	}
	tb.Fatalf("no example %s", prefix)
	return ""
}

type money struct {
	Amount, Formatted, Qualifier string
	Low, High                    *string
}

type citation struct {
	Quote  string
	Source struct{ Title, Publisher, Published string }
}

// Question 1: which programmes lost money to cyber security in 2017-18, how
// much, how sure, who says so.
func TestQuestion1LostToCyberSecurity(t *testing.T) {
	var resp struct {
		Diversions struct {
			TotalCount int
			Nodes      []struct {
				From      struct{ ID, Name string }
				Amount    money
				Status    string
				Citations []citation
			}
		}
	}
	newClient(t).MustPost(query(t, "1-"), &resp)
	d := resp.Diversions
	if d.TotalCount != 2 || len(d.Nodes) != 2 {
		t.Fatalf("diversions: got %d (total %d), want 2", len(d.Nodes), d.TotalCount)
	}
	pd, wifi := d.Nodes[0], d.Nodes[1]
	// "The majority": no point figure, only the bounds the source implies.
	if pd.From.ID != "provider-digitisation" || pd.Amount.Amount != "" || *pd.Amount.Low != "40500000" || *pd.Amount.High != "81000000" ||
		pd.Amount.Qualifier != "MAJORITY_OF" || pd.Status != "REPORTED" {
		t.Errorf("provider digitisation: got %+v %+v %s, want the majority of £81m (£40.5m-£81m), REPORTED", pd.From, pd.Amount, pd.Status)
	}
	if !quoted(pd.Citations, "£121.6m, £81m less than planned") || pd.Citations[0].Source.Publisher != "HSJ" || pd.Citations[0].Source.Published != "2018-07" {
		t.Errorf("provider digitisation citations: got %+v", pd.Citations)
	}
	if wifi.From.ID != "wifi" || wifi.Amount.Amount != "" || *wifi.Amount.Low != "6850000" || *wifi.Amount.High != "13700000" || wifi.Status != "CONFIRMED" {
		t.Errorf("Wi-Fi: got %+v %+v %s, want most of £13.7m, CONFIRMED", wifi.From, wifi.Amount, wifi.Status)
	}
	if !quoted(wifi.Citations, "A DHSC spokesman confirmed most of this money had been diverted") {
		t.Errorf("Wi-Fi citations should hold the DHSC confirmation: %+v", wifi.Citations)
	}
}

func quoted(cs []citation, sub string) bool {
	for _, c := range cs {
		if strings.Contains(c.Quote, sub) {
			return true
		}
	}
	return false
}

// Question 2: planned vs actual for each central programme in 2017-18,
// biggest underspend first.
func TestQuestion2PlannedVsActual(t *testing.T) {
	var resp struct {
		BudgetLines struct {
			Nodes []struct {
				Programme                           struct{ ID string }
				Planned, Forecast, Actual, Variance *money
				Status                              string
			}
		}
	}
	newClient(t).MustPost(query(t, "2-"), &resp)
	type row struct{ programme, planned, forecast, actual, variance string }
	var got []row
	amt := func(m *money) string {
		if m == nil {
			return ""
		}
		return m.Amount
	}
	for _, n := range resp.BudgetLines.Nodes {
		got = append(got, row{n.Programme.ID, amt(n.Planned), amt(n.Forecast), amt(n.Actual), amt(n.Variance)})
	}
	want := []row{
		{"provider-digitisation", "202600000", "", "121600000", "-81000000"},
		{"wifi", "49000000", "", "35300000", "-13700000"},
		{"cyber-security", "8700000", "", "72400000", "63700000"},
		{"cyber-security", "", "31500000", "", ""}, // January 2018's forecast: no variance, last
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("2017-18 lines:\n got %+v\nwant %+v", got, want)
	}
}

// Question 3: central cyber security spending 2016-17 vs 2017-18, and where
// the sources disagree.
func TestQuestion3CyberSecuritySpend(t *testing.T) {
	var resp struct {
		BudgetLines struct {
			Nodes []struct {
				Year                                string
				Planned, Forecast, Actual, Variance *money
				Derived                             []string
				Citations                           []citation
			}
		}
	}
	newClient(t).MustPost(query(t, "3-"), &resp)
	ls := resp.BudgetLines.Nodes
	if len(ls) != 3 {
		t.Fatalf("lines: got %d, want 3", len(ls))
	}
	y16, dhsc, jan := ls[0], ls[1], ls[2]
	if y16.Year != "2016-17" || y16.Actual.Amount != "5100000" || y16.Variance.Amount != "-3500000" ||
		y16.Planned.Amount != "8600000" || !reflect.DeepEqual(y16.Derived, []string{"PLANNED"}) {
		t.Errorf("2016-17: got %+v, want £5.1m spent, £3.5m under a derived £8.6m budget", y16)
	}
	// The disagreement: two accounts of 2017-18 from two dated sources.
	if dhsc.Year != "2017-18" || dhsc.Planned.Amount != "8700000" || dhsc.Actual.Amount != "72400000" || dhsc.Citations[0].Source.Published != "2018-07" {
		t.Errorf("2017-18 from DHSC figures: got %+v", dhsc)
	}
	if jan.Year != "2017-18" || jan.Forecast.Amount != "31500000" || jan.Planned != nil || jan.Citations[0].Source.Published != "2018-01-24" {
		t.Errorf("2017-18 as expected in January 2018: got %+v", jan)
	}
}

// Question 4: how could Paperless 2020 money reach cyber security?
func TestQuestion4PaperlessToCyberSecurity(t *testing.T) {
	var resp struct {
		Trace struct {
			Paths []struct {
				Length     int
				Bottleneck struct{ Formatted string }
				Hops       []struct {
					Kind, Status string
					From, To     struct{ Name string }
					Amount       struct{ Formatted string }
				}
			}
			PageInfo struct{ HasNextPage bool }
		}
	}
	newClient(t).MustPost(query(t, "4-"), &resp)
	var got []string
	for _, p := range resp.Trace.Paths {
		var hops []string
		for _, h := range p.Hops {
			hops = append(hops, h.Kind+" "+h.Status+" "+h.Amount.Formatted+" to "+h.To.Name)
		}
		got = append(got, strings.Join(hops, " | "))
	}
	want := []string{
		"ALLOCATION PLANNED £8.7m to Cyber security",
		"DIVERSION PROPOSED £1bn to Cyber security",
		"DIVERSION PROPOSED £250m (ABOUT; £225m–£275m) to Cyber security",
		"ALLOCATION PLANNED £202.6m to Provider digitisation | DIVERSION REPORTED the majority of the £81m underspend (MAJORITY_OF; £40.5m–£81m) to Cyber security",
		"ALLOCATION PLANNED £49m to Wi-Fi in primary care and hospitals | DIVERSION CONFIRMED most of the £13.7m underspend (MAJORITY_OF; £6.85m–£13.7m) to Cyber security",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("paths:\n got %q\nwant %q", got, want)
	}
	if resp.Trace.PageInfo.HasNextPage || resp.Trace.Paths[4].Bottleneck.Formatted != "an amount (RANGE; £6.85m–£13.7m)" {
		t.Errorf("page info %+v, bottleneck via Wi-Fi %q", resp.Trace.PageInfo, resp.Trace.Paths[4].Bottleneck.Formatted)
	}
}

// Question 5: which organisations received the money diverted to cyber
// security?
func TestQuestion5Recipients(t *testing.T) {
	var resp struct {
		Flows struct {
			Nodes []struct {
				To     struct{ ID, Kind string }
				Year   string
				Amount money
				Status string
			}
		}
	}
	newClient(t).MustPost(query(t, "5-"), &resp)
	var got []string
	for _, n := range resp.Flows.Nodes {
		got = append(got, n.To.ID+" "+n.To.Kind+" "+n.Year+" "+n.Amount.Qualifier+" "+*n.Amount.Low+"-"+*n.Amount.High+" "+n.Status)
	}
	want := []string{
		"ambulance-trusts group 2017-18 AT_MOST 0-63700000 CONFIRMED",
		"major-trauma-centres group 2017-18 AT_MOST 0-63700000 CONFIRMED",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("recipients:\n got %q\nwant %q", got, want)
	}
}

// Question 6: what the post-WannaCry review said was needed, and how it was
// to be paid for.
func TestQuestion6WannaCryReview(t *testing.T) {
	var resp struct {
		Flows struct {
			Nodes []struct {
				Kind, Status string
				From         struct{ Name string }
				Amount       money
			}
		}
	}
	newClient(t).MustPost(query(t, "6-"), &resp)
	var got []string
	for _, n := range resp.Flows.Nodes {
		got = append(got, n.Kind+" "+n.Status+" "+n.From.Name+": "+n.Amount.Formatted)
	}
	want := []string{
		"REQUIREMENT ESTIMATED Local NHS organisations: in the hundreds of millions (RANGE; £100m–£1bn)",
		"REQUIREMENT ESTIMATED The NHS: £1bn",
		"DIVERSION PROPOSED Personalised Health and Care 2020 fund: £1bn",
		"DIVERSION PROPOSED Personalised Health and Care 2020 fund: £250m (ABOUT; £225m–£275m)",
		"REQUEST REQUESTED HM Treasury: in the hundreds of millions (RANGE; £100m–£1bn)",
		"REQUEST REQUESTED HM Treasury: lower than £1bn (AT_MOST; £0–£1bn)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("review flows:\n got %q\nwant %q", got, want)
	}
}

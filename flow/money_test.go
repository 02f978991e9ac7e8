package flow_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

func TestParsePounds(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want flow.Pence
	}{
		{"£202.6m", 20_260_000_000},
		{"£1bn", 100_000_000_000},
		{"£4.2bn", 420_000_000_000},
		{"£13.7m", 1_370_000_000},
		{"£6.85m", 685_000_000},
		{"-£3.5m", -350_000_000},
		{"£-3.5m", -350_000_000},
		{"£1,300,000", 130_000_000},
		{"81000000", 8_100_000_000},
		{"5.10", 510},
		{"£250k", 25_000_000},
	} {
		got, err := flow.ParsePounds(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParsePounds(%q): got %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "lots", "£", "1e6", "£1.234", "£1,30,000", "£1m2", "+5", "1/2", "£ 5", "99999999999999999999"} {
		if got, err := flow.ParsePounds(bad); !errors.Is(err, flow.ErrAmountSyntax) {
			t.Errorf("ParsePounds(%q): got %d, %v; want ErrAmountSyntax", bad, got, err)
		}
	}
}

func TestPenceFormats(t *testing.T) {
	for _, tc := range []struct {
		p             flow.Pence
		pounds, short string
	}{
		{20_260_000_000, "202600000", "£202.6m"},
		{100_000_000_000, "1000000000", "£1bn"},
		{-8_100_000_000, "-81000000", "-£81m"},
		{685_000_000, "6850000", "£6.85m"},
		{510, "5.10", "£5.10"},
		{-1, "-0.01", "-£0.01"},
		{123_456_789, "1234567.89", "£1234567.89"},
	} {
		if got := tc.p.Pounds(); got != tc.pounds {
			t.Errorf("%d.Pounds(): got %q, want %q", tc.p, got, tc.pounds)
		}
		if got := tc.p.String(); got != tc.short {
			t.Errorf("%d.String(): got %q, want %q", tc.p, got, tc.short)
		}
		back, err := flow.ParseDecimal(tc.p.Pounds())
		if err != nil || back != tc.p {
			t.Errorf("ParseDecimal(%q): got %d, %v; want %d", tc.p.Pounds(), back, err, tc.p)
		}
	}
}

func p(v flow.Pence) *flow.Pence { return &v }

func TestMoneyNormalized(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   flow.Money
		want flow.Money
	}{
		{"Exact", flow.Money{Amount: 100}, flow.Money{Amount: 100, Currency: "GBP", Qualifier: flow.Exact, Low: p(100), High: p(100)}},
		{"MajorityOf", flow.Money{Amount: 1_370_000_000, Qualifier: flow.MajorityOf},
			flow.Money{Amount: 1_370_000_000, Currency: "GBP", Qualifier: flow.MajorityOf, Low: p(685_000_000), High: p(1_370_000_000)}},
		{"AtMostFlow", flow.Money{Amount: 100, Qualifier: flow.AtMost}, flow.Money{Amount: 100, Currency: "GBP", Qualifier: flow.AtMost, Low: p(0), High: p(100)}},
		{"AtMostVariance", flow.Money{Amount: -100, Qualifier: flow.AtMost}, flow.Money{Amount: -100, Currency: "GBP", Qualifier: flow.AtMost, High: p(-100)}},
		{"AtLeast", flow.Money{Amount: 100, Qualifier: flow.AtLeast}, flow.Money{Amount: 100, Currency: "GBP", Qualifier: flow.AtLeast, Low: p(100)}},
		{"AboutWithinATenth", flow.Money{Amount: 25_000_000_000, Qualifier: flow.About},
			flow.Money{Amount: 25_000_000_000, Currency: "GBP", Qualifier: flow.About, Low: p(22_500_000_000), High: p(27_500_000_000)}},
		{"AboutKeepsGivenBounds", flow.Money{Amount: 100, Qualifier: flow.About, Low: p(95)},
			flow.Money{Amount: 100, Currency: "GBP", Qualifier: flow.About, Low: p(95), High: p(110)}},
	} {
		if got := tc.in.Normalized(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestMoneyArithmetic(t *testing.T) {
	planned := flow.GBP(20_260_000_000)
	actual := flow.GBP(12_160_000_000)
	v, err := actual.Sub(planned)
	if err != nil || !reflect.DeepEqual(v, flow.GBP(-8_100_000_000)) {
		t.Errorf("£121.6m - £202.6m: got %v, %v; want exactly -£81m", v, err)
	}
	// About £250m plus at least £81m: a range from £306m with no upper
	// bound, not a point.
	sum, err := flow.Money{Amount: 25_000_000_000, Qualifier: flow.About}.Normalized().Add(
		flow.Money{Amount: 8_100_000_000, Qualifier: flow.AtLeast}.Normalized())
	if err != nil || sum.Amount != 33_100_000_000 || sum.Qualifier != flow.Range || sum.Low == nil || *sum.Low != 30_600_000_000 || sum.High != nil {
		t.Errorf("about £250m + at least £81m: got %v, %v; want RANGE from £306m, open above", sum, err)
	}
	// The majority of £13.7m plus the majority of £81m: a range.
	sum, err = flow.Money{Amount: 1_370_000_000, Qualifier: flow.MajorityOf}.Normalized().Add(flow.Money{Amount: 8_100_000_000, Qualifier: flow.MajorityOf}.Normalized())
	if err != nil || sum.Qualifier != flow.Range || *sum.Low != 4_735_000_000 || *sum.High != 9_470_000_000 {
		t.Errorf("majority of £13.7m + majority of £81m: got %v, %v; want £47.35m-£94.7m", sum, err)
	}
	if _, err := flow.GBP(1 << 62).Add(flow.GBP(1 << 62)); flow.ErrorCode(err) != flow.ETOOLARGE {
		t.Errorf("overflow: got %v, want LIMIT_EXCEEDED", err)
	}
	neg := flow.Money{Amount: 25_000_000_000, Currency: "GBP", Qualifier: flow.AtLeast, Low: p(25_000_000_000)}.Neg()
	want := flow.Money{Amount: -25_000_000_000, Currency: "GBP", Qualifier: flow.AtMost, High: p(-25_000_000_000)}
	if !reflect.DeepEqual(neg, want) {
		t.Errorf("-(at least £250m): got %v, want %v", neg, want)
	}
}

func TestMoneyCheck(t *testing.T) {
	ok := flow.Money{Amount: 100, Qualifier: flow.Range, Low: p(50), High: p(150)}.Normalized()
	if ps := ok.Check("flows[0].amount", false); len(ps) != 0 {
		t.Errorf("valid range: got %v", ps)
	}
	bad := flow.Money{Amount: 100, Qualifier: flow.Exact, Low: p(50), High: p(40), Currency: "EUR"}
	var got []string
	for _, pr := range bad.Check("flows[0].amount", false) {
		got = append(got, pr.Path+": "+pr.Message)
	}
	want := []string{
		"flows[0].amount.currency: currency must be GBP",
		"flows[0].amount.high: upper bound is below the amount £1",
		"flows[0].amount.qualifier: an EXACT amount cannot have bounds other than itself; use ABOUT or RANGE",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n got %q\nwant %q", got, want)
	}
}

func TestPathBottleneckAndSendsOnMore(t *testing.T) {
	alloc := &flow.Flow{Amount: flow.GBP(870_000_000)}                                                // £8.7m
	pay := &flow.Flow{Amount: flow.Money{Amount: 6_370_000_000, Qualifier: flow.AtMost}.Normalized()} // at most £63.7m
	path := flow.Path{Hops: []*flow.Flow{alloc, pay}}
	b := path.Bottleneck()
	if b.Amount != 870_000_000 || b.Low == nil || *b.Low != 0 || b.High == nil || *b.High != 870_000_000 || b.Qualifier != flow.Range {
		t.Errorf("bottleneck: got %v, want £8.7m with bounds £0-£8.7m", b)
	}
	if got := path.SendsOnMore(); got[0] || !got[1] {
		t.Errorf("sends on more: got %v, want [false true]: £63.7m out after £8.7m in", got)
	}
}

package flow_test

import (
	"math"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// TestAmountCeiling: no amount or bound beyond £10 trillion either way is
// accepted, in loads and writes alike (both run Money.Check).
func TestAmountCeiling(t *testing.T) {
	if flow.MaxAmount != 1_000_000_000_000_000 {
		t.Fatalf("MaxAmount: got %d pence, want £10 trillion", flow.MaxAmount)
	}
	if ps := flow.GBP(flow.MaxAmount).Check("flows[0].amount", false); len(ps) != 0 {
		t.Errorf("£10 trillion exactly: got %v, want it accepted", ps)
	}
	// £92 quadrillion, the amount that broke every reader's totals.
	huge := flow.GBP(9_200_000_000_000_000_000)
	ps := huge.Check("flows[0].amount", false)
	if len(ps) != 1 || ps[0].Field != "amount" || ps[0].Value != "£92000000bn" || !strings.Contains(ps[0].Message, "£10 trillion") {
		t.Errorf("£92 quadrillion: got %+v, want one amount problem naming the ceiling", ps)
	}
	over := flow.MaxAmount + 1
	bounds := flow.Money{Amount: new(flow.Pence(100)), Qualifier: flow.Range, Low: p(-over), High: p(over)}.Normalized()
	var fields []string
	for _, pr := range bounds.Check("budget_lines[0].variance", true) {
		fields = append(fields, pr.Field)
	}
	if strings.Join(fields, ",") != "variance.low,variance.high" {
		t.Errorf("bounds beyond the ceiling either way: got fields %v, want variance.low and variance.high", fields)
	}
}

// TestSumsCannotOverflowQuietly: a sum too large for Pence is LIMIT_EXCEEDED,
// for the amount and for either bound, never a wrapped number or a bound
// silently dropped.
func TestSumsCannotOverflowQuietly(t *testing.T) {
	if _, err := flow.CheckedAdd(math.MaxInt64, 1); flow.ErrorCode(err) != flow.ETOOLARGE {
		t.Errorf("CheckedAdd(max, 1): got %v, want LIMIT_EXCEEDED", err)
	}
	if s, err := flow.CheckedAdd(flow.MaxAmount, flow.MaxAmount); err != nil || s != 2*flow.MaxAmount {
		t.Errorf("CheckedAdd(ceiling, ceiling): got %d, %v", s, err)
	}
	// The amounts fit; only the upper bounds overflow, or the lower.
	wide := flow.Money{Amount: new(flow.Pence(0)), Currency: flow.CurrencyGBP, Qualifier: flow.Range, Low: p(0), High: p(1 << 62)}
	if sum, err := wide.Add(wide); flow.ErrorCode(err) != flow.ETOOLARGE {
		t.Errorf("upper bounds overflowing: got %v, %v; want LIMIT_EXCEEDED", sum, err)
	}
	deep := flow.Money{Amount: new(flow.Pence(0)), Currency: flow.CurrencyGBP, Qualifier: flow.Range, Low: p(-(1 << 62) - 1), High: p(0)}
	if sum, err := deep.Add(deep); flow.ErrorCode(err) != flow.ETOOLARGE {
		t.Errorf("lower bounds overflowing: got %v, %v; want LIMIT_EXCEEDED", sum, err)
	}
	// Every figure at the ceiling: thousands of them still sum.
	total := flow.GBP(0)
	for range 9_000 {
		var err error
		if total, err = total.Add(flow.GBP(flow.MaxAmount)); err != nil {
			t.Fatalf("9,000 figures at the ceiling: %v", err)
		}
	}
}

// TestTotalsOverflowIsLimitExceeded: totals over figures too large to sum
// (stored before the ceiling existed) refuse with LIMIT_EXCEEDED.
func TestTotalsOverflowIsLimitExceeded(t *testing.T) {
	huge := func(id string) *flow.Flow {
		return &flow.Flow{ID: id, Kind: flow.Payment, Year: "2017-18", Amount: flow.GBP(math.MaxInt64 / 2), Status: flow.Reported}
	}
	_, err := flow.Totals([]*flow.Flow{huge("a"), huge("b"), huge("c")}, nil, nil, nil, []flow.TotalsDimension{flow.ByYear})
	if flow.ErrorCode(err) != flow.ETOOLARGE || !strings.Contains(flow.ErrorMessage(err), "narrow the filter") {
		t.Errorf("got %v, want LIMIT_EXCEEDED saying to narrow the filter", err)
	}
}

package graph_test

import (
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
)

// TestEveryStatedAmountIsQuoted asks for every flow, budget line and claim
// the bundled data holds, and checks that each point figure the API returns
// as stated (not derived) is written in one of its citations' quotes: no
// number the sources do not give is shown as theirs.
func TestEveryStatedAmountIsQuoted(t *testing.T) {
	type figure struct{ Amount *string }
	type cites []struct{ Quote string }
	var resp struct {
		Flows struct {
			Nodes []struct {
				ID          string
				Amount      figure
				DerivedFrom []string
				Citations   cites
			}
		}
		BudgetLines struct {
			Nodes []struct {
				ID                                  string
				Planned, Forecast, Actual, Variance *figure
				Derived                             []string
				Citations                           cites
			}
		}
		Disagreements []struct {
			Claims []struct {
				Amount figure
				Quote  string
			}
		}
	}
	newClient(t).MustPost(`{
  flows(first: 500, where: {status: [PLANNED, ACTUAL, CONFIRMED, REPORTED, PROPOSED, REQUESTED, ANNOUNCED, ESTIMATED, FORECAST, RETRACTED]}) {
    nodes { id amount { amount } derivedFrom citations { quote } }
  }
  budgetLines(first: 500) {
    nodes { id planned { amount } forecast { amount } actual { amount } variance { amount } derived citations { quote } }
  }
  disagreements(includeAgreeing: true) { claims { amount { amount } quote } }
}`, &resp)
	checked := 0
	check := func(what string, amount *string, quotes []string) {
		t.Helper()
		if amount == nil {
			return
		}
		checked++
		for _, form := range writtenForms(t, *amount) {
			for _, q := range quotes {
				if strings.Contains(q, form) {
					return
				}
			}
		}
		t.Errorf("%s: £%s is in none of its quotes %q", what, *amount, quotes)
	}
	quotesOf := func(cs cites) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Quote)
		}
		return out
	}
	for _, f := range resp.Flows.Nodes {
		if len(f.DerivedFrom) == 0 {
			check("flow "+f.ID, f.Amount.Amount, quotesOf(f.Citations))
		}
	}
	for _, b := range resp.BudgetLines.Nodes {
		for name, m := range map[string]*figure{"PLANNED": b.Planned, "FORECAST": b.Forecast, "ACTUAL": b.Actual, "VARIANCE": b.Variance} {
			derived := false
			for _, d := range b.Derived {
				derived = derived || d == name
			}
			if m != nil && !derived {
				check("budget line "+b.ID+" "+name, m.Amount, quotesOf(b.Citations))
			}
		}
	}
	for _, d := range resp.Disagreements {
		for _, c := range d.Claims {
			check("claim", c.Amount.Amount, []string{c.Quote})
		}
	}
	if checked < 30 {
		t.Errorf("checked %d stated amounts; the bundled data states more", checked)
	}
}

// writtenForms renders a Decimal amount of pounds the ways a report writes
// it, without its sign (a variance is written "£81m less"): £81m,
// £81 million, £81,000,000 and £81000000.
func writtenForms(tb testing.TB, decimal string) []string {
	tb.Helper()
	p, err := flow.ParseDecimal(strings.TrimPrefix(decimal, "-"))
	if err != nil {
		tb.Fatal(err)
	}
	short := p.String() // "£81m", "£4.2bn", "£5.10"
	forms := []string{short, "£" + strings.TrimPrefix(p.Pounds(), "-")}
	if n := strings.TrimSuffix(strings.TrimPrefix(short, "£"), "m"); n != strings.TrimPrefix(short, "£") {
		forms = append(forms, "£"+n+" million")
	}
	if n := strings.TrimSuffix(strings.TrimPrefix(short, "£"), "bn"); n != strings.TrimPrefix(short, "£") {
		forms = append(forms, "£"+n+" billion")
	}
	whole := p.Pounds()
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 && !strings.Contains(whole, ".") {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return append(forms, "£"+b.String())
}

// TestDerivedFiguresSayFromWhat: the 2016-17 cyber security plan is no
// source's figure: it is computed from the £5.1m spent and the £3.5m
// underspend, and both the line and its flow say so.
func TestDerivedFiguresSayFromWhat(t *testing.T) {
	var resp struct {
		BudgetLines struct {
			Nodes []struct {
				Derivations []struct {
					Measure string
					From    []string
				}
			}
		}
		Flows struct {
			Nodes []struct {
				Amount      struct{ Amount string }
				DerivedFrom []string
			}
		}
	}
	newClient(t).MustPost(`{
  budgetLines(where: {ids: ["cyber-security-2016-17"]}) { nodes { derivations { measure from } } }
  flows(where: {ids: ["cyber-security-2016-17:planned"]}) { nodes { amount { amount } derivedFrom } }
}`, &resp)
	if n := resp.BudgetLines.Nodes; len(n) != 1 || len(n[0].Derivations) != 1 || n[0].Derivations[0].Measure != "PLANNED" ||
		strings.Join(n[0].Derivations[0].From, ",") != "ACTUAL,VARIANCE" {
		t.Errorf("the line's derivations: got %+v", n)
	}
	if n := resp.Flows.Nodes; len(n) != 1 || n[0].Amount.Amount != "8600000" || strings.Join(n[0].DerivedFrom, ",") != "ACTUAL,VARIANCE" {
		t.Errorf("the planned figure as a flow: got %+v", n)
	}
}

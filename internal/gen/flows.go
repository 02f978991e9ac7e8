package gen

import "fmt"

// pendingLink is a SAME link between an allocation and the budget line
// planning the same money, written after the budget lines, citing the
// line's sentence.
type pendingLink struct {
	flow, line, source, quote string
}

// flows writes the flows: first each department's allocation to a fund,
// then each fund's allocation to each of its programmes for each year, then
// diversions between programmes, requests, requirements and payments (most
// of them) to organisations, some of which pay on to others.
func (g *generator) flows() {
	g.printf("\nflows:\n")
	s := g.shape
	deptAllocs := s.funds
	progAllocs := s.programmes * s.years
	payments := 0
	for i := range g.o.Flows {
		src := g.startSource(0, i)
		srcIndex := i / g.o.PerSource
		if r := i - deptAllocs - progAllocs; r >= 0 && isPayment(r) {
			payments++
			g.mute = g.o.Omit > 0 && payments%g.o.Omit == 0
		}
		g.printf("  - id: %s\n", FlowID(i))
		switch {
		case i < deptAllocs:
			d := i % g.depts()
			amt := int64(500_000_000+g.hash(i, -1)%4_500_000_000) * 100
			g.edge("allocation", g.orgID(d), fundID(i), "", pounds(amt), "announced")
			g.cite(src, srcIndex, i, fmt.Sprintf("%s announced %s for the %s.", deptName(d), pounds(amt), fundName(i)))
		case i < deptAllocs+progAllocs:
			p, y := (i-deptAllocs)/s.years, (i-deptAllocs)%s.years
			f := p % s.funds
			amt := g.planned(p, y)
			g.edge("allocation", fundID(f), programmeID(p), year(y), pounds(amt), "planned")
			g.cite(src, srcIndex, i, fmt.Sprintf("The %s planned %s for %s in %s.", fundName(f), pounds(amt), programmeName(p), year(y)))
		default:
			g.other(i, i-deptAllocs-progAllocs, src, srcIndex)
		}
		if !g.mute {
			g.stats.Flows++
		}
		g.mute = false
	}
}

// isPayment reports whether the r-th flow after the allocations is a
// payment (see other).
func isPayment(r int) bool { return r%20 != 0 && r%40 != 1 && r%40 != 3 }

// edge writes a flow's fields up to its citations.
func (g *generator) edge(kind, from, to, yr, amount, status string) {
	g.printf("    kind: %s\n    from: %s\n    to: %s\n", kind, from, to)
	if yr != "" {
		g.printf("    year: %q\n", yr)
	}
	g.printf("    amount: %s\n    status: %s\n", amount, status)
}

// other writes flow i, the r-th after the allocations: one in twenty a
// diversion, one in forty a request and one in forty a requirement, the
// rest payments.
func (g *generator) other(i, r int, src string, srcIndex int) {
	s := g.shape
	d := g.depts()
	recipients := s.orgs - d
	yi := g.rng.IntN(s.years)
	yr := year(yi)
	amt := g.amount()
	switch {
	case r%20 == 0: // diversion between programmes
		from := g.skewed(s.programmes-1) + 1
		to := g.skewed(s.programmes)
		if g.rng.IntN(5) == 0 || to == from {
			to = 0 // cyber security draws money from elsewhere
		}
		status := []string{"confirmed", "reported", "proposed"}[g.rng.IntN(3)]
		amount, words := g.qualified(r, amt)
		g.edge("diversion", programmeID(from), programmeID(to), yr, amount, status)
		g.printf("    note: %s\n", q("Moved to meet in-year pressures."))
		g.cite(src, srcIndex, i, fmt.Sprintf("In %s, %s was moved from %s to %s (transfer %d).", yr, words, programmeName(from), programmeName(to), i))
	case r%40 == 1: // a request to a funder, for a programme
		to := g.skewed(s.programmes)
		if g.rng.IntN(4) == 0 {
			to = 0
		}
		dept := g.rng.IntN(d)
		lo, hi := amt, amt*3
		g.edge("request", g.orgID(dept), programmeID(to), yr,
			fmt.Sprintf("{qualifier: range, low: %q, high: %q, phrase: %s}", pounds(lo), pounds(hi), q("between "+pounds(lo)+" and "+pounds(hi))), "requested")
		g.cite(src, srcIndex, i, fmt.Sprintf("%s was asked for between %s and %s for %s in %s (request %d).", deptName(dept), pounds(lo), pounds(hi), programmeName(to), yr, i))
	case r%40 == 3: // a need estimated by a recipient
		to := g.skewed(s.programmes)
		org := d + g.skewed(recipients)
		name, _ := g.orgLabel(org)
		g.edge("requirement", g.orgID(org), programmeID(to), yr, pounds(amt), "estimated")
		g.cite(src, srcIndex, i, fmt.Sprintf("%s estimated that %s needs %s in %s (estimate %d).", name, programmeName(to), pounds(amt), yr, i))
	default: // a payment, from a programme or, one in five, on from a recipient
		to := d + g.skewed(recipients)
		toName, _ := g.orgLabel(to)
		var from, fromName string
		if g.rng.IntN(5) == 0 {
			o := d + g.skewed(recipients)
			if o == to {
				o = d + (to-d+1)%recipients
			}
			from = g.orgID(o)
			fromName, _ = g.orgLabel(o)
		} else {
			p := g.skewed(s.programmes)
			from, fromName = programmeID(p), programmeName(p)
		}
		status := "confirmed"
		switch v := g.rng.IntN(20); {
		case v < 5:
			status = "reported"
		case v < 8:
			status = "actual"
		}
		amount, words := g.qualified(r, amt)
		g.edge("payment", from, g.orgID(to), yr, amount, status)
		g.cite(src, srcIndex, i, fmt.Sprintf("In %s, %s paid %s to %s (transaction %d).", yr, fromName, words, toName, i))
	}
}

// qualified writes amount p as the YAML amount and the words the source
// uses for it: exact mostly, one in 23 "about", one in 31 "up to".
func (g *generator) qualified(r int, p int64) (amount, words string) {
	switch {
	case r%23 == 0:
		return fmt.Sprintf("{value: %q, qualifier: about}", pounds(p)), "about " + pounds(p)
	case r%31 == 0:
		w := "up to " + pounds(p)
		return fmt.Sprintf("{qualifier: at_most, high: %q, phrase: %s}", pounds(p), q(w)), w
	}
	return fmt.Sprintf("%q", pounds(p)), pounds(p)
}

// budgetLines writes a line per programme and year, with planned, actual
// and variance, and for one in ten a second account: the in-year forecast.
func (g *generator) budgetLines() {
	g.printf("\nbudget_lines:\n")
	s := g.shape
	first := g.flowSources()
	deptAllocs := s.funds
	n := 0
	line := func(id string, p, y int, figures, status, sentence string) string {
		src := g.startSource(first, n)
		g.printf("  - id: %s\n    programme: %s\n    year: %q\n%s    status: %s\n", id, programmeID(p), year(y), figures, status)
		g.cite(src, first+n/g.o.PerSource, n, sentence)
		n++
		g.stats.BudgetLines++
		return src
	}
	for l := range s.programmes * s.years {
		p, y := l/s.years, l%s.years
		pl, ac := g.planned(p, y), g.actual(p, y)
		sentence := fmt.Sprintf("%s %s: planned %s, actual %s, variance %s.", programmeName(p), year(y), pounds(pl), pounds(ac), pounds(ac-pl))
		src := line(lineID(l), p, y,
			fmt.Sprintf("    planned: %q\n    actual: %q\n    variance: %q\n", pounds(pl), pounds(ac), pounds(ac-pl)),
			"confirmed", sentence)
		if alloc := deptAllocs + l; l%7 == 0 && alloc < g.o.Flows {
			g.pending = append(g.pending, pendingLink{flow: FlowID(alloc), line: lineID(l), source: src, quote: sentence})
		}
		if hasSecond(l) {
			fc := pl + (ac-pl)/2
			line(lineID(l)+"-forecast", p, y, fmt.Sprintf("    forecast: %q\n", pounds(fc)), "reported",
				fmt.Sprintf("During %s, %s expected to spend %s.", year(y), programmeName(p), pounds(fc)))
		}
	}
}

// links writes the pending SAME links: an allocation and its budget line's
// plan are one movement of money.
func (g *generator) links() {
	if len(g.pending) == 0 {
		return
	}
	g.printf("\nlinks:\n")
	for _, l := range g.pending {
		g.printf("  - id: %s-plan\n    kind: same\n    claims: [%s, %s:planned]\n", l.line, l.flow, l.line)
		g.printf("    citations:\n      - source: %s\n        quote: %s\n", l.source, q(l.quote))
		g.stats.Links++
		g.stats.Citations++
	}
}

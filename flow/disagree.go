package flow

import "sort"

// Claim is one source's statement of a figure.
type Claim struct {
	// Measure is what the claim states: PLANNED, FORECAST, ACTUAL or
	// VARIANCE for a budget line, the status for a flow.
	Measure string
	Amount  Money
	// Citation is the claim's first citation from its source.
	Citation Citation
	// RecordID is the budget line or flow that records the claim.
	RecordID string
}

// Disagreement is a figure that two or more sources report.
type Disagreement struct {
	SubjectID string
	Year      FinancialYear
	// Figure is "budget" for budget lines, or the kind of the flows.
	Figure string
	Claims []Claim
}

// Disagreements finds every figure that different sources report: budget
// lines for the same programme and year, and flows of the same kind
// between the same ends in the same year. Nothing is reconciled: each
// claim keeps its amount and citation, ordered by publication date. Only
// stated figures count as claims (a derived one is arithmetic, not a
// source's word).
func Disagreements(lines []*BudgetLine, flows []*Flow) []Disagreement {
	type group struct {
		d       Disagreement
		sources map[string]bool
	}
	groups := map[string]*group{}
	var order []string
	add := func(key string, d Disagreement, claims []Claim) {
		g, ok := groups[key]
		if !ok {
			g = &group{d: d, sources: map[string]bool{}}
			groups[key] = g
			order = append(order, key)
		}
		for _, c := range claims {
			g.d.Claims = append(g.d.Claims, c)
			g.sources[c.Citation.SourceID] = true
		}
	}
	for _, b := range lines {
		if len(b.Citations) == 0 {
			continue
		}
		c := b.Citations[0]
		var claims []Claim
		for _, m := range []struct {
			measure string
			money   *Money
		}{{"PLANNED", b.Planned}, {"FORECAST", b.Forecast}, {"ACTUAL", b.Actual}, {"VARIANCE", b.Variance}} {
			if m.money != nil {
				claims = append(claims, Claim{Measure: m.measure, Amount: *m.money, Citation: c, RecordID: b.ID})
			}
		}
		add("budget\x00"+b.ProgrammeID+"\x00"+string(b.Year), Disagreement{SubjectID: b.ProgrammeID, Year: b.Year, Figure: "budget"}, claims)
	}
	for _, f := range flows {
		if f.Kind == BudgetSpend || len(f.Citations) == 0 {
			continue
		}
		add(string(f.Kind)+"\x00"+f.FromID+"\x00"+f.ToID+"\x00"+string(f.Year),
			Disagreement{SubjectID: f.ToID, Year: f.Year, Figure: string(f.Kind)},
			[]Claim{{Measure: string(f.Status), Amount: f.Amount, Citation: f.Citations[0], RecordID: f.ID}})
	}
	var out []Disagreement
	for _, key := range order {
		g := groups[key]
		if len(g.sources) < 2 {
			continue
		}
		sort.SliceStable(g.d.Claims, func(i, j int) bool { return g.d.Claims[i].Citation.Published < g.d.Claims[j].Citation.Published })
		out = append(out, g.d)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Year != out[j].Year {
			return out[i].Year < out[j].Year
		}
		return out[i].SubjectID < out[j].SubjectID
	})
	return out
}

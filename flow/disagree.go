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

// Disagreement is a figure that two or more sources report: claims about
// one quantity.
type Disagreement struct {
	SubjectID string
	Year      FinancialYear
	// Figure names the quantity: "planned", "spending" (forecast or
	// actual) or "variance" for budget lines, the kind of the flows.
	Figure string
	Claims []Claim
	// Agree reports that the claims are compatible: their intervals
	// overlap and no two state different exact figures. Claims that agree
	// are accounts of one figure, not a disagreement.
	Agree bool
}

// Contested names the records that can hold the claims of a disagreement:
// what Store.Contested returns.
type Contested struct {
	BudgetLines []string
	Flows       []string
}

// quantities maps a budget line's figures to the quantity each claims: a
// forecast and an outturn are both claims about the year's spending.
var quantities = map[string]string{"PLANNED": "planned", "FORECAST": "spending", "ACTUAL": "spending", "VARIANCE": "variance"}

// Disagreements finds every figure that different sources report, and says
// whether the claims agree. Claims about one quantity are a programme's
// budget figures of the same year and quantity, the flows of one kind
// between the same ends in the same year, and the claims a SAME link joins.
// Nothing is reconciled: each claim keeps its amount and citation, ordered
// by publication date. Only stated figures count as claims (a derived one
// is arithmetic, not a source's word).
func Disagreements(lines []*BudgetLine, flows []*Flow, links []*Link) []Disagreement {
	type group struct {
		d       Disagreement
		sources map[string]bool
	}
	var groups []*group
	byKey := map[string]int{}    // quantity key -> group
	byFigure := map[string]int{} // figure (claim) name -> group
	add := func(key, figure string, d Disagreement, c Claim) {
		i, ok := byKey[key]
		if !ok {
			i = len(groups)
			byKey[key] = i
			groups = append(groups, &group{d: d, sources: map[string]bool{}})
		}
		g := groups[i]
		g.d.Claims = append(g.d.Claims, c)
		g.sources[c.Citation.SourceID] = true
		byFigure[figure] = i
	}
	for _, b := range lines {
		if len(b.Citations) == 0 {
			continue
		}
		c := b.Citations[0]
		for _, m := range []struct {
			measure, suffix string
			money           *Money
		}{{"PLANNED", "planned", b.Planned}, {"FORECAST", "forecast", b.Forecast}, {"ACTUAL", "actual", b.Actual}, {"VARIANCE", "variance", b.Variance}} {
			if m.money == nil {
				continue
			}
			q := quantities[m.measure]
			add("budget\x00"+b.ProgrammeID+"\x00"+string(b.Year)+"\x00"+q, b.ID+":"+m.suffix,
				Disagreement{SubjectID: b.ProgrammeID, Year: b.Year, Figure: q},
				Claim{Measure: m.measure, Amount: *m.money, Citation: c, RecordID: b.ID})
		}
	}
	for _, f := range flows {
		if f.Kind == BudgetSpend || len(f.Citations) == 0 {
			continue
		}
		add(string(f.Kind)+"\x00"+f.FromID+"\x00"+f.ToID+"\x00"+string(f.Year), f.ID,
			Disagreement{SubjectID: f.ToID, Year: f.Year, Figure: string(f.Kind)},
			Claim{Measure: string(f.Status), Amount: f.Amount, Citation: f.Citations[0], RecordID: f.ID})
	}
	// A SAME link makes its claims one quantity: merge their groups into
	// the first.
	merged := make([]int, len(groups))
	for i := range merged {
		merged[i] = i
	}
	root := func(i int) int {
		for merged[i] != i {
			i = merged[i]
		}
		return i
	}
	for _, l := range links {
		if l.Kind != Same {
			continue
		}
		first := -1
		for _, fig := range l.Claims {
			i, ok := byFigure[fig]
			if !ok {
				continue
			}
			if first < 0 {
				first = root(i)
			} else if r := root(i); r != first {
				merged[r] = first
			}
		}
	}
	for i, g := range groups {
		r := root(i)
		if r == i {
			continue
		}
		into := groups[r]
		into.d.Claims = append(into.d.Claims, g.d.Claims...)
		for s := range g.sources {
			into.sources[s] = true
		}
		g.d.Claims = nil
	}
	var out []Disagreement
	for i, g := range groups {
		if root(i) != i || len(g.sources) < 2 {
			continue
		}
		sort.SliceStable(g.d.Claims, func(i, j int) bool { return g.d.Claims[i].Citation.Published < g.d.Claims[j].Citation.Published })
		g.d.Agree = agree(g.d.Claims)
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

// agree reports whether every pair of claims is compatible.
func agree(cs []Claim) bool {
	for i := range cs {
		for j := i + 1; j < len(cs); j++ {
			if !cs[i].Amount.Compatible(cs[j].Amount) {
				return false
			}
		}
	}
	return true
}

package flow

import "strings"

// Citation ties a figure to the exact sentence of a source it comes from.
type Citation struct {
	SourceID string
	Quote    string
	// Published is the last day the source may have been published
	// (LatestDay of its date), filled in when the dataset is normalized, so
	// that "as of" a day can keep only what was reported by then.
	Published Date
}

// Flow is a money edge between two nodes: an allocation, diversion, payment,
// request or requirement. When sources disagree about a flow, each claim is
// its own Flow with its own citations; nothing picks a winner.
type Flow struct {
	ID     string
	Kind   FlowKind
	FromID string
	ToID   string
	// Year is empty when the flow is not tied to one financial year, such as
	// a fund announced for several years.
	Year   FinancialYear
	Amount Money
	// Measure is what the figure measures (planned, spent, moved...):
	// from the kind and status of an edge, from the figure of a budget
	// line's flow. Status is how firmly the claim is established.
	Measure   Measure
	Status    Status
	Citations []Citation
	Note      string
	Dataset   string
	// KnownFrom is the day the flow was first reported: the earliest
	// Published of its citations.
	KnownFrom Date
	// DerivedFrom, for a budget line's figure that no source states, names
	// the line's figures it is computed from; it is empty for a stated one.
	DerivedFrom []BudgetMeasure
}

// BudgetLine is one source's account of a programme's spending in one
// financial year: what was planned, forecast during the year, and spent.
// Two sources reporting the same programme and year are two lines.
type BudgetLine struct {
	ID          string
	ProgrammeID string
	Year        FinancialYear
	Planned     *Money
	// Forecast is an in-year expectation ("expected to spend £31.5m"), kept
	// apart from the plan because the reports keep them apart.
	Forecast *Money
	Actual   *Money
	// Variance is actual minus planned as the source states it ("£81m less
	// than planned"); Resolve derives whichever of the three is missing.
	Variance  *Money
	Status    Status
	Citations []Citation
	Note      string
	Dataset   string
	// KnownFrom is the day the line was first reported.
	KnownFrom Date
}

// BudgetMeasure names one of a budget line's figures.
type BudgetMeasure string

// The figures of a budget line that Resolve can derive.
const (
	LinePlanned  BudgetMeasure = "PLANNED"
	LineActual   BudgetMeasure = "ACTUAL"
	LineVariance BudgetMeasure = "VARIANCE"
)

// Resolved is a budget line with planned, actual and variance completed from
// each other where the source gives two of the three.
type Resolved struct {
	Planned, Actual, Variance *Money
	// Derived lists the measures computed rather than stated.
	Derived []BudgetMeasure
}

// Resolve derives the missing one of planned, actual and variance
// (variance = actual - planned). A stated figure always wins over a derived
// one; Check rejects lines where all three are stated and disagree.
func (b *BudgetLine) Resolve() Resolved {
	r := Resolved{Planned: b.Planned, Actual: b.Actual, Variance: b.Variance}
	switch {
	case r.Variance == nil && r.Planned != nil && r.Actual != nil:
		if v, err := r.Actual.Sub(*r.Planned); err == nil {
			r.Variance, r.Derived = &v, []BudgetMeasure{LineVariance}
		}
	case r.Planned == nil && r.Actual != nil && r.Variance != nil:
		if p, err := r.Actual.Sub(*r.Variance); err == nil {
			r.Planned, r.Derived = &p, []BudgetMeasure{LinePlanned}
		}
	case r.Actual == nil && r.Planned != nil && r.Variance != nil:
		if a, err := r.Planned.Add(*r.Variance); err == nil {
			r.Actual, r.Derived = &a, []BudgetMeasure{LineActual}
		}
	}
	return r
}

// DerivedFrom names the figures a derived one is computed from: the other
// two of planned, actual and variance (variance = actual - planned).
func (m BudgetMeasure) DerivedFrom() []BudgetMeasure {
	var out []BudgetMeasure
	for _, o := range []BudgetMeasure{LinePlanned, LineActual, LineVariance} {
		if o != m {
			out = append(out, o)
		}
	}
	return out
}

// Flows returns the line's figures as flows of kind BUDGET_LINE from the
// programme's fund (or, for a programme without one, from the programme
// itself) to the programme: one each for the planned (stated or derived),
// forecast and actual (stated or derived) figures, with the line's status
// and citations, each measuring its figure. Their ids are the line's id
// with ":planned", ":forecast" or ":actual", which no dataset id can be.
func (b *BudgetLine) Flows(fundID string) []*Flow {
	from := fundID
	if from == "" {
		from = b.ProgrammeID
	}
	r := b.Resolve()
	var out []*Flow
	add := func(name string, m *Money, measure Measure, figure BudgetMeasure) {
		if m == nil {
			return
		}
		f := &Flow{ID: b.ID + ":" + name, Kind: BudgetSpend, FromID: from, ToID: b.ProgrammeID,
			Year: b.Year, Amount: *m, Measure: measure, Status: b.Status, Citations: b.Citations, Note: b.Note,
			Dataset: b.Dataset, KnownFrom: b.KnownFrom}
		if figure != "" && oneOf(figure, r.Derived) {
			f.DerivedFrom = figure.DerivedFrom()
			f.Note = strings.TrimSpace("Derived from the line's other figures. " + b.Note)
		}
		out = append(out, f)
	}
	add("planned", r.Planned, MeasurePlanned, LinePlanned)
	add("forecast", b.Forecast, MeasureForecast, "")
	add("actual", r.Actual, MeasureActual, LineActual)
	return out
}

// KnownAsOf returns the citations published by day, and whether any were.
// With no day, everything is known.
func KnownAsOf(cs []Citation, day Date) ([]Citation, bool) {
	if day == "" {
		return cs, true
	}
	var out []Citation
	for _, c := range cs {
		if c.Published != "" && c.Published <= day {
			out = append(out, c)
		}
	}
	return out, len(out) > 0
}

// Earliest returns the earliest Published of cs: the day a record citing
// them was first reported.
func Earliest(cs []Citation) Date {
	var d Date
	for _, c := range cs {
		if c.Published != "" && (d == "" || c.Published < d) {
			d = c.Published
		}
	}
	return d
}

package flow

// Measure says what quantity a flow's figure measures. Figures of
// different measures are never added together: money planned, forecast,
// spent, allocated or moved, and money announced, proposed, requested or
// said to be needed, are different quantities even between the same ends
// in the same year.
type Measure string

// The measures. A budget line's figures measure what was planned, forecast
// and spent; an edge measures what its kind and status say.
const (
	MeasurePlanned   Measure = "PLANNED"   // budgeted before the year
	MeasureForecast  Measure = "FORECAST"  // expected during the year
	MeasureActual    Measure = "ACTUAL"    // outturn: money spent
	MeasureAllocated Measure = "ALLOCATED" // assigned by a funder
	MeasureMoved     Measure = "MOVED"     // diverted or paid: money that moved
	MeasureAnnounced Measure = "ANNOUNCED" // announced, not yet planned
	MeasureProposed  Measure = "PROPOSED"  // suggested or discussed
	MeasureRequested Measure = "REQUESTED" // asked of a funder
	MeasureNeeded    Measure = "NEEDED"    // said to be needed
)

// Measures lists every measure in schema order.
var Measures = []Measure{MeasurePlanned, MeasureForecast, MeasureActual, MeasureAllocated, MeasureMoved,
	MeasureAnnounced, MeasureProposed, MeasureRequested, MeasureNeeded}

// MoneyMeasures are the measures of money planned, spent or moved: what
// totals add up unless a request names another measure explicitly.
var MoneyMeasures = []Measure{MeasurePlanned, MeasureForecast, MeasureActual, MeasureAllocated, MeasureMoved}

// Valid reports whether m is a declared measure.
func (m Measure) Valid() bool { return oneOf(m, Measures) }

// MeasureOf is the measure of an edge of kind k reported with status s: a
// request or requirement is money asked for or needed, whatever its
// status; an announced, proposed, planned or forecast edge measures that;
// otherwise an allocation allocates and a diversion or payment moves
// money. (A budget line's figures carry their own measure.)
func MeasureOf(k FlowKind, s Status) Measure {
	switch {
	case k == Request:
		return MeasureRequested
	case k == Requirement:
		return MeasureNeeded
	case s == Announced:
		return MeasureAnnounced
	case s == Proposed:
		return MeasureProposed
	case s == Planned:
		return MeasurePlanned
	case s == Forecast:
		return MeasureForecast
	case k == Allocation:
		return MeasureAllocated
	}
	return MeasureMoved
}

package flow

// Status says how firmly a figure is established.
type Status string

// Statuses found in the reports. ANNOUNCED and ESTIMATED extend the
// issue's list: a fund announced by government, and a need estimated by a
// review, are neither plans nor requests.
const (
	Planned   Status = "PLANNED"   // budgeted before the year
	Actual    Status = "ACTUAL"    // outturn: money that was spent
	Confirmed Status = "CONFIRMED" // an accountable body confirmed it
	Reported  Status = "REPORTED"  // a report says so; no one has confirmed it
	Proposed  Status = "PROPOSED"  // suggested or discussed, not decided
	Requested Status = "REQUESTED" // asked for from a funder
	Announced Status = "ANNOUNCED" // announced by government
	Estimated Status = "ESTIMATED" // an estimate of what is needed
	Forecast  Status = "FORECAST"  // expected during the year ("expected to spend")
)

// Statuses lists every status in schema order.
var Statuses = []Status{Planned, Actual, Confirmed, Reported, Proposed, Requested, Announced, Estimated, Forecast, Retracted}

// WriteStatuses lists the statuses a load or a write may give a record:
// every status but RETRACTED, which only a retraction sets, with its reason
// in the record's history.
var WriteStatuses = []Status{Planned, Actual, Confirmed, Reported, Proposed, Requested, Announced, Estimated, Forecast}

// Valid reports whether s is a declared status.
func (s Status) Valid() bool { return oneOf(s, Statuses) }

// FlowKind says what a money edge is.
type FlowKind string

// The kinds of money edge.
const (
	Allocation  FlowKind = "ALLOCATION"  // a funder assigns money to a fund or programme
	Diversion   FlowKind = "DIVERSION"   // money moved from one programme or fund to another
	Payment     FlowKind = "PAYMENT"     // money paid to the organisations that received it
	Request     FlowKind = "REQUEST"     // money sought from a funder (to: who would receive it)
	Requirement FlowKind = "REQUIREMENT" // money said to be needed (from: who would bear it)
	// BudgetSpend is a budget line's planned, forecast or actual figure seen
	// as a flow from the programme's fund to the programme. Such flows are
	// derived from budget lines, never written in a dataset's flows.
	BudgetSpend FlowKind = "BUDGET_LINE"
)

// FlowKinds lists every kind in schema order.
var FlowKinds = []FlowKind{Allocation, Diversion, Payment, Request, Requirement, BudgetSpend}

// EdgeKinds lists the kinds a dataset's flows may have: every kind but the
// derived BUDGET_LINE.
var EdgeKinds = []FlowKind{Allocation, Diversion, Payment, Request, Requirement}

// Valid reports whether k is a declared kind.
func (k FlowKind) Valid() bool { return oneOf(k, FlowKinds) }

func oneOf[T comparable](v T, all []T) bool {
	for _, a := range all {
		if v == a {
			return true
		}
	}
	return false
}

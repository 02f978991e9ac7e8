package flow

import (
	"fmt"
	"strconv"
	"strings"
)

// NodeQuery asks for one page of funds, programmes, organisations or
// sources.
type NodeQuery struct {
	Filter NodeFilter
	// Scope narrows Filter to a shorthand argument's ids (FundIDs).
	Scope Scope
	Order []NodeOrder
	Page  PageArgs
}

// NodeFilter selects nodes. Zero values select everything; lists match any
// of their values.
type NodeFilter struct {
	IDs []string
	// NameContains matches names and aliases case- and accent-insensitively.
	NameContains string
	// FundIDs keeps programmes paid from these funds.
	FundIDs []string
	// Kinds keeps organisations of these kinds ("government department").
	Kinds []string
}

// NodeField is a field nodes can be ordered by.
type NodeField string

// Orderable node fields, in the order of each node's sort keys.
const (
	NodeByName NodeField = "NAME"
	NodeByID   NodeField = "ID"
)

// NodeFields lists the orderable node fields; a field's position is its
// index in the node's sort keys.
var NodeFields = []NodeField{NodeByName, NodeByID}

// NodeOrder is one key of a node ordering.
type NodeOrder struct {
	Field NodeField
	Desc  bool
}

// FlowQuery asks for one page of flows.
type FlowQuery struct {
	Filter FlowFilter
	// Scope narrows Filter to a shorthand argument's or the parents' ids
	// (FromIDs, ToIDs).
	Scope Scope
	Order []FlowOrder
	Page  PageArgs
}

// FlowFilter selects flows. Zero values select everything; lists match any
// of their values, and the fields combine with AND.
type FlowFilter struct {
	IDs      []string
	FromIDs  []string
	ToIDs    []string
	Kinds    []FlowKind
	Statuses []Status
	// Measures keeps flows measuring these (planned, spent, moved...).
	Measures []Measure
	// Year keeps one financial year; YearFrom and YearTo keep a range
	// (inclusive). Flows without a year match only when none is given.
	Year, YearFrom, YearTo FinancialYear
	// AmountMin and AmountMax keep the flows whose amount may lie in the
	// range (inclusive): its bounds overlap it, an unknown bound being
	// open. For an exact figure that is the figure itself.
	AmountMin, AmountMax *Pence
	// ProgrammeIDs, FundIDs and OrganisationIDs keep flows with either end
	// among them.
	ProgrammeIDs, FundIDs, OrganisationIDs []string
	// AsOf keeps only what had been reported by that day (YYYY-MM-DD):
	// flows with a citation published by then, with only those citations.
	AsOf Date
}

// FlowField is a field flows can be ordered by.
type FlowField string

// Orderable flow fields, in the order of each flow's sort keys.
const (
	FlowByID     FlowField = "ID"
	FlowByYear   FlowField = "YEAR"
	FlowByAmount FlowField = "AMOUNT"
	FlowByKind   FlowField = "KIND"
	FlowByStatus FlowField = "STATUS"
)

// FlowFields lists the orderable flow fields in sort-key order.
var FlowFields = []FlowField{FlowByID, FlowByYear, FlowByAmount, FlowByKind, FlowByStatus}

// FlowOrder is one key of a flow ordering.
type FlowOrder struct {
	Field FlowField
	Desc  bool
}

// BudgetLineQuery asks for one page of budget lines.
type BudgetLineQuery struct {
	Filter BudgetLineFilter
	// Scope narrows Filter to a shorthand argument's or the parents' ids
	// (ProgrammeIDs).
	Scope Scope
	Order []BudgetLineOrder
	Page  PageArgs
}

// BudgetLineFilter selects budget lines. Zero values select everything.
type BudgetLineFilter struct {
	IDs                    []string
	ProgrammeIDs           []string
	Statuses               []Status
	Year, YearFrom, YearTo FinancialYear
	// AsOf keeps only lines reported by that day, with only those citations.
	AsOf Date
}

// BudgetLineField is a field budget lines can be ordered by.
type BudgetLineField string

// Orderable budget line fields, in the order of each line's sort keys.
// Lines without the field sort last in either direction.
const (
	BudgetByYear      BudgetLineField = "YEAR"
	BudgetByProgramme BudgetLineField = "PROGRAMME"
	BudgetByPlanned   BudgetLineField = "PLANNED"
	BudgetByActual    BudgetLineField = "ACTUAL"
	BudgetByVariance  BudgetLineField = "VARIANCE"
)

// BudgetLineFields lists every orderable field in sort-key order.
var BudgetLineFields = []BudgetLineField{BudgetByYear, BudgetByProgramme, BudgetByPlanned, BudgetByActual, BudgetByVariance}

// BudgetLineOrder is one key of a budget line ordering.
type BudgetLineOrder struct {
	Field BudgetLineField
	Desc  bool
}

// SearchQuery asks for the records with a text that holds every word of
// Text (see SearchRanks).
type SearchQuery struct {
	Text string
	Page PageArgs
}

// MaxOrderKeys bounds how many fields one ordering may name, so that every
// backend serves any allowed ordering with one fixed statement.
const MaxOrderKeys = 3

// SortKey is one resolved key of an ordering: the index of the field in the
// record's sort keys, and its direction.
type SortKey struct {
	Index int
	Desc  bool
}

// Ordering is a checked ordering: its keys, and the tag that its cursors
// carry so that a cursor of one ordering cannot page another. The record id
// always breaks ties, ascending.
type Ordering struct {
	Tag  string
	Keys []SortKey
}

// order resolves requested fields against a record's orderable fields.
func order[F ~string](list string, fields []F, requested []F, desc []bool, def F) (Ordering, error) {
	if len(requested) == 0 {
		requested, desc = []F{def}, []bool{false}
	}
	if len(requested) > MaxOrderKeys {
		return Ordering{}, Errorf(EINVALID, "orderBy: at most %d fields, got %d", MaxOrderKeys, len(requested))
	}
	o := Ordering{}
	var tags []string
	seen := map[F]bool{}
	for i, f := range requested {
		idx := -1
		for j, g := range fields {
			if f == g {
				idx = j
			}
		}
		if idx < 0 {
			return Ordering{}, Errorf(EINVALID, "orderBy: unknown %s field %q", list, f)
		}
		if seen[f] {
			return Ordering{}, Errorf(EINVALID, "orderBy: %s given twice", f)
		}
		seen[f] = true
		dir := "asc"
		if desc[i] {
			dir = "desc"
		}
		tags = append(tags, string(f)+":"+dir)
		o.Keys = append(o.Keys, SortKey{Index: idx, Desc: desc[i]})
	}
	o.Tag = list + ":" + strings.Join(tags, ",")
	return o, nil
}

// NodeOrdering checks a node ordering; by default, by name.
func NodeOrdering(os []NodeOrder) (Ordering, error) {
	fs, ds := make([]NodeField, len(os)), make([]bool, len(os))
	for i, o := range os {
		fs[i], ds[i] = o.Field, o.Desc
	}
	return order("node", NodeFields, fs, ds, NodeByName)
}

// FlowOrdering checks a flow ordering; by default, by id.
func FlowOrdering(os []FlowOrder) (Ordering, error) {
	fs, ds := make([]FlowField, len(os)), make([]bool, len(os))
	for i, o := range os {
		fs[i], ds[i] = o.Field, o.Desc
	}
	return order("flow", FlowFields, fs, ds, FlowByID)
}

// BudgetOrdering checks a budget line ordering; by default, by year then
// programme.
func BudgetOrdering(os []BudgetLineOrder) (Ordering, error) {
	if len(os) == 0 {
		os = []BudgetLineOrder{{Field: BudgetByYear}, {Field: BudgetByProgramme}}
	}
	fs, ds := make([]BudgetLineField, len(os)), make([]bool, len(os))
	for i, o := range os {
		fs[i], ds[i] = o.Field, o.Desc
	}
	return order("budget", BudgetLineFields, fs, ds, BudgetByYear)
}

// CheckYears validates a year filter: each year well formed and the range
// not inverted.
func CheckYears(year, from, to FinancialYear) error {
	for _, y := range []FinancialYear{year, from, to} {
		if y != "" {
			if _, err := ParseFinancialYear(string(y)); err != nil {
				return Errorf(EINVALID, "year: %v", err)
			}
		}
	}
	if from != "" && to != "" && from > to {
		return Errorf(EINVALID, "yearFrom %s is after yearTo %s", from, to)
	}
	return nil
}

// Check validates a flow filter.
func (f FlowFilter) Check() error {
	if err := CheckYears(f.Year, f.YearFrom, f.YearTo); err != nil {
		return err
	}
	if f.AmountMin != nil && f.AmountMax != nil && *f.AmountMin > *f.AmountMax {
		return Errorf(EINVALID, "amountMin %s is above amountMax %s", f.AmountMin.Pounds(), f.AmountMax.Pounds())
	}
	return nil
}

// Check validates a budget line filter.
func (f BudgetLineFilter) Check() error { return CheckYears(f.Year, f.YearFrom, f.YearTo) }

// Date is a day, YYYY-MM-DD, as asOf takes it.
type Date string

// ParseDate checks a YYYY-MM-DD day.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || !validDate(s) {
		return "", Errorf(EINVALID, "date %q must be a day written like 2018-01-31", s)
	}
	return Date(s), nil
}

// LatestDay returns the last day a publication date can mean: "2018-07" is
// read as 2018-07-31 and "2018" as 2018-12-31, so that "as of" a day never
// counts a report that may not have been out yet.
func LatestDay(published string) Date {
	switch len(published) {
	case 4:
		return Date(published + "-12-31")
	case 7:
		y, _ := strconv.Atoi(published[:4])
		m, _ := strconv.Atoi(published[5:])
		days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
		if m == 2 && (y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
			days = 29
		}
		return Date(fmt.Sprintf("%s-%02d", published, days))
	}
	return Date(published)
}

// SearchOrder tags search cursors, whose keys are the rank (a decimal
// integer), the folded name (a flow's or budget line's id) and the id.
const SearchOrder = "search"

// SearchKeys is the number of keys a search cursor holds.
const SearchKeys = 3

// SearchText checks a search's text, which is required, and returns it
// trimmed.
func SearchText(q SearchQuery) (string, error) {
	text := strings.TrimSpace(q.Text)
	if text == "" {
		return "", Errorf(EINVALID, "search: text is required")
	}
	return text, nil
}

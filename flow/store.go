package flow

import (
	"context"
	"io"
	"strconv"
	"strings"
)

// Store is the contract every backend implements: the embedded SQLite store
// and Neo4j. It speaks only domain types and *Error, so the API cannot tell
// backends apart. Every read that returns many rows is keyset-paged and
// answers in a bounded number of backend round trips.
type Store interface {
	// Load writes a dataset atomically: its records are upserted on their
	// ids and records of the same dataset that it no longer holds are
	// removed, so loading the same dataset twice leaves the same graph. It
	// validates first and writes nothing if any rule is broken (EINVALID) or
	// if an id belongs to another dataset (ECONFLICT).
	Load(ctx context.Context, ds *Dataset) (*LoadReport, error)

	// Counts returns how many records of each kind the store holds.
	Counts(ctx context.Context) (Counts, error)

	// Nodes returns the funds, programmes, organisations and sources with the
	// given ids, keyed by id. Unknown ids are absent from the map rather than
	// an error, so that batch loaders can serve many callers with one call.
	Nodes(ctx context.Context, ids []string) (map[string]Node, error)

	// Funds, Programmes, Organisations and Sources list nodes by name (then
	// id), filtered and paged.
	Funds(ctx context.Context, f NodeFilter, p PageArgs) (*Page[*Fund], error)
	Programmes(ctx context.Context, f ProgrammeFilter, p PageArgs) (*Page[*Programme], error)
	Organisations(ctx context.Context, f NodeFilter, p PageArgs) (*Page[*Organisation], error)
	Sources(ctx context.Context, f NodeFilter, p PageArgs) (*Page[*Source], error)

	// BudgetLines lists budget lines in the given order; with no order, by
	// year, programme and id.
	BudgetLines(ctx context.Context, f BudgetLineFilter, order []BudgetLineOrder, p PageArgs) (*Page[*BudgetLine], error)

	// Flows lists money edges by id.
	Flows(ctx context.Context, f FlowFilter, p PageArgs) (*Page[*Flow], error)

	// Trace finds the simple paths money can take from one node, shortest
	// first.
	Trace(ctx context.Context, q TraceQuery) (*TraceResult, error)

	// Ping reports whether the backend is reachable (EUNAVAILABLE if not).
	Ping(ctx context.Context) error

	// Close releases the backend's resources.
	Close() error
}

// LoadReport says what a Load wrote.
type LoadReport struct {
	Dataset string
	Counts  Counts
	// Removed counts records of the dataset that an earlier load wrote and
	// this one no longer holds.
	Removed int
}

// NodeFilter selects nodes. Zero values select everything.
type NodeFilter struct {
	IDs []string
	// NameContains matches names case- and accent-insensitively.
	NameContains string
}

// ProgrammeFilter selects programmes.
type ProgrammeFilter struct {
	NodeFilter
	FundID string
}

// BudgetLineFilter selects budget lines. Zero values select everything.
type BudgetLineFilter struct {
	Year         FinancialYear
	ProgrammeIDs []string
}

// BudgetLineField is a field budget lines can be ordered by.
type BudgetLineField string

// Orderable budget line fields. Lines without the field sort last in either
// direction.
const (
	BudgetByYear      BudgetLineField = "YEAR"
	BudgetByProgramme BudgetLineField = "PROGRAMME"
	BudgetByPlanned   BudgetLineField = "PLANNED"
	BudgetByActual    BudgetLineField = "ACTUAL"
	BudgetByVariance  BudgetLineField = "VARIANCE"
)

// BudgetLineFields lists every orderable field in schema order.
var BudgetLineFields = []BudgetLineField{BudgetByYear, BudgetByProgramme, BudgetByPlanned, BudgetByActual, BudgetByVariance}

// MaxOrderKeys bounds how many fields one ordering may name, so that every
// backend can serve any allowed ordering with a fixed query.
const MaxOrderKeys = 3

// BudgetOrder checks a requested ordering and returns it, or the default
// (year, then programme) when none is given.
func BudgetOrder(order []BudgetLineOrder) ([]BudgetLineOrder, error) {
	if len(order) == 0 {
		return []BudgetLineOrder{{Field: BudgetByYear}, {Field: BudgetByProgramme}}, nil
	}
	if len(order) > MaxOrderKeys {
		return nil, Errorf(EINVALID, "orderBy: at most %d fields, got %d", MaxOrderKeys, len(order))
	}
	seen := map[BudgetLineField]bool{}
	for _, o := range order {
		if !o.Field.Valid() {
			return nil, Errorf(EINVALID, "orderBy: unknown budget line field %q", o.Field)
		}
		if seen[o.Field] {
			return nil, Errorf(EINVALID, "orderBy: %s given twice", o.Field)
		}
		seen[o.Field] = true
	}
	return order, nil
}

// OrderTag names an ordering in cursors, so that a cursor of one ordering
// cannot page another.
func OrderTag(order []BudgetLineOrder) string {
	tags := make([]string, len(order))
	for i, o := range order {
		dir := "asc"
		if o.Desc {
			dir = "desc"
		}
		tags[i] = string(o.Field) + ":" + dir
	}
	return "budget:" + strings.Join(tags, ",")
}

// BudgetLineOrder is one key of a budget line ordering.
type BudgetLineOrder struct {
	Field BudgetLineField
	Desc  bool
}

// FlowFilter selects flows. Zero values select everything; lists match any
// of their values.
type FlowFilter struct {
	IDs      []string
	FromIDs  []string
	ToIDs    []string
	Kinds    []FlowKind
	Statuses []Status
	Year     FinancialYear
}

// Trace limits protect the service from path explosion.
const (
	DefaultMaxHops    = 4
	MaxHopsCap        = 6
	DefaultTraceLimit = 50
	MaxTraceLimit     = 500
)

// TraceQuery asks for the paths from one node, optionally to another.
type TraceQuery struct {
	From string
	// To, when set, keeps only paths that end there.
	To string
	// MaxHops bounds path length (1..MaxHopsCap).
	MaxHops int
	// Kinds, when set, restricts every hop to these kinds of flow.
	Kinds []FlowKind
	// Limit caps the paths returned (1..MaxTraceLimit).
	Limit int
}

// Path is a chain of flows, each starting where the previous one ended.
type Path struct {
	Hops []*Flow
}

// TraceResult holds the paths found, shortest first and then by the ids of
// their flows, so that every backend returns the same order.
type TraceResult struct {
	Paths []Path
	// More reports that paths beyond Limit exist.
	More bool
}

// Valid reports whether f is an orderable field.
func (f BudgetLineField) Valid() bool { return oneOf(f, BudgetLineFields) }

// MarshalGQL writes f as a GraphQL enum value.
func (f BudgetLineField) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(f))) }

// UnmarshalGQL reads f from a GraphQL enum value.
func (f *BudgetLineField) UnmarshalGQL(v any) error {
	return unmarshalEnum(v, f, BudgetLineField.Valid)
}

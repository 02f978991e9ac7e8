package flow

import "context"

// Store is the contract every backend implements: the embedded SQLite store
// and Neo4j. It speaks only domain types and *Error, so the API cannot tell
// backends apart. Every list is filtered, ordered and keyset-paged by the
// store, and answers in a bounded number of backend round trips whatever
// the number of rows.
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

	// Funds, Programmes, Organisations and Sources list nodes of one label.
	Funds(ctx context.Context, q NodeQuery) (*Page[*Fund], error)
	Programmes(ctx context.Context, q NodeQuery) (*Page[*Programme], error)
	Organisations(ctx context.Context, q NodeQuery) (*Page[*Organisation], error)
	Sources(ctx context.Context, q NodeQuery) (*Page[*Source], error)

	// BudgetLines lists budget lines.
	BudgetLines(ctx context.Context, q BudgetLineQuery) (*Page[*BudgetLine], error)

	// Flows lists money edges of every kind, budget lines included as flows
	// of kind BUDGET_LINE (one per stated or derived planned, forecast and
	// actual figure).
	Flows(ctx context.Context, q FlowQuery) (*Page[*Flow], error)

	// Trace finds the simple paths money can take from one node, shortest
	// first.
	Trace(ctx context.Context, q TraceQuery) (*TraceResult, error)

	// Search finds funds, programmes, organisations and sources by name and
	// alias, case- and accent-insensitively, best match first.
	Search(ctx context.Context, q SearchQuery) (*Page[Node], error)

	// SaveNode creates (rev.Action CREATED, ECONFLICT if the id exists) or
	// updates (UPDATED, ENOTFOUND if it does not) a fund, programme,
	// organisation or source, and records rev, in one transaction. The node
	// must already be checked (CheckNode).
	SaveNode(ctx context.Context, n Node, rev Revision) error

	// RecordFlow writes a new flow (ECONFLICT if the id exists) and rev, in
	// one transaction. The flow must already be checked (CheckFlow).
	RecordFlow(ctx context.Context, f *Flow, rev Revision) error

	// CorrectFlow replaces a flow's amount, adds the citations given for the
	// correction, and records rev with the previous amount: nothing is
	// overwritten that History cannot show. ENOTFOUND if no such flow.
	CorrectFlow(ctx context.Context, id string, amount Money, cites []Citation, rev Revision) (*Flow, error)

	// RetractFlow sets a flow's status to RETRACTED and records rev.
	RetractFlow(ctx context.Context, id string, rev Revision) (*Flow, error)

	// History returns the revisions of the given records, oldest first,
	// keyed by record id.
	History(ctx context.Context, ids []string) (map[string][]Revision, error)

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
	// Kinds, when set, restricts every hop to these kinds of flow. Without
	// it every kind but BUDGET_LINE is followed: a budget line restates a
	// programme's own spending, not money moving between entities.
	Kinds []FlowKind
	// AsOf, when set, follows only flows reported by that day.
	AsOf Date
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

package flow

import "context"

// Store is the contract every backend implements: the embedded SQLite store
// and Neo4j. Backends persist and query what they are given. They validate
// nothing and build no revisions: the service layer (package ledger) owns
// every rule and hands a store only checked records, checked filters and
// resolved windows. Where a rule needs what the store holds at the moment
// of a write, the store reads it inside the write's transaction and asks
// the service through a callback (a decide function), so that
// the rule lives in one place and the write stays atomic.
//
// A store speaks only domain types and *Error, so nothing above it can tell
// backends apart. Every list answers in a bounded number of backend round
// trips whatever the number of rows.
type Store interface {
	// Load writes a checked, normalized dataset atomically: its records
	// are upserted on their ids and records of the same dataset that it no
	// longer holds are removed, so loading the same dataset twice leaves
	// the same graph. Inside the write transaction, before writing, it
	// reads the LoadState (the records of other datasets that have one of
	// the dataset's ids, the dataset's records that have revisions, the
	// ids it would remove and what other datasets' records refer to them)
	// and calls decide with it. If decide returns
	// an error, nothing is written and Load returns that error. Otherwise
	// Load leaves the records the plan keeps exactly as they are and
	// writes the plan's revisions with the dataset.
	Load(ctx context.Context, ds *Dataset, decide func(LoadState) (LoadPlan, error)) (*LoadReport, error)

	// Counts returns how many records of each kind the store holds.
	Counts(ctx context.Context) (Counts, error)

	// Nodes returns the funds, programmes, organisations, sources and
	// people with the given ids, keyed by id. Unknown ids are absent from
	// the map rather than an error, so that batch loaders can serve many
	// callers with one call.
	Nodes(ctx context.Context, ids []string) (map[string]Node, error)

	// NodesBrief returns what Nodes does, except that sources come without
	// their texts, with HasText set when they have one: what showing a
	// source needs, without reading tens of kilobytes of text for each.
	NodesBrief(ctx context.Context, ids []string) (map[string]Node, error)

	// ListNodes lists the nodes of one kind (fund, programme, organisation
	// or source) that match f, in the window's order; sources come as
	// NodesBrief returns them, without their texts.
	ListNodes(ctx context.Context, kind RecordKind, f NodeFilter, w Window) (*Page[Node], error)

	// BudgetLines lists the budget lines that match f.
	BudgetLines(ctx context.Context, f BudgetLineFilter, w Window) (*Page[*BudgetLine], error)

	// Flows lists money edges of every kind that match f, budget lines
	// included as flows of kind BUDGET_LINE (one per stated or derived
	// planned, forecast and actual figure).
	Flows(ctx context.Context, f FlowFilter, w Window) (*Page[*Flow], error)

	// SumFlows sums, per group of q, the flows that match its filter and
	// that no link names (as a claim or as the whole): a flow counts under
	// every key its values give (under each end of an entity dimension's
	// type, once when both ends are the same, "" when neither is), budget
	// lines' figures included as Flows lists them. It also returns the
	// matching flows that links name, as Flows gives them, in id order, at
	// most linked+1, which the service sums with their links. A sum that
	// overflows is ETOOLARGE.
	SumFlows(ctx context.Context, q TotalsQuery, linked int) (*FlowSums, error)

	// GroupFlows lists, for each of the groups of q (keys and measures, as
	// SumFlows returns them), in id order, the first limit flows of the
	// group that no link names, with their citations as Flows gives them:
	// one list per group, in the order of groups.
	GroupFlows(ctx context.Context, q TotalsQuery, groups []GroupKey, limit int) ([][]*Flow, error)

	// Links returns the links that name any of the figures (flow ids, or
	// budget line figures such as "LINE:variance"), as a claim or as the
	// whole, in id order.
	Links(ctx context.Context, figures []string) ([]*Link, error)
	// People lists the people that match f, in the window's order.
	People(ctx context.Context, f PersonFilter, w Window) (*Page[*Person], error)

	// Facts lists the facts (counts) that match f, with their citations.
	Facts(ctx context.Context, f FactFilter, w Window) (*Page[*Fact], error)

	// Statements lists the statements that match f, with their citations.
	Statements(ctx context.Context, f StatementFilter, w Window) (*Page[*Statement], error)

	// Contested returns the budget lines and flows, of the year and about
	// the entity when given, that can hold the claims of a disagreement
	// (see Disagreements): the lines that share their programme and year
	// with another line, the flows of the edge kinds that share their
	// kind, ends and year with another flow, and the records a SAME link
	// names. It may return more than those, never fewer, so that a store
	// can answer from its indexes; the service filters what it fetches.
	Contested(ctx context.Context, year FinancialYear, entity string) (Contested, error)

	// The child lists page a list separately for each parent of a batch
	// (every fund of a request's page and its outflows): each parent's
	// window of the rows that match the filter, in the window's order,
	// after the window's cursor, with the page flags of that parent's rows
	// and, unless the window says nobody reads it, their count. The
	// parents are the ids of the filter's parent field (named in each
	// method), which must be set; every one of them has a page in the
	// answer, empty when nothing matches. Each answers in a bounded number
	// of round trips, whatever the number of parents or rows, and reads at
	// most the window's rows (and one more) per parent, so that no parent
	// with many children can make a batch fail or cut another parent's
	// page short.

	// ChildFlows pages the flows that match f per parent: per id of
	// f.FromIDs when by is FromEnd (a node's outflows), of f.ToIDs when by
	// is ToEnd (its inflows).
	ChildFlows(ctx context.Context, by End, f FlowFilter, w Window) (map[string]*Page[*Flow], error)

	// ChildBudgetLines pages budget lines per id of f.ProgrammeIDs.
	ChildBudgetLines(ctx context.Context, f BudgetLineFilter, w Window) (map[string]*Page[*BudgetLine], error)

	// ChildFacts pages facts per id of f.SubjectIDs.
	ChildFacts(ctx context.Context, f FactFilter, w Window) (map[string]*Page[*Fact], error)

	// ChildPeople pages people per id of f.OrganisationIDs.
	ChildPeople(ctx context.Context, f PersonFilter, w Window) (map[string]*Page[*Person], error)

	// ChildStatements pages statements per id of f.PersonIDs.
	ChildStatements(ctx context.Context, f StatementFilter, w Window) (map[string]*Page[*Statement], error)

	// Trace finds the simple paths money can take from one node, shortest
	// first, within the walk's bounds.
	Trace(ctx context.Context, w TraceWalk) (*TraceResult, error)

	// Search finds the records with a text that holds every word of q
	// (see SearchRanks), best match first: by rank, then by the record's
	// folded name (a flow's or budget line's id), then by id, which are the
	// window's keys when it has them. Each hit lists every text that
	// matched; its Record is left for the service to fill. The words every
	// record is matched by are computed when it is written.
	Search(ctx context.Context, q SearchTerms, w Window) (*Page[SearchHit], error)

	// SaveNode writes a fund, programme, organisation or source and its
	// revision in one transaction. Inside it, the store reads what already
	// has the id (the node itself, when it is one) and calls decide with it; decide returns the node to write
	// (its Dataset set) and the revision to record, or an error, in which
	// case nothing is written and SaveNode returns that error.
	SaveNode(ctx context.Context, id string, decide func(cur Current) (Node, Revision, error)) error

	// RecordFlow writes a new flow with its citations and its revision in
	// one transaction, deciding like SaveNode. ENOTFOUND if an end of the
	// flow no longer exists when it is written.
	RecordFlow(ctx context.Context, id string, decide func(cur Current) (*Flow, Revision, error)) error

	// UpdateFlow rewrites a flow in one transaction: it reads the flow with
	// its citations (nil if no flow of a dataset's own kinds has the id),
	// calls decide, and writes back the flow decide returns, citations
	// included, with the revision. It returns the flow as written.
	UpdateFlow(ctx context.Context, id string, decide func(cur *Flow) (*Flow, Revision, error)) (*Flow, error)

	// History returns the revisions of the given records, oldest first
	// (in commit order), keyed by record id.
	History(ctx context.Context, ids []string) (map[string][]Revision, error)

	// Generation returns a number that differs from every earlier one
	// whenever something the store holds has changed since, written by this
	// process or by any other: two equal numbers mean nothing was written
	// between the two calls. The service reuses an answer computed between
	// two equal readings for as long as the number stays the same.
	Generation(ctx context.Context) (uint64, error)

	// Ping reports whether the backend is reachable (EUNAVAILABLE if not).
	Ping(ctx context.Context) error

	// Close releases the backend's resources.
	Close() error
}

// RecordKind names a kind of record. Ids are unique across every kind.
type RecordKind string

// The kinds of record.
const (
	KindFund         RecordKind = "fund"
	KindProgramme    RecordKind = "programme"
	KindOrganisation RecordKind = "organisation"
	KindSource       RecordKind = "source"
	KindFlow         RecordKind = "flow"
	KindBudgetLine   RecordKind = "budget line"
	KindLink         RecordKind = "link"
)

// NodeKinds lists the kinds of node, in the order lists and loads use.
var NodeKinds = []RecordKind{KindFund, KindProgramme, KindOrganisation, KindSource}

// Current is what a store holds under an id when a write begins, read
// inside the write's transaction.
type Current struct {
	// Kind is the kind of the record with the id, "" when none has it.
	Kind RecordKind
	// Dataset is the dataset that record belongs to.
	Dataset string
	// Node is the record itself when it is a fund, programme, organisation
	// or source, read in the same transaction, so that an update can keep
	// what it leaves out and record every value it replaces; nil otherwise.
	Node Node
}

// Exists reports whether any record has the id.
func (c Current) Exists() bool { return c.Kind != "" }

// Claimed is a record of another dataset that holds an id a load wants.
type Claimed struct {
	ID      string
	Dataset string
}

// LoadReport says what a Load wrote.
type LoadReport struct {
	Dataset string
	Counts  Counts
	// Removed counts records of the dataset that an earlier load wrote and
	// this one no longer holds.
	Removed int
	// Conflicts lists, field by field, the records the API changed since
	// the last load that the file gives differently, and what the load did
	// with each. The service fills it in.
	Conflicts []Conflict
	// Revisions are the revisions the load wrote, one per record the API
	// had changed whose file version differs or now agrees. The service
	// fills it in.
	Revisions []Revision
}

// Trace limits protect the service from path explosion.
const (
	DefaultMaxHops    = 4
	MaxHopsCap        = 6
	DefaultTraceLimit = 50
	MaxTraceLimit     = 500
	// TraceStepBudget bounds the work of one trace, whatever the shape of
	// the graph: a step is one flow the walk looks at (TraceWalk.Run).
	// Every trace of the bundled data takes a few dozen steps; a trace six hops
	// deep through 25 programmes that all divert to one another would take
	// over a hundred million.
	TraceStepBudget = 10_000
)

// TraceCut says why a trace stopped before it had found every path.
type TraceCut string

// The reasons a trace is cut short.
const (
	// PathLimit: more paths exist than the limit asked for.
	PathLimit TraceCut = "PATH_LIMIT"
	// StepBudget: the walk spent TraceStepBudget steps; longer paths, or
	// more of them, may exist.
	StepBudget TraceCut = "STEP_BUDGET"
)

// TraceQuery asks for the paths from one node, optionally to another.
type TraceQuery struct {
	From string
	// To, when set, keeps only paths that end there.
	To string
	// MaxHops bounds path length (1..MaxHopsCap); nil is DefaultMaxHops.
	MaxHops *int
	// Kinds, when set, restricts every hop to these kinds of flow. Without
	// it every kind but BUDGET_LINE is followed: a budget line restates a
	// programme's own spending, not money moving between entities.
	Kinds []FlowKind
	// AsOf, when set, follows only flows reported by that day.
	AsOf Date
	// Limit caps the paths returned (1..MaxTraceLimit); nil is
	// DefaultTraceLimit.
	Limit *int
}

// TraceWalk is a checked TraceQuery, with every bound in force: what a
// store walks.
type TraceWalk struct {
	From, To string
	MaxHops  int
	Kinds    []FlowKind
	AsOf     Date
	Limit    int
	// Steps bounds the steps the walk may take (TraceStepBudget).
	Steps int
}

// Path is a chain of flows, each starting where the previous one ended.
type Path struct {
	Hops []*Flow
}

// TraceResult holds the paths found, shortest first and then by the ids of
// their flows, so that every backend returns the same order.
type TraceResult struct {
	Paths []Path
	// More reports that the paths returned are not all there are: paths
	// beyond Limit exist, or the walk ran out of steps.
	More bool
	// CutShort says why the walk stopped early; empty when it found every
	// path.
	CutShort TraceCut
	// Steps is the number of steps the walk took, at most the walk's Steps.
	Steps int
}

package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/fold"
	"github.com/fundflow/fundflow/internal/searchdoc"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// Load writes ds in one transaction: it upserts every record on its id,
// removes the dataset's records that ds no longer holds, and rewrites its
// citations. Before writing it reads the load's state and asks decide for
// the plan, writing nothing if decide refuses; the records the plan keeps
// are neither rewritten nor removed, and their citations stay.
func (s *Store) Load(ctx context.Context, ds *flow.Dataset, decide func(flow.LoadState) (flow.LoadPlan, error)) (*flow.LoadReport, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, locked("begin load", err)
	}
	defer tx.Rollback()

	if err := loadIDs(ctx, tx, ds); err != nil {
		return nil, err
	}
	state, err := loadState(ctx, tx, ds)
	if err != nil {
		return nil, err
	}
	plan, err := decide(state)
	if err != nil {
		return nil, err
	}
	if err := addIDs(ctx, tx, idsKeep, plan.Keep); err != nil {
		return nil, err
	}
	keep := map[string]bool{}
	for _, id := range plan.Keep {
		keep[id] = true
	}
	const upsertDataset = `
INSERT INTO datasets (id, title, loaded_at) VALUES (:id, :title, :at)
ON CONFLICT (id) DO UPDATE SET title = excluded.title, loaded_at = excluded.loaded_at`
	if _, err := tx.ExecContext(ctx, upsertDataset, sql.Named("id", ds.ID), sql.Named("title", ds.Title),
		sql.Named("at", s.now().UTC().Format(time.RFC3339))); err != nil {
		return nil, wrap("record dataset", err)
	}
	w := writer{ctx: ctx, tx: tx, now: s.now, keep: keep}
	w.batchIndex(ds.ID)
	node := func(n flow.Node) {
		if !keep[n.NodeID()] {
			w.node(n)
		}
	}
	for _, f := range ds.Funds {
		node(f)
	}
	for _, p := range ds.Programmes {
		node(p)
	}
	for _, o := range ds.Organisations {
		node(o)
	}
	for _, src := range ds.Sources {
		node(src)
	}
	for _, f := range ds.Flows {
		if !keep[f.ID] {
			w.flow(f, "")
		}
	}
	for _, b := range ds.BudgetLines {
		if !keep[b.ID] {
			w.budgetLine(b)
		}
	}
	for _, l := range ds.Links {
		w.link(l)
	}
	removed := w.removeStale(ds)
	w.sweepIndex(ds.ID)
	w.budgetFlows(ds)
	w.linkFigures(ds)
	w.citations(ds)
	removed += w.factRecords(ds)
	w.flushIndex(1)
	for _, rev := range plan.Revisions {
		w.revision(rev)
	}
	if w.err != nil {
		return nil, w.err
	}
	if loadWork != nil {
		loadWork(ds.ID, w.prepares, w.execs)
	}
	if err := clearIDs(ctx, tx); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, wrap("commit load", err)
	}
	return &flow.LoadReport{Dataset: ds.ID, Counts: ds.Counts(), Removed: removed}, nil
}

// loadWork, when set (by tests), is told how many statements each load
// prepared and ran, so that a test can prove the statements are prepared
// once per load, not once per row.
var loadWork func(dataset string, prepares, execs int)

// claimedElsewhere returns the records of other datasets that hold any of
// the load's ids (load_ids), read inside the load's transaction: a seek
// by id into each table for each id.
func claimedElsewhere(ctx context.Context, tx *sql.Tx, dataset string) ([]flow.Claimed, error) {
	const query = `
SELECT t.id, t.dataset FROM temp.load_ids AS l JOIN nodes AS t ON t.id = l.id WHERE l.kind <> 'keep' AND t.dataset <> :ds
UNION ALL
SELECT t.id, t.dataset FROM temp.load_ids AS l JOIN flows AS t ON t.id = l.id WHERE l.kind <> 'keep' AND t.dataset <> :ds
UNION ALL
SELECT t.id, t.dataset FROM temp.load_ids AS l JOIN budget_lines AS t ON t.id = l.id WHERE l.kind <> 'keep' AND t.dataset <> :ds
UNION ALL
SELECT t.id, t.dataset FROM temp.load_ids AS l JOIN links AS t ON t.id = l.id WHERE l.kind <> 'keep' AND t.dataset <> :ds
UNION ALL
SELECT t.id, t.dataset FROM temp.load_ids AS l JOIN people AS t ON t.id = l.id WHERE l.kind <> 'keep' AND t.dataset <> :ds
UNION ALL
SELECT t.id, t.dataset FROM temp.load_ids AS l JOIN facts AS t ON t.id = l.id WHERE l.kind <> 'keep' AND t.dataset <> :ds
UNION ALL
SELECT t.id, t.dataset FROM temp.load_ids AS l JOIN statements AS t ON t.id = l.id WHERE l.kind <> 'keep' AND t.dataset <> :ds
ORDER BY 1`
	rows, err := tx.QueryContext(ctx, query, sql.Named("ds", dataset))
	if err != nil {
		return nil, wrap("read dataset owners", err)
	}
	defer rows.Close()
	var out []flow.Claimed
	for rows.Next() {
		var c flow.Claimed
		if err := rows.Scan(&c.ID, &c.Dataset); err != nil {
			return nil, wrap("read dataset owners", err)
		}
		out = append(out, c)
	}
	return out, wrap("read dataset owners", rows.Err())
}

// writer runs a load's statements, keeping the first error so the load
// reads as a list of writes.
type writer struct {
	ctx context.Context
	tx  *sql.Tx
	now func() time.Time
	// keep holds the ids a load leaves as they are: not removed, and
	// their citations not rewritten.
	keep map[string]bool
	// stmts holds each statement prepared in the transaction, by its
	// text: a load runs the same few statements for every row, and
	// parsing them anew each time was about 30% of its work.
	stmts map[string]*sql.Stmt
	// prepares counts the statements prepared, so that tests can prove
	// each is prepared once per transaction.
	prepares, execs int
	// batching, set by batchIndex, holds the search texts in pending
	// until flushIndex writes them.
	batching bool
	pending  []indexRow
	err      error
}

func (w *writer) exec(op, query string, args ...any) sql.Result {
	if w.err != nil {
		return nil
	}
	st, err := w.prepared(query)
	if err != nil {
		w.err = wrap(op, err)
		return nil
	}
	w.execs++
	res, err := st.ExecContext(w.ctx, args...)
	if err != nil {
		w.err = wrap(op, err)
	}
	return res
}

// prepared returns query prepared in the writer's transaction, preparing
// it the first time. The transaction closes its statements when it ends.
func (w *writer) prepared(query string) (*sql.Stmt, error) {
	if st, ok := w.stmts[query]; ok {
		return st, nil
	}
	st, err := w.tx.PrepareContext(w.ctx, query)
	if err != nil {
		return nil, err
	}
	if w.stmts == nil {
		w.stmts = map[string]*sql.Stmt{}
	}
	w.stmts[query] = st
	w.prepares++
	return st, nil
}

// nodeRow is the columns of a node that are not derived from its name:
// what its type has of the one nodes table.
type nodeRow struct {
	label, name, description, fundID, kind string
	aliases, notes                         []string
	source                                 flow.Source
	dataset                                string
}

// rowOf spreads a node over the nodes table's columns.
func rowOf(n flow.Node) nodeRow {
	switch n := n.(type) {
	case *flow.Fund:
		return nodeRow{label: "Fund", name: n.Name, aliases: n.Aliases, description: n.Description, dataset: n.Dataset}
	case *flow.Programme:
		return nodeRow{label: "Programme", name: n.Name, aliases: n.Aliases, description: n.Description, fundID: n.FundID, dataset: n.Dataset}
	case *flow.Organisation:
		return nodeRow{label: "Organisation", name: n.Name, aliases: n.Aliases, description: n.Description, kind: n.Kind, dataset: n.Dataset}
	case *flow.Source:
		return nodeRow{label: "Source", name: n.Title, notes: n.Notes, source: *n, dataset: n.Dataset}
	}
	panic(fmt.Sprintf("sqlite: cannot write a %T", n))
}

func (w *writer) node(n flow.Node) {
	const upsert = `
INSERT INTO nodes (id, label, name, sort_key, alias_keys, aliases, description, fund_id, kind,
                   publisher, published, date_note, url, file, notes, text, dataset, sort_asc, sort_desc)
VALUES (:id, :label, :name, :sort_key, :alias_keys, :aliases, :description, :fund_id, :kind,
        :publisher, :published, :date_note, :url, :file, :notes, :text, :dataset, :sort_asc, :sort_desc)
ON CONFLICT (id) DO UPDATE SET
  label = excluded.label, name = excluded.name, sort_key = excluded.sort_key,
  sort_asc = excluded.sort_asc, sort_desc = excluded.sort_desc,
  alias_keys = excluded.alias_keys, aliases = excluded.aliases, description = excluded.description,
  fund_id = excluded.fund_id, kind = excluded.kind, publisher = excluded.publisher,
  published = excluded.published, date_note = excluded.date_note, url = excluded.url,
  file = excluded.file, notes = excluded.notes, text = excluded.text, dataset = excluded.dataset`
	id, r := n.NodeID(), rowOf(n)
	keys := make([]string, len(r.aliases))
	for i, a := range r.aliases {
		keys[i] = fold.Key(a)
	}
	asc, desc := sortkey.Node(r.name, id)
	w.exec("write node "+id, upsert,
		sql.Named("id", id), sql.Named("label", r.label), sql.Named("name", r.name),
		sql.Named("sort_key", fold.Key(r.name)), sql.Named("alias_keys", strings.Join(keys, "\n")),
		sql.Named("aliases", jsonArray(r.aliases)), sql.Named("description", r.description),
		sql.Named("fund_id", nullString(r.fundID)), sql.Named("kind", r.kind),
		sql.Named("publisher", r.source.Publisher), sql.Named("published", r.source.Published),
		sql.Named("date_note", r.source.DateNote), sql.Named("url", r.source.URL), sql.Named("file", r.source.File),
		sql.Named("notes", jsonArray(r.notes)), sql.Named("text", r.source.Text), sql.Named("dataset", r.dataset),
		sql.Named("sort_asc", jsonArray(asc)), sql.Named("sort_desc", jsonArray(desc)))
	w.index(searchdoc.Node(n), r.dataset)
}

func (w *writer) flow(f *flow.Flow, lineID string) {
	const upsert = `
INSERT INTO flows (id, kind, from_id, to_id, year, amount, low, high, qualifier, currency, phrase, measure, status,
                   note, dataset, sort_asc, sort_desc, known_from, line_id, derived_from)
VALUES (:id, :kind, :from_id, :to_id, :year, :amount, :low, :high, :qualifier, :currency, :phrase, :measure, :status,
        :note, :dataset, :sort_asc, :sort_desc, :known_from, :line_id, :derived_from)
ON CONFLICT (id) DO UPDATE SET
  kind = excluded.kind, from_id = excluded.from_id, to_id = excluded.to_id, year = excluded.year,
  amount = excluded.amount, low = excluded.low, high = excluded.high, qualifier = excluded.qualifier,
  currency = excluded.currency, phrase = excluded.phrase, measure = excluded.measure,
  status = excluded.status, note = excluded.note, dataset = excluded.dataset,
  sort_asc = excluded.sort_asc, sort_desc = excluded.sort_desc, known_from = excluded.known_from,
  line_id = excluded.line_id, derived_from = excluded.derived_from
-- An unchanged flow is left as it is, as most are on a reload: rewriting
-- it would rewrite every index entry of its row for nothing.
WHERE (flows.kind, flows.from_id, flows.to_id, flows.year, flows.amount, flows.low, flows.high, flows.qualifier,
       flows.currency, flows.phrase, flows.measure, flows.status, flows.note, flows.dataset, flows.sort_asc,
       flows.sort_desc, flows.known_from, flows.line_id, flows.derived_from)
   IS NOT (excluded.kind, excluded.from_id, excluded.to_id, excluded.year, excluded.amount, excluded.low,
       excluded.high, excluded.qualifier, excluded.currency, excluded.phrase, excluded.measure, excluded.status,
       excluded.note, excluded.dataset, excluded.sort_asc, excluded.sort_desc, excluded.known_from,
       excluded.line_id, excluded.derived_from)`
	asc, desc := sortkey.Flow(f)
	w.exec("write flow "+f.ID, upsert,
		sql.Named("id", f.ID), sql.Named("kind", string(f.Kind)), sql.Named("from_id", f.FromID),
		sql.Named("to_id", f.ToID), sql.Named("year", string(f.Year)),
		sql.Named("amount", nullPence(f.Amount.Amount)), sql.Named("low", nullPence(f.Amount.Low)),
		sql.Named("high", nullPence(f.Amount.High)), sql.Named("qualifier", string(f.Amount.Qualifier)),
		sql.Named("currency", f.Amount.Currency), sql.Named("phrase", f.Amount.Phrase),
		sql.Named("measure", string(f.Measure)), sql.Named("status", string(f.Status)),
		sql.Named("note", f.Note), sql.Named("dataset", f.Dataset),
		sql.Named("sort_asc", jsonArray(asc)), sql.Named("sort_desc", jsonArray(desc)),
		sql.Named("known_from", string(f.KnownFrom)), sql.Named("line_id", nullString(lineID)),
		sql.Named("derived_from", jsonArray(f.DerivedFrom)))
	if lineID == "" { // a budget line's figures are found as the line
		w.index(searchdoc.Flow(f), f.Dataset)
	}
}

// link upserts a link; its figures are rewritten by linkFigures.
func (w *writer) link(l *flow.Link) {
	const upsert = `
INSERT INTO links (id, kind, whole, claims, note, known_from, dataset)
VALUES (:id, :kind, :whole, :claims, :note, :known_from, :dataset)
ON CONFLICT (id) DO UPDATE SET
  kind = excluded.kind, whole = excluded.whole, claims = excluded.claims, note = excluded.note,
  known_from = excluded.known_from, dataset = excluded.dataset`
	w.exec("write link "+l.ID, upsert, sql.Named("id", l.ID), sql.Named("kind", string(l.Kind)),
		sql.Named("whole", l.Whole), sql.Named("claims", jsonArray(l.Claims)), sql.Named("note", l.Note),
		sql.Named("known_from", string(l.KnownFrom)), sql.Named("dataset", l.Dataset))
}

// linkFigures rewrites the figure index of the dataset's links, by which
// a question finds the links of the figures it sums.
func (w *writer) linkFigures(ds *flow.Dataset) {
	const (
		clear  = `DELETE FROM link_figures WHERE link_id IN (SELECT id FROM links WHERE dataset = :ds)`
		insert = `INSERT OR IGNORE INTO link_figures (link_id, figure) VALUES (?, ?)`
	)
	w.exec("clear link figures", clear, sql.Named("ds", ds.ID))
	for _, l := range ds.Links {
		for _, fig := range l.Figures() {
			w.exec("write the figures of link "+l.ID, insert, l.ID, fig)
		}
	}
}

// budgetFlows rewrites the dataset's BUDGET_LINE flows, which are derived
// from its budget lines and so replaced wholesale, never counted as removed.
func (w *writer) budgetFlows(ds *flow.Dataset) {
	const clear = `DELETE FROM flows WHERE dataset = :ds AND kind = 'BUDGET_LINE'`
	w.exec("clear budget flows", clear, sql.Named("ds", ds.ID))
	fund := map[string]string{}
	for _, p := range ds.Programmes {
		fund[p.ID] = p.FundID
	}
	for _, b := range ds.BudgetLines {
		if w.keep[b.ID] {
			continue
		}
		for _, f := range b.Flows(fund[b.ProgrammeID]) {
			w.flow(f, b.ID)
		}
	}
}

func (w *writer) budgetLine(b *flow.BudgetLine) {
	const upsert = `
INSERT INTO budget_lines (id, programme_id, year,
  planned_amount, planned_low, planned_high, planned_qualifier, planned_phrase,
  forecast_amount, forecast_low, forecast_high, forecast_qualifier, forecast_phrase,
  actual_amount, actual_low, actual_high, actual_qualifier, actual_phrase,
  variance_amount, variance_low, variance_high, variance_qualifier, variance_phrase,
  currency, sort_asc, sort_desc, known_from, status, note, dataset)
VALUES (:id, :programme_id, :year,
  :planned_amount, :planned_low, :planned_high, :planned_qualifier, :planned_phrase,
  :forecast_amount, :forecast_low, :forecast_high, :forecast_qualifier, :forecast_phrase,
  :actual_amount, :actual_low, :actual_high, :actual_qualifier, :actual_phrase,
  :variance_amount, :variance_low, :variance_high, :variance_qualifier, :variance_phrase,
  :currency, :sort_asc, :sort_desc, :known_from, :status, :note, :dataset)
ON CONFLICT (id) DO UPDATE SET
  programme_id = excluded.programme_id, year = excluded.year,
  planned_amount = excluded.planned_amount, planned_low = excluded.planned_low,
  planned_high = excluded.planned_high, planned_qualifier = excluded.planned_qualifier,
  planned_phrase = excluded.planned_phrase, forecast_phrase = excluded.forecast_phrase,
  actual_phrase = excluded.actual_phrase, variance_phrase = excluded.variance_phrase,
  forecast_amount = excluded.forecast_amount, forecast_low = excluded.forecast_low,
  forecast_high = excluded.forecast_high, forecast_qualifier = excluded.forecast_qualifier,
  actual_amount = excluded.actual_amount, actual_low = excluded.actual_low,
  actual_high = excluded.actual_high, actual_qualifier = excluded.actual_qualifier,
  variance_amount = excluded.variance_amount, variance_low = excluded.variance_low,
  variance_high = excluded.variance_high, variance_qualifier = excluded.variance_qualifier,
  currency = excluded.currency, sort_asc = excluded.sort_asc,
  sort_desc = excluded.sort_desc, known_from = excluded.known_from,
  status = excluded.status, note = excluded.note, dataset = excluded.dataset`
	asc, desc := sortkey.Budget(b)
	args := []any{
		sql.Named("id", b.ID), sql.Named("programme_id", b.ProgrammeID), sql.Named("year", string(b.Year)),
		sql.Named("currency", flow.CurrencyGBP),
		sql.Named("sort_asc", jsonArray(asc)), sql.Named("sort_desc", jsonArray(desc)),
		sql.Named("known_from", string(b.KnownFrom)),
		sql.Named("status", string(b.Status)), sql.Named("note", b.Note), sql.Named("dataset", b.Dataset),
	}
	args = append(args, moneyArgs("planned", b.Planned)...)
	args = append(args, moneyArgs("forecast", b.Forecast)...)
	args = append(args, moneyArgs("actual", b.Actual)...)
	args = append(args, moneyArgs("variance", b.Variance)...)
	w.exec("write budget line "+b.ID, upsert, args...)
	w.index(searchdoc.BudgetLine(b), b.Dataset)
}

// removeStale deletes, table by table, the dataset's rows that this load
// no longer holds in that table, and returns how many of them left the
// dataset altogether (an id that moves from one kind of record to another is
// rewritten, not removed, as on Neo4j).
func (w *writer) removeStale(ds *flow.Dataset) int {
	// Each table keeps the ids the file gives it (load_ids); a kept
	// record stays whatever kind the file now gives its id.
	const (
		flows = `
DELETE FROM flows WHERE dataset = :ds AND kind <> 'BUDGET_LINE'
  AND NOT EXISTS (SELECT 1 FROM temp.load_ids AS l WHERE l.kind IN ('flows', 'keep') AND l.id = flows.id)
RETURNING id`
		lines = `
DELETE FROM budget_lines WHERE dataset = :ds
  AND NOT EXISTS (SELECT 1 FROM temp.load_ids AS l WHERE l.kind IN ('budget_lines', 'keep') AND l.id = budget_lines.id)
RETURNING id`
		links = `
DELETE FROM links WHERE dataset = :ds
  AND NOT EXISTS (SELECT 1 FROM temp.load_ids AS l WHERE l.kind = 'links' AND l.id = links.id)
RETURNING id`
		nodes = `
DELETE FROM nodes WHERE dataset = :ds
  AND NOT EXISTS (SELECT 1 FROM temp.load_ids AS l WHERE l.kind IN ('nodes', 'keep') AND l.id = nodes.id)
RETURNING id`
	)
	return w.deleteStale(ds.ID, []staleRows{{flows, nil}, {lines, nil}, {links, nil}, {nodes, nil}})
}

// staleRows is a DELETE ... RETURNING id of a dataset's rows in one table
// whose ids are not in keep (or, where the statement reads them from
// load_ids, not in the load).
type staleRows struct {
	query string
	keep  []string
}

// deleteStale runs each delete in turn and returns how many of the ids
// they removed the dataset no longer holds at all (load_ids), rather than
// as another kind of record. The removed ids are counted in the database,
// so that no set of every id of a million-record dataset is built here.
func (w *writer) deleteStale(dataset string, deletes []staleRows) int {
	const left = `
SELECT count(*) FROM json_each(:ids) AS d
WHERE NOT EXISTS (SELECT 1 FROM temp.load_ids AS l WHERE l.id = d.value AND l.kind <> 'keep')`
	var removed []string
	for _, q := range deletes {
		if w.err != nil {
			return 0
		}
		rows, err := w.tx.QueryContext(w.ctx, q.query, sql.Named("ds", dataset), sql.Named("keep", jsonList(q.keep)))
		if err != nil {
			w.err = wrap("remove stale records", err)
			return 0
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				w.err = wrap("remove stale records", err)
				break
			}
			removed = append(removed, id)
		}
		if err := rows.Close(); err != nil && w.err == nil {
			w.err = wrap("remove stale records", err)
		}
	}
	if w.err != nil || len(removed) == 0 {
		return 0
	}
	n := 0
	if err := w.tx.QueryRowContext(w.ctx, left, sql.Named("ids", jsonList(removed))).Scan(&n); err != nil {
		w.err = wrap("count the removed records", err)
	}
	return n
}

// citations rewrites every citation of the dataset: they have no ids of
// their own, so replacing them is how an edited quote is upserted.
// The citations of kept records stay as they are, those a correction
// added included.
func (w *writer) citations(ds *flow.Dataset) {
	const clear = `
DELETE FROM citations WHERE dataset = :ds
  AND NOT EXISTS (SELECT 1 FROM temp.load_ids AS l WHERE l.kind = 'keep' AND l.id = citations.owner_id)`
	w.exec("clear citations", clear, sql.Named("ds", ds.ID))
	for _, f := range ds.Flows {
		if !w.keep[f.ID] {
			w.insertCitations(f.ID, f.Citations, ds.ID)
		}
	}
	for _, b := range ds.BudgetLines {
		if !w.keep[b.ID] {
			w.insertCitations(b.ID, b.Citations, ds.ID)
		}
	}
	for _, l := range ds.Links {
		w.insertCitations(l.ID, l.Citations, ds.ID)
	}
}

// insertCitations writes an owner's citations in order.
func (w *writer) insertCitations(owner string, cs []flow.Citation, dataset string) {
	const insert = `INSERT INTO citations (owner_id, position, source_id, quote, published, dataset) VALUES (?, ?, ?, ?, ?, ?)`
	for i, c := range cs {
		w.exec("write citation of "+owner, insert, owner, i, c.SourceID, c.Quote, string(c.Published), dataset)
	}
}

func moneyArgs(prefix string, m *flow.Money) []any {
	if m == nil {
		return []any{sql.Named(prefix+"_amount", nil), sql.Named(prefix+"_low", nil),
			sql.Named(prefix+"_high", nil), sql.Named(prefix+"_qualifier", nil), sql.Named(prefix+"_phrase", nil)}
	}
	return []any{sql.Named(prefix+"_amount", nullPence(m.Amount)), sql.Named(prefix+"_low", nullPence(m.Low)),
		sql.Named(prefix+"_high", nullPence(m.High)), sql.Named(prefix+"_qualifier", string(m.Qualifier)),
		sql.Named(prefix+"_phrase", m.Phrase)}
}

func nullPence(p *flow.Pence) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// jsonArray encodes a stored list; an empty list is "[]".
func jsonArray[T ~string](vs []T) string {
	if len(vs) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(vs)
	return string(b)
}

// jsonList encodes a list for json_each; nil stays NULL so that optional
// filters can test ":ids IS NULL".
func jsonList[T ~string](vs []T) any {
	if len(vs) == 0 {
		return nil
	}
	b, _ := json.Marshal(vs)
	return string(b)
}

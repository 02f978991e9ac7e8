package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/fold"
	"github.com/fundflow/fundflow/internal/searchdoc"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// RawInsert writes the rows a load of ds writes — nodes, flows (the budget
// lines' derived flows included), budget lines, links and their figures,
// citations and the search texts, with the same column values — into the
// same tables, with one prepared plain INSERT per table in one transaction.
// It reads no state, upserts nothing, removes nothing and checks nothing,
// so it is the floor a load's writes can approach: the benchmarks' baseline
// (bench/), run on an empty store. ds must be checked (ledger.Check), as a
// load's is. It returns how many rows it inserted.
func (s *Store) RawInsert(ctx context.Context, ds *flow.Dataset) (int, error) {
	const (
		dataset = `INSERT INTO datasets (id, title, loaded_at) VALUES (?, ?, ?)`
		node    = `
INSERT INTO nodes (id, label, name, sort_key, alias_keys, aliases, description, fund_id, kind,
                   publisher, published, date_note, url, file, notes, text, dataset, sort_asc, sort_desc)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
		flowRow = `
INSERT INTO flows (id, kind, from_id, to_id, year, amount, low, high, qualifier, currency, phrase, measure, status,
                   note, dataset, sort_asc, sort_desc, known_from, line_id, derived_from)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
		line = `
INSERT INTO budget_lines (id, programme_id, year,
  planned_amount, planned_low, planned_high, planned_qualifier, planned_phrase,
  forecast_amount, forecast_low, forecast_high, forecast_qualifier, forecast_phrase,
  actual_amount, actual_low, actual_high, actual_qualifier, actual_phrase,
  variance_amount, variance_low, variance_high, variance_qualifier, variance_phrase,
  currency, sort_asc, sort_desc, known_from, status, note, dataset)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
		link     = `INSERT INTO links (id, kind, whole, claims, note, known_from, dataset) VALUES (?, ?, ?, ?, ?, ?, ?)`
		figure   = `INSERT OR IGNORE INTO link_figures (link_id, figure) VALUES (?, ?)`
		citation = `INSERT INTO citations (owner_id, position, source_id, quote, published, dataset) VALUES (?, ?, ?, ?, ?, ?)`
		text     = `
INSERT INTO search_texts (record_id, position, kind, field, words, name_key, dataset) VALUES (?, ?, ?, ?, ?, ?, ?)`
	)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, wrap("begin raw insert", err)
	}
	defer tx.Rollback()
	r := rawInserter{ctx: ctx, tx: tx}
	r.exec(r.prepare(dataset), ds.ID, ds.Title, s.now().UTC().Format(time.RFC3339))
	nodes, flows, lines := r.prepare(node), r.prepare(flowRow), r.prepare(line)
	links, figures, cites, texts := r.prepare(link), r.prepare(figure), r.prepare(citation), r.prepare(text)
	index := func(d searchdoc.Doc, dataset string) {
		for i, t := range d.Texts {
			r.exec(texts, d.ID, i, string(d.Kind), string(t.Field), t.Words, d.Name, dataset)
		}
	}
	cite := func(owner string, cs []flow.Citation) {
		for i, c := range cs {
			r.exec(cites, owner, i, c.SourceID, c.Quote, string(c.Published), ds.ID)
		}
	}
	writeNode := func(n flow.Node) {
		id, row := n.NodeID(), rowOf(n)
		keys := make([]string, len(row.aliases))
		for i, a := range row.aliases {
			keys[i] = fold.Key(a)
		}
		asc, desc := sortkey.Node(row.name, id)
		r.exec(nodes, id, row.label, row.name, fold.Key(row.name), strings.Join(keys, "\n"), jsonArray(row.aliases),
			row.description, nullString(row.fundID), row.kind, row.source.Publisher, row.source.Published,
			row.source.DateNote, row.source.URL, row.source.File, jsonArray(row.notes), row.source.Text, row.dataset,
			jsonArray(asc), jsonArray(desc))
		index(searchdoc.Node(n), row.dataset)
	}
	writeFlow := func(f *flow.Flow, lineID string) {
		asc, desc := sortkey.Flow(f)
		r.exec(flows, f.ID, string(f.Kind), f.FromID, f.ToID, string(f.Year), nullPence(f.Amount.Amount),
			nullPence(f.Amount.Low), nullPence(f.Amount.High), string(f.Amount.Qualifier), f.Amount.Currency,
			f.Amount.Phrase, string(f.Measure), string(f.Status), f.Note, f.Dataset, jsonArray(asc), jsonArray(desc),
			string(f.KnownFrom), nullString(lineID), jsonArray(f.DerivedFrom))
	}
	for _, f := range ds.Funds {
		writeNode(f)
	}
	for _, p := range ds.Programmes {
		writeNode(p)
	}
	for _, o := range ds.Organisations {
		writeNode(o)
	}
	for _, src := range ds.Sources {
		writeNode(src)
	}
	for _, f := range ds.Flows {
		writeFlow(f, "")
		index(searchdoc.Flow(f), f.Dataset)
		cite(f.ID, f.Citations)
	}
	fund := map[string]string{}
	for _, p := range ds.Programmes {
		fund[p.ID] = p.FundID
	}
	for _, b := range ds.BudgetLines {
		asc, desc := sortkey.Budget(b)
		args := []any{b.ID, b.ProgrammeID, string(b.Year)}
		for _, m := range []*flow.Money{b.Planned, b.Forecast, b.Actual, b.Variance} {
			args = append(args, rawMoney(m)...)
		}
		args = append(args, flow.CurrencyGBP, jsonArray(asc), jsonArray(desc), string(b.KnownFrom), string(b.Status), b.Note, b.Dataset)
		r.exec(lines, args...)
		index(searchdoc.BudgetLine(b), b.Dataset)
		cite(b.ID, b.Citations)
		for _, f := range b.Flows(fund[b.ProgrammeID]) {
			writeFlow(f, b.ID)
		}
	}
	for _, l := range ds.Links {
		r.exec(links, l.ID, string(l.Kind), l.Whole, jsonArray(l.Claims), l.Note, string(l.KnownFrom), l.Dataset)
		for _, fig := range l.Figures() {
			r.exec(figures, l.ID, fig)
		}
		cite(l.ID, l.Citations)
	}
	if r.err != nil {
		return 0, r.err
	}
	if err := tx.Commit(); err != nil {
		return 0, wrap("commit raw insert", err)
	}
	return r.rows, nil
}

// rawMoney is a figure's five columns, all NULL when it is absent.
func rawMoney(m *flow.Money) []any {
	if m == nil {
		return []any{nil, nil, nil, nil, nil}
	}
	return []any{nullPence(m.Amount), nullPence(m.Low), nullPence(m.High), string(m.Qualifier), m.Phrase}
}

// rawInserter runs prepared statements, counting rows and keeping the first
// error.
type rawInserter struct {
	ctx  context.Context
	tx   *sql.Tx
	rows int
	err  error
}

func (r *rawInserter) prepare(query string) *sql.Stmt {
	if r.err != nil {
		return nil
	}
	st, err := r.tx.PrepareContext(r.ctx, query)
	if err != nil {
		r.err = wrap("prepare raw insert", err)
	}
	return st
}

func (r *rawInserter) exec(st *sql.Stmt, args ...any) {
	if r.err != nil {
		return
	}
	if _, err := st.ExecContext(r.ctx, args...); err != nil {
		r.err = wrap("raw insert", err)
		return
	}
	r.rows++
}

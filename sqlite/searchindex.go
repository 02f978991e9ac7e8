package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/searchdoc"
)

// index rewrites a record's searchable texts (searchdoc), in the write's
// transaction, so that search sees every write as soon as it commits.
func (w *writer) index(d searchdoc.Doc, dataset string) {
	if w.batching {
		for i, t := range d.Texts {
			w.pending = append(w.pending, indexRow{d.ID, i, string(d.Kind), string(t.Field), t.Words, d.Name, dataset})
		}
		w.flushIndex(indexBatch)
		return
	}
	const (
		clear  = `DELETE FROM search_texts WHERE record_id = :id`
		insert = `
INSERT INTO search_texts (record_id, position, kind, field, words, name_key, dataset)
VALUES (:id, :position, :kind, :field, :words, :name, :dataset)`
	)
	w.exec("index "+d.ID, clear, sql.Named("id", d.ID))
	for i, t := range d.Texts {
		w.exec("index "+d.ID, insert, sql.Named("id", d.ID), sql.Named("position", i),
			sql.Named("kind", string(d.Kind)), sql.Named("field", string(t.Field)), sql.Named("words", t.Words),
			sql.Named("name", d.Name), sql.Named("dataset", dataset))
	}
}

// indexBatch is how many texts a batching writer inserts per statement.
// Each statement that writes search_texts opens a savepoint, at which
// FTS5 writes out what it holds as a new segment, which later merges
// rewrite: one row per statement made indexing a third of a load's work.
const indexBatch = 256

// indexRow is one text of search_texts, waiting to be inserted.
type indexRow struct {
	id                                string
	position                          int
	kind, field, words, name, dataset string
}

// batchIndex makes the writer, for the rest of its transaction, insert
// the texts of the records it writes in batches, once the texts of
// dataset's records were cleared, except those of the records the load
// keeps (load_ids), which it leaves as they are. This suits a load, which
// rewrites all its records' texts; flushIndex(1) writes the last batch.
func (w *writer) batchIndex(dataset string) {
	const clear = `
DELETE FROM search_texts WHERE dataset = :ds
  AND NOT EXISTS (SELECT 1 FROM temp.load_ids AS l WHERE l.kind = 'keep' AND l.id = search_texts.record_id)`
	w.exec("clear the search texts of "+dataset, clear, sql.Named("ds", dataset))
	w.batching = true
}

// flushIndex inserts the pending texts, in statements of indexBatch rows,
// while at least least are pending.
func (w *writer) flushIndex(least int) {
	for len(w.pending) >= least && len(w.pending) > 0 {
		n := min(len(w.pending), indexBatch)
		args := make([]any, 0, 7*n)
		for _, r := range w.pending[:n] {
			args = append(args, r.id, r.position, r.kind, r.field, r.words, r.name, r.dataset)
		}
		w.exec("index the records", insertTexts(n), args...)
		w.pending = append(w.pending[:0], w.pending[n:]...)
	}
}

// insertTexts is the statement that inserts n texts.
func insertTexts(n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO search_texts (record_id, position, kind, field, words, name_key, dataset) VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, ?, ?)")
	}
	return b.String()
}

// sweepIndex removes the searchable texts of a dataset's records that are
// gone: a load writes the texts of each record it writes, and this removes
// those of the records it removed.
func (w *writer) sweepIndex(dataset string) {
	const sweep = `
DELETE FROM search_texts
WHERE dataset = :ds
  AND record_id NOT IN (SELECT id FROM nodes UNION ALL SELECT id FROM people UNION ALL SELECT id FROM flows
                        UNION ALL SELECT id FROM budget_lines UNION ALL SELECT id FROM statements)`
	w.exec("sweep the search texts of "+dataset, sweep, sql.Named("ds", dataset))
}

// rebuildIndex recomputes every record's searchable texts when they were
// computed by another searchdoc.Version (or never, before migration 0007),
// in one transaction that holds the write lock, so no write slips between
// reading the records and indexing them.
func (s *Store) rebuildIndex(ctx context.Context) error {
	return s.write(ctx, "rebuild the search index", func(w *writer) error {
		var version int
		if err := w.tx.QueryRowContext(ctx, `SELECT version FROM search_version`).Scan(&version); err != nil {
			return wrap("read the search index version", err)
		}
		if version == searchdoc.Version {
			return nil
		}
		docs, err := w.allDocs()
		if err != nil {
			return err
		}
		w.exec("clear the search index", `DELETE FROM search_texts`)
		w.batching = true
		for _, d := range docs {
			w.index(d.Doc, d.dataset)
		}
		w.flushIndex(1)
		w.exec("record the search index version", `UPDATE search_version SET version = :v`, sql.Named("v", searchdoc.Version))
		return nil
	})
}

// datasetDoc is a record's searchable texts and its dataset.
type datasetDoc struct {
	searchdoc.Doc
	dataset string
}

// allDocs reads every record search can find, inside the transaction, and
// returns its texts.
func (w *writer) allDocs() ([]datasetDoc, error) {
	const (
		nodes  = `SELECT ` + nodeColumns + ` FROM nodes`
		flows  = `SELECT ` + flowColumns + ` FROM flows WHERE kind <> 'BUDGET_LINE'`
		lines  = `SELECT ` + budgetColumns + ` FROM budget_lines`
		people = `SELECT ` + personColumns + ` FROM people`
		said   = `SELECT ` + statementColumns + ` FROM statements`
		cites  = `SELECT owner_id, source_id, quote, published FROM citations ORDER BY owner_id, position`
	)
	cited := map[string][]flow.Citation{}
	if err := w.each(cites, func(rows *sql.Rows) error {
		var owner string
		var c flow.Citation
		if err := rows.Scan(&owner, &c.SourceID, &c.Quote, &c.Published); err != nil {
			return err
		}
		cited[owner] = append(cited[owner], c)
		return nil
	}); err != nil {
		return nil, err
	}
	var out []datasetDoc
	err := w.each(nodes, func(rows *sql.Rows) error {
		dest, finish := scanNode()
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		n, _, err := finish()
		if err != nil {
			return err
		}
		out = append(out, datasetDoc{searchdoc.Node(n), rowOf(n).dataset})
		return nil
	})
	if err != nil {
		return nil, err
	}
	scanFlows := scanFlow(map[string]string{})
	if err := w.each(flows, func(rows *sql.Rows) error {
		dest, finish := scanFlows()
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		f, _, _ := finish()
		f.Citations = cited[f.ID]
		out = append(out, datasetDoc{searchdoc.Flow(f), f.Dataset})
		return nil
	}); err != nil {
		return nil, err
	}
	if err := w.each(people, func(rows *sql.Rows) error {
		dest, finish := scanPerson()
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		p, _, err := finish()
		if err != nil {
			return err
		}
		out = append(out, datasetDoc{searchdoc.Node(p), p.Dataset})
		return nil
	}); err != nil {
		return nil, err
	}
	if err := w.each(said, func(rows *sql.Rows) error {
		dest, finish := scanStatement()
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		st, _, err := finish()
		if err != nil {
			return err
		}
		out = append(out, datasetDoc{searchdoc.Statement(st), st.Dataset})
		return nil
	}); err != nil {
		return nil, err
	}
	err = w.each(lines, func(rows *sql.Rows) error {
		dest, finish := scanBudgetLine()
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		b, _, _ := finish()
		b.Citations = cited[b.ID]
		out = append(out, datasetDoc{searchdoc.BudgetLine(b), b.Dataset})
		return nil
	})
	return out, err
}

// each runs a query inside the transaction and calls row for each row.
func (w *writer) each(query string, row func(*sql.Rows) error) error {
	rows, err := w.tx.QueryContext(w.ctx, query)
	if err != nil {
		return wrap("read records to index", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return wrap("read records to index", err)
		}
	}
	return wrap("read records to index", rows.Err())
}

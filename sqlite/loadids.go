package sqlite

import (
	"context"
	"database/sql"

	"github.com/fundflow/fundflow/flow"
)

// A load compares what the store holds with the ids of its file many
// times over: which ids other datasets own, which records are stale, which
// to delete, whose citations and search texts to keep. It writes the ids
// once into load_ids, a temporary table of its connection (which takes no
// lock on the database), by the table their records go to, and every one
// of those statements reads them there by index: removing a record then
// costs a seek, like adding one, and no list of a million ids is parsed
// again for each statement.
//
// The kinds are the tables' names, and keep for the ids the load's plan
// leaves as they are.
const (
	idsNodes  = "nodes"
	idsFlows  = "flows"
	idsLines  = "budget_lines"
	idsLinks  = "links"
	idsPeople = "people"
	idsFacts  = "facts"
	idsStmts  = "statements"
	idsKeep   = "keep"
)

// loadIDs fills load_ids with the ids of ds, inside the load's
// transaction, replacing any an earlier load on the connection left.
func loadIDs(ctx context.Context, tx *sql.Tx, ds *flow.Dataset) error {
	const (
		create = `CREATE TEMP TABLE IF NOT EXISTS load_ids (kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (id, kind)) WITHOUT ROWID`
		clear  = `DELETE FROM temp.load_ids`
	)
	for _, q := range []string{create, clear} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return wrap("list the load's ids", err)
		}
	}
	var nodes []string
	for _, f := range ds.Funds {
		nodes = append(nodes, f.ID)
	}
	for _, p := range ds.Programmes {
		nodes = append(nodes, p.ID)
	}
	for _, o := range ds.Organisations {
		nodes = append(nodes, o.ID)
	}
	for _, s := range ds.Sources {
		nodes = append(nodes, s.ID)
	}
	for _, k := range []struct {
		kind string
		ids  []string
	}{
		{idsNodes, nodes},
		{idsFlows, idsOf(ds.Flows, func(f *flow.Flow) string { return f.ID })},
		{idsLines, idsOf(ds.BudgetLines, func(b *flow.BudgetLine) string { return b.ID })},
		{idsLinks, idsOf(ds.Links, func(l *flow.Link) string { return l.ID })},
		{idsPeople, idsOf(ds.People, func(p *flow.Person) string { return p.ID })},
		{idsFacts, idsOf(ds.Facts, func(f *flow.Fact) string { return f.ID })},
		{idsStmts, idsOf(ds.Statements, func(s *flow.Statement) string { return s.ID })},
	} {
		if err := addIDs(ctx, tx, k.kind, k.ids); err != nil {
			return err
		}
	}
	return nil
}

// idsBatch is how many ids addIDs writes in one statement: few
// statements, and no JSON text of a million ids held at once.
const idsBatch = 10000

// addIDs writes ids into load_ids as kind, idsBatch at a time.
func addIDs(ctx context.Context, tx *sql.Tx, kind string, ids []string) error {
	const fill = `INSERT OR IGNORE INTO temp.load_ids (kind, id) SELECT :kind, value FROM json_each(:ids)`
	if len(ids) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, fill)
	if err != nil {
		return wrap("list the load's ids", err)
	}
	defer st.Close()
	for len(ids) > 0 {
		n := min(len(ids), idsBatch)
		if _, err := st.ExecContext(ctx, sql.Named("kind", kind), sql.Named("ids", jsonList(ids[:n]))); err != nil {
			return wrap("list the load's ids", err)
		}
		ids = ids[n:]
	}
	return nil
}

// clearIDs empties load_ids once the load no longer needs them, so that
// the connection does not hold a million ids until its next load.
func clearIDs(ctx context.Context, tx *sql.Tx) error {
	const clear = `DELETE FROM temp.load_ids`
	_, err := tx.ExecContext(ctx, clear)
	return wrap("list the load's ids", err)
}

func idsOf[T any](xs []T, id func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

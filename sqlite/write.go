package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/changejson"
	"github.com/fundflow/fundflow/internal/moneyjson"
)

func encodeMoney(m *flow.Money) any {
	if m == nil {
		return nil
	}
	return moneyjson.Encode(m)
}

func (w *writer) revision(rev flow.Revision) {
	const insert = `
INSERT INTO revisions (record_id, action, at, by_name, reason, previous, amount, previous_status, status, changes)
VALUES (:record, :action, :at, :by, :reason, :previous, :amount, :previous_status, :status, :changes)`
	w.exec("record revision", insert, sql.Named("record", rev.RecordID), sql.Named("action", string(rev.Action)),
		sql.Named("at", rev.At), sql.Named("by", rev.By), sql.Named("reason", rev.Reason),
		sql.Named("previous", encodeMoney(rev.Previous)), sql.Named("amount", encodeMoney(rev.Amount)),
		sql.Named("previous_status", string(rev.PreviousStatus)), sql.Named("status", string(rev.Status)),
		sql.Named("changes", changejson.Encode(rev.Changes)))
}

// write runs fn in one transaction with a writer.
func (s *Store) write(ctx context.Context, op string, fn func(w *writer) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return locked(op, err)
	}
	defer tx.Rollback()
	w := &writer{ctx: ctx, tx: tx, now: s.now}
	if err := fn(w); err != nil {
		return err
	}
	if w.err != nil {
		return w.err
	}
	return wrap(op, tx.Commit())
}

// locked maps the failure to begin a write. Transactions begin
// immediate, so the only wait at the start is for the write lock, which
// another write holds: a dataset load, most likely, which writes every
// record in one transaction. Running out of busy_timeout, or of the
// request's time, while waiting for it is then a clash with that write
// (ECONFLICT), which the client can retry, not the store being
// unavailable.
func locked(op string, err error) error {
	var fe *flow.Error
	if errors.As(wrap(op, err), &fe) && fe.Code == flow.EUNAVAILABLE {
		return &flow.Error{Code: flow.ECONFLICT, Message: op + ": another write, such as a dataset load, holds the database; nothing was written; try again", Err: err}
	}
	return wrap(op, err)
}

// current reads what record has id, and its dataset, inside the
// transaction, with the node itself when it is one.
func (w *writer) current(id string) (flow.Current, error) {
	const (
		query = `
SELECT dataset, lower(label) FROM nodes WHERE id = :id
UNION ALL SELECT dataset, 'flow' FROM flows WHERE id = :id
UNION ALL SELECT dataset, 'budget line' FROM budget_lines WHERE id = :id
UNION ALL SELECT dataset, 'link' FROM links WHERE id = :id
UNION ALL SELECT dataset, 'person' FROM people WHERE id = :id
UNION ALL SELECT dataset, 'fact' FROM facts WHERE id = :id
UNION ALL SELECT dataset, 'statement' FROM statements WHERE id = :id`
		node = `SELECT ` + nodeColumns + ` FROM nodes WHERE id = :id`
	)
	var c flow.Current
	err := w.tx.QueryRowContext(w.ctx, query, sql.Named("id", id)).Scan(&c.Dataset, &c.Kind)
	if err == sql.ErrNoRows {
		return flow.Current{}, nil
	} else if err != nil {
		return c, wrap("look up "+id, err)
	}
	if !oneOf(c.Kind, flow.NodeKinds) {
		return c, nil
	}
	dest, finish := scanNode()
	if err := w.tx.QueryRowContext(w.ctx, node, sql.Named("id", id)).Scan(dest...); err != nil {
		return c, wrap("read "+id, err)
	}
	if c.Node, _, err = finish(); err != nil {
		return c, wrap("read "+id, err)
	}
	return c, nil
}

func oneOf[T comparable](v T, all []T) bool {
	for _, a := range all {
		if v == a {
			return true
		}
	}
	return false
}

// ensureDataset records a dataset the first time a write puts a record in
// it (a load records its own dataset with its title).
func (w *writer) ensureDataset(id string) {
	const insert = `INSERT INTO datasets (id, title, loaded_at) VALUES (:id, :id, :at) ON CONFLICT (id) DO NOTHING`
	w.exec("record dataset "+id, insert, sql.Named("id", id), sql.Named("at", w.now().UTC().Format(time.RFC3339)))
}

// SaveNode writes the node decide returns, and its revision.
func (s *Store) SaveNode(ctx context.Context, id string, decide func(flow.Current) (flow.Node, flow.Revision, error)) error {
	return s.write(ctx, "save "+id, func(w *writer) error {
		cur, err := w.current(id)
		if err != nil {
			return err
		}
		n, rev, err := decide(cur)
		if err != nil {
			return err
		}
		w.ensureDataset(rowOf(n).dataset)
		w.node(n)
		w.revision(rev)
		return nil
	})
}

// RecordFlow writes the new flow decide returns, its citations and its
// revision.
func (s *Store) RecordFlow(ctx context.Context, id string, decide func(flow.Current) (*flow.Flow, flow.Revision, error)) error {
	return s.write(ctx, "record flow "+id, func(w *writer) error {
		cur, err := w.current(id)
		if err != nil {
			return err
		}
		f, rev, err := decide(cur)
		if err != nil {
			return err
		}
		if err := w.endsExist(f); err != nil {
			return err
		}
		w.ensureDataset(f.Dataset)
		w.flow(f, "")
		w.insertCitations(f.ID, f.Citations, f.Dataset)
		w.revision(rev)
		return nil
	})
}

// endsExist checks, inside the transaction, that both ends of a new flow
// are still there: the foreign keys are deferred to commit, where a
// vanished end would only show as a constraint failure.
func (w *writer) endsExist(f *flow.Flow) error {
	const query = `SELECT count(*) FROM nodes WHERE id IN (:from, :to)`
	var n int
	if err := w.tx.QueryRowContext(w.ctx, query, sql.Named("from", f.FromID), sql.Named("to", f.ToID)).Scan(&n); err != nil {
		return wrap("look up the ends of "+f.ID, err)
	}
	if want := map[bool]int{true: 1, false: 2}[f.FromID == f.ToID]; n != want {
		return flow.Errorf(flow.ENOTFOUND, "flow %s: an end no longer exists", f.ID)
	}
	return nil
}

// currentFlow reads one flow of a dataset's own kinds and its citations
// inside the transaction, or nil, so that a change sees the value it
// really replaces.
func (w *writer) currentFlow(id string) (*flow.Flow, error) {
	const (
		one   = `SELECT ` + flowColumns + ` FROM flows WHERE id = :id AND kind <> 'BUDGET_LINE'`
		cites = `SELECT source_id, quote, published FROM citations WHERE owner_id = :id ORDER BY position`
	)
	dest, finish := scanFlow(map[string]string{})()
	if err := w.tx.QueryRowContext(w.ctx, one, sql.Named("id", id)).Scan(dest...); err == sql.ErrNoRows {
		return nil, nil
	} else if err != nil {
		return nil, wrap("read flow "+id, err)
	}
	f, _, _ := finish()
	rows, err := w.tx.QueryContext(w.ctx, cites, sql.Named("id", id))
	if err != nil {
		return nil, wrap("read flow "+id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c flow.Citation
		if err := rows.Scan(&c.SourceID, &c.Quote, &c.Published); err != nil {
			return nil, wrap("read flow "+id, err)
		}
		f.Citations = append(f.Citations, c)
	}
	return f, wrap("read flow "+id, rows.Err())
}

// UpdateFlow rewrites a flow and its citations as decide returns them,
// with the revision.
func (s *Store) UpdateFlow(ctx context.Context, id string, decide func(*flow.Flow) (*flow.Flow, flow.Revision, error)) (*flow.Flow, error) {
	const clear = `DELETE FROM citations WHERE owner_id = :id`
	var out *flow.Flow
	err := s.write(ctx, "update flow "+id, func(w *writer) error {
		cur, err := w.currentFlow(id)
		if err != nil {
			return err
		}
		f, rev, err := decide(cur)
		if err != nil {
			return err
		}
		w.flow(f, "")
		w.exec("rewrite citations of "+id, clear, sql.Named("id", id))
		w.insertCitations(f.ID, f.Citations, f.Dataset)
		w.revision(rev)
		out = f
		return nil
	})
	return out, err
}

// revisionColumns is the column list revisions are read with, in
// readRevisions' order.
const revisionColumns = `record_id, action, at, by_name, reason, previous, amount, previous_status, status, changes`

// History returns the revisions of records, oldest first.
func (s *Store) History(ctx context.Context, ids []string) (map[string][]flow.Revision, error) {
	const query = `
SELECT ` + revisionColumns + `
FROM revisions WHERE record_id IN (SELECT value FROM json_each(:ids))
ORDER BY seq`
	if len(ids) == 0 {
		return map[string][]flow.Revision{}, nil
	}
	rows, err := s.db.QueryContext(ctx, query, sql.Named("ids", jsonList(ids)))
	if err != nil {
		return nil, wrap("load history", err)
	}
	return readRevisions(rows, "load history")
}

// readRevisions reads rows of revisionColumns, keyed by record, in row
// order, and closes them.
func readRevisions(rows *sql.Rows, op string) (map[string][]flow.Revision, error) {
	defer rows.Close()
	out := map[string][]flow.Revision{}
	for rows.Next() {
		var (
			r              flow.Revision
			previous, amnt sql.NullString
			changes        string
			err            error
		)
		if err := rows.Scan(&r.RecordID, &r.Action, &r.At, &r.By, &r.Reason, &previous, &amnt, &r.PreviousStatus, &r.Status, &changes); err != nil {
			return nil, wrap(op, err)
		}
		if r.Changes, err = changejson.Decode(changes); err != nil {
			return nil, wrap(op, err)
		}
		if r.Previous, err = moneyjson.Decode(previous.String); err != nil {
			return nil, wrap(op, err)
		}
		if r.Amount, err = moneyjson.Decode(amnt.String); err != nil {
			return nil, wrap(op, err)
		}
		out[r.RecordID] = append(out[r.RecordID], r)
	}
	return out, wrap(op, rows.Err())
}

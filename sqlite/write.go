package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/fundflow/fundflow/flow"
)

func encodeMoney(m *flow.Money) any {
	if m == nil {
		return nil
	}
	return flow.EncodeMoney(m)
}

func decodeMoney(s sql.NullString) (*flow.Money, error) { return flow.DecodeMoney(s.String) }

func (w *writer) revision(rev flow.Revision) {
	const insert = `
INSERT INTO revisions (record_id, action, at, by_name, reason, previous, amount, previous_status, status)
VALUES (:record, :action, :at, :by, :reason, :previous, :amount, :previous_status, :status)`
	w.exec("record revision", insert, sql.Named("record", rev.RecordID), sql.Named("action", string(rev.Action)),
		sql.Named("at", rev.At), sql.Named("by", rev.By), sql.Named("reason", rev.Reason),
		sql.Named("previous", encodeMoney(rev.Previous)), sql.Named("amount", encodeMoney(rev.Amount)),
		sql.Named("previous_status", string(rev.PreviousStatus)), sql.Named("status", string(rev.Status)))
}

// write runs fn in one transaction with a writer.
func (s *Store) write(ctx context.Context, op string, fn func(w *writer) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wrap(op, err)
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

// exists reports whether any record has id, which dataset owns it, and
// what kind of record it is ("fund", "flow", "budget line"...).
func (w *writer) exists(id string) (dataset, kind string, ok bool) {
	const query = `
SELECT dataset, lower(label) FROM nodes WHERE id = :id
UNION ALL SELECT dataset, 'flow' FROM flows WHERE id = :id
UNION ALL SELECT dataset, 'budget line' FROM budget_lines WHERE id = :id`
	err := w.tx.QueryRowContext(w.ctx, query, sql.Named("id", id)).Scan(&dataset, &kind)
	if err == sql.ErrNoRows {
		return "", "", false
	}
	if err != nil && w.err == nil {
		w.err = wrap("look up "+id, err)
	}
	return dataset, kind, err == nil
}

func (w *writer) ensureAPIDataset() {
	const upsert = `INSERT INTO datasets (id, title, loaded_at) VALUES (:id, 'Records written through the API', :at)
ON CONFLICT (id) DO NOTHING`
	w.exec("record the api dataset", upsert, sql.Named("id", flow.APIDataset), sql.Named("at", w.now().UTC().Format(time.RFC3339)))
}

// SaveNode creates or updates a node and records the revision.
func (s *Store) SaveNode(ctx context.Context, n flow.Node, rev flow.Revision) error {
	return s.write(ctx, "save "+n.NodeID(), func(w *writer) error {
		owner, kind, ok := w.exists(n.NodeID())
		if err := flow.CheckSave(n, rev.Action, kind, ok); err != nil {
			return err
		}
		if !ok {
			owner = flow.APIDataset
			w.ensureAPIDataset()
		}
		switch n := n.(type) {
		case *flow.Fund:
			w.node("Fund", n.ID, n.Name, n.Aliases, n.Description, "", "", nil, owner, nil)
		case *flow.Programme:
			w.node("Programme", n.ID, n.Name, n.Aliases, n.Description, n.FundID, "", nil, owner, nil)
		case *flow.Organisation:
			w.node("Organisation", n.ID, n.Name, n.Aliases, n.Description, "", n.Kind, nil, owner, nil)
		case *flow.Source:
			w.node("Source", n.ID, n.Title, nil, "", "", "", n.Notes, owner, n)
		}
		w.revision(rev)
		return nil
	})
}

// RecordFlow writes a new flow with its citations and the revision.
func (s *Store) RecordFlow(ctx context.Context, f *flow.Flow, rev flow.Revision) error {
	return s.write(ctx, "record flow "+f.ID, func(w *writer) error {
		if _, _, ok := w.exists(f.ID); ok {
			return flow.Errorf(flow.ECONFLICT, "id %s is already in use", f.ID)
		}
		w.ensureAPIDataset()
		f.Dataset = flow.APIDataset
		w.flow(f, "")
		w.addCitations(f.ID, 0, f.Citations, f.Dataset)
		w.revision(rev)
		return nil
	})
}

// addCitations appends citations to an owner from position from.
func (w *writer) addCitations(owner string, from int, cs []flow.Citation, dataset string) {
	const insert = `INSERT INTO citations (owner_id, position, source_id, quote, published, dataset) VALUES (?, ?, ?, ?, ?, ?)`
	for i, c := range cs {
		w.exec("write citation of "+owner, insert, owner, from+i, c.SourceID, c.Quote, string(c.Published), dataset)
	}
}

// currentFlow reads one flow and its citations inside the transaction, so
// that a correction's "previous" is the value it really replaced.
func (w *writer) currentFlow(id string) (*flow.Flow, error) {
	const (
		one   = `SELECT ` + flowColumns + ` FROM flows WHERE id = :id AND kind <> 'BUDGET_LINE'`
		cites = `SELECT source_id, quote, published FROM citations WHERE owner_id = :id ORDER BY position`
	)
	lines := map[string]string{}
	dest, finish := scanFlow(lines)()
	if err := w.tx.QueryRowContext(w.ctx, one, sql.Named("id", id)).Scan(dest...); err == sql.ErrNoRows {
		return nil, flow.Errorf(flow.ENOTFOUND, "no flow has id %s", id)
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

// CorrectFlow replaces a flow's amount and records the previous one.
func (s *Store) CorrectFlow(ctx context.Context, id string, amount flow.Money, cites []flow.Citation, rev flow.Revision) (*flow.Flow, error) {
	var f *flow.Flow
	err := s.write(ctx, "correct flow "+id, func(w *writer) error {
		var err error
		if f, err = w.currentFlow(id); err != nil {
			return err
		}
		prev := f.Amount
		f.Amount = amount
		for _, c := range cites {
			if f.KnownFrom == "" || (c.Published != "" && c.Published < f.KnownFrom) {
				f.KnownFrom = c.Published
			}
		}
		rev.Previous, rev.Amount, rev.PreviousStatus, rev.Status = &prev, &amount, f.Status, f.Status
		w.flow(f, "")
		w.addCitations(f.ID, len(f.Citations), cites, f.Dataset)
		w.revision(rev)
		f.Citations = append(f.Citations, cites...)
		return nil
	})
	return f, err
}

// RetractFlow marks a flow RETRACTED and records why.
func (s *Store) RetractFlow(ctx context.Context, id string, rev flow.Revision) (*flow.Flow, error) {
	var f *flow.Flow
	err := s.write(ctx, "retract flow "+id, func(w *writer) error {
		var err error
		if f, err = w.currentFlow(id); err != nil {
			return err
		}
		if f.Status == flow.Retracted {
			return flow.Errorf(flow.ECONFLICT, "flow %s is already retracted", id)
		}
		rev.PreviousStatus, rev.Status, rev.Previous, rev.Amount = f.Status, flow.Retracted, &f.Amount, &f.Amount
		f.Status = flow.Retracted
		w.flow(f, "")
		w.revision(rev)
		return nil
	})
	return f, err
}

// History returns the revisions of records, oldest first.
func (s *Store) History(ctx context.Context, ids []string) (map[string][]flow.Revision, error) {
	const query = `
SELECT record_id, action, at, by_name, reason, previous, amount, previous_status, status
FROM revisions WHERE record_id IN (SELECT value FROM json_each(:ids))
ORDER BY seq`
	out := map[string][]flow.Revision{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, query, sql.Named("ids", jsonList(ids)))
	if err != nil {
		return nil, wrap("load history", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			r              flow.Revision
			previous, amnt sql.NullString
		)
		if err := rows.Scan(&r.RecordID, &r.Action, &r.At, &r.By, &r.Reason, &previous, &amnt, &r.PreviousStatus, &r.Status); err != nil {
			return nil, wrap("load history", err)
		}
		if r.Previous, err = decodeMoney(previous); err != nil {
			return nil, wrap("load history", err)
		}
		if r.Amount, err = decodeMoney(amnt); err != nil {
			return nil, wrap("load history", err)
		}
		out[r.RecordID] = append(out[r.RecordID], r)
	}
	return out, wrap("load history", rows.Err())
}

package neo4j

import (
	"context"
	"fmt"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
)

var (
	ownerStatement = statement("write-owner", `
MATCH (n:Node {id: $id})
RETURN n.dataset AS dataset, [l IN labels(n) WHERE l <> 'Node'][0] AS kind
UNION ALL
MATCH (b:BudgetLine {id: $id}) RETURN b.dataset AS dataset, 'BudgetLine' AS kind
UNION ALL
MATCH (:Node)-[r:`+flowPattern+`]->(:Node) WHERE r.id = $id RETURN r.dataset AS dataset, 'Flow' AS kind`,
		map[string]any{"id": ""})

	// writeLockStatement serialises writes with loads on the Lock node and
	// hands out the next revision number from it, so revisions are ordered
	// by commit, not by clocks.
	writeLockStatement = statement("write-lock", `
MERGE (l:Lock {id: 'load'})
SET l.revisionSeq = coalesce(l.revisionSeq, 0) + 1
RETURN l.revisionSeq AS seq`, nil)

	apiDatasetStatement = statement("write-api-dataset", `
MERGE (d:Dataset {id: $dataset})
ON CREATE SET d.title = $title, d.loadedAt = $loadedAt, d.formatVersion = $formatVersion`,
		map[string]any{"dataset": "", "title": "", "loadedAt": "", "formatVersion": int64(0)})

	currentFlowStatement = statement("write-current-flow", `
MATCH (a:Node)-[r:`+edgePattern+`]->(b:Node) WHERE r.id = $id
RETURN r, a.id AS from, b.id AS to`,
		map[string]any{"id": ""})

	revisionStatement = statement("write-revision", `
CREATE (v:Revision)
SET v = $revision`,
		map[string]any{"revision": map[string]any{}})

	historyStatement = statement("history", `
MATCH (v:Revision) WHERE v.recordId IN $ids
RETURN v ORDER BY v.seq`,
		map[string]any{"ids": []string{}})
)

// revisionRow is a revision's properties; dataset is the record's, so that
// deleting a dataset deletes its history.
func revisionRow(rev flow.Revision, seq int64, dataset string) map[string]any {
	return map[string]any{"id": fmt.Sprintf("%s@%d", rev.RecordID, seq), "seq": seq, "recordId": rev.RecordID, "dataset": dataset,
		"action": string(rev.Action), "at": rev.At, "by": rev.By, "reason": rev.Reason,
		"previous": flow.EncodeMoney(rev.Previous), "amount": flow.EncodeMoney(rev.Amount),
		"previousStatus": string(rev.PreviousStatus), "status": string(rev.Status)}
}

// change is one write transaction: the revision number it was given, and
// what already has the record's id.
type change struct {
	seq     int64
	owner   string
	kind    string // "fund", "programme"..., "budget line", "flow"
	exists  bool
	dataset string // the dataset the record belongs to after the write
}

var kindNames = map[string]string{labelFund: "fund", labelProgramme: "programme", labelOrganisation: "organisation",
	labelSource: "source", labelBudgetLine: "budget line", "Flow": "flow"}

// writeTx runs work in one write transaction, after taking the write lock.
func (s *Store) writeTx(ctx context.Context, id string, work func(tx driver.ManagedTransaction, c *change) error) error {
	return s.write(ctx, func(tx driver.ManagedTransaction) error {
		recs, err := run(ctx, tx, call{writeLockStatement, map[string]any{}})
		if err != nil {
			return err
		}
		c := &change{}
		if c.seq, err = value[int64](recs[0].AsMap(), "seq"); err != nil {
			return err
		}
		if recs, err = run(ctx, tx, call{ownerStatement, map[string]any{"id": id}}); err != nil {
			return err
		}
		if len(recs) > 0 {
			m := recs[0].AsMap()
			c.owner, _ = m["dataset"].(string)
			label, _ := m["kind"].(string)
			c.kind, c.exists = kindNames[label], true
		}
		c.dataset = c.owner
		return work(tx, c)
	})
}

func (s *Store) recordRevision(ctx context.Context, tx driver.ManagedTransaction, rev flow.Revision, c *change) error {
	_, err := run(ctx, tx, call{revisionStatement, map[string]any{"revision": revisionRow(rev, c.seq, c.dataset)}})
	return err
}

func (s *Store) ensureAPIDataset(ctx context.Context, tx driver.ManagedTransaction) error {
	_, err := run(ctx, tx, call{apiDatasetStatement, map[string]any{"dataset": flow.APIDataset,
		"title": "Records written through the API", "loadedAt": s.now().UTC().Format(time.RFC3339), "formatVersion": int64(FormatVersion)}})
	return err
}

// SaveNode creates or updates a node and records the revision.
func (s *Store) SaveNode(ctx context.Context, n flow.Node, rev flow.Revision) error {
	err := s.writeTx(ctx, n.NodeID(), func(tx driver.ManagedTransaction, ch *change) error {
		if err := flow.CheckSave(n, rev.Action, ch.kind, ch.exists); err != nil {
			return err
		}
		owner := ch.owner
		if !ch.exists {
			owner, ch.dataset = flow.APIDataset, flow.APIDataset
			if err := s.ensureAPIDataset(ctx, tx); err != nil {
				return err
			}
		}
		label, row := nodeRow(n)
		row["dataset"] = owner
		if _, err := run(ctx, tx, call{mergeNodes[label], map[string]any{"rows": []any{row}}}); err != nil {
			return err
		}
		if p, ok := n.(*flow.Programme); ok {
			if _, err := run(ctx, tx, call{partOfStatement, map[string]any{"rows": []any{map[string]any{"id": p.ID, "fundId": nullable(p.FundID)}}}}); err != nil {
				return err
			}
		}
		return s.recordRevision(ctx, tx, rev, ch)
	})
	return internal("save "+n.NodeID(), err)
}

// RecordFlow writes a new flow and the revision.
func (s *Store) RecordFlow(ctx context.Context, f *flow.Flow, rev flow.Revision) error {
	err := s.writeTx(ctx, f.ID, func(tx driver.ManagedTransaction, ch *change) error {
		if ch.exists {
			return flow.Errorf(flow.ECONFLICT, "id %s is already in use by a %s", f.ID, ch.kind)
		}
		if err := s.ensureAPIDataset(ctx, tx); err != nil {
			return err
		}
		f.Dataset, ch.dataset = flow.APIDataset, flow.APIDataset
		if _, err := run(ctx, tx, call{mergeFlows[flowTypes[string(f.Kind)]], map[string]any{"rows": []any{flowRow(f)}}}); err != nil {
			return err
		}
		// The merge matches both ends first: if one vanished since the
		// write was checked, nothing was written and the write must fail.
		if _, err := currentFlow(ctx, tx, f.ID); err != nil {
			return flow.Errorf(flow.ENOTFOUND, "flow %s: an end no longer exists", f.ID)
		}
		return s.recordRevision(ctx, tx, rev, ch)
	})
	return internal("record flow "+f.ID, err)
}

// currentFlow reads a flow inside the transaction.
func currentFlow(ctx context.Context, tx driver.ManagedTransaction, id string) (*flow.Flow, error) {
	recs, err := run(ctx, tx, call{currentFlowStatement, map[string]any{"id": id}})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, flow.Errorf(flow.ENOTFOUND, "no flow has id %s", id)
	}
	m := recs[0].AsMap()
	rel, err := value[dbtype.Relationship](m, "r")
	if err != nil {
		return nil, err
	}
	return toFlow(rel, fmt.Sprint(m["from"]), fmt.Sprint(m["to"]))
}

// rewrite writes a changed flow back and records the revision.
func (s *Store) rewrite(ctx context.Context, tx driver.ManagedTransaction, f *flow.Flow, rev flow.Revision, ch *change) error {
	if _, err := run(ctx, tx, call{mergeFlows[flowTypes[string(f.Kind)]], map[string]any{"rows": []any{flowRow(f)}}}); err != nil {
		return err
	}
	return s.recordRevision(ctx, tx, rev, ch)
}

// CorrectFlow replaces a flow's amount and records the previous one.
func (s *Store) CorrectFlow(ctx context.Context, id string, amount flow.Money, cites []flow.Citation, rev flow.Revision) (*flow.Flow, error) {
	var out *flow.Flow
	err := s.writeTx(ctx, id, func(tx driver.ManagedTransaction, ch *change) error {
		f, err := currentFlow(ctx, tx, id)
		if err != nil {
			return err
		}
		prev := f.Amount
		f.Amount = amount
		f.Citations = append(f.Citations, cites...)
		for _, c := range cites {
			if c.Published != "" && (f.KnownFrom == "" || c.Published < f.KnownFrom) {
				f.KnownFrom = c.Published
			}
		}
		r := rev
		r.Previous, r.Amount, r.PreviousStatus, r.Status = &prev, &amount, f.Status, f.Status
		out = f
		return s.rewrite(ctx, tx, f, r, ch)
	})
	if err != nil {
		return nil, internal("correct flow "+id, err)
	}
	return out, nil
}

// RetractFlow marks a flow RETRACTED and records why.
func (s *Store) RetractFlow(ctx context.Context, id string, rev flow.Revision) (*flow.Flow, error) {
	var out *flow.Flow
	err := s.writeTx(ctx, id, func(tx driver.ManagedTransaction, ch *change) error {
		f, err := currentFlow(ctx, tx, id)
		if err != nil {
			return err
		}
		if f.Status == flow.Retracted {
			return flow.Errorf(flow.ECONFLICT, "flow %s is already retracted", id)
		}
		r := rev
		r.PreviousStatus, r.Status, r.Previous, r.Amount = f.Status, flow.Retracted, &f.Amount, &f.Amount
		f.Status = flow.Retracted
		out = f
		return s.rewrite(ctx, tx, f, r, ch)
	})
	if err != nil {
		return nil, internal("retract flow "+id, err)
	}
	return out, nil
}

// History returns the revisions of records, oldest first.
func (s *Store) History(ctx context.Context, ids []string) (map[string][]flow.Revision, error) {
	out := map[string][]flow.Revision{}
	if len(ids) == 0 {
		return out, nil
	}
	err := s.read(ctx, func(tx driver.ManagedTransaction) error {
		out = map[string][]flow.Revision{}
		recs, err := run(ctx, tx, call{historyStatement, map[string]any{"ids": ids}})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			n, err := value[dbtype.Node](rec.AsMap(), "v")
			if err != nil {
				return err
			}
			r, err := toRevision(n)
			if err != nil {
				return err
			}
			out[r.RecordID] = append(out[r.RecordID], r)
		}
		return nil
	})
	if err != nil {
		return nil, internal("load history", err)
	}
	return out, nil
}

// toRevision maps a Revision node.
func toRevision(n dbtype.Node) (flow.Revision, error) {
	p := &props{what: "revision " + fmt.Sprint(n.Props["id"]), m: n.Props}
	r := flow.Revision{RecordID: p.str("recordId"), Action: flow.Action(p.str("action")), At: p.str("at"), By: p.str("by"),
		Reason: p.str("reason"), PreviousStatus: flow.Status(p.str("previousStatus")), Status: flow.Status(p.str("status"))}
	var err error
	if r.Previous, err = flow.DecodeMoney(p.str("previous")); err != nil {
		return r, err
	}
	if r.Amount, err = flow.DecodeMoney(p.str("amount")); err != nil {
		return r, err
	}
	return r, p.err
}

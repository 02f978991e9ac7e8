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
MATCH (n:Node {id: $id}) RETURN n.dataset AS dataset
UNION ALL
MATCH (b:BudgetLine {id: $id}) RETURN b.dataset AS dataset
UNION ALL
MATCH (:Node)-[r:`+flowPattern+`]->(:Node) WHERE r.id = $id RETURN r.dataset AS dataset`,
		map[string]any{"id": ""})

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

// revisionRow is a revision's properties.
func revisionRow(rev flow.Revision, seq int64) map[string]any {
	return map[string]any{"id": fmt.Sprintf("%s@%d", rev.RecordID, seq), "seq": seq, "recordId": rev.RecordID,
		"action": string(rev.Action), "at": rev.At, "by": rev.By, "reason": rev.Reason,
		"previous": flow.EncodeMoney(rev.Previous), "amount": flow.EncodeMoney(rev.Amount),
		"previousStatus": string(rev.PreviousStatus), "status": string(rev.Status)}
}

// writeTx runs work in one write transaction with the record's owner.
func (s *Store) writeTx(ctx context.Context, id string, work func(tx driver.ManagedTransaction, owner string, exists bool) error) error {
	return s.write(ctx, func(tx driver.ManagedTransaction) error {
		if _, err := run(ctx, tx, call{lockStatement, map[string]any{"loadedAt": s.now().UTC().Format(time.RFC3339)}}); err != nil {
			return err
		}
		recs, err := run(ctx, tx, call{ownerStatement, map[string]any{"id": id}})
		if err != nil {
			return err
		}
		owner := ""
		if len(recs) > 0 {
			owner, _ = recs[0].AsMap()["dataset"].(string)
		}
		return work(tx, owner, len(recs) > 0)
	})
}

func (s *Store) recordRevision(ctx context.Context, tx driver.ManagedTransaction, rev flow.Revision) error {
	_, err := run(ctx, tx, call{revisionStatement, map[string]any{"revision": revisionRow(rev, s.now().UnixNano())}})
	return err
}

func (s *Store) ensureAPIDataset(ctx context.Context, tx driver.ManagedTransaction) error {
	_, err := run(ctx, tx, call{datasetStatement, map[string]any{"dataset": flow.APIDataset,
		"title": "Records written through the API", "loadedAt": s.now().UTC().Format(time.RFC3339), "formatVersion": int64(FormatVersion)}})
	return err
}

// SaveNode creates or updates a node and records the revision.
func (s *Store) SaveNode(ctx context.Context, n flow.Node, rev flow.Revision) error {
	err := s.writeTx(ctx, n.NodeID(), func(tx driver.ManagedTransaction, owner string, exists bool) error {
		switch {
		case rev.Action == flow.Created && exists:
			return flow.Errorf(flow.ECONFLICT, "id %s is already in use", n.NodeID())
		case rev.Action != flow.Created && !exists:
			return flow.Errorf(flow.ENOTFOUND, "no record has id %s", n.NodeID())
		case !exists:
			owner = flow.APIDataset
			if err := s.ensureAPIDataset(ctx, tx); err != nil {
				return err
			}
		}
		var (
			label string
			row   map[string]any
		)
		switch n := n.(type) {
		case *flow.Fund:
			c := *n
			c.Dataset = owner
			label, row = labelFund, fundRow(&c)
		case *flow.Programme:
			c := *n
			c.Dataset = owner
			label, row = labelProgramme, programmeRow(&c)
		case *flow.Organisation:
			c := *n
			c.Dataset = owner
			label, row = labelOrganisation, organisationRow(&c)
		case *flow.Source:
			c := *n
			c.Dataset = owner
			label, row = labelSource, sourceRow(&c)
		}
		if _, err := run(ctx, tx, call{mergeNodes[label], map[string]any{"rows": []any{row}}}); err != nil {
			return err
		}
		if p, ok := n.(*flow.Programme); ok {
			if _, err := run(ctx, tx, call{partOfStatement, map[string]any{"rows": []any{map[string]any{"id": p.ID, "fundId": nullable(p.FundID)}}}}); err != nil {
				return err
			}
		}
		return s.recordRevision(ctx, tx, rev)
	})
	return internal("save "+n.NodeID(), err)
}

// RecordFlow writes a new flow and the revision.
func (s *Store) RecordFlow(ctx context.Context, f *flow.Flow, rev flow.Revision) error {
	err := s.writeTx(ctx, f.ID, func(tx driver.ManagedTransaction, _ string, exists bool) error {
		if exists {
			return flow.Errorf(flow.ECONFLICT, "id %s is already in use", f.ID)
		}
		if err := s.ensureAPIDataset(ctx, tx); err != nil {
			return err
		}
		f.Dataset = flow.APIDataset
		if _, err := run(ctx, tx, call{mergeFlows[flowTypes[string(f.Kind)]], map[string]any{"rows": []any{flowRow(f)}}}); err != nil {
			return err
		}
		return s.recordRevision(ctx, tx, rev)
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
func (s *Store) rewrite(ctx context.Context, tx driver.ManagedTransaction, f *flow.Flow, rev flow.Revision) error {
	if _, err := run(ctx, tx, call{mergeFlows[flowTypes[string(f.Kind)]], map[string]any{"rows": []any{flowRow(f)}}}); err != nil {
		return err
	}
	return s.recordRevision(ctx, tx, rev)
}

// CorrectFlow replaces a flow's amount and records the previous one.
func (s *Store) CorrectFlow(ctx context.Context, id string, amount flow.Money, cites []flow.Citation, rev flow.Revision) (*flow.Flow, error) {
	var out *flow.Flow
	err := s.writeTx(ctx, id, func(tx driver.ManagedTransaction, _ string, _ bool) error {
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
		return s.rewrite(ctx, tx, f, r)
	})
	if err != nil {
		return nil, internal("correct flow "+id, err)
	}
	return out, nil
}

// RetractFlow marks a flow RETRACTED and records why.
func (s *Store) RetractFlow(ctx context.Context, id string, rev flow.Revision) (*flow.Flow, error) {
	var out *flow.Flow
	err := s.writeTx(ctx, id, func(tx driver.ManagedTransaction, _ string, _ bool) error {
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
		return s.rewrite(ctx, tx, f, r)
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

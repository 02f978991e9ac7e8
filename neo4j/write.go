package neo4j

import (
	"context"
	"fmt"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/changejson"
	"github.com/fundflow/fundflow/internal/moneyjson"
)

var (
	// ownerStatement reads what has an id, and the node itself when it is
	// one, so that an update sees every value it replaces.
	ownerStatement = statement("write-owner", `
MATCH (n:Node {id: $id})
RETURN n.dataset AS dataset, [l IN labels(n) WHERE l <> 'Node'][0] AS kind, n AS node
UNION ALL
MATCH (b:BudgetLine {id: $id}) RETURN b.dataset AS dataset, 'BudgetLine' AS kind, null AS node
UNION ALL
MATCH (f:Fact {id: $id}) RETURN f.dataset AS dataset, 'Fact' AS kind, null AS node
UNION ALL
MATCH (s:Statement {id: $id}) RETURN s.dataset AS dataset, 'Statement' AS kind, null AS node
UNION ALL
MATCH (:Node)-[r:`+flowPattern+`]->(:Node) WHERE r.id = $id RETURN r.dataset AS dataset, 'Flow' AS kind, null AS node
UNION ALL
MATCH (l:Link {id: $id}) RETURN l.dataset AS dataset, 'Link' AS kind, null AS node`,
		map[string]any{"id": ""})

	// writeLockStatement serialises writes with loads on the Lock node,
	// raises the generation and hands out the next revision number from
	// it, so revisions are ordered by commit, not by clocks.
	writeLockStatement = statement("write-lock", `
MERGE (l:Lock {id: 'load'})
SET l.revisionSeq = coalesce(l.revisionSeq, 0) + 1, l.generation = coalesce(l.generation, 0) + 1
RETURN l.revisionSeq AS seq`, nil)

	ensureDatasetStatement = statement("write-dataset", `
MERGE (d:Dataset {id: $dataset})
ON CREATE SET d.title = $dataset, d.loadedAt = $loadedAt, d.formatVersion = $formatVersion`,
		map[string]any{"dataset": "", "loadedAt": "", "formatVersion": int64(0)})

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
		"previous": moneyjson.Encode(rev.Previous), "amount": moneyjson.Encode(rev.Amount),
		"previousStatus": string(rev.PreviousStatus), "status": string(rev.Status),
		"changes": changejson.Encode(rev.Changes)}
}

// kindNames maps the label the owner statement returns to the kind of
// record.
var kindNames = map[string]flow.RecordKind{labelFund: flow.KindFund, labelProgramme: flow.KindProgramme,
	labelOrganisation: flow.KindOrganisation, labelSource: flow.KindSource, labelBudgetLine: flow.KindBudgetLine, "Flow": flow.KindFlow,
	labelLink: flow.KindLink, labelPerson: flow.KindPerson, labelFact: flow.KindFact, labelStatement: flow.KindStatement}

// writeTx runs work in one write transaction, after taking the write lock,
// which also hands out the revision's number.
func (s *Store) writeTx(ctx context.Context, work func(tx driver.ManagedTransaction, seq int64) error) error {
	return s.write(ctx, func(tx driver.ManagedTransaction) error {
		recs, err := run(ctx, tx, call{writeLockStatement, map[string]any{}})
		if err != nil {
			return err
		}
		seq, err := value[int64](recs[0].AsMap(), "seq")
		if err != nil {
			return err
		}
		return work(tx, seq)
	})
}

// current reads what record has id, its dataset and the node itself when
// it is one, inside tx.
func current(ctx context.Context, tx driver.ManagedTransaction, id string) (flow.Current, error) {
	recs, err := run(ctx, tx, call{ownerStatement, map[string]any{"id": id}})
	if err != nil || len(recs) == 0 {
		return flow.Current{}, err
	}
	return currentOf(recs[0].AsMap())
}

// currentOf maps a row of the owner statement.
func currentOf(m map[string]any) (flow.Current, error) {
	dataset, err := value[string](m, "dataset")
	if err != nil {
		return flow.Current{}, err
	}
	label, err := value[string](m, "kind")
	if err != nil {
		return flow.Current{}, err
	}
	c := flow.Current{Kind: kindNames[label], Dataset: dataset}
	if m["node"] == nil {
		return c, nil
	}
	n, err := value[dbtype.Node](m, "node")
	if err != nil {
		return c, err
	}
	c.Node, err = toNode(n)
	return c, err
}

// recordRevision writes rev, numbered seq, in the record's dataset.
func recordRevision(ctx context.Context, tx driver.ManagedTransaction, rev flow.Revision, seq int64, dataset string) error {
	_, err := run(ctx, tx, call{revisionStatement, map[string]any{"revision": revisionRow(rev, seq, dataset)}})
	return err
}

// ensureDataset records a dataset the first time a write puts a record in
// it (a load records its own dataset with its title).
func (s *Store) ensureDataset(ctx context.Context, tx driver.ManagedTransaction, id string) error {
	_, err := run(ctx, tx, call{ensureDatasetStatement, map[string]any{"dataset": id,
		"loadedAt": s.now().UTC().Format(time.RFC3339), "formatVersion": int64(FormatVersion)}})
	return err
}

// SaveNode writes the node decide returns, and its revision.
func (s *Store) SaveNode(ctx context.Context, id string, decide func(flow.Current) (flow.Node, flow.Revision, error)) error {
	err := s.writeTx(ctx, func(tx driver.ManagedTransaction, seq int64) error {
		cur, err := current(ctx, tx, id)
		if err != nil {
			return err
		}
		n, rev, err := decide(cur)
		if err != nil {
			return err
		}
		label, row := nodeRow(n)
		if err := s.ensureDataset(ctx, tx, row["dataset"].(string)); err != nil {
			return err
		}
		if _, err := run(ctx, tx, call{mergeNodes[label], map[string]any{"rows": []any{row}}}); err != nil {
			return err
		}
		if p, ok := n.(*flow.Programme); ok {
			if _, err := run(ctx, tx, call{partOfStatement, map[string]any{"rows": []any{partOfRow(p)}}}); err != nil {
				return err
			}
		}
		return recordRevision(ctx, tx, rev, seq, row["dataset"].(string))
	})
	return internal("save "+id, err)
}

// RecordFlow writes the new flow decide returns, and its revision.
func (s *Store) RecordFlow(ctx context.Context, id string, decide func(flow.Current) (*flow.Flow, flow.Revision, error)) error {
	err := s.writeTx(ctx, func(tx driver.ManagedTransaction, seq int64) error {
		cur, err := current(ctx, tx, id)
		if err != nil {
			return err
		}
		f, rev, err := decide(cur)
		if err != nil {
			return err
		}
		if err := s.ensureDataset(ctx, tx, f.Dataset); err != nil {
			return err
		}
		if _, err := run(ctx, tx, call{mergeFlows[flowTypes[f.Kind]], map[string]any{"rows": []any{flowRow(f)}}}); err != nil {
			return err
		}
		// The merge matches both ends first: if one vanished since the
		// write was checked, nothing was written and the write must fail.
		if written, err := currentFlow(ctx, tx, f.ID); err != nil {
			return err
		} else if written == nil {
			return flow.Errorf(flow.ENOTFOUND, "flow %s: an end no longer exists", f.ID)
		}
		return recordRevision(ctx, tx, rev, seq, f.Dataset)
	})
	return internal("record flow "+id, err)
}

// currentFlow reads a flow of a dataset's own kinds inside the
// transaction, or nil.
func currentFlow(ctx context.Context, tx driver.ManagedTransaction, id string) (*flow.Flow, error) {
	recs, err := run(ctx, tx, call{currentFlowStatement, map[string]any{"id": id}})
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	m := recs[0].AsMap()
	rel, err := value[dbtype.Relationship](m, "r")
	if err != nil {
		return nil, err
	}
	return toFlow(rel, fmt.Sprint(m["from"]), fmt.Sprint(m["to"]))
}

// UpdateFlow rewrites a flow as decide returns it, with the revision.
func (s *Store) UpdateFlow(ctx context.Context, id string, decide func(*flow.Flow) (*flow.Flow, flow.Revision, error)) (*flow.Flow, error) {
	var out *flow.Flow
	err := s.writeTx(ctx, func(tx driver.ManagedTransaction, seq int64) error {
		cur, err := currentFlow(ctx, tx, id)
		if err != nil {
			return err
		}
		f, rev, err := decide(cur)
		if err != nil {
			return err
		}
		if _, err := run(ctx, tx, call{mergeFlows[flowTypes[f.Kind]], map[string]any{"rows": []any{flowRow(f)}}}); err != nil {
			return err
		}
		out = f
		return recordRevision(ctx, tx, rev, seq, f.Dataset)
	})
	if err != nil {
		return nil, internal("update flow "+id, err)
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
	if r.Changes, err = changejson.Decode(p.str("changes")); err != nil {
		return r, err
	}
	if r.Previous, err = moneyjson.Decode(p.str("previous")); err != nil {
		return r, err
	}
	if r.Amount, err = moneyjson.Decode(p.str("amount")); err != nil {
		return r, err
	}
	return r, p.err
}

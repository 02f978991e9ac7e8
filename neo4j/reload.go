package neo4j

import (
	"context"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
)

// What a load reads, under the lock and before writing, for the service
// to plan it (flow.LoadState), and how it writes the plan's revisions.
var (
	staleIDsStatement = statement("load-stale-ids", `
MATCH (n:Node) WHERE n.dataset = $dataset AND NOT n.id IN $ids
RETURN n.id AS id
UNION
MATCH (b:BudgetLine) WHERE b.dataset = $dataset AND NOT b.id IN $ids
RETURN b.id AS id
UNION
MATCH (:Node)-[r:`+edgePattern+`]->(:Node) WHERE r.dataset = $dataset AND NOT r.id IN $ids
RETURN r.id AS id`,
		map[string]any{"dataset": "", "ids": []string{}})

	// What other datasets' records refer to among the ids the load would
	// remove. Deleting a stale node's retired record takes every
	// relationship still attached to it, other datasets' flows and the
	// structure of their budget lines, people, facts and statements
	// included (the switch moves them only onto records the new version
	// holds), so the service refuses such a load with CONFLICT naming them
	// (ledger's dangling), before anything is staged.
	// Citations are read from every kind of record that has them, as the
	// embedded store's citations table holds them all.
	dependentsStatement = statement("load-dependents", `
MATCH (a:Node)-[r:`+edgePattern+`]->(:Node) WHERE a.id IN $stale AND r.dataset <> $dataset
RETURN r.id AS id, r.dataset AS dataset, 'from' AS field, a.id AS target
UNION ALL
MATCH (:Node)-[r:`+edgePattern+`]->(b:Node) WHERE b.id IN $stale AND r.dataset <> $dataset
RETURN r.id AS id, r.dataset AS dataset, 'to' AS field, b.id AS target
UNION ALL
MATCH (:Node)-[r:`+edgePattern+`]->(:Node) WHERE r.dataset <> $dataset
UNWIND r.citationSources AS source
WITH r, source WHERE source IN $stale
RETURN r.id AS id, r.dataset AS dataset, 'citations.source' AS field, source AS target
UNION ALL
MATCH (n:BudgetLine|Link|Fact|Statement) WHERE n.dataset <> $dataset
UNWIND coalesce(n.citationSources, []) AS source
WITH n, source WHERE source IN $stale
RETURN n.id AS id, n.dataset AS dataset, 'citations.source' AS field, source AS target
UNION ALL
MATCH (p:Programme) WHERE p.fundId IN $stale AND p.dataset <> $dataset
RETURN p.id AS id, p.dataset AS dataset, 'fund' AS field, p.fundId AS target
UNION ALL
MATCH (b:BudgetLine) WHERE b.programmeId IN $stale AND b.dataset <> $dataset
RETURN b.id AS id, b.dataset AS dataset, 'programme' AS field, b.programmeId AS target
UNION ALL
MATCH (p:Person) WHERE p.organisationId IN $stale AND p.dataset <> $dataset
RETURN p.id AS id, p.dataset AS dataset, 'organisation' AS field, p.organisationId AS target
UNION ALL
MATCH (f:Fact) WHERE f.subjectId IN $stale AND f.dataset <> $dataset
RETURN f.id AS id, f.dataset AS dataset, 'subject' AS field, f.subjectId AS target
UNION ALL
MATCH (s:Statement) WHERE s.personId IN $stale AND s.dataset <> $dataset
RETURN s.id AS id, s.dataset AS dataset, 'person' AS field, s.personId AS target
UNION ALL
MATCH (s:Statement) WHERE s.dataset <> $dataset
UNWIND coalesce(s.aboutIds, []) AS about
WITH s, about WHERE about IN $stale
RETURN s.id AS id, s.dataset AS dataset, 'about' AS field, about AS target`,
		map[string]any{"dataset": "", "stale": []string{}})

	// A revision carries its record's dataset, so the dataset's history
	// is one match; records that no longer exist are dropped in Go.
	datasetHistoryStatement = statement("load-revisions", `
MATCH (v:Revision) WHERE v.dataset = $dataset
RETURN v ORDER BY v.seq`,
		map[string]any{"dataset": ""})

	revisedNodesStatement = statement("load-revised-nodes", `
MATCH (n:Node) WHERE n.id IN $ids AND n.dataset = $dataset
RETURN n`,
		map[string]any{"ids": []string{}, "dataset": ""})

	revisedFlowsStatement = statement("load-revised-flows", `
MATCH (a:Node)-[r:`+edgePattern+`]->(b:Node) WHERE r.id IN $ids AND r.dataset = $dataset
RETURN r, a.id AS from, b.id AS to`,
		map[string]any{"ids": []string{}, "dataset": ""})

	// revisionSeqsStatement hands out count revision numbers at once from
	// the Lock node, as the write lock hands out one: the load's revisions
	// are numbered last-count+1 to last.
	revisionSeqsStatement = statement("load-revision-seqs", `
MERGE (l:Lock {id: 'load'})
SET l.revisionSeq = coalesce(l.revisionSeq, 0) + $count
RETURN l.revisionSeq AS seq`,
		map[string]any{"count": int64(0)})

	loadRevisionsStatement = statement("load-write-revisions", `
UNWIND $rows AS row
CREATE (v:Revision)
SET v = row`,
		map[string]any{"rows": []any{}})
)

// stateCalls are the calls that read a load's state before the revised
// records are known, built without a database so tests can inspect them.
type stateCalls struct {
	owners, stale, history call
}

func loadStateCalls(ds *flow.Dataset) stateCalls {
	ids := strList(ds.IDs())
	return stateCalls{
		owners:  call{ownersStatement, map[string]any{"ids": ids, "dataset": ds.ID}},
		stale:   call{staleIDsStatement, map[string]any{"dataset": ds.ID, "ids": ids}},
		history: call{datasetHistoryStatement, map[string]any{"dataset": ds.ID}},
	}
}

// dependentsCall reads what other datasets' records refer to among the
// stale ids.
func dependentsCall(dataset string, stale []string) call {
	return call{dependentsStatement, map[string]any{"dataset": dataset, "stale": strList(stale)}}
}

// revisedCalls read the dataset's records with the given ids: its nodes,
// and its flows with their ends.
func revisedCalls(dataset string, ids []string) (nodes, flows call) {
	p := map[string]any{"ids": strList(ids), "dataset": dataset}
	return call{revisedNodesStatement, p}, call{revisedFlowsStatement, p}
}

// revisionCalls number the load's revisions (last is the number the first
// call returns) and write them in batches; revisions carry the dataset.
func revisionWrites(revs []flow.Revision, last int64, dataset string, batch int) []call {
	first := last - int64(len(revs)) + 1
	rows := make([]any, len(revs))
	for i, rev := range revs {
		rows[i] = revisionRow(rev, first+int64(i), dataset)
	}
	var out []call
	for start := 0; start < len(rows); start += batch {
		out = append(out, call{loadRevisionsStatement, map[string]any{"rows": rows[start:min(start+batch, len(rows))]}})
	}
	return out
}

// loadState reads the state of the load of ds inside tx.
func loadState(ctx context.Context, tx runner, ds *flow.Dataset) (flow.LoadState, error) {
	var st flow.LoadState
	c := loadStateCalls(ds)
	recs, err := tx.run(ctx, c.owners)
	if err != nil {
		return st, err
	}
	if st.Claimed, err = claimedElsewhere(recs); err != nil {
		return st, err
	}
	if recs, err = tx.run(ctx, c.stale); err != nil {
		return st, err
	}
	for _, r := range recs {
		id, err := value[string](r.AsMap(), "id")
		if err != nil {
			return st, err
		}
		st.Stale = append(st.Stale, id)
	}
	sort.Strings(st.Stale)
	if len(st.Stale) > 0 {
		if recs, err = tx.run(ctx, dependentsCall(ds.ID, st.Stale)); err != nil {
			return st, err
		}
		for _, r := range recs {
			var ref flow.Reference
			m := r.AsMap()
			for key, dst := range map[string]*string{"id": &ref.RecordID, "dataset": &ref.Dataset, "field": &ref.Field, "target": &ref.Target} {
				if *dst, err = value[string](m, key); err != nil {
					return st, err
				}
			}
			st.Dependents = append(st.Dependents, ref)
		}
		sort.Slice(st.Dependents, func(i, j int) bool {
			a, b := st.Dependents[i], st.Dependents[j]
			return a.RecordID+" "+a.Field+" "+a.Target < b.RecordID+" "+b.Field+" "+b.Target
		})
	}
	if recs, err = tx.run(ctx, c.history); err != nil {
		return st, err
	}
	history := map[string][]flow.Revision{}
	var ids []string
	for _, r := range recs {
		n, err := value[dbtype.Node](r.AsMap(), "v")
		if err != nil {
			return st, err
		}
		rev, err := toRevision(n)
		if err != nil {
			return st, err
		}
		if history[rev.RecordID] == nil {
			ids = append(ids, rev.RecordID)
		}
		history[rev.RecordID] = append(history[rev.RecordID], rev)
	}
	if len(ids) == 0 {
		return st, nil
	}
	sort.Strings(ids)
	nodesCall, flowsCall := revisedCalls(ds.ID, ids)
	revised := map[string]flow.Revised{}
	if recs, err = tx.run(ctx, nodesCall); err != nil {
		return st, err
	}
	for _, r := range recs {
		n, err := value[dbtype.Node](r.AsMap(), "n")
		if err != nil {
			return st, err
		}
		node, err := toNode(n)
		if err != nil {
			return st, err
		}
		revised[node.NodeID()] = flow.Revised{Node: node, History: history[node.NodeID()]}
	}
	if recs, err = tx.run(ctx, flowsCall); err != nil {
		return st, err
	}
	for _, r := range recs {
		m := r.AsMap()
		rel, err := value[dbtype.Relationship](m, "r")
		if err != nil {
			return st, err
		}
		from, err := value[string](m, "from")
		if err != nil {
			return st, err
		}
		to, err := value[string](m, "to")
		if err != nil {
			return st, err
		}
		f, err := toFlow(rel, from, to)
		if err != nil {
			return st, err
		}
		revised[f.ID] = flow.Revised{Flow: f, History: history[f.ID]}
	}
	for _, id := range ids {
		if rec, ok := revised[id]; ok {
			st.Revised = append(st.Revised, rec)
		}
	}
	return st, nil
}

// writeRevisions writes the plan's revisions, numbered from the Lock node.
func writeRevisions(ctx context.Context, tx runner, revs []flow.Revision, dataset string, batch int) error {
	if len(revs) == 0 {
		return nil
	}
	recs, err := tx.run(ctx, call{revisionSeqsStatement, map[string]any{"count": int64(len(revs))}})
	if err != nil {
		return err
	}
	last, err := value[int64](recs[0].AsMap(), "seq")
	if err != nil {
		return err
	}
	for _, c := range revisionWrites(revs, last, dataset, batch) {
		if _, err := tx.run(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

package sqlite

import (
	"context"
	"database/sql"
	"sort"

	"github.com/fundflow/fundflow/flow"
)

// loadState reads, inside the load's transaction, what the service needs
// to plan the load of ds: the ids other datasets hold, the dataset's
// records that have revisions (as stored, with their history) and the ids
// the load would remove and what other datasets' records refer to them. Up
// to seven queries, whatever the size of the dataset.
func loadState(ctx context.Context, tx *sql.Tx, ds *flow.Dataset) (flow.LoadState, error) {
	var st flow.LoadState
	var err error
	if st.Claimed, err = claimedElsewhere(ctx, tx, ds.ID); err != nil {
		return st, err
	}
	if st.Stale, err = staleIDs(ctx, tx, ds.ID); err != nil {
		return st, err
	}
	if st.Dependents, err = dependents(ctx, tx, ds.ID, st.Stale); err != nil {
		return st, err
	}
	history, err := datasetHistory(ctx, tx, ds.ID)
	if err != nil || len(history) == 0 {
		return st, err
	}
	revised := make([]string, 0, len(history))
	for id := range history {
		revised = append(revised, id)
	}
	sort.Strings(revised)
	nodes, err := nodesIn(ctx, tx, revised)
	if err != nil {
		return st, err
	}
	flows, err := flowsIn(ctx, tx, revised)
	if err != nil {
		return st, err
	}
	for _, id := range revised {
		switch {
		case flows[id] != nil:
			st.Revised = append(st.Revised, flow.Revised{Flow: flows[id], History: history[id]})
		case nodes[id] != nil:
			st.Revised = append(st.Revised, flow.Revised{Node: nodes[id], History: history[id]})
		}
	}
	return st, nil
}

// staleIDs returns the ids of the dataset's records that the load's ids
// (load_ids) leave out.
func staleIDs(ctx context.Context, tx *sql.Tx, dataset string) ([]string, error) {
	const query = `
SELECT id FROM nodes AS t WHERE dataset = :ds
  AND NOT EXISTS (SELECT 1 FROM temp.load_ids AS l WHERE l.id = t.id AND l.kind <> 'keep')
UNION ALL
SELECT id FROM flows AS t WHERE dataset = :ds AND kind <> 'BUDGET_LINE'
  AND NOT EXISTS (SELECT 1 FROM temp.load_ids AS l WHERE l.id = t.id AND l.kind <> 'keep')
UNION ALL
SELECT id FROM budget_lines AS t WHERE dataset = :ds
  AND NOT EXISTS (SELECT 1 FROM temp.load_ids AS l WHERE l.id = t.id AND l.kind <> 'keep')
ORDER BY 1`
	rows, err := tx.QueryContext(ctx, query, sql.Named("ds", dataset))
	if err != nil {
		return nil, wrap("read stale records", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, wrap("read stale records", err)
		}
		out = append(out, id)
	}
	return out, wrap("read stale records", rows.Err())
}

// dependents returns the references that records of datasets other than
// dataset make to the stale ids: exactly what the foreign keys check.
func dependents(ctx context.Context, tx *sql.Tx, dataset string, stale []string) ([]flow.Reference, error) {
	const query = `
SELECT id, dataset, 'from', from_id FROM flows
WHERE dataset <> :ds AND from_id IN (SELECT value FROM json_each(:stale))
UNION ALL
SELECT id, dataset, 'to', to_id FROM flows
WHERE dataset <> :ds AND to_id IN (SELECT value FROM json_each(:stale))
UNION ALL
SELECT owner_id, dataset, 'citations.source', source_id FROM citations
WHERE dataset <> :ds AND source_id IN (SELECT value FROM json_each(:stale))
UNION ALL
SELECT id, dataset, 'fund', fund_id FROM nodes
WHERE dataset <> :ds AND fund_id IN (SELECT value FROM json_each(:stale))
ORDER BY 1, 3, 4`
	if len(stale) == 0 {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, query, sql.Named("ds", dataset), sql.Named("stale", jsonList(stale)))
	if err != nil {
		return nil, wrap("read references to stale records", err)
	}
	defer rows.Close()
	var out []flow.Reference
	for rows.Next() {
		var r flow.Reference
		if err := rows.Scan(&r.RecordID, &r.Dataset, &r.Field, &r.Target); err != nil {
			return nil, wrap("read references to stale records", err)
		}
		out = append(out, r)
	}
	return out, wrap("read references to stale records", rows.Err())
}

// datasetHistory returns the revisions of the dataset's nodes and flows,
// oldest first, keyed by record. The revisions of a record that no longer
// exists are left out: a record of the same id loaded later is new.
func datasetHistory(ctx context.Context, tx *sql.Tx, dataset string) (map[string][]flow.Revision, error) {
	const query = `
SELECT ` + revisionColumns + `
FROM revisions
WHERE record_id IN (SELECT id FROM nodes WHERE dataset = :ds
                    UNION ALL SELECT id FROM flows WHERE dataset = :ds AND kind <> 'BUDGET_LINE')
ORDER BY seq`
	rows, err := tx.QueryContext(ctx, query, sql.Named("ds", dataset))
	if err != nil {
		return nil, wrap("read the dataset's revisions", err)
	}
	return readRevisions(rows, "read the dataset's revisions")
}

// nodesIn reads the nodes with the given ids inside tx.
func nodesIn(ctx context.Context, tx *sql.Tx, ids []string) (map[string]flow.Node, error) {
	const query = `SELECT ` + nodeColumns + ` FROM nodes WHERE id IN (SELECT value FROM json_each(:ids))`
	rows, err := tx.QueryContext(ctx, query, sql.Named("ids", jsonList(ids)))
	if err != nil {
		return nil, wrap("read revised nodes", err)
	}
	defer rows.Close()
	out := map[string]flow.Node{}
	for rows.Next() {
		dest, finish := scanNode()
		if err := rows.Scan(dest...); err != nil {
			return nil, wrap("read revised nodes", err)
		}
		n, id, err := finish()
		if err != nil {
			return nil, wrap("read revised nodes", err)
		}
		out[id] = n
	}
	return out, wrap("read revised nodes", rows.Err())
}

// flowsIn reads the flows of a dataset's own kinds with the given ids,
// with their citations in order, inside tx.
func flowsIn(ctx context.Context, tx *sql.Tx, ids []string) (map[string]*flow.Flow, error) {
	const (
		query = `SELECT ` + flowColumns + ` FROM flows WHERE id IN (SELECT value FROM json_each(:ids)) AND kind <> 'BUDGET_LINE'`
		cites = `
SELECT owner_id, source_id, quote, published FROM citations
WHERE owner_id IN (SELECT value FROM json_each(:ids))
ORDER BY owner_id, position`
	)
	rows, err := tx.QueryContext(ctx, query, sql.Named("ids", jsonList(ids)))
	if err != nil {
		return nil, wrap("read revised flows", err)
	}
	out := map[string]*flow.Flow{}
	for rows.Next() {
		dest, finish := scanFlow(map[string]string{})()
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return nil, wrap("read revised flows", err)
		}
		f, id, _ := finish()
		out[id] = f
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, wrap("read revised flows", err)
	}
	if err := rows.Close(); err != nil {
		return nil, wrap("read revised flows", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	rows, err = tx.QueryContext(ctx, cites, sql.Named("ids", jsonList(ids)))
	if err != nil {
		return nil, wrap("read revised flows", err)
	}
	defer rows.Close()
	for rows.Next() {
		var owner string
		var c flow.Citation
		if err := rows.Scan(&owner, &c.SourceID, &c.Quote, &c.Published); err != nil {
			return nil, wrap("read revised flows", err)
		}
		if f := out[owner]; f != nil {
			f.Citations = append(f.Citations, c)
		}
	}
	return out, wrap("read revised flows", rows.Err())
}

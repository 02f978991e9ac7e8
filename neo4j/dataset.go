package neo4j

import (
	"context"
	"fmt"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/fundflow/fundflow/flow"
)

var (
	// lockStatement writes the one Lock node, so that loads run one at a
	// time: a second load waits here until the first commits, and only then
	// checks which dataset owns each id (reads see committed data only).
	lockStatement = statement("load-lock", `
MERGE (l:Lock {id: 'load'})
SET l.loadedAt = $loadedAt`,
		map[string]any{"loadedAt": ""})

	ownersStatement = statement("load-owners", `
MATCH (n:Node) WHERE n.id IN $ids AND n.dataset <> $dataset
RETURN n.id AS id, n.dataset AS owner
UNION ALL
MATCH (b:BudgetLine) WHERE b.id IN $ids AND b.dataset <> $dataset
RETURN b.id AS id, b.dataset AS owner
UNION ALL
MATCH (:Node)-[r:`+flowPattern+`]->(:Node) WHERE r.id IN $ids AND r.dataset <> $dataset
RETURN r.id AS id, r.dataset AS owner
UNION ALL
MATCH (l:Link) WHERE l.id IN $ids AND l.dataset <> $dataset
RETURN l.id AS id, l.dataset AS owner
UNION ALL
MATCH (f:Fact) WHERE f.id IN $ids AND f.dataset <> $dataset
RETURN f.id AS id, f.dataset AS owner
UNION ALL
MATCH (s:Statement) WHERE s.id IN $ids AND s.dataset <> $dataset
RETURN s.id AS id, s.dataset AS owner`,
		map[string]any{"ids": []string{}, "dataset": ""})

	datasetStatement = statement("load-dataset", `
MERGE (d:Dataset {id: $dataset})
SET d.title = $title, d.loadedAt = $loadedAt, d.formatVersion = $formatVersion`,
		map[string]any{"dataset": "", "title": "", "loadedAt": "", "formatVersion": int64(0)})

	staleLinksStatement = statement("load-stale-links", `
MATCH (l:Link)
WHERE l.dataset = $dataset AND NOT l.id IN $keep
WITH l, l.id AS id
DELETE l
RETURN collect(id) AS removed`,
		map[string]any{"dataset": "", "keep": []string{}})

	mergeLinksStatement = statement("load-links", `
UNWIND $rows AS row
MERGE (l:Link {id: row.id})
SET l = row`,
		map[string]any{"rows": []any{}})

	mergeLinesStatement = statement("load-budget-lines", `
UNWIND $rows AS row
MERGE (b:BudgetLine {id: row.id})
SET b = row.props, b:`+labelSearchable+`
WITH b, row
OPTIONAL MATCH (:Programme)-[old:HAS_BUDGET_LINE]->(b)
DELETE old
WITH DISTINCT b, row
MATCH (p:Programme {id: row.programmeId})
MERGE (p)-[:HAS_BUDGET_LINE]->(b)`,
		map[string]any{"rows": []any{}})

	partOfStatement = statement("load-part-of", `
UNWIND $rows AS row
MATCH (p:Programme {id: row.id})
OPTIONAL MATCH (p)-[old:PART_OF]->(:Fund)
DELETE old
WITH DISTINCT p, row
MATCH (f:Fund {id: row.fundId})
MERGE (p)-[:PART_OF]->(f)`,
		map[string]any{"rows": []any{}})
)

// Per label: remove the dataset's nodes of that label that the new version
// no longer holds (an id that changes label is removed and merged anew),
// then merge the new rows on id.
var (
	staleNodes = map[string]*Statement{}
	mergeNodes = map[string]*Statement{}
)

// Per relationship type: remove the dataset's flows of that type that the
// new version no longer holds between the same ends, then merge the rest.
var (
	staleFlows = map[string]*Statement{}
	mergeFlows = map[string]*Statement{}
)

// clearBudgetedStatement removes the dataset's BUDGETED flows, which are
// derived from its budget lines and so written anew by every load (and
// never counted as removed).
var clearBudgetedStatement = statement("load-clear-budgeted", `
MATCH (:Node)-[r:BUDGETED]->(:Node)
WHERE r.dataset = $dataset
DELETE r`,
	map[string]any{"dataset": ""})

func init() {
	// Every labelled record a dataset holds is removed the same way when a
	// load no longer holds it: entities, sources, people, budget lines,
	// facts and statements.
	for _, label := range []string{labelFund, labelProgramme, labelOrganisation, labelSource, labelPerson,
		labelBudgetLine, labelFact, labelStatement} {
		staleNodes[label] = statement("load-stale-"+label, `
MATCH (n:`+label+`)
WHERE n.dataset = $dataset AND NOT n.id IN $keep
WITH n, n.id AS id
DETACH DELETE n
RETURN collect(id) AS removed`,
			map[string]any{"dataset": "", "keep": []string{}})
	}
	for _, label := range []string{labelFund, labelProgramme, labelOrganisation, labelSource, labelPerson} {
		mergeNodes[label] = statement("load-"+label, `
UNWIND $rows AS row
MERGE (n:Node {id: row.id})
SET n = row, n:`+label+`:`+labelSearchable,
			map[string]any{"rows": []any{}})
	}
	for _, kind := range flow.EdgeKinds {
		typ := flowTypes[kind]
		// $held lists the flows a load leaves as they are, whatever
		// their ends.
		staleFlows[typ] = statement("load-stale-"+typ, `
MATCH (a:Node)-[r:`+typ+`]->(b:Node)
WHERE r.dataset = $dataset AND NOT r.id + ' ' + a.id + ' ' + b.id IN $keep AND NOT r.id IN $held
WITH r, r.id AS id
DELETE r
RETURN collect(id) AS removed`,
			map[string]any{"dataset": "", "keep": []string{}, "held": []string{}})
	}
	for _, kind := range flow.FlowKinds {
		typ := flowTypes[kind]
		mergeFlows[typ] = statement("load-"+typ, `
UNWIND $rows AS row
MATCH (a:Node {id: row.from})
MATCH (b:Node {id: row.to})
MERGE (a)-[r:`+typ+` {id: row.id}]->(b)
SET r = row.props`,
			map[string]any{"rows": []any{}})
	}
}

// lockCall takes the load lock, first of all.
func lockCall(loadedAt time.Time) call {
	return call{lockStatement, map[string]any{"loadedAt": loadedAt.UTC().Format(time.RFC3339)}}
}

// plan is every call a load makes once the service has planned it, in
// order, built without a database so that tests can inspect exactly what
// the driver would be sent.
type plan struct {
	dataset call
	clear   call   // the derived BUDGETED flows
	stale   []call // each returns one "removed" count
	writes  []call
}

// loadPlan builds the calls that write ds, with UNWIND rows in batches of
// batch. The records whose ids are in keep are neither written nor
// removed, whatever kind the file now gives their ids.
func loadPlan(ds *flow.Dataset, batch int, loadedAt time.Time, keep []string) plan {
	at := loadedAt.UTC().Format(time.RFC3339)
	p := plan{
		dataset: call{datasetStatement, map[string]any{"dataset": ds.ID, "title": ds.Title, "loadedAt": at, "formatVersion": int64(FormatVersion)}},
	}
	held := map[string]bool{}
	for _, id := range keep {
		held[id] = true
	}
	stale := func(s *Statement, keepIDs []string) {
		c := call{s, map[string]any{"dataset": ds.ID, "keep": strList(append(append([]string(nil), keepIDs...), keep...))}}
		p.stale = append(p.stale, c)
	}
	staleFlow := func(s *Statement, keepFlows []string) {
		p.stale = append(p.stale, call{s, map[string]any{"dataset": ds.ID, "keep": strList(keepFlows), "held": strList(keep)}})
	}
	batched := func(s *Statement, rows []any) {
		for start := 0; start < len(rows); start += batch {
			end := min(start+batch, len(rows))
			p.writes = append(p.writes, call{s, map[string]any{"rows": rows[start:end]}})
		}
	}

	// Relationships first, so that no stale node removal has to detach a
	// flow that is still wanted.
	keepFlows := map[string][]string{}
	flowRows := map[string][]any{}
	for _, f := range ds.Flows {
		if held[f.ID] {
			continue
		}
		typ := flowTypes[f.Kind]
		keepFlows[typ] = append(keepFlows[typ], f.ID+" "+f.FromID+" "+f.ToID)
		flowRows[typ] = append(flowRows[typ], flowRow(f))
	}
	for _, kind := range flow.EdgeKinds {
		typ := flowTypes[kind]
		staleFlow(staleFlows[typ], keepFlows[typ])
	}
	p.clear = call{clearBudgetedStatement, map[string]any{"dataset": ds.ID}}
	fund := map[string]string{}
	for _, pr := range ds.Programmes {
		fund[pr.ID] = pr.FundID
	}
	var lineIDs []string
	var lineRows []any
	for _, b := range ds.BudgetLines {
		lineIDs = append(lineIDs, b.ID)
		if held[b.ID] {
			continue
		}
		lineRows = append(lineRows, budgetLineRow(b))
		for _, f := range b.Flows(fund[b.ProgrammeID]) {
			flowRows["BUDGETED"] = append(flowRows["BUDGETED"], flowRow(f))
		}
	}
	stale(staleNodes[labelBudgetLine], lineIDs)
	var linkIDs []string
	var linkRows []any
	for _, l := range ds.Links {
		linkIDs, linkRows = append(linkIDs, l.ID), append(linkRows, linkRow(l))
	}
	stale(staleLinksStatement, linkIDs)

	nodeIDs := map[string][]string{}
	nodeRows := map[string][]any{}
	add := func(label, id string, row map[string]any) {
		nodeIDs[label] = append(nodeIDs[label], id)
		if !held[id] {
			nodeRows[label] = append(nodeRows[label], row)
		}
	}
	for _, f := range ds.Funds {
		add(labelFund, f.ID, fundRow(f))
	}
	var partOf []any
	for _, pr := range ds.Programmes {
		add(labelProgramme, pr.ID, programmeRow(pr))
		if !held[pr.ID] {
			partOf = append(partOf, partOfRow(pr))
		}
	}
	for _, o := range ds.Organisations {
		add(labelOrganisation, o.ID, organisationRow(o))
	}
	for _, s := range ds.Sources {
		add(labelSource, s.ID, sourceRow(s))
	}
	for _, pe := range ds.People {
		add(labelPerson, pe.ID, personRow(pe))
	}
	labels := []string{labelFund, labelProgramme, labelOrganisation, labelSource, labelPerson}
	for _, l := range labels {
		stale(staleNodes[l], nodeIDs[l])
	}
	// Nodes before relationships: a flow's MERGE needs both its ends.
	for _, l := range labels {
		batched(mergeNodes[l], nodeRows[l])
	}
	batched(partOfStatement, partOf)
	for _, kind := range flow.FlowKinds {
		typ := flowTypes[kind]
		batched(mergeFlows[typ], flowRows[typ])
	}
	batched(mergeLinesStatement, lineRows)
	batched(mergeLinksStatement, linkRows)
	factsPlan(ds, stale, batched)
	return p
}

// Load writes ds in one write transaction: a reader sees the old version of
// the dataset or the new one, never a mix. Under the lock it reads the
// load's state and asks decide for the plan, writing nothing if decide
// refuses; the records the plan keeps are neither rewritten nor removed.
// The transaction may be retried by the driver, which is safe because
// every step deletes or merges on ids, and the state is read anew; a
// memory error is not retried (notRetried) but reported as too large.
func (s *Store) Load(ctx context.Context, ds *flow.Dataset, decide func(flow.LoadState) (flow.LoadPlan, error)) (*flow.LoadReport, error) {
	at := s.now()
	removed := 0
	err := s.write(ctx, func(tx driver.ManagedTransaction) error {
		var err error
		removed, err = loadWork(ctx, managed{tx}, ds, decide, at, s.cfg.BatchSize)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &flow.LoadReport{Dataset: ds.ID, Counts: ds.Counts(), Removed: removed}, nil
}

// loadWork is the work of one load, in the order it runs: the lock, the
// state, decide, then the plan's writes, in UNWIND batches of batch rows,
// and the revisions. It returns how many records the load removed, and
// stops at the first error, which rolls the transaction back.
func loadWork(ctx context.Context, tx runner, ds *flow.Dataset, decide func(flow.LoadState) (flow.LoadPlan, error),
	at time.Time, batch int) (int, error) {
	if _, err := tx.run(ctx, lockCall(at)); err != nil {
		return 0, err
	}
	state, err := loadState(ctx, tx, ds)
	if err != nil {
		return 0, err
	}
	decided, err := decide(state)
	if err != nil {
		return 0, err
	}
	p := loadPlan(ds, batch, at, decided.Keep)
	if _, err := tx.run(ctx, p.dataset); err != nil {
		return 0, err
	}
	// Each removal returns the ids it deleted; those the file still holds
	// (an id that changed kind, or a flow that changed ends) are written
	// anew, so only the others count as removed. Counting here, not in
	// Cypher, spares sending every id of the file with every removal.
	inFile := map[string]bool{}
	for _, id := range ds.IDs() {
		inFile[id] = true
	}
	removed := 0
	for _, c := range p.stale {
		recs, err := tx.run(ctx, c)
		if err != nil {
			return 0, err
		}
		if len(recs) != 1 {
			return 0, fmt.Errorf("%s returned %d rows, want 1", c.stmt.Name, len(recs))
		}
		ids, err := stringList(recs[0].AsMap(), "removed")
		if err != nil {
			return 0, err
		}
		for _, id := range ids {
			if !inFile[id] {
				removed++
			}
		}
	}
	if _, err := tx.run(ctx, p.clear); err != nil {
		return 0, err
	}
	for _, c := range p.writes {
		if _, err := tx.run(ctx, c); err != nil {
			return 0, err
		}
	}
	return removed, writeRevisions(ctx, tx, decided.Revisions, ds.ID, batch)
}

// claimedElsewhere reads the owners statement's rows.
func claimedElsewhere(recs []*driver.Record) ([]flow.Claimed, error) {
	out := make([]flow.Claimed, 0, len(recs))
	for _, r := range recs {
		m := r.AsMap()
		id, err := value[string](m, "id")
		if err != nil {
			return nil, err
		}
		owner, err := value[string](m, "owner")
		if err != nil {
			return nil, err
		}
		out = append(out, flow.Claimed{ID: id, Dataset: owner})
	}
	return out, nil
}

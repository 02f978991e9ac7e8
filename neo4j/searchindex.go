package neo4j

import (
	"context"
	"errors"
	"fmt"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/internal/searchdoc"
)

// searchIndexWait bounds how long opening the store waits for a new
// full-text index to come online (it indexes every record first).
const searchIndexWait = 300

// reindexBatch is how many records of each kind one reindexing transaction
// rewrites.
const reindexBatch = 1000

var (
	// reindexLockStatement takes the lock every load and write takes, so
	// that no write slips between reading a record and indexing it.
	reindexLockStatement = statement("reindex-lock", `
MERGE (l:Lock {id: 'load'})
SET l.searchVersion = $version, l.generation = coalesce(l.generation, 0) + 1`,
		map[string]any{"version": int64(0)})

	staleSearchNodes = statement("reindex-read-nodes", `
MATCH (n:Node) WHERE coalesce(n.searchVersion, 0) <> $version
RETURN n LIMIT $limit`,
		map[string]any{"version": int64(0), "limit": int64(1)})
	staleSearchLines = statement("reindex-read-budget-lines", `
MATCH (b:BudgetLine) WHERE coalesce(b.searchVersion, 0) <> $version
RETURN b AS n LIMIT $limit`,
		map[string]any{"version": int64(0), "limit": int64(1)})
	staleSearchFlows = statement("reindex-read-flows", `
MATCH (a:Node)-[r:`+edgePattern+`]->(b:Node) WHERE coalesce(r.searchVersion, 0) <> $version
RETURN r, a.id AS from, b.id AS to LIMIT $limit`,
		map[string]any{"version": int64(0), "limit": int64(1)})

	staleSearchStatements = statement("reindex-read-statements", `
MATCH (s:Statement) WHERE coalesce(s.searchVersion, 0) <> $version
RETURN s AS n LIMIT $limit`,
		map[string]any{"version": int64(0), "limit": int64(1)})

	reindexStatements = statement("reindex-statements", `
UNWIND $rows AS row
MATCH (s:Statement {id: row.id})
SET s += row.search, s:`+labelSearchable,
		map[string]any{"rows": []any{}})

	reindexNodes = statement("reindex-nodes", `
UNWIND $rows AS row
MATCH (n:Node {id: row.id})
SET n += row.search, n:`+labelSearchable,
		map[string]any{"rows": []any{}})
	reindexLines = statement("reindex-budget-lines", `
UNWIND $rows AS row
MATCH (b:BudgetLine {id: row.id})
SET b += row.search, b:`+labelSearchable,
		map[string]any{"rows": []any{}})
	reindexFlows = statement("reindex-flows", `
UNWIND $rows AS row
MATCH (:Node {id: row.from})-[r:`+edgePattern+`]->(:Node {id: row.to})
WHERE r.id = row.id
SET r += row.search`,
		map[string]any{"rows": []any{}})
)

// ensureSearch creates the full-text indexes if they do not exist and
// waits until they are online, then brings every record's searchable
// texts up to this searchdoc.Version: records written before search
// stored them, or by a version that folded differently, are indexed anew,
// so that nothing, loaded or written through the API, is lost to search.
func (s *Store) ensureSearch(ctx context.Context) error {
	for _, st := range searchIndexes {
		err := s.write(ctx, func(tx driver.ManagedTransaction) error {
			_, err := run(ctx, tx, call{stmt: st, params: map[string]any{}})
			return err
		})
		var nerr *driver.Neo4jError
		if err != nil && !(errors.As(err, &nerr) && nerr.Code == "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists") {
			return fmt.Errorf("create index %s: %w", st.Name, err)
		}
	}
	for _, name := range []string{searchNodeIndex, searchFlowIndex} {
		err := s.write(ctx, func(tx driver.ManagedTransaction) error { // where the index was created
			_, err := run(ctx, tx, call{awaitIndexStatement, map[string]any{"name": name, "seconds": int64(searchIndexWait)}})
			return err
		})
		if err != nil {
			return fmt.Errorf("wait for index %s: %w", name, err)
		}
	}
	for {
		done := false
		err := s.write(ctx, func(tx driver.ManagedTransaction) error {
			n, err := reindexOnce(ctx, tx)
			done = n == 0
			return err
		})
		if err != nil {
			return fmt.Errorf("index records for search: %w", err)
		}
		if done {
			return nil
		}
	}
}

// reindexOnce indexes up to reindexBatch stale records of each kind, under
// the lock, and returns how many it indexed.
func reindexOnce(ctx context.Context, tx driver.ManagedTransaction) (int, error) {
	version := map[string]any{"version": int64(searchdoc.Version)}
	if _, err := run(ctx, tx, call{reindexLockStatement, version}); err != nil {
		return 0, err
	}
	read := map[string]any{"version": int64(searchdoc.Version), "limit": int64(reindexBatch)}
	n := 0
	for _, step := range []struct {
		read, write *Statement
		row         func(rec map[string]any) (map[string]any, error)
	}{
		{staleSearchNodes, reindexNodes, nodeSearchRow},
		{staleSearchLines, reindexLines, lineSearchRow},
		{staleSearchFlows, reindexFlows, flowSearchRow},
		{staleSearchStatements, reindexStatements, statementSearchRow},
	} {
		recs, err := run(ctx, tx, call{step.read, read})
		if err != nil {
			return n, err
		}
		rows := make([]any, 0, len(recs))
		for _, r := range recs {
			row, err := step.row(r.AsMap())
			if err != nil {
				return n, err
			}
			rows = append(rows, row)
		}
		if len(rows) == 0 {
			continue
		}
		if _, err := run(ctx, tx, call{step.write, map[string]any{"rows": rows}}); err != nil {
			return n, err
		}
		n += len(rows)
	}
	return n, nil
}

func nodeSearchRow(rec map[string]any) (map[string]any, error) {
	n, err := value[dbtype.Node](rec, "n")
	if err != nil {
		return nil, err
	}
	node, err := toNode(n)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": node.NodeID(), "search": searchProps(searchdoc.Node(node))}, nil
}

func lineSearchRow(rec map[string]any) (map[string]any, error) {
	n, err := value[dbtype.Node](rec, "n")
	if err != nil {
		return nil, err
	}
	b, err := toBudgetLine(n)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": b.ID, "search": searchProps(searchdoc.BudgetLine(b))}, nil
}

func statementSearchRow(rec map[string]any) (map[string]any, error) {
	n, err := value[dbtype.Node](rec, "n")
	if err != nil {
		return nil, err
	}
	st, err := toStatement(n)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": st.ID, "search": searchProps(searchdoc.Statement(st))}, nil
}

func flowSearchRow(rec map[string]any) (map[string]any, error) {
	r, err := value[dbtype.Relationship](rec, "r")
	if err != nil {
		return nil, err
	}
	from, err := value[string](rec, "from")
	if err != nil {
		return nil, err
	}
	to, err := value[string](rec, "to")
	if err != nil {
		return nil, err
	}
	f, err := toFlow(r, from, to)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": f.ID, "from": from, "to": to, "search": searchProps(searchdoc.Flow(f))}, nil
}

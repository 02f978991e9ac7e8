package neo4j

import (
	"context"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/fold"
)

var nodesStatement = statement("nodes", `
MATCH (n:Node) WHERE n.id IN $ids
RETURN n`,
	map[string]any{"ids": []string{}})

// Nodes returns the nodes with the given ids in one round trip.
func (s *Store) Nodes(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	out := make(map[string]flow.Node, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	err := s.read(ctx, func(tx driver.ManagedTransaction) error {
		recs, err := run(ctx, tx, call{nodesStatement, map[string]any{"ids": ids}})
		if err != nil {
			return err
		}
		for _, r := range recs {
			n, err := value[dbtype.Node](r.AsMap(), "n")
			if err != nil {
				return err
			}
			node, err := toNode(n)
			if err != nil {
				return err
			}
			out[node.NodeID()] = node
		}
		return nil
	})
	if err != nil {
		return nil, internal("load nodes", err)
	}
	return out, nil
}

// internal keeps flow errors as they are and wraps anything else (a record
// of an unexpected shape) as EINTERNAL.
func internal(op string, err error) error {
	if flow.ErrorCode(err) != flow.EINTERNAL {
		return err
	}
	if fe, ok := err.(*flow.Error); ok && fe.Err != nil {
		return &flow.Error{Code: flow.EINTERNAL, Message: op + ": " + fe.Message, Err: fe.Err}
	}
	return flow.Internal(op, err)
}

// nodeFilter: every condition is a parameter that, when null or empty,
// matches everything.
const nodeFilter = `($ids IS NULL OR n.id IN $ids)
    AND ($name = '' OR n.sortKey CONTAINS $name OR any(k IN coalesce(n.aliasKeys, []) WHERE k CONTAINS $name))
    AND ($funds IS NULL OR n.fundId IN $funds)
    AND ($kinds IS NULL OR n.kind IN $kinds)`

// nodeLists holds each label's list statements.
var nodeLists = map[string]listStatements{}

func init() {
	for _, label := range []string{labelFund, labelProgramme, labelOrganisation, labelSource} {
		nodeLists[label] = newList(label, "MATCH (n:"+label+")", "n", nodeFilter, "n", "node: n",
			map[string]any{"ids": []string{}, "name": "", "funds": []string{}, "kinds": []string{}})
	}
}

// nodeListCall builds the call for one page of nodes of a label.
func nodeListCall(label string, q flow.NodeQuery) (call, flow.Window, flow.Ordering, error) {
	o, err := flow.NodeOrdering(q.Order)
	if err != nil {
		return call{}, flow.Window{}, o, err
	}
	f := q.Filter
	c, w, err := listCall(nodeLists[label], map[string]any{"ids": stringsOrNil(f.IDs), "name": fold.Key(f.NameContains),
		"funds": stringsOrNil(f.FundIDs), "kinds": stringsOrNil(f.Kinds)}, o, q.Page)
	return c, w, o, err
}

func (s *Store) listNodes(ctx context.Context, label string, q flow.NodeQuery) (*flow.Page[flow.Node], error) {
	c, w, o, err := nodeListCall(label, q)
	if err != nil {
		return nil, err
	}
	return listPage(ctx, s, c, w, o, label, func(m map[string]any) (flow.Node, error) {
		n, err := value[dbtype.Node](m, "node")
		if err != nil {
			return nil, err
		}
		return toNode(n)
	})
}

// Funds lists funds.
func (s *Store) Funds(ctx context.Context, q flow.NodeQuery) (*flow.Page[*flow.Fund], error) {
	return typed[*flow.Fund](s.listNodes(ctx, labelFund, q))
}

// Programmes lists programmes.
func (s *Store) Programmes(ctx context.Context, q flow.NodeQuery) (*flow.Page[*flow.Programme], error) {
	return typed[*flow.Programme](s.listNodes(ctx, labelProgramme, q))
}

// Organisations lists organisations.
func (s *Store) Organisations(ctx context.Context, q flow.NodeQuery) (*flow.Page[*flow.Organisation], error) {
	return typed[*flow.Organisation](s.listNodes(ctx, labelOrganisation, q))
}

// Sources lists sources.
func (s *Store) Sources(ctx context.Context, q flow.NodeQuery) (*flow.Page[*flow.Source], error) {
	return typed[*flow.Source](s.listNodes(ctx, labelSource, q))
}

func typed[T flow.Node](page *flow.Page[flow.Node], err error) (*flow.Page[T], error) {
	if err != nil {
		return nil, err
	}
	out := &flow.Page[T]{Cursors: page.Cursors, HasNextPage: page.HasNextPage,
		HasPreviousPage: page.HasPreviousPage, TotalCount: page.TotalCount}
	for _, n := range page.Items {
		t, ok := n.(T)
		if !ok {
			return nil, flow.Errorf(flow.EINTERNAL, "node %s has an unexpected label", n.NodeID())
		}
		out.Items = append(out.Items, t)
	}
	return out, nil
}

var countsStatement = statement("counts", `
CALL () { MATCH (n:Fund) RETURN count(n) AS funds }
CALL () { MATCH (n:Programme) RETURN count(n) AS programmes }
CALL () { MATCH (n:Organisation) RETURN count(n) AS organisations }
CALL () { MATCH (n:Source) RETURN count(n) AS sources }
CALL () {
  MATCH (:Node)-[r:`+edgePattern+`]->(:Node)
  RETURN count(r) AS flows, sum(size(r.citationSources)) AS flowCitations
}
CALL () {
  MATCH (b:BudgetLine)
  RETURN count(b) AS lines, sum(size(b.citationSources)) AS lineCitations
}
RETURN funds, programmes, organisations, sources, flows, lines, flowCitations + lineCitations AS citations`, nil)

// Counts returns how many records of each kind the database holds; budget
// lines' figures as flows are not counted twice.
func (s *Store) Counts(ctx context.Context) (flow.Counts, error) {
	var c flow.Counts
	err := s.read(ctx, func(tx driver.ManagedTransaction) error {
		recs, err := run(ctx, tx, call{countsStatement, map[string]any{}})
		if err != nil {
			return err
		}
		m := recs[0].AsMap()
		for key, dst := range map[string]*int{"funds": &c.Funds, "programmes": &c.Programmes,
			"organisations": &c.Organisations, "sources": &c.Sources, "flows": &c.Flows,
			"lines": &c.BudgetLines, "citations": &c.Citations} {
			n, err := value[int64](m, key)
			if err != nil {
				return err
			}
			*dst = int(n)
		}
		return nil
	})
	if err != nil {
		return c, internal("count records", err)
	}
	return c, nil
}

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

// listNodes holds, per label, the one statement behind Funds, Programmes,
// Organisations and Sources: a count of every match and one page of nodes
// ordered by folded name then id, keyset-paged, in one round trip.
var listNodes = map[string]*Statement{}

func init() {
	for _, label := range []string{labelFund, labelProgramme, labelOrganisation, labelSource} {
		filter := `($ids IS NULL OR n.id IN $ids)
  AND ($name = '' OR n.sortKey CONTAINS $name OR any(k IN coalesce(n.aliasKeys, []) WHERE k CONTAINS $name))
  AND ($fund = '' OR n.fundId = $fund)`
		listNodes[label] = statement("list-"+label, `
CALL () {
  MATCH (n:`+label+`)
  WHERE `+filter+`
  RETURN count(n) AS total
}
CALL () {
  MATCH (n:`+label+`)
  WHERE `+filter+`
    AND ($after = false OR coalesce(n.sortKey, '') > $k0 OR (coalesce(n.sortKey, '') = $k0 AND n.id > $k1))
  WITH n ORDER BY coalesce(n.sortKey, ''), n.id LIMIT $limit
  RETURN collect(n) AS nodes
}
RETURN total, nodes`,
			map[string]any{"ids": []string{}, "name": "", "fund": "", "after": false, "k0": "", "k1": "", "limit": int64(1)})
	}
}

// listCall builds the call for one page of nodes of a label.
func listCall(label string, f flow.NodeFilter, fund string, p flow.PageArgs) (call, int, error) {
	limit, err := p.Limit()
	if err != nil {
		return call{}, 0, err
	}
	keys := []string{"", ""}
	if p.After != "" {
		if keys, err = flow.DecodeCursor(p.After, "name", 2); err != nil {
			return call{}, 0, err
		}
	}
	return call{listNodes[label], map[string]any{"ids": stringsOrNil(f.IDs), "name": fold.Key(f.NameContains), "fund": fund,
		"after": p.After != "", "k0": keys[0], "k1": keys[1], "limit": int64(limit + 1)}}, limit, nil
}

func (s *Store) listNodes(ctx context.Context, label string, f flow.NodeFilter, fund string, p flow.PageArgs) (*flow.Page[flow.Node], error) {
	c, limit, err := listCall(label, f, fund, p)
	if err != nil {
		return nil, err
	}
	total, nodes, err := s.readPage(ctx, c, "nodes")
	if err != nil {
		return nil, internal("list "+label, err)
	}
	page := &flow.Page[flow.Node]{HasPreviousPage: p.After != "", TotalCount: total}
	for _, v := range nodes {
		n, ok := v.(dbtype.Node)
		if !ok {
			return nil, flow.Errorf(flow.EINTERNAL, "list %s: got %T, want a node", label, v)
		}
		node, err := toNode(n)
		if err != nil {
			return nil, internal("list "+label, err)
		}
		sortKey, _ := n.Props["sortKey"].(string)
		page.Items = append(page.Items, node)
		page.Cursors = append(page.Cursors, flow.EncodeCursor("name", sortKey, node.NodeID()))
	}
	if len(page.Items) > limit {
		page.Items, page.Cursors, page.HasNextPage = page.Items[:limit], page.Cursors[:limit], true
	}
	return page, nil
}

// Funds lists funds by name.
func (s *Store) Funds(ctx context.Context, f flow.NodeFilter, p flow.PageArgs) (*flow.Page[*flow.Fund], error) {
	return typed[*flow.Fund](s.listNodes(ctx, labelFund, f, "", p))
}

// Programmes lists programmes by name.
func (s *Store) Programmes(ctx context.Context, f flow.ProgrammeFilter, p flow.PageArgs) (*flow.Page[*flow.Programme], error) {
	return typed[*flow.Programme](s.listNodes(ctx, labelProgramme, f.NodeFilter, f.FundID, p))
}

// Organisations lists organisations by name.
func (s *Store) Organisations(ctx context.Context, f flow.NodeFilter, p flow.PageArgs) (*flow.Page[*flow.Organisation], error) {
	return typed[*flow.Organisation](s.listNodes(ctx, labelOrganisation, f, "", p))
}

// Sources lists sources by title.
func (s *Store) Sources(ctx context.Context, f flow.NodeFilter, p flow.PageArgs) (*flow.Page[*flow.Source], error) {
	return typed[*flow.Source](s.listNodes(ctx, labelSource, f, "", p))
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
  MATCH (:Node)-[r:`+flowPattern+`]->(:Node)
  RETURN count(r) AS flows, sum(size(r.citationSources)) AS flowCitations
}
CALL () {
  MATCH (b:BudgetLine)
  RETURN count(b) AS lines, sum(size(b.citationSources)) AS lineCitations
}
RETURN funds, programmes, organisations, sources, flows, lines, flowCitations + lineCitations AS citations`, nil)

// Counts returns how many records of each kind the database holds.
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

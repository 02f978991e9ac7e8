package neo4j

import (
	"context"
	"fmt"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/fold"
)

var nodesStatement = statement("nodes", `
MATCH (n:Node) WHERE n.id IN $ids
RETURN n`,
	map[string]any{"ids": []string{}})

// briefNode is the Cypher of a node without its text: its labels, its
// other properties as [key, value] pairs, and whether it has a text. A
// source's text runs to tens of kilobytes, and showing a source needs
// none of it.
const briefNode = `{labels: labels(n), props: [k IN keys(n) WHERE k <> 'text' | [k, n[k]]], hasText: coalesce(n.text, '') <> ''}`

var nodesBriefStatement = statement("nodes-brief", `
MATCH (n:Node) WHERE n.id IN $ids
RETURN `+briefNode+` AS n`,
	map[string]any{"ids": []string{}})

// NodesBrief returns the nodes with the given ids, sources without their
// texts, in one round trip.
func (s *Store) NodesBrief(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	return s.nodes(ctx, nodesBriefStatement, ids, func(rec map[string]any) (flow.Node, error) { return toBrief(rec, "n") })
}

// toBrief maps the briefNode map in column key.
func toBrief(rec map[string]any, key string) (flow.Node, error) {
	m, err := value[map[string]any](rec, key)
	if err != nil {
		return nil, err
	}
	labels, err := value[[]any](m, "labels")
	if err != nil {
		return nil, err
	}
	pairs, err := value[[]any](m, "props")
	if err != nil {
		return nil, err
	}
	n := dbtype.Node{Props: make(map[string]any, len(pairs))}
	for _, l := range labels {
		if l, ok := l.(string); ok {
			n.Labels = append(n.Labels, l)
		}
	}
	for _, p := range pairs {
		kv, ok := p.([]any)
		if !ok || len(kv) != 2 {
			return nil, fmt.Errorf("node property %v is not a [key, value] pair", p)
		}
		k, ok := kv[0].(string)
		if !ok {
			return nil, fmt.Errorf("node property key %v is not a string", kv[0])
		}
		n.Props[k] = kv[1]
	}
	node, err := toNode(n)
	if err != nil {
		return nil, err
	}
	if src, ok := node.(*flow.Source); ok {
		src.HasText, _ = m["hasText"].(bool)
	}
	return node, nil
}

// Nodes returns the nodes with the given ids in one round trip.
func (s *Store) Nodes(ctx context.Context, ids []string) (map[string]flow.Node, error) {
	return s.nodes(ctx, nodesStatement, ids, func(rec map[string]any) (flow.Node, error) {
		n, err := value[dbtype.Node](rec, "n")
		if err != nil {
			return nil, err
		}
		return toNode(n)
	})
}

// nodes runs a lookup of ids and maps each record with node.
func (s *Store) nodes(ctx context.Context, st *Statement, ids []string, node func(map[string]any) (flow.Node, error)) (map[string]flow.Node, error) {
	out := make(map[string]flow.Node, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	err := s.read(ctx, func(tx driver.ManagedTransaction) error {
		recs, err := run(ctx, tx, call{st, map[string]any{"ids": ids}})
		if err != nil {
			return err
		}
		for _, r := range recs {
			n, err := node(r.AsMap())
			if err != nil {
				return err
			}
			out[n.NodeID()] = n
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

// nodeConds are the node lists' optional conditions.
var nodeConds = []cond{
	{key: "ids", cypher: "n.id IN $ids"},
	{key: "name", cypher: "(n.sortKey CONTAINS $name OR any(k IN coalesce(n.aliasKeys, []) WHERE k CONTAINS $name))"},
	{key: "funds", cypher: "n.fundId IN $funds"},
	{key: "kinds", cypher: "n.kind IN $kinds"},
}

// nodeLists holds each label's list.
var nodeLists = map[string]*list{}

func init() {
	for _, label := range []string{labelFund, labelProgramme, labelOrganisation, labelSource} {
		nodeLists[label] = newList(label, "MATCH (n:"+label+")", "n", "n", "node: "+briefNode, nodeConds,
			map[string]any{"ids": []string{}, "name": "", "funds": []string{}, "kinds": []string{}})
	}
}

// labels maps the kinds of node to their labels.
var labels = map[flow.RecordKind]string{flow.KindFund: labelFund, flow.KindProgramme: labelProgramme,
	flow.KindOrganisation: labelOrganisation, flow.KindSource: labelSource}

// nodeListCall builds the call for one page of nodes of a kind.
func nodeListCall(kind flow.RecordKind, f flow.NodeFilter, w flow.Window) call {
	return listCall(nodeLists[labels[kind]], map[string]any{"ids": stringsOrNil(f.IDs), "name": fold.Key(f.NameContains),
		"funds": stringsOrNil(f.FundIDs), "kinds": stringsOrNil(f.Kinds)}, w)
}

// ListNodes lists the nodes of one kind in one round trip.
func (s *Store) ListNodes(ctx context.Context, kind flow.RecordKind, f flow.NodeFilter, w flow.Window) (*flow.Page[flow.Node], error) {
	return listPage(ctx, s, nodeListCall(kind, f, w), w, labels[kind], func(m map[string]any) (flow.Node, error) {
		return toBrief(m, "node")
	})
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
CALL () {
  MATCH (l:Link)
  RETURN count(l) AS links, sum(size(l.citationSources)) AS linkCitations
}
CALL () { MATCH (n:Person) RETURN count(n) AS people }
CALL () {
  MATCH (f:Fact)
  RETURN count(f) AS facts, sum(size(f.citationSources)) AS factCitations
}
CALL () {
  MATCH (s:Statement)
  RETURN count(s) AS statements, sum(size(s.citationSources)) AS statementCitations
}
RETURN funds, programmes, organisations, sources, flows, lines, links, people, facts, statements,
  flowCitations + lineCitations + linkCitations + factCitations + statementCitations AS citations`, nil)

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
			"lines": &c.BudgetLines, "links": &c.Links, "people": &c.People, "facts": &c.Facts, "statements": &c.Statements,
			"citations": &c.Citations} {
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

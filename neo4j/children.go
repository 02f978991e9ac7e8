package neo4j

import (
	"context"
	"sync"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// A child list pages a list once per parent of a batch, in one round trip:
// the parents are unwound, and for each a subquery (CALL (parent) { ... })
// matches from the parent's own node, found by the id constraint's index,
// along its relationships to its rows, orders them and keeps the window's
// rows (LIMIT), so each parent costs its own rows and no parent's many
// rows can crowd out another's. The count, when asked for, is a second
// subquery per parent. Like a flat list, the statement holds only the
// conditions the filter gives.
type childList struct {
	name string
	// of is the flat list whose record variable, row map and conditions
	// the child list shares.
	of *list
	// parent is the key of the flat list's condition that the parents
	// replace (froms for a node's outflows); match binds the flat list's
	// variables from the node whose id is parent.
	parent, match string

	mu    sync.Mutex
	built map[string]*Statement
}

// newChildList declares a child list of l and registers its statement
// without conditions and with all of them (the linter checks those, as for
// flat lists), both ways, with the count and without.
func newChildList(name string, l *list, parent, match string) *childList {
	c := &childList{name: name, of: l, parent: parent, match: match, built: map[string]*Statement{}}
	if _, ok := l.examples[parent]; !ok {
		panic("neo4j: child list " + name + ": list " + l.name + " has no condition on $" + parent)
	}
	all := map[string]bool{}
	for _, cd := range l.conds {
		if cd.key != parent {
			all[cd.key] = true
		}
	}
	for _, set := range []map[string]bool{{}, all} {
		for _, backward := range []bool{false, true} {
			for _, count := range []bool{false, true} {
				name, cypher, params := c.assemble(set, backward, count)
				c.built[name] = statement(name, cypher, params)
			}
		}
	}
	return c
}

// variant names the statement: children-flows-from+kinds-backward-counted.
func (c *childList) variant(present map[string]bool, backward, count bool) string {
	name := "children-" + c.name
	for _, cd := range c.of.conds {
		if present[cd.key] && cd.key != c.parent {
			name += "+" + cd.key
		}
	}
	if backward {
		name += "-backward"
	}
	if count {
		name += "-counted"
	}
	return name
}

// assemble builds the statement with the conditions in present.
func (c *childList) assemble(present map[string]bool, backward, count bool) (name, cypher string, params map[string]any) {
	l := c.of
	name = c.variant(present, backward, count)
	params = sortkey.ParamExamples(map[string]any{"limit": int64(1), "parents": []string{}})
	filter := l.where(present, c.parent, params)
	q := sortkey.Build(sortkey.Cypher, l.v+".sortAsc", l.v+".sortDesc", l.v+".id", backward)
	cypher = `
UNWIND $parents AS parent
CALL (parent) {
  ` + c.match + filter + `
  WITH ` + l.carry + `,
    ` + q.Columns + `
  WHERE ` + q.After + `
  WITH ` + l.carry + `, ` + slots + `
  ORDER BY ` + q.OrderBy + `
  LIMIT $limit
  RETURN collect({` + l.row + `, keys: [` + slots + `, ` + l.v + `.id]}) AS rows
}`
	if count {
		cypher += `
CALL (parent) {
  ` + c.match + filter + `
  RETURN count(*) AS total
}
RETURN parent, total, rows`
	} else {
		cypher += `
RETURN parent, 0 AS total, rows`
	}
	return name, cypher, params
}

// statementFor returns the statement with the conditions in present,
// assembling it the first time.
func (c *childList) statementFor(present map[string]bool, backward, count bool) *Statement {
	name := c.variant(present, backward, count)
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.built[name]
	if !ok {
		_, cypher, params := c.assemble(present, backward, count)
		s = newStatement(name, cypher, params)
		c.built[name] = s
	}
	return s
}

// call builds the call for one window per parent: the parents are the
// filter's value of the parent key, which the statement unwinds rather
// than tests.
func (c *childList) call(filter map[string]any, w flow.Window) (call, []string) {
	parents, _ := filter[c.parent].([]string)
	params := sortkey.Params(w)
	params["limit"] = int64(w.Limit + 1)
	params["parents"] = parents
	present := map[string]bool{}
	for k, v := range filter {
		if _, ok := c.of.examples[k]; !ok {
			panic("neo4j: list " + c.of.name + " has no condition on $" + k)
		}
		if k != c.parent && given(v) {
			present[k] = true
			params[k] = v
		}
	}
	return call{c.statementFor(present, w.Backward, !w.NoCount), params}, parents
}

// childPages runs a child list call and maps each row with item; every
// parent has a page.
func childPages[T any](ctx context.Context, s *Store, c call, parents []string, w flow.Window, name string,
	item func(row map[string]any) (T, error)) (map[string]*flow.Page[T], error) {
	if len(parents) == 0 {
		return nil, flow.Errorf(flow.EINTERNAL, "child %s: no parents", name)
	}
	var recs []map[string]any
	err := s.read(ctx, func(tx driver.ManagedTransaction) error {
		got, err := run(ctx, tx, c)
		if err != nil {
			return err
		}
		recs = recs[:0]
		for _, r := range got {
			recs = append(recs, r.AsMap())
		}
		return nil
	})
	if err != nil {
		return nil, internal("list "+name, err)
	}
	out := make(map[string]*flow.Page[T], len(parents))
	for _, m := range recs {
		parent, err := value[string](m, "parent")
		if err != nil {
			return nil, internal("list "+name, err)
		}
		total, err := value[int64](m, "total")
		if err != nil {
			return nil, internal("list "+name, err)
		}
		rows, err := value[[]any](m, "rows")
		if err != nil {
			return nil, internal("list "+name, err)
		}
		p, err := pageOf(rows, w, name, item)
		if err != nil {
			return nil, err
		}
		p.TotalCount = int(total)
		out[parent] = p
	}
	for _, p := range parents {
		if out[p] == nil {
			out[p] = &flow.Page[T]{}
		}
	}
	return out, nil
}

var (
	// A node's outflows and inflows, from the node at the parent's end.
	flowsFrom = newChildList("flows-from", flowList, "froms", "MATCH (a:Node {id: parent})-[r:"+flowPattern+"]->(b:Node)")
	flowsTo   = newChildList("flows-to", flowList, "tos", "MATCH (a:Node)-[r:"+flowPattern+"]->(b:Node {id: parent})")
	// A programme's budget lines, a node's facts, an organisation's people
	// and a person's statements, along the relationships a load writes
	// from the parent's id property.
	budgetLinesOf = newChildList("budget-lines", budgetList, "programmes", "MATCH (:Programme {id: parent})-[:HAS_BUDGET_LINE]->(b:BudgetLine)")
	factsOf       = newChildList("facts", factList, "subjects", "MATCH (:Node {id: parent})-[:HAS_FACT]->(f:Fact)")
	peopleOf      = newChildList("people", personList, "organisations", "MATCH (n:Person)-[:WORKS_FOR]->(:Organisation {id: parent})")
	statementsOf  = newChildList("statements", statementList, "persons", "MATCH (:Person {id: parent})-[:SAID]->(s:Statement)")
)

// ChildFlows pages flows per parent (per id of f.FromIDs or f.ToIDs), with
// their citations, in one round trip.
func (s *Store) ChildFlows(ctx context.Context, by flow.End, f flow.FlowFilter, w flow.Window) (map[string]*flow.Page[*flow.Flow], error) {
	cl := flowsFrom
	if by == flow.ToEnd {
		cl = flowsTo
	}
	c, parents := cl.call(flowParams(f), w)
	return childPages(ctx, s, c, parents, w, "flows", flowItem(f.AsOf))
}

// ChildBudgetLines pages budget lines per programme, in one round trip.
func (s *Store) ChildBudgetLines(ctx context.Context, f flow.BudgetLineFilter, w flow.Window) (map[string]*flow.Page[*flow.BudgetLine], error) {
	c, parents := budgetLinesOf.call(budgetParams(f), w)
	return childPages(ctx, s, c, parents, w, "budget lines", budgetItem(f.AsOf))
}

// ChildFacts pages facts per subject, in one round trip.
func (s *Store) ChildFacts(ctx context.Context, f flow.FactFilter, w flow.Window) (map[string]*flow.Page[*flow.Fact], error) {
	c, parents := factsOf.call(factParams(f), w)
	return childPages(ctx, s, c, parents, w, "facts", factItem(f.AsOf))
}

// ChildPeople pages people per organisation, in one round trip.
func (s *Store) ChildPeople(ctx context.Context, f flow.PersonFilter, w flow.Window) (map[string]*flow.Page[*flow.Person], error) {
	c, parents := peopleOf.call(personParams(f), w)
	return childPages(ctx, s, c, parents, w, "people", personItem)
}

// ChildStatements pages statements per person, in one round trip.
func (s *Store) ChildStatements(ctx context.Context, f flow.StatementFilter, w flow.Window) (map[string]*flow.Page[*flow.Statement], error) {
	c, parents := statementsOf.call(statementParams(f), w)
	return childPages(ctx, s, c, parents, w, "statements", statementItem(f.AsOf))
}

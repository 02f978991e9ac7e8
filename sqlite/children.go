package sqlite

import (
	"context"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// Child lists: one window per parent of a batch, in one statement. For
// each parent, a correlated subquery seeks the parent's rows by the parent
// column's index, orders them by the list's keys and keeps the window's
// (ORDER BY ... LIMIT), and only those rows are then read whole by rowid.
// Where an index serves the order (a node's flows by id, a programme's
// lines by year), the seek stops after the window's rows, so a parent
// costs its page, not its rows. (Numbering every parent's rows with
// row_number() OVER (PARTITION BY parent ...) reads every row of every
// parent first: 6 to 8 times slower for 50 programmes at 10,000 flows.)

// childStatement assembles the windows of every parent in :parents of a
// list whose parent column is parent, whose conditions c hold all but the
// parents': each row with its slot values and its parent.
func childStatement(t listTable, parent string, parents []string, c *conds, w flow.Window) (statement, error) {
	k, err := keysetOf(t, c, w)
	if err != nil {
		return statement{}, err
	}
	// parent is a fixed column name of the list's table, never text from
	// a request. Within the subquery, unqualified columns are the child
	// row's; the parents' only column is parent_.
	where := append([]string{parent + " = p.parent_"}, c.where...)
	// Within one parent the parent column is constant: ordering by it
	// would only keep an index that leads with it from serving the rest
	// of the order (a programme's lines by year).
	var within []string
	for _, o := range k.order {
		if !strings.HasPrefix(o, parent+" ") {
			within = append(within, o)
		}
	}
	query := `SELECT ` + t.columns + `,
  ` + strings.Join(k.slots, ", ") + `, p.parent_
FROM (SELECT value AS parent_ FROM json_each(:parents)) AS p
JOIN ` + t.name + ` ON ` + t.name + `.rowid IN (
  SELECT rowid FROM ` + t.name + `
  WHERE ` + strings.Join(append(where, k.after...), "\n    AND ") + `
  ORDER BY ` + strings.Join(within, ", ") + `
  LIMIT :limit)
ORDER BY p.parent_, ` + strings.Join(k.order, ", ")
	k.params["parents"] = jsonList(parents)
	return statement{query: query, params: k.params}, nil
}

// childCountStatement counts the rows of each parent in :parents.
func childCountStatement(t listTable, parent string, parents []string, c *conds) statement {
	params := map[string]any{"parents": jsonList(parents)}
	for k, v := range c.params {
		params[k] = v
	}
	return statement{query: "SELECT " + parent + ", count(*) FROM " + t.name +
		c.sql(parent+" IN (SELECT value FROM json_each(:parents))") + "\nGROUP BY " + parent, params: params}
}

// childPages runs one window per parent (one extra row each, to know
// whether more follow) and, unless the window says nobody reads them, the
// parents' counts: two statements whatever the number of parents. c holds
// every condition but the parents'. Every parent has a page.
func childPages[T any](ctx context.Context, db reader, t listTable, parent string, parents []string, c *conds, w flow.Window,
	scan rowScanner[T], name string) (map[string]*flow.Page[T], error) {
	st, err := childStatement(t, parent, parents, c, w)
	if err != nil {
		return nil, flow.Internal("list "+name, err)
	}
	rows, err := db.QueryContext(ctx, st.query, st.args()...)
	if err != nil {
		return nil, wrap("list "+name, err)
	}
	defer rows.Close()
	type group struct {
		items   []T
		cursors []string
	}
	groups := map[string]*group{}
	for rows.Next() {
		dest, finish := scan()
		keys := make([]string, sortkey.CursorKeys-1)
		for i := range keys {
			dest = append(dest, &keys[i])
		}
		var of string
		dest = append(dest, &of)
		if err := rows.Scan(dest...); err != nil {
			return nil, wrap("list "+name, err)
		}
		item, id, err := finish()
		if err != nil {
			return nil, wrap("list "+name, err)
		}
		g := groups[of]
		if g == nil {
			g = &group{}
			groups[of] = g
		}
		g.items = append(g.items, item)
		g.cursors = append(g.cursors, sortkey.Cursor(w.Order, append(keys, id)))
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("list "+name, err)
	}
	out := make(map[string]*flow.Page[T], len(parents))
	for _, p := range parents {
		g := groups[p]
		if g == nil {
			g = &group{}
		}
		out[p] = flow.Paginate(g.items, g.cursors, w)
	}
	if w.NoCount {
		return out, nil
	}
	count := childCountStatement(t, parent, parents, c)
	counted, err := db.QueryContext(ctx, count.query, count.args()...)
	if err != nil {
		return nil, wrap("count "+name, err)
	}
	defer counted.Close()
	for counted.Next() {
		var of string
		var n int
		if err := counted.Scan(&of, &n); err != nil {
			return nil, wrap("count "+name, err)
		}
		if p, ok := out[of]; ok {
			p.TotalCount = n
		}
	}
	return out, wrap("count "+name, counted.Err())
}

// items lists every item of a batch's pages, for the queries that attach
// what the items carry (citations) to all of them at once.
func items[T any](pages map[string]*flow.Page[T]) []T {
	var out []T
	for _, p := range pages {
		out = append(out, p.Items...)
	}
	return out
}

// ChildFlows pages flows per parent (per id of f.FromIDs or f.ToIDs), with
// their citations: three statements whatever the number of parents.
func (s *Store) ChildFlows(ctx context.Context, by flow.End, f flow.FlowFilter, w flow.Window) (map[string]*flow.Page[*flow.Flow], error) {
	parent, parents := "from_id", f.FromIDs
	rest := f
	rest.FromIDs = nil
	if by == flow.ToEnd {
		parent, parents = "to_id", f.ToIDs
		rest.FromIDs, rest.ToIDs = f.FromIDs, nil
	}
	if len(parents) == 0 {
		return nil, flow.Errorf(flow.EINTERNAL, "child flows: no parents")
	}
	lines := map[string]string{}
	pages, err := childPages(ctx, s.read, flowTable, parent, parents, flowConds(rest), w, scanFlow(lines), "flows")
	if err != nil {
		return nil, err
	}
	if err := s.flowCitations(ctx, items(pages), lines, f.AsOf); err != nil {
		return nil, err
	}
	return pages, nil
}

// ChildBudgetLines pages budget lines per programme of f.ProgrammeIDs, with
// their citations.
func (s *Store) ChildBudgetLines(ctx context.Context, f flow.BudgetLineFilter, w flow.Window) (map[string]*flow.Page[*flow.BudgetLine], error) {
	if len(f.ProgrammeIDs) == 0 {
		return nil, flow.Errorf(flow.EINTERNAL, "child budget lines: no programmes")
	}
	rest := f
	rest.ProgrammeIDs = nil
	pages, err := childPages(ctx, s.read, budgetTable, "programme_id", f.ProgrammeIDs, budgetConds(rest), w, scanBudgetLine, "budget lines")
	if err != nil {
		return nil, err
	}
	if err := citeAsOf(ctx, s, items(pages), f.AsOf, func(b *flow.BudgetLine) (string, *[]flow.Citation) { return b.ID, &b.Citations }); err != nil {
		return nil, err
	}
	return pages, nil
}

// ChildFacts pages facts per subject of f.SubjectIDs, with their
// citations.
func (s *Store) ChildFacts(ctx context.Context, f flow.FactFilter, w flow.Window) (map[string]*flow.Page[*flow.Fact], error) {
	if len(f.SubjectIDs) == 0 {
		return nil, flow.Errorf(flow.EINTERNAL, "child facts: no subjects")
	}
	rest := f
	rest.SubjectIDs = nil
	pages, err := childPages(ctx, s.read, factTable, "subject_id", f.SubjectIDs, factConds(rest), w, scanFact, "facts")
	if err != nil {
		return nil, err
	}
	if err := citeAsOf(ctx, s, items(pages), f.AsOf, func(x *flow.Fact) (string, *[]flow.Citation) { return x.ID, &x.Citations }); err != nil {
		return nil, err
	}
	return pages, nil
}

// ChildPeople pages people per organisation of f.OrganisationIDs.
func (s *Store) ChildPeople(ctx context.Context, f flow.PersonFilter, w flow.Window) (map[string]*flow.Page[*flow.Person], error) {
	if len(f.OrganisationIDs) == 0 {
		return nil, flow.Errorf(flow.EINTERNAL, "child people: no organisations")
	}
	rest := f
	rest.OrganisationIDs = nil
	return childPages(ctx, s.read, personTable, "organisation_id", f.OrganisationIDs, personConds(rest), w, scanPerson, "people")
}

// ChildStatements pages statements per person of f.PersonIDs, with their
// citations.
func (s *Store) ChildStatements(ctx context.Context, f flow.StatementFilter, w flow.Window) (map[string]*flow.Page[*flow.Statement], error) {
	if len(f.PersonIDs) == 0 {
		return nil, flow.Errorf(flow.EINTERNAL, "child statements: no people")
	}
	rest := f
	rest.PersonIDs = nil
	pages, err := childPages(ctx, s.read, statementTable, "person_id", f.PersonIDs, statementConds(rest), w, scanStatement, "statements")
	if err != nil {
		return nil, err
	}
	if err := citeAsOf(ctx, s, items(pages), f.AsOf, func(x *flow.Statement) (string, *[]flow.Citation) { return x.ID, &x.Citations }); err != nil {
		return nil, err
	}
	return pages, nil
}

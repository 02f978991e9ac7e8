package sqlite

import (
	"context"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// Child lists: one window per parent of a batch, in one statement. The
// filtered rows are numbered within their parent in the window's order
// (row_number() OVER (PARTITION BY parent ORDER BY the list's keys)), over
// only their rowids and keys, and the rows numbered within the window's
// limit are then read whole by rowid. The filter always holds the parents'
// condition, so the numbering reads only the parents' rows, sought by the
// parent column's index; a parent with many rows costs its rows' keys, not
// a cap that fails the batch.

// childStatement assembles the windows of every parent of a list whose
// parent column is parent: each row with its slot values and its parent.
func childStatement(t listTable, parent string, c *conds, w flow.Window) (statement, error) {
	k, err := keysetOf(t, c, w)
	if err != nil {
		return statement{}, err
	}
	// parent is a fixed column name of the list's table, never text from
	// a request.
	query := `WITH ranked AS (
  SELECT rowid AS row_, ` + parent + ` AS parent_,
    row_number() OVER (PARTITION BY ` + parent + ` ORDER BY ` + strings.Join(k.order, ", ") + `) AS n_
  FROM ` + t.name + c.sql(k.after...) + `
)
SELECT ` + t.columns + `,
  ` + strings.Join(k.slots, ", ") + `, ranked.parent_
FROM ranked JOIN ` + t.name + ` ON ` + t.name + `.rowid = ranked.row_
WHERE ranked.n_ <= :limit
ORDER BY ranked.parent_, ranked.n_`
	return statement{query: query, params: k.params}, nil
}

// childCountStatement counts each parent's rows.
func childCountStatement(t listTable, parent string, c *conds) statement {
	return statement{query: "SELECT " + parent + ", count(*) FROM " + t.name + c.sql() + "\nGROUP BY " + parent, params: c.params}
}

// childPages runs one window per parent (one extra row each, to know
// whether more follow) and, unless the window says nobody reads them, the
// parents' counts: two statements whatever the number of parents. Every
// parent has a page.
func childPages[T any](ctx context.Context, db reader, t listTable, parent string, parents []string, c *conds, w flow.Window,
	scan rowScanner[T], name string) (map[string]*flow.Page[T], error) {
	st, err := childStatement(t, parent, c, w)
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
	count := childCountStatement(t, parent, c)
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
	if by == flow.ToEnd {
		parent, parents = "to_id", f.ToIDs
	}
	if len(parents) == 0 {
		return nil, flow.Errorf(flow.EINTERNAL, "child flows: no parents")
	}
	lines := map[string]string{}
	pages, err := childPages(ctx, s.read, flowTable, parent, parents, flowConds(f), w, scanFlow(lines), "flows")
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
	pages, err := childPages(ctx, s.read, budgetTable, "programme_id", f.ProgrammeIDs, budgetConds(f), w, scanBudgetLine, "budget lines")
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
	pages, err := childPages(ctx, s.read, factTable, "subject_id", f.SubjectIDs, factConds(f), w, scanFact, "facts")
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
	return childPages(ctx, s.read, personTable, "organisation_id", f.OrganisationIDs, personConds(f), w, scanPerson, "people")
}

// ChildStatements pages statements per person of f.PersonIDs, with their
// citations.
func (s *Store) ChildStatements(ctx context.Context, f flow.StatementFilter, w flow.Window) (map[string]*flow.Page[*flow.Statement], error) {
	if len(f.PersonIDs) == 0 {
		return nil, flow.Errorf(flow.EINTERNAL, "child statements: no people")
	}
	pages, err := childPages(ctx, s.read, statementTable, "person_id", f.PersonIDs, statementConds(f), w, scanStatement, "statements")
	if err != nil {
		return nil, err
	}
	if err := citeAsOf(ctx, s, items(pages), f.AsOf, func(x *flow.Statement) (string, *[]flow.Citation) { return x.ID, &x.Citations }); err != nil {
		return nil, err
	}
	return pages, nil
}

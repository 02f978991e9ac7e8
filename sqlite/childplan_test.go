package sqlite

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// childWindow is a window of the first rows (or the last, backward) in a
// list's default order.
func childWindow(tb testing.TB, o flow.Ordering, backward bool) flow.Window {
	tb.Helper()
	p := flow.PageArgs{First: new(2)}
	if backward {
		p = flow.PageArgs{Last: new(2)}
	}
	w, err := sortkey.Window(p, o)
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

// TestChildListPlans asks SQLite how it plans every child list's
// statements, over every parent of the bundled data, both ways: each
// parent's rows are sought by the parent column's index, no big table is
// read whole, and where that index also serves the default order (a
// node's flows by id, a programme's lines by year) the only sort is of
// the pages already picked, never of a parent's rows.
func TestChildListPlans(t *testing.T) {
	st, rec := bundled(t)
	ctx := context.Background()
	var programmes, nodes, orgs, people []string
	for _, kind := range flow.NodeKinds {
		page, err := st.ListNodes(ctx, kind, flow.NodeFilter{}, flow.Window{Limit: flow.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range page.Items {
			switch kind {
			case flow.KindProgramme:
				programmes = append(programmes, n.NodeID())
			case flow.KindOrganisation:
				orgs = append(orgs, n.NodeID())
			}
			if kind != flow.KindSource {
				nodes = append(nodes, n.NodeID())
			}
		}
	}
	staff, err := st.People(ctx, flow.PersonFilter{}, flow.Window{Limit: flow.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range staff.Items {
		people = append(people, p.ID)
	}
	flowOrder, _ := flow.FlowOrdering(nil)
	lineOrder, _ := flow.BudgetOrdering(nil)
	factOrder, _ := flow.FactOrdering(nil)
	personOrder, _ := flow.PersonOrdering(nil)
	statementOrder, _ := flow.StatementOrdering(nil)
	cases := []struct {
		name  string
		seek  *regexp.Regexp // the plan line of the parents' seek
		order flow.Ordering
		// ordered says the seek's index serves the default order.
		ordered bool
		list    func(w flow.Window) error
	}{
		{"outflows", regexp.MustCompile(`^SEARCH flows USING (COVERING )?INDEX flows_by_from_id \(from_id=\?\)$`), flowOrder, true, func(w flow.Window) error {
			_, err := st.ChildFlows(ctx, flow.FromEnd, flow.FlowFilter{FromIDs: nodes}, w)
			return err
		}},
		{"inflows", regexp.MustCompile(`^SEARCH flows USING (COVERING )?INDEX flows_by_to_id \(to_id=\?\)$`), flowOrder, true, func(w flow.Window) error {
			_, err := st.ChildFlows(ctx, flow.ToEnd, flow.FlowFilter{ToIDs: nodes}, w)
			return err
		}},
		{"budget lines", regexp.MustCompile(`^SEARCH budget_lines USING (COVERING )?INDEX budget_lines_by_programme \(programme_id=\?\)$`), lineOrder, true, func(w flow.Window) error {
			_, err := st.ChildBudgetLines(ctx, flow.BudgetLineFilter{ProgrammeIDs: programmes}, w)
			return err
		}},
		{"facts", regexp.MustCompile(`^SEARCH facts USING (COVERING )?INDEX facts_by_subject\w* \(subject_id=\?\)$`), factOrder, false, func(w flow.Window) error {
			_, err := st.ChildFacts(ctx, flow.FactFilter{SubjectIDs: nodes}, w)
			return err
		}},
		{"people", regexp.MustCompile(`^SEARCH people USING (COVERING )?INDEX people_by_organisation \(organisation_id=\?\)$`), personOrder, false, func(w flow.Window) error {
			_, err := st.ChildPeople(ctx, flow.PersonFilter{OrganisationIDs: orgs}, w)
			return err
		}},
		{"statements", regexp.MustCompile(`^SEARCH statements USING (COVERING )?INDEX statements_by_person\w* \(person_id=\?\)$`), statementOrder, false, func(w flow.Window) error {
			_, err := st.ChildStatements(ctx, flow.StatementFilter{PersonIDs: people}, w)
			return err
		}},
	}
	for _, tc := range cases {
		for _, backward := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/backward=%v", tc.name, backward), func(t *testing.T) {
				rec.runs = nil
				if err := tc.list(childWindow(t, tc.order, backward)); err != nil {
					t.Fatal(err)
				}
				paged := false
				for _, run := range rec.runs {
					p := plan(t, st.db, run.query, run.args)
					if s := fullScans(p); len(s) > 0 {
						t.Errorf("full scan %q in the plan of\n%s\nplan: %q", s, run.query, p)
					}
					if !strings.Contains(run.query, "json_each(:parents)) AS p") {
						continue
					}
					paged = true
					if !matches(p, tc.seek) {
						t.Errorf("no %q in the plan of\n%s\nplan: %q", tc.seek, run.query, p)
					}
					// The outer ORDER BY sorts the pages picked; a second
					// sort would be of a parent's rows.
					if s := sorts(p); tc.ordered && len(s) > 1 {
						t.Errorf("%d sorts in the plan of\n%s\nplan: %q", len(s), run.query, p)
					}
				}
				if !paged {
					t.Fatal("no child list statement ran")
				}
			})
		}
	}
}

func matches(lines []string, want *regexp.Regexp) bool {
	for _, l := range lines {
		if want.MatchString(l) {
			return true
		}
	}
	return false
}

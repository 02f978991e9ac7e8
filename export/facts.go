package export

import (
	"context"
	"strconv"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// listWriter streams a list whose rows need the nodes they name: refs
// gives a record's node ids, rows its rows.
func listWriter[T any](what string, fetch func(*ledger.Service) fetcher[T], refs func(T) []string, rows func(T, map[string]flow.Node) [][]string) func(context.Context, *ledger.Service, *sheet, Options) error {
	return func(ctx context.Context, svc *ledger.Service, s *sheet, o Options) error {
		return stream(ctx, s, o, what, fetch(svc), func(ctx context.Context, items []T) ([][]string, error) {
			var ids []string
			for _, it := range items {
				ids = append(ids, refs(it)...)
			}
			ns, err := nodes(ctx, svc, ids)
			if err != nil {
				return nil, err
			}
			var out [][]string
			for _, it := range items {
				out = append(out, rows(it, ns)...)
			}
			return out, nil
		})
	}
}

// count is a count cell: the whole number, or empty when unknown.
func count(n *int64) string {
	if n == nil {
		return ""
	}
	return strconv.FormatInt(*n, 10)
}

// parsePeople is /export/people.csv: the GraphQL people list.
func parsePeople(p *params) ([]string, func(context.Context, *ledger.Service, *sheet, Options) error) {
	q := flow.PersonQuery{Filter: flow.PersonFilter{IDs: p.ids("ids"), NameContains: p.one("nameContains"), OrganisationIDs: p.ids("organisation")}}
	fs, desc := orders(p, flow.NodeFields)
	for i := range fs {
		q.Order = append(q.Order, flow.NodeOrder{Field: fs[i], Desc: desc[i]})
	}
	return []string{"id", "name", "aliases", "role", "organisation", "organisationName", "description", "dataset"},
		listWriter("people", func(svc *ledger.Service) fetcher[*flow.Person] {
			return func(ctx context.Context, pa flow.PageArgs) (*flow.Page[*flow.Person], error) {
				q := q
				q.Page = pa
				return svc.People(ctx, q)
			}
		}, func(pr *flow.Person) []string { return []string{pr.OrganisationID} },
			func(pr *flow.Person, ns map[string]flow.Node) [][]string {
				return [][]string{{text(pr.ID), text(pr.Name), aliases(pr.Aliases), text(pr.Role), text(pr.OrganisationID),
					text(name(ns, pr.OrganisationID)), text(pr.Description), text(pr.Dataset)}}
			})
}

// parseFacts is /export/facts.csv: the GraphQL facts list, one row per
// citation.
func parseFacts(p *params) ([]string, func(context.Context, *ledger.Service, *sheet, Options) error) {
	q := flow.FactQuery{Filter: flow.FactFilter{IDs: p.ids("ids"), SubjectIDs: p.ids("subject"), Statuses: enums(p, "status", flow.Statuses), AsOf: p.date("asOf")}}
	fs, desc := orders(p, flow.FactFields)
	for i := range fs {
		q.Order = append(q.Order, flow.FactOrder{Field: fs[i], Desc: desc[i]})
	}
	header := cat([]string{"id", "subject", "subjectName", "counted", "stated", "value", "low", "high", "qualifier", "date", "status"},
		sourceColumns, []string{"note"})
	return header, listWriter("facts", func(svc *ledger.Service) fetcher[*flow.Fact] {
		return func(ctx context.Context, pa flow.PageArgs) (*flow.Page[*flow.Fact], error) {
			q := q
			q.Page = pa
			return svc.Facts(ctx, q)
		}
	}, func(f *flow.Fact) []string { return citedIDs([]string{f.SubjectID}, f.Citations) },
		func(f *flow.Fact, ns map[string]flow.Node) [][]string {
			head := []string{text(f.ID), text(f.SubjectID), text(name(ns, f.SubjectID)), text(f.Counted), text(f.Stated),
				count(f.Count.Value), count(f.Count.Low), count(f.Count.High), string(f.Count.Qualifier), text(f.Date), string(f.Status)}
			var out [][]string
			for _, c := range citations(ns, f.Citations) {
				out = append(out, cat(head, c, []string{text(f.Note)}))
			}
			return out
		})
}

// parseStatements is /export/statements.csv: the GraphQL statements
// list, one row per citation.
func parseStatements(p *params) ([]string, func(context.Context, *ledger.Service, *sheet, Options) error) {
	q := flow.StatementQuery{Filter: flow.StatementFilter{IDs: p.ids("ids"), PersonIDs: p.ids("person"), AboutIDs: p.ids("about"), AsOf: p.date("asOf")}}
	fs, desc := orders(p, flow.StatementFields)
	for i := range fs {
		q.Order = append(q.Order, flow.StatementOrder{Field: fs[i], Desc: desc[i]})
	}
	header := cat([]string{"id", "person", "personName", "said", "form", "date", "about"}, sourceColumns, []string{"note"})
	return header, listWriter("statements", func(svc *ledger.Service) fetcher[*flow.Statement] {
		return func(ctx context.Context, pa flow.PageArgs) (*flow.Page[*flow.Statement], error) {
			q := q
			q.Page = pa
			return svc.Statements(ctx, q)
		}
	}, func(s *flow.Statement) []string { return citedIDs([]string{s.PersonID}, s.Citations) },
		func(s *flow.Statement, ns map[string]flow.Node) [][]string {
			head := []string{text(s.ID), text(s.PersonID), text(name(ns, s.PersonID)), text(s.Said), string(s.Form), text(s.Date),
				text(strings.Join(s.AboutIDs, ";"))}
			var out [][]string
			for _, c := range citations(ns, s.Citations) {
				out = append(out, cat(head, c, []string{text(s.Note)}))
			}
			return out
		})
}

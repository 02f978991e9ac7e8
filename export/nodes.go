package export

import (
	"context"
	"strconv"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/ledger"
)

// nodeQuery reads what every node list takes: ids, nameContains and
// orderBy.
func nodeQuery(p *params) flow.NodeQuery {
	q := flow.NodeQuery{Filter: flow.NodeFilter{IDs: p.ids("ids"), NameContains: p.one("nameContains")}}
	fs, desc := orders(p, flow.NodeFields)
	for i := range fs {
		q.Order = append(q.Order, flow.NodeOrder{Field: fs[i], Desc: desc[i]})
	}
	return q
}

// nodeWriter streams a node list, one row per node.
func nodeWriter[T flow.Node](what string, q flow.NodeQuery, list func(*ledger.Service) func(context.Context, flow.NodeQuery) (*flow.Page[T], error), row func(T, map[string]flow.Node) []string, refs func(T) []string) func(context.Context, *ledger.Service, *sheet, Options) error {
	return func(ctx context.Context, svc *ledger.Service, s *sheet, o Options) error {
		fetch := func(ctx context.Context, pa flow.PageArgs) (*flow.Page[T], error) {
			q := q
			q.Page = pa
			return list(svc)(ctx, q)
		}
		return stream(ctx, s, o, what, fetch, func(ctx context.Context, items []T) ([][]string, error) {
			var ids []string
			if refs != nil {
				for _, it := range items {
					ids = append(ids, refs(it)...)
				}
			}
			ns, err := nodes(ctx, svc, ids)
			if err != nil {
				return nil, err
			}
			rows := make([][]string, len(items))
			for i, it := range items {
				rows[i] = row(it, ns)
			}
			return rows, nil
		})
	}
}

// aliases is a list of names in one cell, separated by "; ".
func aliases(names []string) string { return text(strings.Join(names, "; ")) }

func parseFunds(p *params) ([]string, func(context.Context, *ledger.Service, *sheet, Options) error) {
	q := nodeQuery(p)
	return []string{"id", "name", "aliases", "description", "dataset"},
		nodeWriter("funds", q, func(s *ledger.Service) func(context.Context, flow.NodeQuery) (*flow.Page[*flow.Fund], error) {
			return s.Funds
		},
			func(f *flow.Fund, _ map[string]flow.Node) []string {
				return []string{text(f.ID), text(f.Name), aliases(f.Aliases), text(f.Description), text(f.Dataset)}
			}, nil)
}

func parseProgrammes(p *params) ([]string, func(context.Context, *ledger.Service, *sheet, Options) error) {
	q := nodeQuery(p)
	q.Filter.FundIDs = p.ids("fund")
	return []string{"id", "name", "aliases", "description", "fund", "fundName", "dataset"},
		nodeWriter("programmes", q, func(s *ledger.Service) func(context.Context, flow.NodeQuery) (*flow.Page[*flow.Programme], error) {
			return s.Programmes
		}, func(pr *flow.Programme, ns map[string]flow.Node) []string {
			return []string{text(pr.ID), text(pr.Name), aliases(pr.Aliases), text(pr.Description), text(pr.FundID), text(name(ns, pr.FundID)), text(pr.Dataset)}
		}, func(pr *flow.Programme) []string { return []string{pr.FundID} })
}

func parseOrganisations(p *params) ([]string, func(context.Context, *ledger.Service, *sheet, Options) error) {
	q := nodeQuery(p)
	q.Filter.Kinds = p.list("kind")
	return []string{"id", "name", "aliases", "kind", "description", "dataset"},
		nodeWriter("organisations", q, func(s *ledger.Service) func(context.Context, flow.NodeQuery) (*flow.Page[*flow.Organisation], error) {
			return s.Organisations
		}, func(o *flow.Organisation, _ map[string]flow.Node) []string {
			return []string{text(o.ID), text(o.Name), aliases(o.Aliases), text(o.Kind), text(o.Description), text(o.Dataset)}
		}, nil)
}

func parseSources(p *params) ([]string, func(context.Context, *ledger.Service, *sheet, Options) error) {
	q := nodeQuery(p)
	return []string{"id", "title", "publisher", "published", "dateNote", "url", "file", "verified", "notes", "dataset"},
		nodeWriter("sources", q, func(s *ledger.Service) func(context.Context, flow.NodeQuery) (*flow.Page[*flow.Source], error) {
			return s.Sources
		},
			func(s *flow.Source, _ map[string]flow.Node) []string {
				return []string{text(s.ID), text(s.Title), text(s.Publisher), text(s.Published), text(s.DateNote), text(s.URL),
					text(s.File), strconv.FormatBool(s.Verified()), text(strings.Join(s.Notes, "\n")), text(s.Dataset)}
			}, nil)
}

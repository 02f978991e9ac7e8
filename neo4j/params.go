package neo4j

import (
	"fmt"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/fold"
	"github.com/fundflow/fundflow/internal/searchdoc"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// Parameter rows hold only types the driver sends as they are: strings,
// int64, bool, nil, []string, []any and map[string]any. Money goes as
// int64 pence, never as a float or a big number.

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func penceParam(p *flow.Pence) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

func strList(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func foldAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = fold.Key(x)
	}
	return out
}

// withSortKeys adds a node's sort keys to its row.
func withSortKeys(row map[string]any, name, id string) map[string]any {
	row["sortAsc"], row["sortDesc"] = sortkey.Node(name, id)
	return row
}

func fundRow(f *flow.Fund) map[string]any {
	return withSortKeys(withSearch(map[string]any{"id": f.ID, "name": f.Name, "sortKey": fold.Key(f.Name), "aliases": strList(f.Aliases),
		"aliasKeys": foldAll(f.Aliases), "description": f.Description, "dataset": f.Dataset}, searchdoc.Node(f)), f.Name, f.ID)
}

func programmeRow(p *flow.Programme) map[string]any {
	return withSortKeys(withSearch(map[string]any{"id": p.ID, "name": p.Name, "sortKey": fold.Key(p.Name), "aliases": strList(p.Aliases),
		"aliasKeys": foldAll(p.Aliases), "description": p.Description, "fundId": nullable(p.FundID), "dataset": p.Dataset}, searchdoc.Node(p)), p.Name, p.ID)
}

func organisationRow(o *flow.Organisation) map[string]any {
	return withSortKeys(withSearch(map[string]any{"id": o.ID, "name": o.Name, "sortKey": fold.Key(o.Name), "aliases": strList(o.Aliases),
		"aliasKeys": foldAll(o.Aliases), "kind": o.Kind, "description": o.Description, "dataset": o.Dataset}, searchdoc.Node(o)), o.Name, o.ID)
}

func sourceRow(s *flow.Source) map[string]any {
	return withSortKeys(withSearch(map[string]any{"id": s.ID, "title": s.Title, "sortKey": fold.Key(s.Title), "aliasKeys": []string{},
		"publisher": s.Publisher, "published": s.Published, "dateNote": s.DateNote, "url": s.URL,
		"file": s.File, "notes": strList(s.Notes), "text": s.Text, "dataset": s.Dataset}, searchdoc.Node(s)), s.Title, s.ID)
}

// partOfRow links a programme to its fund, or unlinks it (fundId null).
func partOfRow(p *flow.Programme) map[string]any {
	return map[string]any{"id": p.ID, "fundId": nullable(p.FundID)}
}

// nodeRow returns a node's label and row.
func nodeRow(n flow.Node) (string, map[string]any) {
	switch n := n.(type) {
	case *flow.Fund:
		return labelFund, fundRow(n)
	case *flow.Programme:
		return labelProgramme, programmeRow(n)
	case *flow.Organisation:
		return labelOrganisation, organisationRow(n)
	case *flow.Source:
		return labelSource, sourceRow(n)
	}
	panic(fmt.Sprintf("neo4j: cannot write a %T", n))
}

// citationProps stores citations as two parallel lists on their flow or
// line, because a relationship cannot point at the Source node.
func citationProps(m map[string]any, cs []flow.Citation) {
	srcs, quotes, dates := make([]string, len(cs)), make([]string, len(cs)), make([]string, len(cs))
	for i, c := range cs {
		srcs[i], quotes[i], dates[i] = c.SourceID, c.Quote, string(c.Published)
	}
	m["citationSources"], m["citationQuotes"], m["citationDates"] = srcs, quotes, dates
}

// moneyProps stores m under prefix ("" for a flow's amount).
func moneyProps(props map[string]any, prefix string, m *flow.Money) {
	k := func(s string) string {
		if prefix == "" {
			return s
		}
		return prefix + string(s[0]-'a'+'A') + s[1:]
	}
	if m == nil {
		return // absent: SET n = props removes an old value
	}
	props[k("amount")] = penceParam(m.Amount)
	props[k("low")] = penceParam(m.Low)
	props[k("high")] = penceParam(m.High)
	props[k("qualifier")] = string(m.Qualifier)
	props[k("phrase")] = nullable(m.Phrase)
}

func flowRow(f *flow.Flow) map[string]any {
	asc, desc := sortkey.Flow(f)
	props := map[string]any{"id": f.ID, "kind": string(f.Kind), "year": nullable(string(f.Year)),
		"measure": string(f.Measure), "status": string(f.Status), "note": f.Note, "currency": f.Amount.Currency,
		"dataset": f.Dataset, "sortAsc": asc, "sortDesc": desc, "knownFrom": nullable(string(f.KnownFrom)),
		"derivedFrom": strList(stringsOf(f.DerivedFrom))}
	moneyProps(props, "", &f.Amount)
	citationProps(props, f.Citations)
	if f.Kind != flow.BudgetSpend { // a budget line's figures are found as the line
		withSearch(props, searchdoc.Flow(f))
	}
	return map[string]any{"id": f.ID, "from": f.FromID, "to": f.ToID, "props": props}
}

func budgetLineRow(b *flow.BudgetLine) map[string]any {
	asc, desc := sortkey.Budget(b)
	props := map[string]any{"id": b.ID, "programmeId": b.ProgrammeID, "year": string(b.Year),
		"status": string(b.Status), "note": b.Note, "currency": flow.CurrencyGBP, "dataset": b.Dataset,
		"sortAsc": asc, "sortDesc": desc, "knownFrom": nullable(string(b.KnownFrom))}
	moneyProps(props, "planned", b.Planned)
	moneyProps(props, "forecast", b.Forecast)
	moneyProps(props, "actual", b.Actual)
	moneyProps(props, "variance", b.Variance)
	citationProps(props, b.Citations)
	withSearch(props, searchdoc.BudgetLine(b))
	return map[string]any{"id": b.ID, "programmeId": b.ProgrammeID, "props": props}
}

// linkRow is a link's properties; its citations are stored as on flows.
func linkRow(l *flow.Link) map[string]any {
	props := map[string]any{"id": l.ID, "kind": string(l.Kind), "whole": l.Whole, "claims": strList(l.Claims),
		"note": l.Note, "dataset": l.Dataset, "knownFrom": nullable(string(l.KnownFrom))}
	citationProps(props, l.Citations)
	return props
}

// stringsOf converts a list of named strings.
func stringsOf[T ~string](xs []T) []string {
	if xs == nil {
		return nil
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// stringsOrNil passes a filter list, or null to match everything.
func stringsOrNil[T ~string](xs []T) any {
	if len(xs) == 0 {
		return nil
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

package neo4j

import (
	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/fold"
	"github.com/fundflow/fundflow/internal/keyset"
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

func fundRow(f *flow.Fund) map[string]any {
	return map[string]any{"id": f.ID, "name": f.Name, "sortKey": fold.Key(f.Name), "aliases": strList(f.Aliases),
		"aliasKeys": foldAll(f.Aliases), "description": f.Description, "dataset": f.Dataset}
}

func programmeRow(p *flow.Programme) map[string]any {
	return map[string]any{"id": p.ID, "name": p.Name, "sortKey": fold.Key(p.Name), "aliases": strList(p.Aliases),
		"aliasKeys": foldAll(p.Aliases), "description": p.Description, "fundId": nullable(p.FundID), "dataset": p.Dataset}
}

func organisationRow(o *flow.Organisation) map[string]any {
	return map[string]any{"id": o.ID, "name": o.Name, "sortKey": fold.Key(o.Name), "aliases": strList(o.Aliases),
		"aliasKeys": foldAll(o.Aliases), "kind": o.Kind, "description": o.Description, "dataset": o.Dataset}
}

func sourceRow(s *flow.Source) map[string]any {
	return map[string]any{"id": s.ID, "title": s.Title, "sortKey": fold.Key(s.Title), "aliasKeys": []string{},
		"publisher": s.Publisher, "published": s.Published, "dateNote": s.DateNote, "url": s.URL,
		"file": s.File, "notes": strList(s.Notes), "dataset": s.Dataset}
}

// citationProps stores citations as two parallel lists on their flow or
// line, because a relationship cannot point at the Source node.
func citationProps(m map[string]any, cs []flow.Citation) {
	srcs, quotes := make([]string, len(cs)), make([]string, len(cs))
	for i, c := range cs {
		srcs[i], quotes[i] = c.SourceID, c.Quote
	}
	m["citationSources"], m["citationQuotes"] = srcs, quotes
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
	props[k("amount")] = int64(m.Amount)
	props[k("low")] = penceParam(m.Low)
	props[k("high")] = penceParam(m.High)
	props[k("qualifier")] = string(m.Qualifier)
}

func flowRow(f *flow.Flow) map[string]any {
	props := map[string]any{"id": f.ID, "kind": string(f.Kind), "year": nullable(string(f.Year)),
		"status": string(f.Status), "note": f.Note, "currency": f.Amount.Currency, "dataset": f.Dataset}
	moneyProps(props, "", &f.Amount)
	citationProps(props, f.Citations)
	return map[string]any{"id": f.ID, "from": f.FromID, "to": f.ToID, "props": props}
}

// budgetSortKeys returns, per orderable field in flow.BudgetLineFields
// order, the line's sort key for ascending and for descending order. Amounts
// are SortableInt strings; a missing amount is "~" ascending and ""
// descending, so it sorts last either way.
func budgetSortKeys(b *flow.BudgetLine) (asc, desc []string) {
	r := b.Resolve()
	for _, f := range flow.BudgetLineFields {
		var m *flow.Money
		switch f {
		case flow.BudgetByYear:
			asc, desc = append(asc, string(b.Year)), append(desc, string(b.Year))
			continue
		case flow.BudgetByProgramme:
			asc, desc = append(asc, b.ProgrammeID), append(desc, b.ProgrammeID)
			continue
		case flow.BudgetByPlanned:
			m = r.Planned
		case flow.BudgetByActual:
			m = r.Actual
		case flow.BudgetByVariance:
			m = r.Variance
		}
		if m == nil {
			asc, desc = append(asc, "~"), append(desc, "")
		} else {
			k := keyset.SortableInt(int64(m.Amount))
			asc, desc = append(asc, k), append(desc, k)
		}
	}
	return asc, desc
}

func budgetLineRow(b *flow.BudgetLine) map[string]any {
	asc, desc := budgetSortKeys(b)
	props := map[string]any{"id": b.ID, "programmeId": b.ProgrammeID, "year": string(b.Year),
		"status": string(b.Status), "note": b.Note, "currency": flow.CurrencyGBP, "dataset": b.Dataset,
		"sortAsc": asc, "sortDesc": desc}
	moneyProps(props, "planned", b.Planned)
	moneyProps(props, "forecast", b.Forecast)
	moneyProps(props, "actual", b.Actual)
	moneyProps(props, "variance", b.Variance)
	citationProps(props, b.Citations)
	return map[string]any{"id": b.ID, "programmeId": b.ProgrammeID, "props": props}
}

// anyList converts a slice for a parameter that takes a list of any.
func anyList[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
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

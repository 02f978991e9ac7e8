package neo4j

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
)

var budgetList = newList("budget-lines", "MATCH (b:BudgetLine)", "b", "b", "line: b", []cond{
	{key: "ids", cypher: "b.id IN $ids"},
	{key: "programmes", cypher: "b.programmeId IN $programmes"},
	{key: "statuses", cypher: "b.status IN $statuses"},
	{key: "year", cypher: "b.year = $year"},
	{key: "yearFrom", cypher: "b.year >= $yearFrom"},
	{key: "yearTo", cypher: "b.year <= $yearTo"},
	{key: "asOf", cypher: "b.knownFrom <= $asOf"},
}, map[string]any{"ids": []string{}, "programmes": []string{}, "statuses": []string{}, "year": "",
	"yearFrom": "", "yearTo": "", "asOf": ""})

// budgetCall builds the call for one page of budget lines.
func budgetCall(f flow.BudgetLineFilter, w flow.Window) call {
	return listCall(budgetList, budgetParams(f), w)
}

// budgetParams gives each budget line condition's parameter from f.
func budgetParams(f flow.BudgetLineFilter) map[string]any {
	return map[string]any{"ids": stringsOrNil(f.IDs), "programmes": stringsOrNil(f.ProgrammeIDs),
		"statuses": stringsOrNil(f.Statuses), "year": string(f.Year), "yearFrom": string(f.YearFrom),
		"yearTo": string(f.YearTo), "asOf": string(f.AsOf)}
}

// BudgetLines lists budget lines, filtered, ordered and keyset-paged, in
// one round trip.
func (s *Store) BudgetLines(ctx context.Context, f flow.BudgetLineFilter, w flow.Window) (*flow.Page[*flow.BudgetLine], error) {
	return listPage(ctx, s, budgetCall(f, w), w, "budget lines", budgetItem(f.AsOf))
}

// budgetItem maps a list row to its budget line, with the citations known
// by asOf.
func budgetItem(asOf flow.Date) func(m map[string]any) (*flow.BudgetLine, error) {
	return func(m map[string]any) (*flow.BudgetLine, error) {
		n, err := value[dbtype.Node](m, "line")
		if err != nil {
			return nil, err
		}
		b, err := toBudgetLine(n)
		if err != nil {
			return nil, err
		}
		b.Citations, _ = flow.KnownAsOf(b.Citations, asOf)
		return b, nil
	}
}

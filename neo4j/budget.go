package neo4j

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
)

const budgetFilter = `($ids IS NULL OR b.id IN $ids)
    AND ($programmes IS NULL OR b.programmeId IN $programmes)
    AND ($statuses IS NULL OR b.status IN $statuses)
    AND ($year = '' OR b.year = $year)
    AND ($yearFrom = '' OR b.year >= $yearFrom)
    AND ($yearTo = '' OR b.year <= $yearTo)
    AND ($asOf = '' OR b.knownFrom <= $asOf)`

var budgetList = newList("budget-lines", "MATCH (b:BudgetLine)", "b", budgetFilter, "b", "line: b",
	map[string]any{"ids": []string{}, "programmes": []string{}, "statuses": []string{}, "year": "",
		"yearFrom": "", "yearTo": "", "asOf": ""})

// budgetCall builds the call for one page of budget lines.
func budgetCall(f flow.BudgetLineFilter, w flow.Window) call {
	return listCall(budgetList, map[string]any{"ids": stringsOrNil(f.IDs), "programmes": stringsOrNil(f.ProgrammeIDs),
		"statuses": stringsOrNil(f.Statuses), "year": string(f.Year), "yearFrom": string(f.YearFrom),
		"yearTo": string(f.YearTo), "asOf": string(f.AsOf)}, w)
}

// BudgetLines lists budget lines, filtered, ordered and keyset-paged, in
// one round trip.
func (s *Store) BudgetLines(ctx context.Context, f flow.BudgetLineFilter, w flow.Window) (*flow.Page[*flow.BudgetLine], error) {
	return listPage(ctx, s, budgetCall(f, w), w, "budget lines", func(m map[string]any) (*flow.BudgetLine, error) {
		n, err := value[dbtype.Node](m, "line")
		if err != nil {
			return nil, err
		}
		b, err := toBudgetLine(n)
		if err != nil {
			return nil, err
		}
		b.Citations, _ = flow.KnownAsOf(b.Citations, f.AsOf)
		return b, nil
	})
}

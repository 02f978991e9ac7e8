package neo4j

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
)

// Budget lines are ordered by up to flow.MaxOrderKeys requested fields with
// one fixed statement: each line stores its sort key per field for
// ascending (sortAsc) and descending (sortDesc) order, and slot i of the
// ORDER BY picks field $fi from one list or the other. An unused slot is the
// constant ''. Every slot value is a string, so keyset comparisons never mix
// types.

// slotNames are the sort columns, in ORDER BY order: a0 ASC, z0 DESC, ...
var slotNames = func() []string {
	var out []string
	for i := 0; i < flow.MaxOrderKeys; i++ {
		out = append(out, fmt.Sprintf("a%d", i), fmt.Sprintf("z%d", i))
	}
	return out
}()

var budgetStatement = statement("budget-lines", budgetCypher(), budgetParams())

func budgetCypher() string {
	var slots, order, after []string
	for i := 0; i < flow.MaxOrderKeys; i++ {
		slots = append(slots,
			fmt.Sprintf("CASE WHEN $f%[1]d >= 0 AND NOT $d%[1]d THEN coalesce(b.sortAsc[$f%[1]d], '') ELSE '' END AS a%[1]d", i),
			fmt.Sprintf("CASE WHEN $f%[1]d >= 0 AND $d%[1]d THEN coalesce(b.sortDesc[$f%[1]d], '') ELSE '' END AS z%[1]d", i))
	}
	keys := append(append([]string{}, slotNames...), "b.id")
	for i, k := range keys {
		dir, op := "ASC", ">"
		if strings.HasPrefix(k, "z") {
			dir, op = "DESC", "<"
		}
		order = append(order, k+" "+dir)
		var ands []string
		for j := 0; j < i; j++ {
			ands = append(ands, fmt.Sprintf("%s = $k%d", keys[j], j))
		}
		ands = append(ands, fmt.Sprintf("%s %s $k%d", k, op, i))
		after = append(after, "("+strings.Join(ands, " AND ")+")")
	}
	filter := `($year = '' OR b.year = $year)
    AND ($programmes IS NULL OR b.programmeId IN $programmes)`
	return `
CALL () {
  MATCH (b:BudgetLine)
  WHERE ` + filter + `
  RETURN count(b) AS total
}
CALL () {
  MATCH (b:BudgetLine)
  WHERE ` + filter + `
  WITH b,
    ` + strings.Join(slots, ",\n    ") + `
  WHERE $after = false
    OR ` + strings.Join(after, "\n    OR ") + `
  WITH b, ` + strings.Join(slotNames, ", ") + `
  ORDER BY ` + strings.Join(order, ", ") + `
  LIMIT $limit
  RETURN collect({line: b, keys: [` + strings.Join(keys, ", ") + `]}) AS rows
}
RETURN total, rows`
}

func budgetParams() map[string]any {
	p := map[string]any{"year": "", "programmes": []string{}, "after": false, "limit": int64(1)}
	for i := 0; i < flow.MaxOrderKeys; i++ {
		p[fmt.Sprintf("f%d", i)] = int64(0)
		p[fmt.Sprintf("d%d", i)] = false
	}
	for i := 0; i <= 2*flow.MaxOrderKeys; i++ {
		p[fmt.Sprintf("k%d", i)] = ""
	}
	return p
}

// budgetCall builds the parameters for one page of budget lines.
func budgetCall(f flow.BudgetLineFilter, order []flow.BudgetLineOrder, p flow.PageArgs) (call, string, int, error) {
	limit, err := p.Limit()
	if err != nil {
		return call{}, "", 0, err
	}
	order, err = flow.BudgetOrder(order)
	if err != nil {
		return call{}, "", 0, err
	}
	tag := flow.OrderTag(order)
	nkeys := 2*flow.MaxOrderKeys + 1
	keys := make([]string, nkeys)
	if p.After != "" {
		if keys, err = flow.DecodeCursor(p.After, tag, nkeys); err != nil {
			return call{}, "", 0, err
		}
	}
	params := map[string]any{"year": string(f.Year), "programmes": stringsOrNil(f.ProgrammeIDs),
		"after": p.After != "", "limit": int64(limit + 1)}
	for i := 0; i < flow.MaxOrderKeys; i++ {
		field, desc := int64(-1), false
		if i < len(order) {
			field, desc = int64(fieldIndex(order[i].Field)), order[i].Desc
		}
		params[fmt.Sprintf("f%d", i)], params[fmt.Sprintf("d%d", i)] = field, desc
	}
	for i, k := range keys {
		params[fmt.Sprintf("k%d", i)] = k
	}
	return call{budgetStatement, params}, tag, limit, nil
}

func fieldIndex(f flow.BudgetLineField) int {
	for i, g := range flow.BudgetLineFields {
		if f == g {
			return i
		}
	}
	return -1
}

// BudgetLines lists budget lines in the requested order, keyset-paged, in
// one round trip.
func (s *Store) BudgetLines(ctx context.Context, f flow.BudgetLineFilter, order []flow.BudgetLineOrder, p flow.PageArgs) (*flow.Page[*flow.BudgetLine], error) {
	c, tag, limit, err := budgetCall(f, order, p)
	if err != nil {
		return nil, err
	}
	total, rows, err := s.readPage(ctx, c, "rows")
	if err != nil {
		return nil, internal("list budget lines", err)
	}
	page := &flow.Page[*flow.BudgetLine]{HasPreviousPage: p.After != "", TotalCount: total}
	for _, row := range rows {
		b, keys, err := toBudgetRow(row)
		if err != nil {
			return nil, internal("list budget lines", err)
		}
		page.Items = append(page.Items, b)
		page.Cursors = append(page.Cursors, flow.EncodeCursor(tag, keys...))
	}
	if len(page.Items) > limit {
		page.Items, page.Cursors, page.HasNextPage = page.Items[:limit], page.Cursors[:limit], true
	}
	return page, nil
}

// toBudgetRow maps a row of {line, keys}: the line and its sort keys.
func toBudgetRow(row any) (*flow.BudgetLine, []string, error) {
	rm, ok := row.(map[string]any)
	if !ok {
		return nil, nil, fmt.Errorf("budget line row is %T, want a map", row)
	}
	n, err := value[dbtype.Node](rm, "line")
	if err != nil {
		return nil, nil, err
	}
	keys, err := value[[]any](rm, "keys")
	if err != nil {
		return nil, nil, err
	}
	b, err := toBudgetLine(n)
	if err != nil {
		return nil, nil, err
	}
	strs := make([]string, len(keys))
	for i, k := range keys {
		if strs[i], ok = k.(string); !ok {
			return nil, nil, fmt.Errorf("budget line %s: sort key %d is %T, want a string", b.ID, i, k)
		}
	}
	return b, strs, nil
}

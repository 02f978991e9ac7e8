package neo4j

import (
	"context"
	"fmt"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// listStatements are one list's statements, forward and backward: each
// returns the count of every match and one ordered page of rows, in one
// round trip.
type listStatements struct{ forward, backward *Statement }

// slots are the slot columns that order every list and make its cursors.
var slots = strings.Join(sortkey.Slots(), ", ")

// newList registers a list's statements. match binds v (the record whose
// sortAsc, sortDesc and id order the list); filter is a WHERE condition;
// carry lists the variables the row map needs; row is the map's entries.
func newList(name, match, v, filter, carry, row string, params map[string]any) listStatements {
	build := func(backward bool) string {
		q := sortkey.Build(sortkey.Cypher, v+".sortAsc", v+".sortDesc", v+".id", backward)
		return `
CALL () {
  ` + match + `
  WHERE ` + filter + `
  RETURN count(*) AS total
}
CALL () {
  ` + match + `
  WHERE ` + filter + `
  WITH ` + carry + `,
    ` + q.Columns + `
  WHERE ` + q.After + `
  WITH ` + carry + `, ` + slots + `
  ORDER BY ` + q.OrderBy + `
  LIMIT $limit
  RETURN collect({` + row + `, keys: [` + slots + `, ` + v + `.id]}) AS rows
}
RETURN total, rows`
	}
	all := sortkey.ParamExamples(map[string]any{"limit": int64(1)})
	for k, v := range params {
		all[k] = v
	}
	return listStatements{
		forward:  statement("list-"+name, build(false), all),
		backward: statement("list-"+name+"-backward", build(true), all),
	}
}

// listCall builds the call for one window of a list.
func listCall(l listStatements, filter map[string]any, w flow.Window) call {
	params := sortkey.Params(w)
	params["limit"] = int64(w.Limit + 1)
	for k, v := range filter {
		params[k] = v
	}
	s := l.forward
	if w.Backward {
		s = l.backward
	}
	return call{s, params}
}

// listPage runs a list call and maps each row with item, which returns the
// record; the row's keys make its cursor.
func listPage[T any](ctx context.Context, s *Store, c call, w flow.Window, name string,
	item func(row map[string]any) (T, error)) (*flow.Page[T], error) {
	total, rows, err := s.readPage(ctx, c, "rows")
	if err != nil {
		return nil, internal("list "+name, err)
	}
	var (
		items   []T
		cursors []string
	)
	for _, r := range rows {
		m, ok := r.(map[string]any)
		if !ok {
			return nil, flow.Errorf(flow.EINTERNAL, "list %s: row is %T, want a map", name, r)
		}
		it, err := item(m)
		if err != nil {
			return nil, internal("list "+name, err)
		}
		keys, err := stringList(m, "keys")
		if err != nil {
			return nil, internal("list "+name, err)
		}
		items = append(items, it)
		cursors = append(cursors, sortkey.Cursor(w.Order, keys))
	}
	p := flow.Paginate(items, cursors, w)
	p.TotalCount = total
	return p, nil
}

// stringList reads a list of strings from a result map.
func stringList(m map[string]any, key string) ([]string, error) {
	vals, err := value[[]any](m, key)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(vals))
	for i, v := range vals {
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("%s[%d] is %T, want a string", key, i, v)
		}
		out[i] = s
	}
	return out, nil
}

package sqlite

import (
	"context"
	"database/sql"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// dialect renders sortkey's slot machinery in SQLite: parameters are
// :name, and the stored sort key lists are JSON arrays.
var dialect = sortkey.Dialect{
	Param: func(name string) string { return ":" + name },
	Index: func(list, idx string) string { return "json_extract(" + list + ", '$[' || " + idx + " || ']')" },
}

// listSQL is one list's statements: forward and backward pages and the
// count, all fixed text built once from constant parts.
type listSQL struct {
	forward, backward, count string
}

// newList builds a list's statements from its table, the columns its rows
// are scanned from, and its filter (a WHERE condition over named
// parameters).
func newList(table, columns, filter string) listSQL {
	page := func(backward bool) string {
		q := sortkey.Build(dialect, "sort_asc", "sort_desc", "id", backward)
		return `
SELECT ` + columns + `, a0, z0, a1, z1, a2, z2 FROM (
  SELECT ` + columns + `,
    ` + q.Columns + `
  FROM ` + table + `
  WHERE ` + filter + `
)
WHERE ` + q.After + `
ORDER BY ` + q.OrderBy + `
LIMIT :limit`
	}
	return listSQL{forward: page(false), backward: page(true),
		count: `SELECT count(*) FROM ` + table + ` WHERE ` + filter}
}

// named turns a parameter map into database/sql arguments.
func named(params map[string]any) []any {
	out := make([]any, 0, len(params))
	for k, v := range params {
		out = append(out, sql.Named(k, v))
	}
	return out
}

// rowScanner returns the destinations of a row's own columns and a function
// that, once the row is scanned, returns the item and its id.
type rowScanner[T any] func() (dest []any, finish func() (T, string, error))

// page runs one page of a list: the rows of the window (one extra, to know
// whether more follow) and the count. The six slot values that follow a
// row's own columns, with its id, make its cursor.
func page[T any](ctx context.Context, db *sql.DB, l listSQL, filter map[string]any, o flow.Ordering, p flow.PageArgs,
	scan rowScanner[T], name string) (*flow.Page[T], error) {
	w, err := p.Window()
	if err != nil {
		return nil, err
	}
	slots, err := sortkey.Params(o, w)
	if err != nil {
		return nil, err
	}
	params := map[string]any{"limit": w.Limit + 1}
	for k, v := range filter {
		params[k] = v
	}
	for k, v := range slots {
		params[k] = v
	}
	query := l.forward
	if w.Backward {
		query = l.backward
	}
	rows, err := db.QueryContext(ctx, query, named(params)...)
	if err != nil {
		return nil, wrap("list "+name, err)
	}
	defer rows.Close()
	var (
		items   []T
		cursors []string
	)
	for rows.Next() {
		dest, finish := scan()
		var keys [6]string
		for i := range keys {
			dest = append(dest, &keys[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, wrap("list "+name, err)
		}
		item, id, err := finish()
		if err != nil {
			return nil, wrap("list "+name, err)
		}
		items = append(items, item)
		cursors = append(cursors, sortkey.Cursor(o, append(keys[:], id)))
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("list "+name, err)
	}
	if w.All && len(items) > w.Limit {
		return nil, flow.Errorf(flow.ETOOLARGE, "%s: more than %d rows match; narrow the filter", name, flow.MaxRows)
	}
	out := flow.Paginate(items, cursors, w)
	if err := db.QueryRowContext(ctx, l.count, named(filter)...).Scan(&out.TotalCount); err != nil {
		return nil, wrap("count "+name, err)
	}
	return out, nil
}

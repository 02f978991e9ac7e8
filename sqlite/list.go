package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// listSQL is one list's statements: forward and backward pages and the
// count, all fixed text built once from constant parts.
type listSQL struct {
	forward, backward, count string
}

// slots are the slot columns each row carries after its own, for its cursor.
var slots = strings.Join(sortkey.Slots(), ", ")

// newList builds a list's statements from its table, the columns its rows
// are scanned from, and its filter (a WHERE condition over named
// parameters).
func newList(table, columns, filter string) listSQL {
	page := func(backward bool) string {
		q := sortkey.Build(sortkey.SQLite, "sort_asc", "sort_desc", "id", backward)
		return `
SELECT ` + columns + `, ` + slots + ` FROM (
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
// whether more follow) and the count. The slot values that follow a row's
// own columns, with its id, make its cursor.
func page[T any](ctx context.Context, db *sql.DB, l listSQL, filter map[string]any, w flow.Window,
	scan rowScanner[T], name string) (*flow.Page[T], error) {
	params := sortkey.Params(w)
	params["limit"] = w.Limit + 1
	for k, v := range filter {
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
		keys := make([]string, sortkey.CursorKeys-1)
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
		cursors = append(cursors, sortkey.Cursor(w.Order, append(keys, id)))
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("list "+name, err)
	}
	out := flow.Paginate(items, cursors, w)
	if err := db.QueryRowContext(ctx, l.count, named(filter)...).Scan(&out.TotalCount); err != nil {
		return nil, wrap("count "+name, err)
	}
	return out, nil
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// A list statement is assembled for each call from fixed fragments: the
// condition of each filter the call sets (a constant beside its list's
// method, always over named parameters) and the key expressions of its
// ordering. A filter that is not set adds nothing, so the planner sees only
// conditions it can serve with an index, and an ordering's keys are the
// very expressions migration 0008 indexes, so an index can serve the ORDER
// BY and the cursor's keyset condition.

// listTable describes one list's table.
type listTable struct {
	// name is the table and columns the row columns its scanner reads.
	name, columns string
	// keys holds, for each orderable field (in the record's sortkey order),
	// the column that holds exactly the field's sort key in both
	// directions, or "" when the key is read from the sort_asc and
	// sort_desc lists.
	keys []string
}

// key returns the expression of a field's sort key in one direction.
func (t listTable) key(field int, desc bool) (string, error) {
	if field < 0 || field >= len(t.keys) {
		return "", fmt.Errorf("%s: no orderable field %d", t.name, field)
	}
	if c := t.keys[field]; c != "" {
		return c, nil
	}
	list := "sort_asc"
	if desc {
		list = "sort_desc"
	}
	// The field's index is an integer from a checked ordering, never text
	// from a request; the expression must match the indexed one exactly.
	return fmt.Sprintf("json_extract(%s, '$[%d]')", list, field), nil
}

// conds collects the conditions and parameters of the filters a call sets.
type conds struct {
	where  []string
	params map[string]any
}

func newConds() *conds { return &conds{params: map[string]any{}} }

// add appends a fixed condition and binds its parameters (name, value
// pairs).
func (c *conds) add(cond string, params ...any) {
	c.where = append(c.where, cond)
	for i := 0; i+1 < len(params); i += 2 {
		c.params[params[i].(string)] = params[i+1]
	}
}

// list adds the condition for a list-valued filter when it is set: eq
// (over :name) when it holds one value, so that an equality index seek can
// also serve the ordering, or in (over a JSON list in :name) otherwise.
func list[T ~string](c *conds, vs []T, eq, in, name string) {
	switch len(vs) {
	case 0:
	case 1:
		c.add(eq, name, string(vs[0]))
	default:
		c.add(in, name, jsonList(vs))
	}
}

// sql renders the conditions as a WHERE clause, or "" without any.
func (c *conds) sql(extra ...string) string {
	all := append(append([]string{}, c.where...), extra...)
	if len(all) == 0 {
		return ""
	}
	return "\nWHERE " + strings.Join(all, "\n  AND ")
}

// statement is one assembled statement and its parameters.
type statement struct {
	query  string
	params map[string]any
}

func (s statement) args() []any { return named(s.params) }

// pageStatement assembles a page of a list: the rows of the window past
// its cursor, one extra to know whether more follow, each with the slot
// values (sortkey.Slots) its cursor is made of.
func pageStatement(t listTable, c *conds, w flow.Window) (statement, error) {
	k, err := keysetOf(t, c, w)
	if err != nil {
		return statement{}, err
	}
	query := "SELECT " + t.columns + ",\n  " + strings.Join(k.slots, ", ") +
		"\nFROM " + t.name + c.sql(k.after...) +
		"\nORDER BY " + strings.Join(k.order, ", ") +
		"\nLIMIT :limit"
	return statement{query: query, params: k.params}, nil
}

// keyset is the part of a list statement a window makes: the slot
// expressions a row's cursor is made of, the ORDER BY terms in the
// window's direction, the condition that selects rows past its cursor
// (none without one), and every parameter with the filters' own.
type keyset struct {
	slots, order, after []string
	params              map[string]any
}

// keysetOf assembles the keyset of a window over a list's table.
func keysetOf(t listTable, c *conds, w flow.Window) (keyset, error) {
	type key struct {
		expr string
		desc bool
		val  string
	}
	keys := make([]key, 0, len(w.Order.Keys)+1)
	slots := make([]string, 0, 2*flow.MaxOrderKeys)
	for i := 0; i < flow.MaxOrderKeys; i++ {
		if i >= len(w.Order.Keys) {
			slots = append(slots, "''", "''")
			continue
		}
		k := w.Order.Keys[i]
		e, err := t.key(k.Index, k.Desc)
		if err != nil {
			return keyset{}, err
		}
		slot := 2 * i
		if k.Desc {
			slots = append(slots, "''", e)
			slot++
		} else {
			slots = append(slots, e, "''")
		}
		keys = append(keys, key{expr: e, desc: k.Desc, val: cursorKey(w, slot)})
	}
	// The id breaks ties, unless a key already is the id (a flow's first
	// field, either way): no later key can then break a tie.
	byID := false
	for i, k := range keys {
		if k.expr == "id" {
			keys, byID = keys[:i+1], true
			break
		}
	}
	if !byID {
		keys = append(keys, key{expr: "id", val: cursorKey(w, sortkey.CursorKeys-1)})
	}

	params := map[string]any{"limit": w.Limit + 1}
	for k, v := range c.params {
		params[k] = v
	}
	order := make([]string, len(keys))
	for i, k := range keys {
		// Backward pages read the ordering in reverse; flow.Paginate puts
		// the rows back.
		if k.desc != w.Backward {
			order[i] = k.expr + " DESC"
		} else {
			order[i] = k.expr + " ASC"
		}
	}
	var after []string
	if w.Keys != nil {
		// Nested rather than a flat OR, so that the first key's range is a
		// top-level condition an index can seek to:
		// k0 >= :k0 AND (k0 > :k0 OR (k1 >= :k1 AND (k1 > :k1 OR id > :kid))).
		cond := ""
		for i := len(keys) - 1; i >= 0; i-- {
			k := keys[i]
			p := fmt.Sprintf(":k%d", i)
			params[fmt.Sprintf("k%d", i)] = k.val
			strict, loose := ">", ">="
			if k.desc != w.Backward {
				strict, loose = "<", "<="
			}
			if cond == "" {
				cond = k.expr + " " + strict + " " + p
				continue
			}
			cond = fmt.Sprintf("%[1]s %[2]s %[4]s AND (%[1]s %[3]s %[4]s OR %[5]s)", k.expr, loose, strict, p, cond)
		}
		after = append(after, cond)
	}
	return keyset{slots: slots, order: order, after: after, params: params}, nil
}

// cursorKey is key i of the window's cursor, or "" without one.
func cursorKey(w flow.Window, i int) string {
	if i < len(w.Keys) {
		return w.Keys[i]
	}
	return ""
}

// countStatement assembles the count of a list's rows.
func countStatement(t listTable, c *conds) statement {
	return statement{query: "SELECT count(*) FROM " + t.name + c.sql(), params: c.params}
}

// named turns a parameter map into database/sql arguments.
func named(params map[string]any) []any {
	out := make([]any, 0, len(params))
	for k, v := range params {
		out = append(out, sql.Named(k, v))
	}
	return out
}

// reader runs the store's read statements: the database, or in tests a
// wrapper that records them.
type reader interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// rowScanner returns the destinations of a row's own columns and a function
// that, once the row is scanned, returns the item and its id.
type rowScanner[T any] func() (dest []any, finish func() (T, string, error))

// page runs one page of a list: the rows of the window (one extra, to know
// whether more follow) and, unless the window says nobody reads it, the
// count. The slot values that follow a row's
// own columns, with its id, make its cursor.
func page[T any](ctx context.Context, db reader, t listTable, c *conds, w flow.Window,
	scan rowScanner[T], name string) (*flow.Page[T], error) {
	st, err := pageStatement(t, c, w)
	if err != nil {
		return nil, flow.Internal("list "+name, err)
	}
	rows, err := db.QueryContext(ctx, st.query, st.args()...)
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
	if w.NoCount {
		return out, nil
	}
	count := countStatement(t, c)
	if err := db.QueryRowContext(ctx, count.query, count.args()...).Scan(&out.TotalCount); err != nil {
		return nil, wrap("count "+name, err)
	}
	return out, nil
}

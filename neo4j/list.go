package neo4j

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/sortkey"
)

// cond is one optional condition of a list, used only when the filter
// gives its parameter: a list statement holds only the conditions present,
// so that Neo4j's planner sees `r.id IN $ids` and seeks the index, where
// `($ids IS NULL OR r.id IN $ids)` leaves it a scan (the planner picks one
// plan for every value of the parameters, and null must match everything).
type cond struct {
	key    string // the parameter, $key, that the condition takes
	cypher string
	// otherwise is the condition when the filter does not give key, or ""
	// for none.
	otherwise string
}

// list is one list's statement, assembled from its match and the
// conditions a call's filter gives: each returns the count of every match
// and one ordered page of rows, in one round trip.
type list struct {
	name, match, v, carry, row string
	conds                      []cond
	examples                   map[string]any // each condition's parameter, by key

	mu    sync.Mutex
	built map[string]*Statement // by name
}

// lists are every list, for the tests.
var lists []*list

// slots are the slot columns that order every list and make its cursors.
var slots = strings.Join(sortkey.Slots(), ", ")

// newList declares a list. match binds v (the record whose sortAsc,
// sortDesc and id order the list); conds are its optional conditions, and
// examples their parameters' example values; carry lists the variables
// the row map needs; row is the map's entries. It registers the statement
// without conditions and with all of them, both ways: the linter checks
// those, and every other combination is a conjunction of some of the same,
// already checked, conditions (each a parenthesised boolean expression of
// its own variables and parameter).
func newList(name, match, v, carry, row string, conds []cond, examples map[string]any) *list {
	l := &list{name: name, match: match, v: v, carry: carry, row: row, conds: conds, examples: examples, built: map[string]*Statement{}}
	for _, c := range conds {
		if _, ok := examples[c.key]; !ok {
			panic("neo4j: list " + name + ": condition on $" + c.key + " has no example")
		}
	}
	all := map[string]bool{}
	for _, c := range conds {
		all[c.key] = true
	}
	for _, set := range []map[string]bool{{}, all} {
		for _, backward := range []bool{false, true} {
			name, cypher, params := l.assemble(set, backward)
			l.built[name] = statement(name, cypher, params)
		}
	}
	lists = append(lists, l)
	return l
}

// variant names the statement with the conditions in present:
// list-flows+tos+year-backward.
func (l *list) variant(present map[string]bool, backward bool) string {
	name := "list-" + l.name
	for _, c := range l.conds {
		if present[c.key] {
			name += "+" + c.key
		}
	}
	if backward {
		name += "-backward"
	}
	return name
}

// where is the WHERE clause of the conditions in present (or their
// otherwise), leaving out the one on skip, with each one's parameter
// example added to params; "" without any.
func (l *list) where(present map[string]bool, skip string, params map[string]any) string {
	var where []string
	for _, c := range l.conds {
		switch {
		case c.key == skip && skip != "":
		case present[c.key]:
			where = append(where, c.cypher)
			params[c.key] = l.examples[c.key]
		case c.otherwise != "":
			where = append(where, c.otherwise)
		}
	}
	if len(where) == 0 {
		return ""
	}
	return "\n  WHERE " + strings.Join(where, "\n    AND ")
}

// assemble builds the statement with the conditions in present.
func (l *list) assemble(present map[string]bool, backward bool) (name, cypher string, params map[string]any) {
	name = l.variant(present, backward)
	params = sortkey.ParamExamples(map[string]any{"limit": int64(1)})
	filter := l.where(present, "", params)
	q := sortkey.Build(sortkey.Cypher, l.v+".sortAsc", l.v+".sortDesc", l.v+".id", backward)
	cypher = `
CALL () {
  ` + l.match + filter + `
  RETURN count(*) AS total
}
CALL () {
  ` + l.match + filter + `
  WITH ` + l.carry + `,
    ` + q.Columns + `
  WHERE ` + q.After + `
  WITH ` + l.carry + `, ` + slots + `
  ORDER BY ` + q.OrderBy + `
  LIMIT $limit
  RETURN collect({` + l.row + `, keys: [` + slots + `, ` + l.v + `.id]}) AS rows
}
RETURN total, rows`
	return name, cypher, params
}

// statementFor returns the statement with the conditions in present,
// assembling it the first time.
func (l *list) statementFor(present map[string]bool, backward bool) *Statement {
	name := l.variant(present, backward)
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.built[name]
	if !ok {
		_, cypher, params := l.assemble(present, backward)
		s = newStatement(name, cypher, params)
		l.built[name] = s
	}
	return s
}

// given reports whether a filter value restricts the list: nil, "" and an
// empty list restrict nothing.
func given(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case string:
		return x != ""
	case []string:
		return len(x) > 0
	}
	return true
}

// listCall builds the call for one window of a list: the statement holds
// the conditions whose parameter filter gives, and takes only those.
func listCall(l *list, filter map[string]any, w flow.Window) call {
	params := sortkey.Params(w)
	params["limit"] = int64(w.Limit + 1)
	present := map[string]bool{}
	for k, v := range filter {
		if _, ok := l.examples[k]; !ok {
			panic("neo4j: list " + l.name + " has no condition on $" + k)
		}
		if given(v) {
			present[k] = true
			params[k] = v
		}
	}
	return call{l.statementFor(present, w.Backward), params}
}

// listPage runs a list call and maps each row with item, which returns the
// record; the row's keys make its cursor.
func listPage[T any](ctx context.Context, s *Store, c call, w flow.Window, name string,
	item func(row map[string]any) (T, error)) (*flow.Page[T], error) {
	total, rows, err := s.readPage(ctx, c, "rows")
	if err != nil {
		return nil, internal("list "+name, err)
	}
	p, err := pageOf(rows, w, name, item)
	if err != nil {
		return nil, err
	}
	p.TotalCount = total
	return p, nil
}

// pageOf maps a page's rows, each a map holding the record and its sort
// keys, with item, and finishes the page in the window's direction.
func pageOf[T any](rows []any, w flow.Window, name string, item func(row map[string]any) (T, error)) (*flow.Page[T], error) {
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
	return flow.Paginate(items, cursors, w), nil
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

// Package keyset builds keyset-pagination conditions that both backends
// share: SQL and Cypher compare sort keys with the same operators, and only
// their parameter syntax differs. Expressions come from fixed tables in the
// backends, never from request text; values always travel as parameters.
package keyset

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/fundflow/fundflow/flow"
)

// Key is one non-null sort expression of an ordering.
type Key struct {
	Expr    string
	Desc    bool
	Numeric bool // the key's values are int64
}

// Ordering is a complete, unique ordering: its last key must be unique per
// row (the id).
type Ordering struct {
	// Name tags cursors, so a cursor of one ordering cannot page another.
	Name string
	Keys []Key
}

// OrderBy renders "k0 ASC, k1 DESC, ...".
func (o Ordering) OrderBy() string {
	parts := make([]string, len(o.Keys))
	for i, k := range o.Keys {
		dir := "ASC"
		if k.Desc {
			dir = "DESC"
		}
		parts[i] = k.Expr + " " + dir
	}
	return strings.Join(parts, ", ")
}

// Columns renders the keys as "k0 AS sk0, k1 AS sk1, ..." so each row
// carries the values its cursor is made of.
func (o Ordering) Columns() string {
	parts := make([]string, len(o.Keys))
	for i, k := range o.Keys {
		parts[i] = fmt.Sprintf("%s AS sk%d", k.Expr, i)
	}
	return strings.Join(parts, ", ")
}

// After returns the condition selecting rows after cursor c,
// (k0 > $k0) OR (k0 = $k0 AND k1 > $k1) OR ..., with the parameter values
// by name ("k0", "k1", ...). param renders a parameter reference: ":k0" in
// SQL, "$k0" in Cypher. An empty cursor selects every row ("true").
func (o Ordering) After(c string, param func(name string) string) (string, map[string]any, error) {
	if c == "" {
		return "true", map[string]any{}, nil
	}
	vals, err := flow.DecodeCursor(c, o.Name, len(o.Keys))
	if err != nil {
		return "", nil, err
	}
	var ors []string
	args := make(map[string]any, len(o.Keys))
	for i, k := range o.Keys {
		var ands []string
		for j := 0; j < i; j++ {
			ands = append(ands, fmt.Sprintf("%s = %s", o.Keys[j].Expr, param(fmt.Sprintf("k%d", j))))
		}
		op := ">"
		if k.Desc {
			op = "<"
		}
		name := fmt.Sprintf("k%d", i)
		ands = append(ands, fmt.Sprintf("%s %s %s", k.Expr, op, param(name)))
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
		if k.Numeric {
			n, err := strconv.ParseInt(vals[i], 10, 64)
			if err != nil {
				return "", nil, flow.Errorf(flow.EINVALID, "after: %q is not a cursor of this list in this order", c)
			}
			args[name] = n
		} else {
			args[name] = vals[i]
		}
	}
	return "(" + strings.Join(ors, " OR ") + ")", args, nil
}

// Cursor encodes the sort key values read with a row.
func (o Ordering) Cursor(vals []any) string {
	s := make([]string, len(vals))
	for i, v := range vals {
		switch v := v.(type) {
		case int64:
			s[i] = strconv.FormatInt(v, 10)
		case string:
			s[i] = v
		case []byte:
			s[i] = string(v)
		default:
			s[i] = fmt.Sprint(v)
		}
	}
	return flow.EncodeCursor(o.Name, s...)
}

// Budget builds the ordering of budget lines requested by order, ending in
// the id, from each backend's expressions for the orderable fields. Amounts
// are nullable, so the backend gives two keys for each: whether it is
// missing (missing last in either direction), then its value.
func Budget(order []flow.BudgetLineOrder, exprs map[flow.BudgetLineField][]Key, id string) (Ordering, error) {
	order, err := flow.BudgetOrder(order)
	if err != nil {
		return Ordering{}, err
	}
	o := Ordering{Name: flow.OrderTag(order)}
	for _, ob := range order {
		keys := exprs[ob.Field]
		for i, k := range keys {
			// The missing-last key keeps its direction; only values flip.
			k.Desc = ob.Desc && !(len(keys) == 2 && i == 0)
			o.Keys = append(o.Keys, k)
		}
	}
	o.Keys = append(o.Keys, Key{Expr: id})
	return o, nil
}

// SortableInt encodes n as a string whose byte order is n's numeric order:
// the sign bit flipped, as 20 zero-padded digits. Stores that compare one
// kind of value per sort slot keep amounts as such strings.
func SortableInt(n int64) string {
	return fmt.Sprintf("%020d", uint64(n)^(1<<63))
}

package sqlite

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/fundflow/fundflow/flow"
)

// sortKey is one non-null expression of an ordering. The expressions come
// from fixed tables in this package, never from request text.
type sortKey struct {
	expr    string
	desc    bool
	numeric bool
}

// ordering is a complete, unique ordering: its last key is the row id.
type ordering struct {
	name string // tags cursors so one ordering's cursor cannot page another
	keys []sortKey
}

func (o ordering) orderBy() string {
	parts := make([]string, len(o.keys))
	for i, k := range o.keys {
		dir := "ASC"
		if k.desc {
			dir = "DESC"
		}
		parts[i] = k.expr + " " + dir
	}
	return strings.Join(parts, ", ")
}

// after returns the keyset condition for rows after cursor c, with its
// named parameters: (k0 > :k0) OR (k0 = :k0 AND k1 > :k1) OR ...
func (o ordering) after(c string) (string, []any, error) {
	if c == "" {
		return "1", nil, nil
	}
	vals, err := flow.DecodeCursor(c, o.name, len(o.keys))
	if err != nil {
		return "", nil, err
	}
	var (
		ors  []string
		args []any
	)
	for i, k := range o.keys {
		var ands []string
		for j := 0; j < i; j++ {
			ands = append(ands, fmt.Sprintf("%s = :k%d", o.keys[j].expr, j))
		}
		op := ">"
		if k.desc {
			op = "<"
		}
		ands = append(ands, fmt.Sprintf("%s %s :k%d", k.expr, op, i))
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
		var v any = vals[i]
		if k.numeric {
			n, err := strconv.ParseInt(vals[i], 10, 64)
			if err != nil {
				return "", nil, flow.Errorf(flow.EINVALID, "after: %q is not a cursor of this list in this order", c)
			}
			v = n
		}
		args = append(args, sql.Named(fmt.Sprintf("k%d", i), v))
	}
	return "(" + strings.Join(ors, " OR ") + ")", args, nil
}

// cursor encodes the sort key values of a row, read with the row as the
// trailing columns "sk0, sk1, ...".
func (o ordering) cursor(vals []any) string {
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
	return flow.EncodeCursor(o.name, s...)
}

// keyColumns selects the ordering's expressions so each row carries its
// cursor.
func (o ordering) keyColumns() string {
	parts := make([]string, len(o.keys))
	for i, k := range o.keys {
		parts[i] = fmt.Sprintf("%s AS sk%d", k.expr, i)
	}
	return strings.Join(parts, ", ")
}

// Package sortkey lets both backends order and keyset-page every list with
// one fixed query per list and direction, whatever ordering is requested.
//
// Each record stores its sort keys as two lists of strings, one value per
// orderable field: sortAsc (a missing value is "~", after every real key)
// and sortDesc (a missing value is "", after every real key when sorted
// descending). A query has flow.MaxOrderKeys slots; slot i picks field $fi
// from one list or the other (ai for ascending, zi for descending, the
// other ” for every row), and the ORDER BY is fixed: a0 ASC, z0 DESC, ...,
// id ASC. Since every slot value is a string, keyset comparisons never mix
// types, and SQL and Cypher order them the same way: names are folded to
// the Basic Multilingual Plane (fold.Key), where SQLite's byte order and
// Neo4j's UTF-16 order agree, and ids are ASCII.
package sortkey

import (
	"fmt"
	"strings"

	"github.com/fundflow/fundflow/flow"
	"github.com/fundflow/fundflow/internal/fold"
)

const (
	missingAsc  = "~"
	missingDesc = ""
)

// Int encodes n so that byte order is numeric order: the sign bit flipped,
// as 20 zero-padded digits.
func Int(n int64) string { return fmt.Sprintf("%020d", uint64(n)^(1<<63)) }

// keys builds the two lists from per-field values; nil is missing.
func keys(vals ...*string) (asc, desc []string) {
	for _, v := range vals {
		if v == nil {
			asc, desc = append(asc, missingAsc), append(desc, missingDesc)
		} else {
			asc, desc = append(asc, *v), append(desc, *v)
		}
	}
	return asc, desc
}

func str(s string) *string { return &s }

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// amount is a figure's stated point; a figure without one sorts with the
// missing, since no point is stated to place it by.
func amount(m *flow.Money) *string {
	if m == nil || m.Amount == nil {
		return nil
	}
	return str(Int(int64(*m.Amount)))
}

// Node returns a node's sort keys, in flow.NodeFields order.
func Node(name, id string) (asc, desc []string) { return keys(str(fold.Key(name)), str(id)) }

// Flow returns a flow's sort keys, in flow.FlowFields order.
func Flow(f *flow.Flow) (asc, desc []string) {
	return keys(str(f.ID), nonEmpty(string(f.Year)), amount(&f.Amount), str(string(f.Kind)), str(string(f.Status)))
}

// Budget returns a budget line's sort keys, in flow.BudgetLineFields order;
// planned, actual and variance are the resolved figures.
func Budget(b *flow.BudgetLine) (asc, desc []string) {
	r := b.Resolve()
	return keys(str(string(b.Year)), str(b.ProgrammeID), amount(r.Planned), amount(r.Actual), amount(r.Variance))
}

// CursorKeys is the number of keys a list cursor holds: two slots per
// ordering key and the id.
const CursorKeys = 2*flow.MaxOrderKeys + 1

// Slots lists the slot columns every list query computes, in cursor order
// (the id, the last cursor key, is not a slot).
func Slots() []string {
	out := make([]string, 0, 2*flow.MaxOrderKeys)
	for i := 0; i < flow.MaxOrderKeys; i++ {
		out = append(out, fmt.Sprintf("a%d", i), fmt.Sprintf("z%d", i))
	}
	return out
}

// Dialect renders the parts of a slot query that differ between SQL and
// Cypher.
type Dialect struct {
	// Param references a parameter: ":f0" or "$f0".
	Param func(name string) string
	// Index reads element idx (a parameter reference) of a stored list.
	Index func(list, idx string) string
}

// Cypher is the dialect of the Neo4j store, which binds $name and stores
// lists. (The SQLite store orders by each field's indexed key expression
// instead: sqlite/list.go.)
var Cypher = Dialect{
	Param: func(name string) string { return "$" + name },
	Index: func(list, idx string) string { return list + "[" + idx + "]" },
}

// Query is the slot machinery of one list query in one direction.
type Query struct {
	// Columns computes the slots: "CASE ... END AS a0, ...".
	Columns string
	// Names lists the slot columns and the id, in cursor order.
	Names []string
	// After selects rows past the cursor (or every row without one).
	After string
	// OrderBy orders by the slots then the id.
	OrderBy string
}

// Build renders the slot query for lists asc and desc of a record whose id
// is id; backward reverses every direction, for last/before.
func Build(d Dialect, asc, desc, id string, backward bool) Query {
	p := d.Param
	var q Query
	var cols []string
	for i := 0; i < flow.MaxOrderKeys; i++ {
		f, dir := p(fmt.Sprintf("f%d", i)), p(fmt.Sprintf("d%d", i))
		cols = append(cols,
			fmt.Sprintf("CASE WHEN %[1]s >= 0 AND NOT %[2]s THEN coalesce(%[3]s, '') ELSE '' END AS a%[4]d", f, dir, d.Index(asc, f), i),
			fmt.Sprintf("CASE WHEN %[1]s >= 0 AND %[2]s THEN coalesce(%[3]s, '') ELSE '' END AS z%[4]d", f, dir, d.Index(desc, f), i))
	}
	q.Names = Slots()
	q.Columns = strings.Join(cols, ",\n    ")
	exprs := append(append([]string{}, q.Names...), id)
	q.Names = append(q.Names, "id")
	var order, ors []string
	for i, e := range exprs {
		descending := strings.HasPrefix(e, "z") != backward
		dir, op := "ASC", ">"
		if descending {
			dir, op = "DESC", "<"
		}
		order = append(order, e+" "+dir)
		var ands []string
		for j := 0; j < i; j++ {
			ands = append(ands, fmt.Sprintf("%s = %s", exprs[j], p(fmt.Sprintf("k%d", j))))
		}
		ands = append(ands, fmt.Sprintf("%s %s %s", e, op, p(fmt.Sprintf("k%d", i))))
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
	}
	q.OrderBy = strings.Join(order, ", ")
	q.After = "(NOT " + p("paged") + " OR " + strings.Join(ors, "\n    OR ") + ")"
	return q
}

// Window checks a list's page arguments against its ordering: the sizes,
// and a cursor that must belong to this ordering (a cursor of one sort order
// cannot continue another).
func Window(p flow.PageArgs, o flow.Ordering) (flow.Window, error) {
	w, err := p.Size()
	if err != nil {
		return w, err
	}
	w.Order = o
	if w.Cursor != "" {
		if w.Keys, err = flow.DecodeCursor(w.Cursor, o.Tag, CursorKeys); err != nil {
			return w, err
		}
	}
	return w, nil
}

// Params returns the slot parameters of a window: its ordering's slots and
// the keys of its cursor ("" for each without one).
func Params(w flow.Window) map[string]any {
	params := map[string]any{"paged": w.Keys != nil}
	for i := 0; i < flow.MaxOrderKeys; i++ {
		f, d := int64(-1), false
		if i < len(w.Order.Keys) {
			f, d = int64(w.Order.Keys[i].Index), w.Order.Keys[i].Desc
		}
		params[fmt.Sprintf("f%d", i)], params[fmt.Sprintf("d%d", i)] = f, d
	}
	for i := 0; i < CursorKeys; i++ {
		v := ""
		if i < len(w.Keys) {
			v = w.Keys[i]
		}
		params[fmt.Sprintf("k%d", i)] = v
	}
	return params
}

// ParamExamples declares the slot parameters' types, for statements'
// parameter lists.
func ParamExamples(into map[string]any) map[string]any {
	into["paged"] = false
	for i := 0; i < flow.MaxOrderKeys; i++ {
		into[fmt.Sprintf("f%d", i)], into[fmt.Sprintf("d%d", i)] = int64(0), false
	}
	for i := 0; i < CursorKeys; i++ {
		into[fmt.Sprintf("k%d", i)] = ""
	}
	return into
}

// Cursor encodes a row's slot values (in Query.Names order) as its cursor.
func Cursor(o flow.Ordering, vals []string) string { return flow.EncodeCursor(o.Tag, vals...) }

// Less orders two rows' slot values as the stores do.
func Less(a, b []string) bool {
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		if i < CursorKeys-1 && i%2 == 1 { // a z slot: descending
			return a[i] > b[i]
		}
		return a[i] < b[i]
	}
	return false
}

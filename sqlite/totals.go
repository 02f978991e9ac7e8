package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/fundflow/fundflow/flow"
)

// A totals statement is assembled, like a list's, from fixed fragments:
// the flow list's conditions for the filters set, one key expression per
// dimension and, for each entity dimension, a join that reads every flow
// once per end. The matching flows are read once, in a subquery over the
// flows table alone (so that the list's conditions name its columns
// unambiguously), and only the groups come back.

// The fragments. %[1]d is a dimension's position, an integer; %[2]s a
// node label from totalsLabels, never text from a request.
const (
	// totalsLinked is a flow some link names, as a claim or as the whole:
	// link_figures holds every figure a link names, keyed by figure.
	totalsLinked   = `id IN (SELECT figure FROM link_figures)`
	totalsUnlinked = `id NOT IN (SELECT figure FROM link_figures)`
	// The same, asked of each flow: for a filter naming nodes, whose
	// flows are few, probing link_figures per flow beats the forms above,
	// which read every figure first (at 100,000 flows the linked flows to
	// cyber security took 9.9 ms by the figures, against a probe per
	// flow of the hub's).
	totalsLinkedProbe   = `EXISTS (SELECT 1 FROM link_figures lf WHERE lf.figure = flows.id)`
	totalsUnlinkedProbe = `NOT EXISTS (SELECT 1 FROM link_figures lf WHERE lf.figure = flows.id)`
	// totalsEnds reads the labels of both ends, for the entity dimensions.
	totalsEnds = `
  LEFT JOIN nodes nf ON nf.id = f.from_id
  LEFT JOIN nodes nt ON nt.id = f.to_id`
	// totalsSides reads each flow twice, once per end, for one entity
	// dimension.
	totalsSides = `
  CROSS JOIN (SELECT 0 AS side UNION ALL SELECT 1 AS side) AS e%[1]d`
	// totalsEndKey is an entity dimension's key on one side: the end of
	// the dimension's label on that side, the empty key on the first side
	// when neither end has it, and otherwise NULL (the row is dropped), so
	// that a flow counts once under each end of the label, once when both
	// ends are the same node, and under "" when neither is.
	totalsEndKey = `CASE WHEN e%[1]d.side = 0 THEN
      CASE WHEN nf.label = '%[2]s' THEN f.from_id WHEN nt.label IS NOT '%[2]s' THEN '' END
    WHEN nt.label = '%[2]s' AND f.to_id <> f.from_id THEN f.to_id END`
	// The group's sums: a figure or bound is summed only when every flow
	// has it (sum would skip the NULLs, Money.Add makes the sum unknown).
	totalsSums = `count(*),
  CASE WHEN count(amount) = count(*) THEN sum(amount) END,
  CASE WHEN count(low) = count(*) THEN sum(low) END,
  CASE WHEN count(high) = count(*) THEN sum(high) END,
  min(currency), max(currency)`
	// totalsPresent is whether any flow of the group holds one value of
	// a column (%[1]s, a column name; %[2]s, a value from flow's own
	// lists): plain aggregates, where group_concat(DISTINCT) would keep a
	// temporary B-tree per column and group, which cost most of a sum
	// over 100,000 flows.
	totalsPresent = `max(%[1]s = '%[2]s')`
)

// totalsEnums are the columns whose values present a group reports, with
// every value each can hold, in the order scanGroupSum reads them.
var totalsEnums = []struct {
	column string
	values []string
}{
	{"qualifier", stringsOf(flow.Qualifiers)},
	{"kind", stringsOf(flow.FlowKinds)},
	{"status", stringsOf(flow.Statuses)},
}

func stringsOf[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// totalsPresence is the aggregates of totalsEnums, one per value.
var totalsPresence = func() string {
	var aggs []string
	for _, e := range totalsEnums {
		for _, v := range e.values {
			aggs = append(aggs, fmt.Sprintf(totalsPresent, e.column, v))
		}
	}
	return strings.Join(aggs, ", ")
}()

// linkedConds returns the conditions that a flow is, and is not, named by
// a link, in the form that suits f: probed per flow when f names nodes.
func linkedConds(f flow.FlowFilter) (linked, unlinked string) {
	if len(f.IDs)+len(f.FromIDs)+len(f.ToIDs)+len(f.ProgrammeIDs)+len(f.FundIDs)+len(f.OrganisationIDs) > 0 {
		return totalsLinkedProbe, totalsUnlinkedProbe
	}
	return totalsLinked, totalsUnlinked
}

// unlinked is linkedConds' second.
func unlinked(f flow.FlowFilter) string {
	_, u := linkedConds(f)
	return u
}

// totalsLabels is the node label each entity dimension groups by.
var totalsLabels = map[flow.TotalsDimension]string{
	flow.ByProgramme: "Programme", flow.ByFund: "Fund", flow.ByOrganisation: "Organisation",
}

// totalsColumns are the flow columns a group's key, sums and flows read.
var totalsColumns = func() string {
	cols := strings.Split(flowColumns, ",")
	for i, c := range cols {
		cols[i] = "f." + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}()

// totalsFrom assembles the rows a totals statement groups: every matching
// flow (restricted by extra conditions on the flows table), once under
// each of its keys, as the columns k0, k1... beside the flow's own.
func totalsFrom(q flow.TotalsQuery, c *conds, extra ...string) (string, error) {
	var keys []string
	joins := ""
	for i, d := range q.GroupBy {
		switch d {
		case flow.ByYear:
			keys = append(keys, "f.year")
		case flow.ByKind:
			keys = append(keys, "f.kind")
		case flow.ByStatus:
			keys = append(keys, "f.status")
		default:
			label, ok := totalsLabels[d]
			if !ok {
				return "", fmt.Errorf("totals: no dimension %q", d)
			}
			if !strings.Contains(joins, "nf.") {
				joins += totalsEnds
			}
			joins += fmt.Sprintf(totalsSides, i)
			keys = append(keys, fmt.Sprintf(totalsEndKey, i, label))
		}
	}
	cols := make([]string, len(keys))
	for i, k := range keys {
		cols[i] = fmt.Sprintf("%s AS k%d", k, i)
	}
	return "SELECT " + totalsColumns + ",\n    " + strings.Join(cols, ",\n    ") +
		"\n  FROM (SELECT " + flowColumns + " FROM flows" + c.sql(extra...) + ") AS f" + joins, nil
}

// keysPresent is the condition that every key of a row is set: a NULL key
// is a side of an entity dimension that does not count.
func keysPresent(n int) string {
	present := make([]string, n)
	for i := range present {
		present[i] = fmt.Sprintf("k%d IS NOT NULL", i)
	}
	return strings.Join(present, " AND ")
}

// keyList names the key columns k0, k1...
func keyList(n int) string {
	ks := make([]string, n)
	for i := range ks {
		ks[i] = fmt.Sprintf("k%d", i)
	}
	return strings.Join(ks, ", ")
}

// SumFlows sums the flows no link names per group, in one statement
// whatever the number of flows, and reads the linked ones, with their
// citations, in two more.
func (s *Store) SumFlows(ctx context.Context, q flow.TotalsQuery, linked int) (*flow.FlowSums, error) {
	st, err := sumStatement(q)
	if err != nil {
		return nil, flow.Internal("sum flows", err)
	}
	rows, err := s.read.QueryContext(ctx, st.query, st.args()...)
	if err != nil {
		return nil, sumError(err)
	}
	defer rows.Close()
	out := &flow.FlowSums{}
	for rows.Next() {
		g, err := scanGroupSum(rows, len(q.GroupBy))
		if err != nil {
			return nil, sumError(err)
		}
		out.Groups = append(out.Groups, g)
	}
	if err := rows.Err(); err != nil {
		return nil, sumError(err)
	}
	out.Linked, err = s.linkedFlows(ctx, q.Filter, linked)
	return out, err
}

// sumStatement assembles the sums of every group.
func sumStatement(q flow.TotalsQuery) (statement, error) {
	c := flowConds(q.Filter)
	from, err := totalsFrom(q, c, unlinked(q.Filter))
	if err != nil {
		return statement{}, err
	}
	keys := keyList(len(q.GroupBy))
	query := "SELECT " + keys + ", measure,\n  " + totalsSums + ",\n  " + totalsPresence +
		"\nFROM (" + from + ")\nWHERE " + keysPresent(len(q.GroupBy)) +
		"\nGROUP BY " + keys + ", measure"
	return statement{query: query, params: c.params}, nil
}

// scanGroupSum reads one group: n keys, the measure, totalsSums, then
// totalsPresence.
func scanGroupSum(rows *sql.Rows, n int) (flow.GroupSum, error) {
	g := flow.GroupSum{Key: make([]string, n)}
	var (
		point, low, high sql.NullInt64
		least, most      string
	)
	dest := make([]any, 0, n+8)
	for i := range g.Key {
		dest = append(dest, &g.Key[i])
	}
	dest = append(dest, &g.Measure, &g.Count, &point, &low, &high, &least, &most)
	var present [][]bool
	for _, e := range totalsEnums {
		p := make([]bool, len(e.values))
		for i := range p {
			dest = append(dest, &p[i])
		}
		present = append(present, p)
	}
	if err := rows.Scan(dest...); err != nil {
		return g, err
	}
	g.Point, g.Low, g.High = pence(point), pence(low), pence(high)
	g.Currencies = []string{least}
	if most != least {
		g.Currencies = append(g.Currencies, most)
	}
	for i, v := range totalsEnums[0].values {
		if present[0][i] {
			g.Qualifiers = append(g.Qualifiers, flow.Qualifier(v))
		}
	}
	for i, v := range totalsEnums[1].values {
		if present[1][i] {
			g.Kinds = append(g.Kinds, flow.FlowKind(v))
		}
	}
	for i, v := range totalsEnums[2].values {
		if present[2][i] {
			g.Statuses = append(g.Statuses, flow.Status(v))
		}
	}
	return g, nil
}

// sumError maps SQLite's refusal to sum past int64 to the refusal
// Money.Add gives: the sum is larger than an amount can be.
func sumError(err error) error {
	if strings.Contains(err.Error(), "integer overflow") {
		return &flow.Error{Code: flow.ETOOLARGE, Message: "a sum is larger than an amount can be (about £92 quadrillion); narrow the filter", Err: err}
	}
	return wrap("sum flows", err)
}

// linkedFlows lists the flows that match f and that a link names, in id
// order, at most limit+1, with their citations.
func (s *Store) linkedFlows(ctx context.Context, f flow.FlowFilter, limit int) ([]*flow.Flow, error) {
	c := flowConds(f)
	c.params["limit"] = limit + 1
	linked, _ := linkedConds(f)
	query := "SELECT " + flowColumns + " FROM flows" + c.sql(linked) + "\nORDER BY id\nLIMIT :limit"
	rows, err := s.read.QueryContext(ctx, query, named(c.params)...)
	if err != nil {
		return nil, wrap("list linked flows", err)
	}
	defer rows.Close()
	lines := map[string]string{}
	scan := scanFlow(lines)
	var out []*flow.Flow
	for rows.Next() {
		dest, finish := scan()
		if err := rows.Scan(dest...); err != nil {
			return nil, wrap("list linked flows", err)
		}
		fl, _, err := finish()
		if err != nil {
			return nil, wrap("list linked flows", err)
		}
		out = append(out, fl)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("list linked flows", err)
	}
	return out, s.flowCitations(ctx, out, lines, f.AsOf)
}

// The conditions a group's key adds to the flows read, so that an index
// can find them (the key columns then check each exactly). %[1]d is the
// dimension's position.
const (
	groupEnd        = `(from_id = :key%[1]d OR to_id = :key%[1]d)`
	groupYear       = `year = :key%[1]d`
	groupKind       = `kind = :key%[1]d`
	groupStatus     = `status = :key%[1]d`
	groupMeasure    = `measure = :measure`
	groupKeyMatches = `k%[1]d = :key%[1]d`
	// With an entity in the key or the filter, its flows are few: the
	// other keys are checked on them rather than sought (a unary + keeps SQLite from
	// using an index for a term).
	groupYearChecked    = `+year = :key%[1]d`
	groupKindChecked    = `+kind = :key%[1]d`
	groupStatusChecked  = `+status = :key%[1]d`
	groupMeasureChecked = `+measure = :measure`
)

// GroupFlows lists the first flows of each group, in id order, with
// their citations: two statements whatever the number of groups and their
// sizes. One group's flows are sought through its key; many groups' are
// numbered within their group by a window function, and only the first
// limit of each come back.
func (s *Store) GroupFlows(ctx context.Context, q flow.TotalsQuery, groups []flow.GroupKey, limit int) ([][]*flow.Flow, error) {
	out := make([][]*flow.Flow, len(groups))
	if len(groups) == 0 {
		return out, nil
	}
	var (
		st  statement
		err error
	)
	if len(groups) == 1 {
		st, err = groupStatement(q, groups[0].Key, groups[0].Measure, limit)
	} else {
		st, err = groupsStatement(q, limit)
	}
	if err != nil {
		return nil, flow.Internal("list groups' flows", err)
	}
	index := make(map[string]int, len(groups)) // key and measure -> position
	for i, g := range groups {
		index[groupID(g.Key, g.Measure)] = i
	}
	rows, err := s.read.QueryContext(ctx, st.query, st.args()...)
	if err != nil {
		return nil, wrap("list groups' flows", err)
	}
	defer rows.Close()
	lines := map[string]string{}
	scan := scanFlow(lines)
	var all []*flow.Flow
	key := make([]string, len(q.GroupBy))
	for rows.Next() {
		dest, finish := scan()
		for i := range key {
			dest = append(dest, &key[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, wrap("list groups' flows", err)
		}
		f, _, err := finish()
		if err != nil {
			return nil, wrap("list groups' flows", err)
		}
		if i, ok := index[groupID(key, f.Measure)]; ok {
			out[i] = append(out[i], f)
			all = append(all, f)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("list groups' flows", err)
	}
	if err := s.flowCitations(ctx, all, lines, q.Filter.AsOf); err != nil {
		return nil, err
	}
	return out, nil
}

// groupID joins a group's key and measure into one map key.
func groupID(key []string, m flow.Measure) string {
	return strings.Join(key, "\x00") + "\x00" + string(m)
}

// groupsStatement assembles the first flows of every group: each row is
// numbered within its group, in id order.
func groupsStatement(q flow.TotalsQuery, limit int) (statement, error) {
	c := flowConds(q.Filter)
	from, err := totalsFrom(q, c, unlinked(q.Filter))
	if err != nil {
		return statement{}, err
	}
	c.params["limit"] = limit
	keys := keyList(len(q.GroupBy))
	query := "SELECT " + flowColumns + ", " + keys + "\nFROM (SELECT *, row_number() OVER (PARTITION BY " + keys +
		", measure ORDER BY id) AS n\n  FROM (" + from + ")\n  WHERE " + keysPresent(len(q.GroupBy)) +
		")\nWHERE n <= :limit\nORDER BY id"
	return statement{query: query, params: c.params}, nil
}

// groupStatement assembles the first flows of one group.
func groupStatement(q flow.TotalsQuery, key []string, m flow.Measure, limit int) (statement, error) {
	if len(key) != len(q.GroupBy) {
		return statement{}, fmt.Errorf("a key of %d values for %d dimensions", len(key), len(q.GroupBy))
	}
	c := flowConds(q.Filter)
	f := q.Filter
	entity := len(f.ProgrammeIDs)+len(f.FundIDs)+len(f.OrganisationIDs)+len(f.FromIDs)+len(f.ToIDs) > 0
	for i, d := range q.GroupBy {
		if _, ok := totalsLabels[d]; ok && key[i] != "" {
			entity = true
		}
	}
	year, kind, status, measure := groupYear, groupKind, groupStatus, groupMeasure
	if entity {
		year, kind, status, measure = groupYearChecked, groupKindChecked, groupStatusChecked, groupMeasureChecked
	}
	// A key of the flow's own (year, kind, status) is checked by its
	// condition on the flows read; an entity's, once the ends are read.
	var matches []string
	for i, d := range q.GroupBy {
		name := fmt.Sprintf("key%d", i)
		switch {
		case d == flow.ByYear:
			c.add(fmt.Sprintf(year, i), name, key[i])
		case d == flow.ByKind:
			c.add(fmt.Sprintf(kind, i), name, key[i])
		case d == flow.ByStatus:
			c.add(fmt.Sprintf(status, i), name, key[i])
		case key[i] != "":
			c.add(fmt.Sprintf(groupEnd, i), name, key[i])
			matches = append(matches, fmt.Sprintf(groupKeyMatches, i))
		default:
			c.params[name] = key[i]
			matches = append(matches, fmt.Sprintf(groupKeyMatches, i))
		}
	}
	c.add(measure, "measure", string(m))
	from, err := totalsFrom(q, c, unlinked(q.Filter))
	if err != nil {
		return statement{}, err
	}
	c.params["limit"] = limit
	where := ""
	if len(matches) > 0 {
		where = "\nWHERE " + strings.Join(matches, " AND ")
	}
	query := "SELECT " + flowColumns + ", " + keyList(len(q.GroupBy)) + "\nFROM (" + from + ")" + where + "\nORDER BY id\nLIMIT :limit"
	return statement{query: query, params: c.params}, nil
}

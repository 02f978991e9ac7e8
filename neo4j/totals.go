package neo4j

import (
	"context"
	"fmt"
	"strings"
	"sync"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/fundflow/fundflow/flow"
)

// A totals statement is assembled, like a list's, from fixed fragments:
// the flow list's conditions for the filters given (flowConds), one key
// per dimension, and the aggregation, so that the planner sees only the
// predicates present and can seek the indexes they name. Only the groups
// come back.

// The fragments. %[1]d is a dimension's position, %[2]s a label from
// totalsLabels: never text from a request.
const (
	// totalsNamed collects every figure a link names, as the whole or a
	// claim. Links are curated by hand, so the Link label is small; the
	// aggregation returns one row, [] without links. No figure may be
	// null: NOT r.id IN a list holding null is null, which would drop
	// every unlinked flow.
	totalsNamed = `
CALL () {
  MATCH (l:Link)
  UNWIND [coalesce(l.whole, '')] + coalesce(l.claims, []) AS figure
  RETURN collect(DISTINCT figure) AS named
}`
	// totalsEndKey is an entity dimension's keys: each end with the label,
	// once when both ends are the same node, and "" when neither has it.
	totalsEndKey = `
UNWIND CASE
    WHEN a:%[2]s AND b:%[2]s AND a <> b THEN [a.id, b.id]
    WHEN a:%[2]s THEN [a.id]
    WHEN b:%[2]s THEN [b.id]
    ELSE [''] END AS k%[1]d`
	// totalsSums is a group's count and sums; a figure or bound is summed
	// only when every flow has it, which the counts tell.
	totalsSums = `count(*) AS count,
  sum(r.amount) AS amount, count(r.amount) AS amounts,
  sum(r.low) AS low, count(r.low) AS lows,
  sum(r.high) AS high, count(r.high) AS highs,
  collect(DISTINCT r.qualifier) AS qualifiers, collect(DISTINCT r.currency) AS currencies,
  collect(DISTINCT r.kind) AS kinds, collect(DISTINCT r.status) AS statuses`
	// The conditions a group's key adds, so that an index can find its
	// flows, and the check of each key once unwound.
	groupEnd     = `(a.id = $key%[1]d OR b.id = $key%[1]d)`
	groupYear    = `coalesce(r.year, '') = $key%[1]d`
	groupKind    = `r.kind = $key%[1]d`
	groupStatus  = `r.status = $key%[1]d`
	groupMeasure = `r.measure = $measure`
	groupKey     = `k%[1]d = $key%[1]d`
)

// totalsLabels is the node label each entity dimension groups by.
var totalsLabels = map[flow.TotalsDimension]string{
	flow.ByProgramme: labelProgramme, flow.ByFund: labelFund, flow.ByOrganisation: labelOrganisation,
}

// totalsKey is the key expression of a dimension that is a property of the
// flow itself.
var totalsKey = map[flow.TotalsDimension]string{
	flow.ByYear: "coalesce(r.year, '')", flow.ByKind: "r.kind", flow.ByStatus: "r.status",
}

// totalsShape is one assembled statement's variables: its kind (sum,
// group or linked), its dimensions and the conditions present.
type totalsShape struct {
	what    string
	groupBy []flow.TotalsDimension
	present map[string]bool
}

// name names the statement: sum-flows+YEAR+PROGRAMME+tos+year.
func (sh totalsShape) name() string {
	name := sh.what
	for _, d := range sh.groupBy {
		name += "+" + string(d)
	}
	for _, c := range flowConds {
		if sh.present[c.key] {
			name += "+" + c.key
		}
	}
	for i := range sh.groupBy {
		if k := fmt.Sprintf("key%d", i); sh.present[k] {
			name += "+" + k
		}
	}
	return name
}

// assemble builds the statement of a shape, with example parameters.
func (sh totalsShape) assemble() (string, map[string]any, error) {
	params := map[string]any{}
	var where []string
	for _, c := range flowConds {
		switch {
		case sh.present[c.key]:
			where = append(where, c.cypher)
			params[c.key] = flowList.examples[c.key]
		case c.otherwise != "":
			where = append(where, c.otherwise)
		}
	}
	linked := "NOT r.id IN named"
	if sh.what == "linked-flows" {
		linked = "r.id IN named"
	}
	where = append(where, linked)
	var unwind, keys, checks []string
	for i, d := range sh.groupBy {
		k := fmt.Sprintf("k%d", i)
		keys = append(keys, k)
		if sh.what == "group-flows" {
			params[fmt.Sprintf("key%d", i)] = "2017-18"
			checks = append(checks, fmt.Sprintf(groupKey, i))
		}
		if e, ok := totalsKey[d]; ok {
			unwind = append(unwind, "\nUNWIND ["+e+"] AS "+k)
			if sh.what == "group-flows" {
				where = append(where, fmt.Sprintf(map[flow.TotalsDimension]string{
					flow.ByYear: groupYear, flow.ByKind: groupKind, flow.ByStatus: groupStatus}[d], i))
			}
			continue
		}
		label, ok := totalsLabels[d]
		if !ok {
			return "", nil, fmt.Errorf("totals: no dimension %q", d)
		}
		unwind = append(unwind, fmt.Sprintf(totalsEndKey, i, label))
		if sh.what == "group-flows" && sh.present["key"+fmt.Sprint(i)] {
			where = append(where, fmt.Sprintf(groupEnd, i))
		}
	}
	if sh.what == "group-flows" {
		where = append(where, groupMeasure)
		params["measure"] = string(flow.MeasureActual)
	}
	match := totalsNamed + "\nMATCH (a:Node)-[r:" + flowPattern + "]->(b:Node)\nWHERE " + strings.Join(where, "\n  AND ")
	switch sh.what {
	case "sum-flows":
		return match + strings.Join(unwind, "") + "\nRETURN " + strings.Join(append(keys, "r.measure AS measure"), ", ") +
			",\n  " + totalsSums, params, nil
	case "group-flows":
		params["limit"] = int64(1)
		return match + strings.Join(unwind, "") + "\nWITH a, r, b, " + strings.Join(keys, ", ") +
			"\nWHERE " + strings.Join(checks, " AND ") +
			"\nRETURN {rel: r, from: a.id, to: b.id} AS row ORDER BY r.id LIMIT $limit", params, nil
	default:
		params["limit"] = int64(1)
		return match + "\nRETURN {rel: r, from: a.id, to: b.id} AS row ORDER BY r.id LIMIT $limit", params, nil
	}
}

// totalsStatements caches the assembled statements by name.
var totalsStatements = struct {
	sync.Mutex
	built map[string]*Statement
}{built: map[string]*Statement{}}

// Every fragment, registered for the linter: each kind of statement with
// every dimension and every condition, and with none of the conditions;
// any other shape is a selection of the same checked fragments.
func init() {
	all := map[string]bool{}
	for _, c := range flowConds {
		all[c.key] = true
	}
	for _, what := range []string{"sum-flows", "group-flows", "linked-flows"} {
		for _, present := range []map[string]bool{{}, all} {
			groupBy := flow.TotalsDimensions
			if what == "linked-flows" {
				groupBy = nil
			}
			sh := totalsShape{what: what, groupBy: groupBy, present: map[string]bool{}}
			for k := range present {
				sh.present[k] = true
			}
			if what == "group-flows" {
				for i := range groupBy {
					sh.present[fmt.Sprintf("key%d", i)] = len(present) > 0
				}
			}
			cypher, params, err := sh.assemble()
			if err != nil {
				panic(err)
			}
			totalsStatements.built[sh.name()] = statement(sh.name(), cypher, params)
		}
	}
}

// totalsCall builds the call of one shape with the filter's parameters.
func totalsCall(sh totalsShape, f flow.FlowFilter, params map[string]any) (call, error) {
	given := flowsCall(f, flow.Window{}).params
	for _, c := range flowConds {
		if v, ok := given[c.key]; ok {
			sh.present[c.key] = true
			params[c.key] = v
		}
	}
	name := sh.name()
	totalsStatements.Lock()
	defer totalsStatements.Unlock()
	st, ok := totalsStatements.built[name]
	if !ok {
		cypher, examples, err := sh.assemble()
		if err != nil {
			return call{}, err
		}
		st = newStatement(name, cypher, examples)
		totalsStatements.built[name] = st
	}
	return call{st, params}, nil
}

// SumFlows sums the flows no link names per group, and lists the linked
// ones, in one read transaction of two statements.
func (s *Store) SumFlows(ctx context.Context, q flow.TotalsQuery, linked int) (*flow.FlowSums, error) {
	sum, err := totalsCall(totalsShape{what: "sum-flows", groupBy: q.GroupBy, present: map[string]bool{}}, q.Filter, map[string]any{})
	if err != nil {
		return nil, flow.Internal("sum flows", err)
	}
	ids, err := totalsCall(totalsShape{what: "linked-flows", present: map[string]bool{}}, q.Filter,
		map[string]any{"limit": int64(linked + 1)})
	if err != nil {
		return nil, flow.Internal("sum flows", err)
	}
	var out *flow.FlowSums
	err = s.read(ctx, func(tx driver.ManagedTransaction) error {
		out = &flow.FlowSums{}
		recs, err := run(ctx, tx, sum)
		if err != nil {
			return err
		}
		for _, r := range recs {
			g, err := toGroupSum(r.AsMap(), len(q.GroupBy))
			if err != nil {
				return err
			}
			out.Groups = append(out.Groups, g)
		}
		if recs, err = run(ctx, tx, ids); err != nil {
			return err
		}
		out.Linked, err = flowRows(recs, q.Filter.AsOf)
		return err
	})
	if err != nil {
		return nil, sumError(err)
	}
	return out, nil
}

// toGroupSum maps one group's row.
func toGroupSum(m map[string]any, n int) (flow.GroupSum, error) {
	g := flow.GroupSum{Key: make([]string, n)}
	for i := range g.Key {
		k, err := value[string](m, fmt.Sprintf("k%d", i))
		if err != nil {
			return g, err
		}
		g.Key[i] = k
	}
	measure, err := value[string](m, "measure")
	if err != nil {
		return g, err
	}
	g.Measure = flow.Measure(measure)
	count, err := value[int64](m, "count")
	if err != nil {
		return g, err
	}
	g.Count = int(count)
	for _, s := range []struct {
		sum, count string
		dst        **flow.Pence
	}{{"amount", "amounts", &g.Point}, {"low", "lows", &g.Low}, {"high", "highs", &g.High}} {
		n, err := value[int64](m, s.count)
		if err != nil {
			return g, err
		}
		if n != count {
			continue // some flow lacks it: the sum is unknown
		}
		v, err := value[int64](m, s.sum)
		if err != nil {
			return g, err
		}
		p := flow.Pence(v)
		*s.dst = &p
	}
	var lists [4][]string
	for i, k := range []string{"qualifiers", "currencies", "kinds", "statuses"} {
		if lists[i], err = stringList(m, k); err != nil {
			return g, err
		}
	}
	for _, v := range lists[0] {
		g.Qualifiers = append(g.Qualifiers, flow.Qualifier(v))
	}
	g.Currencies = lists[1]
	for _, v := range lists[2] {
		g.Kinds = append(g.Kinds, flow.FlowKind(v))
	}
	for _, v := range lists[3] {
		g.Statuses = append(g.Statuses, flow.Status(v))
	}
	return g, nil
}

// codeArithmetic is Neo4j's status for an arithmetic failure, which an
// integer sum past 64 bits raises ("long overflow").
const codeArithmetic = "Neo.ClientError.Statement.ArithmeticError"

// sumError maps a sum that overflowed to the refusal Money.Add gives, and
// anything else as every read does.
func sumError(err error) error {
	if neo4jCode(err) == codeArithmetic || strings.Contains(err.Error(), "long overflow") {
		return &flow.Error{Code: flow.ETOOLARGE, Message: "a sum is larger than an amount can be (about £92 quadrillion); narrow the filter", Err: err}
	}
	return internal("sum flows", err)
}

// GroupFlows lists the first flows of each group, in id order, with
// their citations, in one read transaction: one statement per group, each
// seeking the group's flows through its key and stopping at limit (Cypher
// has no window function to number rows within their group, and a
// collect per group would hold every flow of a large group in memory).
func (s *Store) GroupFlows(ctx context.Context, q flow.TotalsQuery, groups []flow.GroupKey, limit int) ([][]*flow.Flow, error) {
	calls := make([]call, len(groups))
	for i, g := range groups {
		c, err := groupCall(q, g, limit)
		if err != nil {
			return nil, flow.Internal("list groups' flows", err)
		}
		calls[i] = c
	}
	var out [][]*flow.Flow
	err := s.read(ctx, func(tx driver.ManagedTransaction) error {
		out = make([][]*flow.Flow, len(groups))
		for i, c := range calls {
			recs, err := run(ctx, tx, c)
			if err != nil {
				return err
			}
			if out[i], err = flowRows(recs, q.Filter.AsOf); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, internal("list groups' flows", err)
	}
	return out, nil
}

// groupCall builds the call for one group's first flows.
func groupCall(q flow.TotalsQuery, g flow.GroupKey, limit int) (call, error) {
	if len(g.Key) != len(q.GroupBy) {
		return call{}, fmt.Errorf("a key of %d values for %d dimensions", len(g.Key), len(q.GroupBy))
	}
	sh := totalsShape{what: "group-flows", groupBy: q.GroupBy, present: map[string]bool{}}
	params := map[string]any{"measure": string(g.Measure), "limit": int64(limit)}
	for i, k := range g.Key {
		params[fmt.Sprintf("key%d", i)] = k
		if _, entity := totalsLabels[q.GroupBy[i]]; entity && k != "" {
			sh.present[fmt.Sprintf("key%d", i)] = true
		}
	}
	return totalsCall(sh, q.Filter, params)
}

// flowRows maps records of {rel, from, to} rows to flows, keeping the
// citations known by asOf.
func flowRows(recs []*driver.Record, asOf flow.Date) ([]*flow.Flow, error) {
	var out []*flow.Flow
	for _, r := range recs {
		row, err := value[map[string]any](r.AsMap(), "row")
		if err != nil {
			return nil, err
		}
		fl, err := toFlowRow(row)
		if err != nil {
			return nil, err
		}
		fl.Citations, _ = flow.KnownAsOf(fl.Citations, asOf)
		out = append(out, fl)
	}
	return out, nil
}

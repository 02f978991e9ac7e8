package neo4j

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
)

// flowConds are the flow list's optional conditions; without statuses,
// retracted flows are left out.
var flowConds = []cond{
	{key: "ids", cypher: "r.id IN $ids"},
	{key: "froms", cypher: "a.id IN $froms"},
	{key: "tos", cypher: "b.id IN $tos"},
	{key: "kinds", cypher: "r.kind IN $kinds"},
	{key: "statuses", cypher: "r.status IN $statuses", otherwise: "r.status <> 'RETRACTED'"},
	{key: "measures", cypher: "r.measure IN $measures"},
	{key: "year", cypher: "r.year = $year"},
	{key: "yearFrom", cypher: "r.year >= $yearFrom"},
	{key: "yearTo", cypher: "r.year <= $yearTo"},
	{key: "amountMin", cypher: "(coalesce(r.high, r.amount) IS NULL OR coalesce(r.high, r.amount) >= $amountMin)"},
	{key: "amountMax", cypher: "(coalesce(r.low, r.amount) IS NULL OR coalesce(r.low, r.amount) <= $amountMax)"},
	{key: "programmes", cypher: "(a.id IN $programmes OR b.id IN $programmes)"},
	{key: "funds", cypher: "(a.id IN $funds OR b.id IN $funds)"},
	{key: "organisations", cypher: "(a.id IN $organisations OR b.id IN $organisations)"},
	{key: "asOf", cypher: "r.knownFrom <= $asOf"},
}

var flowList = newList("flows", "MATCH (a:Node)-[r:"+flowPattern+"]->(b:Node)", "r",
	"a, r, b", "rel: r, from: a.id, to: b.id", flowConds,
	map[string]any{"ids": []string{}, "froms": []string{}, "tos": []string{}, "kinds": []string{},
		"statuses": []string{}, "measures": []string{}, "year": "", "yearFrom": "", "yearTo": "", "amountMin": int64(0), "amountMax": int64(0),
		"programmes": []string{}, "funds": []string{}, "organisations": []string{}, "asOf": ""})

// flowsCall builds the call for one page of flows.
func flowsCall(f flow.FlowFilter, w flow.Window) call { return listCall(flowList, flowParams(f), w) }

// flowParams gives each flow condition's parameter from f.
func flowParams(f flow.FlowFilter) map[string]any {
	return map[string]any{"ids": stringsOrNil(f.IDs), "froms": stringsOrNil(f.FromIDs),
		"tos": stringsOrNil(f.ToIDs), "kinds": stringsOrNil(f.Kinds), "statuses": stringsOrNil(f.Statuses),
		"measures": stringsOrNil(f.Measures), "year": string(f.Year), "yearFrom": string(f.YearFrom), "yearTo": string(f.YearTo),
		"amountMin": penceParam(f.AmountMin), "amountMax": penceParam(f.AmountMax),
		"programmes": stringsOrNil(f.ProgrammeIDs), "funds": stringsOrNil(f.FundIDs),
		"organisations": stringsOrNil(f.OrganisationIDs), "asOf": string(f.AsOf)}
}

// Flows lists flows, filtered, ordered and keyset-paged, with their
// citations, in one round trip.
func (s *Store) Flows(ctx context.Context, f flow.FlowFilter, w flow.Window) (*flow.Page[*flow.Flow], error) {
	return listPage(ctx, s, flowsCall(f, w), w, "flows", flowItem(f.AsOf))
}

// flowItem maps a list row to its flow, with the citations known by asOf.
func flowItem(asOf flow.Date) func(m map[string]any) (*flow.Flow, error) {
	return func(m map[string]any) (*flow.Flow, error) {
		fl, err := toFlowRow(m)
		if err != nil {
			return nil, err
		}
		fl.Citations, _ = flow.KnownAsOf(fl.Citations, asOf)
		return fl, nil
	}
}

// toFlowRow maps a row of {rel, from, to}.
func toFlowRow(m map[string]any) (*flow.Flow, error) {
	rel, err := value[dbtype.Relationship](m, "rel")
	if err != nil {
		return nil, err
	}
	from, err := value[string](m, "from")
	if err != nil {
		return nil, err
	}
	to, err := value[string](m, "to")
	if err != nil {
		return nil, err
	}
	return toFlow(rel, from, to)
}

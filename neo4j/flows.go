package neo4j

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/fundflow/fundflow/flow"
)

// flowFilter: every optional filter is a parameter that, when null or
// empty, matches everything.
const flowFilter = `($ids IS NULL OR r.id IN $ids)
    AND ($froms IS NULL OR a.id IN $froms)
    AND ($tos IS NULL OR b.id IN $tos)
    AND ($kinds IS NULL OR r.kind IN $kinds)
    AND ($statuses IS NULL AND r.status <> 'RETRACTED' OR r.status IN $statuses)
    AND ($year = '' OR r.year = $year)
    AND ($yearFrom = '' OR r.year >= $yearFrom)
    AND ($yearTo = '' OR r.year <= $yearTo)
    AND ($amountMin IS NULL OR r.amount >= $amountMin)
    AND ($amountMax IS NULL OR r.amount <= $amountMax)
    AND ($programmes IS NULL OR a.id IN $programmes OR b.id IN $programmes)
    AND ($funds IS NULL OR a.id IN $funds OR b.id IN $funds)
    AND ($organisations IS NULL OR a.id IN $organisations OR b.id IN $organisations)
    AND ($asOf = '' OR r.knownFrom <= $asOf)`

var flowList = newList("flows", "MATCH (a:Node)-[r:"+flowPattern+"]->(b:Node)", "r", flowFilter,
	"a, r, b", "rel: r, from: a.id, to: b.id",
	map[string]any{"ids": []string{}, "froms": []string{}, "tos": []string{}, "kinds": []string{},
		"statuses": []string{}, "year": "", "yearFrom": "", "yearTo": "", "amountMin": int64(0), "amountMax": int64(0),
		"programmes": []string{}, "funds": []string{}, "organisations": []string{}, "asOf": ""})

// flowsCall builds the call for one page of flows.
func flowsCall(q flow.FlowQuery) (call, flow.Window, flow.Ordering, error) {
	f := q.Filter
	if err := f.Check(); err != nil {
		return call{}, flow.Window{}, flow.Ordering{}, err
	}
	o, err := flow.FlowOrdering(q.Order)
	if err != nil {
		return call{}, flow.Window{}, o, err
	}
	c, w, err := listCall(flowList, map[string]any{"ids": stringsOrNil(f.IDs), "froms": stringsOrNil(f.FromIDs),
		"tos": stringsOrNil(f.ToIDs), "kinds": stringsOrNil(f.Kinds), "statuses": stringsOrNil(f.Statuses),
		"year": string(f.Year), "yearFrom": string(f.YearFrom), "yearTo": string(f.YearTo),
		"amountMin": penceParam(f.AmountMin), "amountMax": penceParam(f.AmountMax),
		"programmes": stringsOrNil(f.ProgrammeIDs), "funds": stringsOrNil(f.FundIDs),
		"organisations": stringsOrNil(f.OrganisationIDs), "asOf": string(f.AsOf)}, o, q.Page)
	return c, w, o, err
}

// Flows lists flows, filtered, ordered and keyset-paged, with their
// citations, in one round trip.
func (s *Store) Flows(ctx context.Context, q flow.FlowQuery) (*flow.Page[*flow.Flow], error) {
	c, w, o, err := flowsCall(q)
	if err != nil {
		return nil, err
	}
	return listPage(ctx, s, c, w, o, "flows", func(m map[string]any) (*flow.Flow, error) {
		f, err := toFlowRow(m)
		if err != nil {
			return nil, err
		}
		f.Citations, _ = flow.KnownAsOf(f.Citations, q.Filter.AsOf)
		return f, nil
	})
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

// toFlows maps a list of {rel, from, to} rows.
func toFlows(rows []any) ([]*flow.Flow, error) {
	out := make([]*flow.Flow, 0, len(rows))
	for _, row := range rows {
		m, ok := row.(map[string]any)
		if !ok {
			return nil, flow.Errorf(flow.EINTERNAL, "flow row is %T, want a map", row)
		}
		f, err := toFlowRow(m)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

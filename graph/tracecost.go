package graph

import "github.com/fundflow/fundflow/flow"

// traceFanOut is the number of flows a trace is costed as following out of
// each node. The bundled data's busiest node (the fund) has six; a nominal
// eight charges a deep trace the whole step budget (five hops and more),
// and a one-hop trace almost nothing. It is a constant rather than a
// statistic of the store: the cost is reckoned before the request runs,
// without a round trip, and the store's step budget (flow.TraceStepBudget)
// bounds the walk whatever the data, so the cost need only charge what the
// walk may spend.
const traceFanOut = 8

// traceCost is the cost of a trace: the steps its walk may take, at most
// flow.TraceStepBudget, plus the paths it may return times the hops each
// may hold, times what is selected under a path (whose hops are costed as
// one). A trace to a node also searches back from it, maxHops-1 layers,
// for at most half the budget (flow.TraceWalk.Run), so it is charged that
// search too. So a trace six hops deep costs more than six times a one-hop
// one, and ComplexityLimit admits at most twenty deep traces in one
// request.
func traceCost(child int, to bool, maxHops, first *int) int {
	hops := flow.DefaultMaxHops
	if maxHops != nil {
		// Out-of-range depths are refused by the resolver, with the bound
		// named; the cost only must not overflow before that.
		hops = min(max(*maxHops, 1), flow.MaxHopsCap)
	}
	paths := flow.DefaultTraceLimit
	if first != nil {
		paths = min(max(*first, 1), flow.MaxTraceLimit)
	}
	steps := walkCost(hops)
	if to {
		steps = min(steps+min(walkCost(hops-1), flow.TraceStepBudget/2), flow.TraceStepBudget)
	}
	return 1 + steps + paths*hops*child
}

// walkCost is the number of steps a walk of hops layers may take at
// traceFanOut flows a node (a step is a flow the walk looks at), capped by
// the step budget.
func walkCost(hops int) int {
	steps, layer := 0, 1
	for range hops {
		layer *= traceFanOut
		steps += layer
		if steps >= flow.TraceStepBudget {
			return flow.TraceStepBudget
		}
	}
	return steps
}

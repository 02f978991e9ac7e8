// Every request the explorer makes: named GraphQL operations against the
// public endpoint, kept shallow and paged so they pass the server's limits
// (depth 12, page size at most 500, cost 200,000). Each answer comes back
// with the exact request that produced it, so every figure on the page can
// link to that query in GraphiQL.

// PAGE bounds every list the explorer asks for.
export const PAGE = 500;

// HOPS is how far the view follows money from the entity: up to three
// flows back towards where it came from, three on towards where it went.
export const HOPS = 3;

// The kinds of money edge drawn as bands. Budget lines' figures are flows
// too (BUDGET_LINE) but restate a programme's plan and outturn, which the
// nodes show; drawing them as well would count the plan twice.
export const DRAWN_KINDS = ['ALLOCATION', 'DIVERSION', 'PAYMENT', 'REQUEST', 'REQUIREMENT'];

const MONEY = 'amount low high qualifier phrase formatted';

export const CHOICES = `query ExplorerChoices {
  funds(first: ${PAGE}) { nodes { id name } }
  programmes(first: ${PAGE}) { nodes { id name } }
  organisations(first: ${PAGE}) { nodes { id name } }
  totals(groupBy: [YEAR]) { key }
}`;

export const FLOWS = `query ExplorerFlows($where: FlowFilter!, $asOf: Date) {
  flows(where: $where, asOf: $asOf, first: ${PAGE}) {
    totalCount
    nodes {
      id kind year measure status
      from { __typename id name }
      to { __typename id name }
      amount { ${MONEY} }
    }
  }
}`;

export const BUDGETS = `query ExplorerBudgetLines($programmes: [ID!], $year: String, $asOf: Date) {
  budgetLines(where: { programme: $programmes, year: $year }, asOf: $asOf, first: ${PAGE}) {
    totalCount
    nodes {
      id year status
      programme { id }
      planned { ${MONEY} }
      forecast { ${MONEY} }
      actual { ${MONEY} }
    }
  }
}`;

const CITATIONS = 'citations { quote verified source { id title publisher published url } }';

export const BAND = `query ExplorerBand($id: ID!, $from: ID!, $to: ID!, $year: String, $asOf: Date) {
  flows(where: { ids: [$id] }, asOf: $asOf, first: 1) {
    nodes {
      id kind year measure status note
      from { id name }
      to { id name }
      amount { ${MONEY} }
      ${CITATIONS}
    }
  }
  totals(groupBy: [YEAR], where: { from: [$from], to: [$to], year: $year }, asOf: $asOf) {
    measure
    movements {
      id conflicting
      claims { id kind measure status amount { ${MONEY} } ${CITATIONS} }
    }
    links { id kind whole claims note ${CITATIONS} }
  }
  disagreements(entity: $to, year: $year, asOf: $asOf) {
    figure year agree
    claims { measure recordId published quote amount { ${MONEY} } source { title publisher } }
  }
}`;

export const NODE = `query ExplorerNode($id: ID!, $year: String, $asOf: Date) {
  node(id: $id) {
    __typename id
    ... on Fund { name aliases description }
    ... on Organisation { name aliases kind description }
    ... on Programme {
      name aliases description
      budgetLines(where: { year: $year }, asOf: $asOf, first: ${PAGE}) {
        nodes {
          id year status note derived
          planned { ${MONEY} }
          forecast { ${MONEY} }
          actual { ${MONEY} }
          variance { ${MONEY} }
          ${CITATIONS}
        }
      }
    }
  }
  disagreements(entity: $id, year: $year, asOf: $asOf) {
    figure year agree
    claims { measure recordId published quote amount { ${MONEY} } source { title publisher } }
  }
}`;

// An APIError is a refusal or failure the page shows to the reader.
export class APIError extends Error {}

// request runs query with variables at endpoint and returns
// { data, request: { name, query, variables } }.
export async function request(endpoint, query, variables = {}) {
  let res;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new APIError(`The API could not be reached: ${err.message}`);
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new APIError(`The API answered HTTP ${res.status} without JSON.`);
  }
  if (body.errors?.length) {
    throw new APIError(body.errors.map((e) => e.message).join('; '));
  }
  if (!res.ok || !body.data) throw new APIError(`The API answered HTTP ${res.status}.`);
  const name = /query\s+(\w+)/.exec(query)?.[1] ?? 'query';
  return { data: body.data, request: { name, query, variables } };
}

// playgroundLink is the address that opens req in GraphiQL at playground,
// or null when there is no playground (production mode).
export function playgroundLink(playground, req) {
  if (!playground || !req) return null;
  const params = new URLSearchParams({ query: req.query, variables: JSON.stringify(req.variables, null, 2) });
  return `${playground}?${params}`;
}

// loadChoices fetches what the selectors offer: the entities money moves
// between, and the financial years any figure is for.
export async function loadChoices(endpoint) {
  const { data } = await request(endpoint, CHOICES);
  const years = [...new Set(data.totals.map((t) => t.key[0]).filter(Boolean))].sort();
  return {
    funds: data.funds.nodes,
    programmes: data.programmes.nodes,
    organisations: data.organisations.nodes,
    years,
  };
}

// loadView walks HOPS flows back from entity (into it, into those, ...)
// and HOPS on (out of it, out of those, ...) in year, one request per hop
// and side, then fetches the budget lines of every programme reached.
// Each flow carries the request that fetched it.
export async function loadView(endpoint, { entity, year, asOf }) {
  const flows = new Map();
  const requests = [];
  let truncated = false;
  const walk = async (side) => {
    const seen = new Set([entity]);
    let frontier = [entity];
    for (let hop = 1; hop <= HOPS && frontier.length; hop++) {
      const where = { [side === 'in' ? 'to' : 'from']: frontier, year, kind: DRAWN_KINDS };
      const res = await request(endpoint, FLOWS, { where, asOf: asOf || null });
      requests.push({ ...res.request, hop, side });
      const page = res.data.flows;
      if (page.totalCount > page.nodes.length) truncated = true;
      const next = [];
      for (const f of page.nodes) {
        if (!flows.has(f.id)) flows.set(f.id, { ...f, request: res.request });
        const end = side === 'in' ? f.from.id : f.to.id;
        if (!seen.has(end)) {
          seen.add(end);
          next.push(end);
        }
      }
      frontier = next;
    }
  };
  await Promise.all([walk('in'), walk('out')]);
  const all = [...flows.values()];
  const programmes = new Set();
  for (const f of all) {
    for (const end of [f.from, f.to]) if (end.__typename === 'Programme') programmes.add(end.id);
  }
  let budgets = { lines: [], request: null };
  if (programmes.size) {
    const res = await request(endpoint, BUDGETS, { programmes: [...programmes].sort(), year, asOf: asOf || null });
    requests.push(res.request);
    budgets = { lines: res.data.budgetLines.nodes, request: res.request };
    if (res.data.budgetLines.totalCount > budgets.lines.length) truncated = true;
  }
  return { flows: all, budgets, requests, truncated };
}

// loadBand fetches one flow's claims: its citations, the other claims
// describing the same movement, the links between them, and the
// disagreements about its destination in its year.
export async function loadBand(endpoint, flow, asOf) {
  const res = await request(endpoint, BAND, {
    id: flow.id,
    from: flow.from.id,
    to: flow.to.id,
    year: flow.year,
    asOf: asOf || null,
  });
  return { ...res.data, request: res.request };
}

// loadNode fetches an entity with its budget lines in year and the
// disagreements about it.
export async function loadNode(endpoint, id, year, asOf) {
  const res = await request(endpoint, NODE, { id, year, asOf: asOf || null });
  return { ...res.data, request: res.request };
}

// Turns the API's flows into the nodes and links of a Sankey diagram. Pure:
// no DOM, no requests, so it can be reasoned about (and tested) alone.
import { extent, label } from './money.js';
import { style } from './status.js';

// NOMINAL is the share of the largest stated bound given, for layout only,
// to a band whose amount no source states: it must be seen to exist but
// never look like a figure.
const NOMINAL = 0.02;

const TYPES = { Fund: 'fund', Programme: 'programme', Organisation: 'organisation' };

// buildGraph returns { nodes, links, omitted } for flows (each with from,
// to, amount and status), the budget lines of the programmes among them,
// and the id of the entity in focus. A link's value is its layout width:
// its high bound (or its low, when there is no high), so the hatched margin
// between low and high has room; solid is the share drawn solid (the low).
// Links that would close a loop, which a Sankey cannot draw, are omitted
// with a reason, and so are flows from an entity to itself.
export function buildGraph(flows, budgetLines = [], focus = '') {
  const nodes = new Map();
  const node = (end) => {
    if (!nodes.has(end.id)) {
      nodes.set(end.id, {
        id: end.id,
        name: end.name,
        type: TYPES[end.__typename] ?? 'entity',
        focus: end.id === focus,
        budgets: budgetLines.filter((l) => l.programme?.id === end.id),
      });
    }
    return nodes.get(end.id);
  };
  const omitted = [];
  const candidates = [];
  for (const f of [...flows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (f.from.id === f.to.id) {
      omitted.push({ flow: f, reason: 'it goes from an entity to itself' });
      continue;
    }
    candidates.push(f);
  }
  const known = candidates.map((f) => extent(f.amount)).filter((e) => e.state !== 'unknown');
  const largest = Math.max(0, ...known.map((e) => e.high ?? e.low));
  const nominal = largest > 0 ? largest * NOMINAL : 1;

  const out = new Map(); // id -> ids reachable in one step, over accepted links
  const reaches = (from, to) => {
    const stack = [from];
    const seen = new Set();
    while (stack.length) {
      const id = stack.pop();
      if (id === to) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(out.get(id) ?? []));
    }
    return false;
  };
  const links = [];
  for (const f of candidates) {
    if (reaches(f.to.id, f.from.id)) {
      omitted.push({ flow: f, reason: 'it would close a loop, which a Sankey diagram cannot draw' });
      continue;
    }
    if (!out.has(f.from.id)) out.set(f.from.id, []);
    out.get(f.from.id).push(f.to.id);
    const from = node(f.from);
    const to = node(f.to);
    links.push(link(f, from, to, nominal));
  }
  return { nodes: [...nodes.values()], links, omitted };
}

function link(f, from, to, nominal) {
  const e = extent(f.amount);
  let value;
  let solid;
  if (e.state === 'unknown' || (e.high ?? e.low) <= 0) {
    value = nominal;
    solid = 0;
  } else if (e.state === 'open') {
    value = e.low;
    solid = 1;
  } else {
    value = e.high;
    // A low bound below zero (the money may have gone the other way) draws
    // as hatched from the start: a band has no width below nothing.
    solid = Math.min(1, Math.max(0, e.low / e.high));
  }
  const st = style(f.status);
  return {
    id: f.id,
    source: from.id,
    target: to.id,
    value,
    solid,
    state: e.state,
    nominal: value === nominal && solid === 0,
    status: f.status,
    caption: `${label(f.amount)} · ${st.words}`,
    ariaLabel: `${from.name} → ${to.name}: ${f.amount.formatted} (${st.words}, ${kindWords(f.kind)})`,
    flow: f,
  };
}

// kindWords is a flow kind for people: "DIVERSION" reads "diversion".
export function kindWords(kind) {
  return String(kind).toLowerCase().replace(/_/g, ' ');
}

// budgetCaptions are a programme node's figures, one string per stated
// figure of its budget lines, each with its measure and the line's status.
export function budgetCaptions(lines) {
  const out = [];
  for (const l of lines) {
    for (const m of ['planned', 'forecast', 'actual']) {
      if (l[m]) out.push(`${m} ${l[m].formatted} (${style(l.status).words})`);
    }
  }
  return out;
}

// readingOrder is the order keyboard users meet the diagram in, once laid
// out: column by column, each column's nodes top to bottom, then the bands
// leaving that column top to bottom.
export function readingOrder(nodes, links) {
  const byY = (a, b) => a.y0 - b.y0;
  const items = [];
  const depths = [...new Set(nodes.map((n) => n.depth))].sort((a, b) => a - b);
  for (const d of depths) {
    for (const n of nodes.filter((n) => n.depth === d).sort(byY)) items.push({ kind: 'node', item: n });
    for (const l of links.filter((l) => l.source.depth === d).sort(byY)) items.push({ kind: 'link', item: l });
  }
  return items;
}

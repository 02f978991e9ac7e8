// Draws a graph from model.js as an SVG Sankey diagram laid out by
// d3-sankey. Each band is drawn solid up to its low bound and hatched from
// there to its high bound; a band no source gives a figure for is a dotted
// outline only. Bands and nodes are focusable buttons in reading order
// (model.readingOrder), and call onOpen when clicked or pressed.
import { create } from 'd3-selection';
import { sankey as layout, sankeyJustify } from 'd3-sankey';
import { budgetCaptions, readingOrder } from './model.js';
import { STATUSES, style } from './status.js';

const SVG = 'http://www.w3.org/2000/svg';
const NODE_WIDTH = 14;
const MIN_WIDTH = 720;
const LABEL_CHARS = 22;
// LABEL_SPACE is kept free right of the last column for its labels: every
// node's label is to its right.
const LABEL_SPACE = 170;

// draw replaces the content of container with the diagram of graph and
// returns the SVG element. onOpen(kind, item) is called with 'link' or
// 'node' and the model's link or node.
export function draw(container, graph, onOpen) {
  const width = Math.max(container.clientWidth || 0, MIN_WIDTH);
  const perColumn = columns(graph);
  const height = Math.max(420, Math.min(900, perColumn * 110 + 60));
  const margin = { top: 24, right: LABEL_SPACE, bottom: 24, left: 8 };

  const { nodes, links } = layout()
    .nodeId((d) => d.id)
    .nodeWidth(NODE_WIDTH)
    .nodePadding(56)
    .nodeAlign(sankeyJustify)
    .extent([
      [margin.left, margin.top],
      [width - margin.right, height - margin.bottom],
    ])({
    nodes: graph.nodes.map((n) => ({ ...n })),
    links: graph.links.map((l) => ({ ...l })),
  });

  const svg = create('svg')
    .attr('xmlns', SVG)
    .attr('class', 'sankey')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('width', width)
    .attr('height', height)
    .attr('role', 'group')
    .attr('aria-label', 'Sankey diagram: where the money came from and went');
  patterns(svg.append('defs'));

  for (const { kind, item } of readingOrder(nodes, links)) {
    if (kind === 'link') band(svg, item, onOpen);
    else box(svg, item, onOpen);
  }
  // Labels are painted last, above every band; they repeat what each node's
  // accessible name says, so assistive technology skips them.
  const labels = svg.append('g').attr('class', 'labels').attr('aria-hidden', 'true');
  for (const n of nodes) label(labels, n, onOpen);
  container.replaceChildren(svg.node());
  backdrops(svg.node());
  return svg.node();
}

// columns is the most nodes any column will hold, for the diagram's height.
function columns(graph) {
  const into = new Map();
  for (const l of graph.links) into.set(l.target, [...(into.get(l.target) ?? []), l.source]);
  const depth = new Map();
  const depthOf = (id, seen = new Set()) => {
    if (depth.has(id)) return depth.get(id);
    if (seen.has(id)) return 0;
    seen.add(id);
    const d = Math.max(0, ...(into.get(id) ?? []).map((s) => depthOf(s, seen) + 1));
    depth.set(id, d);
    return d;
  };
  const count = new Map();
  for (const n of graph.nodes) {
    const d = depthOf(n.id);
    count.set(d, (count.get(d) ?? 0) + 1);
  }
  return Math.max(1, ...count.values());
}

// patterns defines, per status, the hatching of the margin between a
// band's low and high bounds.
function patterns(defs) {
  for (const [name, s] of Object.entries(STATUSES)) {
    const p = defs
      .append('pattern')
      .attr('id', `hatch-${name}`)
      .attr('patternUnits', 'userSpaceOnUse')
      .attr('width', 6)
      .attr('height', 6)
      .attr('patternTransform', 'rotate(45)');
    p.append('rect').attr('width', 6).attr('height', 6).attr('fill', '#ffffff').attr('fill-opacity', 0.6);
    p.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 6).attr('stroke', s.colour).attr('stroke-width', 2.5);
  }
}

// ribbon is the outline of the part of a band between offsets a and b
// (from its top edge) along a horizontal S-curve.
function ribbon(l, a, b) {
  const x0 = l.source.x1;
  const x1 = l.target.x0;
  const xm = (x0 + x1) / 2;
  const t0 = l.y0 - l.width / 2;
  const t1 = l.y1 - l.width / 2;
  return (
    `M${x0},${t0 + a}C${xm},${t0 + a} ${xm},${t1 + a} ${x1},${t1 + a}` +
    `L${x1},${t1 + b}C${xm},${t1 + b} ${xm},${t0 + b} ${x0},${t0 + b}Z`
  );
}

function band(svg, l, onOpen) {
  const s = style(l.status);
  const w = Math.max(l.width, 2);
  const g = svg
    .append('g')
    .attr('class', `band status-${String(l.status).toLowerCase()} state-${l.state}`)
    .attr('data-flow', l.id)
    .attr('tabindex', 0)
    .attr('role', 'button')
    .attr('aria-label', l.ariaLabel);
  const low = l.nominal ? 0 : w * l.solid;
  if (low > 0) g.append('path').attr('class', 'solid').attr('d', ribbon(l, 0, low)).attr('fill', s.colour);
  if (!l.nominal && low < w) {
    g.append('path')
      .attr('class', 'margin')
      .attr('d', ribbon(l, low, w))
      .attr('fill', STATUSES[l.status] ? `url(#hatch-${l.status})` : s.colour);
  }
  g.append('path')
    .attr('class', 'outline')
    .attr('d', ribbon(l, 0, w))
    .attr('stroke', l.nominal ? '#555555' : s.colour)
    .attr('stroke-dasharray', l.nominal ? '2 3' : s.dash || null);
  g.append('title').text(l.ariaLabel);
  // The caption sits near the band's end, clear of the label of the node
  // it leaves: the point of the curve at t = 0.9 is x0 + 0.972 (x1 - x0).
  const x0 = l.source.x1;
  const x1 = l.target.x0;
  const t0 = l.y0 - l.width / 2;
  const t1 = l.y1 - l.width / 2;
  g.append('text')
    .attr('class', 'caption')
    .attr('x', x0 + 0.972 * (x1 - x0) - 4)
    .attr('y', 0.028 * t0 + 0.972 * t1 + Math.min(w / 2, 9))
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text(l.caption);
  activate(g, () => onOpen('link', l));
}

function box(svg, n, onOpen) {
  const g = svg
    .append('g')
    .attr('class', `node node-${n.type}${n.focus ? ' focus' : ''}`)
    .attr('data-node', n.id)
    .attr('tabindex', 0)
    .attr('role', 'button');
  const captions = budgetCaptions(n.budgets);
  g.attr('aria-label', [`${n.name} (${n.type})`, ...captions].join('; '));
  g.append('rect')
    .attr('x', n.x0)
    .attr('y', n.y0)
    .attr('width', n.x1 - n.x0)
    .attr('height', Math.max(n.y1 - n.y0, 2));
  g.append('title').text(g.attr('aria-label'));
  activate(g, () => onOpen('node', n));
}

// label writes a node's name and figures right of it; clicking it opens
// the node as clicking the box does.
function label(labels, n, onOpen) {
  const captions = budgetCaptions(n.budgets);
  const g = labels.append('g').attr('class', `label${n.focus ? ' focus' : ''}`).attr('data-label-for', n.id);
  const text = g
    .append('text')
    .attr('class', 'label')
    .attr('x', n.x1 + 6)
    .attr('y', (n.y0 + n.y1) / 2)
    .attr('text-anchor', 'start');
  const lines = wrap(n.name, LABEL_CHARS);
  const total = lines.length + captions.length;
  lines.forEach((line, i) => {
    text
      .append('tspan')
      .attr('class', 'name')
      .attr('x', text.attr('x'))
      .attr('dy', i === 0 ? `${0.35 - (total - 1) * 0.6}em` : '1.2em')
      .text(line);
  });
  for (const c of captions) {
    text.append('tspan').attr('class', 'figure').attr('x', text.attr('x')).attr('dy', '1.3em').text(c);
  }
  g.on('click', () => onOpen('node', n));
}

// backdrops puts a pale box behind each node's label, once the SVG is in
// the document and its text can be measured, so labels stay readable
// where they cross bands.
function backdrops(svg) {
  for (const text of svg.querySelectorAll('.labels text')) {
    const b = text.getBBox();
    const r = document.createElementNS(SVG, 'rect');
    r.setAttribute('class', 'backdrop');
    r.setAttribute('x', b.x - 3);
    r.setAttribute('y', b.y - 2);
    r.setAttribute('width', b.width + 6);
    r.setAttribute('height', b.height + 4);
    r.setAttribute('rx', 3);
    text.before(r);
  }
}

// activate makes a focusable element a button: click, Enter and Space.
function activate(g, open) {
  g.on('click', open).on('keydown', (ev) => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      open();
    }
  });
}

// wrap breaks text into lines of at most n characters at spaces.
function wrap(text, n) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > n) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

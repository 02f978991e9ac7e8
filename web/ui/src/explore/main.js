// The flow explorer at /explore: a Sankey diagram of where one fund's,
// programme's or organisation's money came from and went in a financial
// year, as known by a date, built only from the public GraphQL API. The Go
// page hands over the endpoint and the playground's address (empty in
// production, which hides the query links) in #fundflow-config.
import './explore.css';
import * as api from './api.js';
import * as details from './details.js';
import { el, fill, queryLink } from './dom.js';
import { buildGraph } from './model.js';
import { draw } from './sankey.js';
import * as state from './state.js';
import { STATUSES } from './status.js';

const config = JSON.parse(document.getElementById('fundflow-config').textContent);
const root = document.getElementById('explore');
const links = (req) => api.playgroundLink(config.playground, req);

const ui = {
  entity: el('select', { id: 'entity', name: 'entity' }),
  year: el('select', { id: 'year', name: 'year' }),
  asOf: el('input', { id: 'asOf', name: 'asOf', type: 'date', title: 'Show only what had been published by this day' }),
  clearAsOf: el('button', { type: 'button', id: 'clear-asof' }, 'Everything known'),
  title: el('h2', { id: 'view-title' }, 'Flow explorer'),
  message: el('p', { class: 'message', role: 'status' }, 'Loading…'),
  diagram: el('div', { class: 'diagram', id: 'diagram' }),
  scrollHint: el('p', { class: 'scroll-hint', hidden: true }, 'The diagram is wider than the screen: scroll it sideways to see all of it.'),
  legend: el('div', { class: 'legend' }),
  table: el('section', { class: 'figures', 'aria-labelledby': 'figures-title' }),
  queries: el('section', { class: 'queries-ran', 'aria-labelledby': 'queries-title' }),
  panel: el('aside', { class: 'details', id: 'details', 'aria-label': 'Details', 'data-open': 'false' }),
};

let current = state.read(location.search);
let view = null; // { graph, flows, requests }
let opener = null; // the element whose details are open, for Escape
let seq = 0; // the latest load; older answers are dropped
let panelSeq = 0; // the latest panel opened (or closed); older answers are dropped
let drawnWidth = 0; // the diagram box's width when last drawn
let names = new Map(); // entity id -> name, for titles

function layout() {
  const controls = el(
    'form',
    { class: 'controls', onsubmit: (e) => e.preventDefault() },
    el('div', { class: 'field' }, el('label', { for: 'entity' }, 'Fund, programme or organisation'), ui.entity),
    el('div', { class: 'field' }, el('label', { for: 'year' }, 'Financial year'), ui.year),
    el('div', { class: 'field' }, el('label', { for: 'asOf' }, 'Known by'), ui.asOf, ui.clearAsOf),
  );
  fill(
    root,
    el(
      'header',
      { class: 'bar' },
      el('h1', {}, 'fundflow: flow explorer'),
      config.playground ? el('a', { href: config.playground, class: 'playground' }, 'GraphiQL') : null,
      controls,
    ),
    el(
      'main',
      { class: 'layout' },
      el('section', { class: 'chart', 'aria-labelledby': 'view-title' }, ui.title, ui.message, ui.diagram, ui.scrollHint, ui.legend, ui.table, ui.queries),
      ui.panel,
    ),
  );
  hint();
  // A new width (a turned phone, a resized window) lays the diagram out
  // again to fit.
  new ResizeObserver(() => {
    if (view?.graph.links.length && Math.abs(ui.diagram.clientWidth - drawnWidth) > 24) drawView();
  }).observe(ui.diagram);
  ui.entity.addEventListener('change', () => go({ ...current, entity: ui.entity.value }));
  ui.year.addEventListener('change', () => go({ ...current, year: ui.year.value }));
  ui.asOf.addEventListener('change', () => go({ ...current, asOf: ui.asOf.value }));
  ui.clearAsOf.addEventListener('click', () => go({ ...current, asOf: '' }));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && isOpen()) closePanel();
  });
  window.addEventListener('popstate', () => {
    current = state.read(location.search);
    render();
  });
}

function options(select, groups, selected) {
  select.replaceChildren(
    ...groups.map(([label, items]) =>
      el('optgroup', { label }, items.map((i) => el('option', { value: i.id, selected: i.id === selected }, i.name))),
    ),
  );
  select.value = selected;
}

// go moves to a new view, adding it to the browser's history.
function go(next) {
  if (next.entity === current.entity && next.year === current.year && next.asOf === current.asOf) return;
  current = next;
  history.pushState(null, '', state.href(current));
  render();
}

async function start() {
  layout();
  let choices;
  try {
    choices = await api.loadChoices(config.endpoint);
  } catch (err) {
    fail(err);
    return;
  }
  const all = [...choices.funds, ...choices.programmes, ...choices.organisations];
  if (!current.entity) current.entity = choices.funds[0]?.id ?? all[0]?.id ?? '';
  if (!current.year) current.year = choices.years[choices.years.length - 1] ?? '';
  const years = choices.years.includes(current.year) ? choices.years : [...choices.years, current.year].sort();
  options(ui.entity, [
    ['Funds', choices.funds],
    ['Programmes', choices.programmes],
    ['Organisations', choices.organisations],
  ], current.entity);
  options(ui.year, [['Financial years', years.map((y) => ({ id: y, name: y }))]], current.year);
  names = new Map(all.map((e) => [e.id, e.name]));
  history.replaceState(null, '', state.href(current));
  render();
}

function fail(err) {
  ui.message.textContent = err instanceof api.APIError ? err.message : `Something went wrong: ${err.message}`;
  ui.message.setAttribute('role', 'alert');
}

async function render() {
  const mine = ++seq;
  closePanel(false);
  ui.entity.value = current.entity;
  ui.year.value = current.year;
  ui.asOf.value = current.asOf;
  const name = names.get(current.entity) ?? current.entity;
  ui.title.textContent = `${name}, ${current.year}${current.asOf ? `, as known on ${current.asOf}` : ''}`;
  document.title = `fundflow: ${name} ${current.year}`;
  ui.message.setAttribute('role', 'status');
  ui.message.textContent = 'Loading…';
  fill(ui.diagram);
  fill(ui.queries);
  ui.scrollHint.hidden = ui.legend.hidden = ui.table.hidden = true;
  view = null;
  let loaded;
  try {
    loaded = await api.loadView(config.endpoint, current);
  } catch (err) {
    if (mine === seq) fail(err);
    return;
  }
  if (mine !== seq) return;
  const graph = buildGraph(loaded.flows, loaded.budgets.lines, current.entity);
  view = { graph, ...loaded };
  const notes = [];
  if (loaded.truncated) notes.push(`Some lists were longer than ${api.PAGE}: only the first ${api.PAGE} of each are drawn.`);
  if (!graph.links.length) {
    notes.push(
      `No money is recorded moving to or from ${name} in ${current.year}${current.asOf ? ` by ${current.asOf}` : ''}. Its budget lines and the accounts of it, if any, are under “About”.`,
    );
    fill(
      ui.diagram,
      el('button', { type: 'button', class: 'about', onclick: (e) => openNode({ id: current.entity, name }, e.currentTarget) }, `About ${name}`),
    );
  } else {
    notes.unshift(
      `Where the money came from and went, up to ${api.HOPS} steps each way: ${graph.links.length} flows between ${graph.nodes.length} funds, programmes and organisations. Select a band or a box for its sources.`,
    );
    if (!drawView()) notes.length = 0;
  }
  if (notes.length) ui.message.textContent = notes.join(' ');
  ui.legend.hidden = ui.table.hidden = !graph.links.length;
  legend(graph);
  table(graph);
  queries(loaded.requests);
}

// drawView draws the current view's diagram, keeping the selection, and
// reports whether it could.
function drawView() {
  const selected = ui.diagram.querySelector('.selected');
  const key = selected && (selected.dataset.flow ? `[data-flow="${CSS.escape(selected.dataset.flow)}"]` : `[data-node="${CSS.escape(selected.dataset.node)}"]`);
  const hadFocus = selected && selected === document.activeElement;
  drawnWidth = ui.diagram.clientWidth;
  try {
    draw(ui.diagram, view.graph, (kind, item) => {
      const target = ui.diagram.querySelector(kind === 'link' ? `[data-flow="${CSS.escape(item.id)}"]` : `[data-node="${CSS.escape(item.id)}"]`);
      if (kind === 'link') openBand(item, target);
      else openNode(item, target);
    });
  } catch (err) {
    fail(new Error(`the diagram could not be drawn (${err.message}); the figures are in the table below`));
    return false;
  }
  ui.scrollHint.hidden = ui.diagram.scrollWidth <= ui.diagram.clientWidth;
  if (key) {
    const again = ui.diagram.querySelector(key);
    again?.classList.add('selected');
    if (isOpen() && opener === selected) opener = again;
    if (hadFocus) again?.focus();
  }
  return true;
}

function legend(graph) {
  const used = [...new Set(graph.links.map((l) => l.status))];
  fill(ui.legend,
    el('h3', {}, 'How to read it'),
    el(
      'ul',
      { class: 'keys' },
      used.map((s) => {
        const st = STATUSES[s] ?? { colour: '#666', dash: '3 3', words: s.toLowerCase() };
        return el('li', {}, swatch(st.colour, st.dash, false), ` ${st.words}`);
      }),
      el('li', {}, swatch('#555555', '', true), ' hatched: between the least and the most the sources allow'),
      graph.links.some((l) => l.nominal) ? el('li', {}, swatch('#555555', '2 3', false, true), ' dotted outline: no source states an amount; its width means nothing') : null,
    ),
    el('p', { class: 'muted' }, 'Band widths are amounts: solid up to the lowest figure the sources allow, hatched up to the highest. Boxes show each programme’s budget lines.'),
    graph.omitted.length
      ? el('div', {}, el('h3', {}, 'Not drawn'), el('ul', {}, graph.omitted.map((o) => el('li', {}, `${o.flow.from.name} → ${o.flow.to.name} (${o.flow.amount.formatted}): ${o.reason}.`))))
      : null,
  );
}

// swatch is a small SVG sample of a band's drawing for the legend.
function swatch(colour, dash, hatched, empty = false) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', '34');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'swatch');
  const r = document.createElementNS(ns, 'rect');
  for (const [k, v] of Object.entries({ x: 1, y: 1, width: 32, height: 12, stroke: colour, 'stroke-width': 2 })) r.setAttribute(k, v);
  if (dash) r.setAttribute('stroke-dasharray', dash);
  r.setAttribute('fill', empty ? 'none' : hatched ? 'url(#hatch-legend)' : colour);
  if (hatched) {
    const defs = document.createElementNS(ns, 'defs');
    const p = document.createElementNS(ns, 'pattern');
    for (const [k, v] of Object.entries({ id: 'hatch-legend', patternUnits: 'userSpaceOnUse', width: 6, height: 6, patternTransform: 'rotate(45)' })) p.setAttribute(k, v);
    const line = document.createElementNS(ns, 'line');
    for (const [k, v] of Object.entries({ x1: 0, y1: 0, x2: 0, y2: 6, stroke: colour, 'stroke-width': 2.5 })) line.setAttribute(k, v);
    p.append(line);
    defs.append(p);
    svg.append(defs);
  }
  svg.append(r);
  return svg;
}

function table(graph) {
  fill(ui.table,
    el('h3', { id: 'figures-title' }, 'The figures'),
    el(
      'div',
      { class: 'scroll' },
      el(
        'table',
        {},
        el('thead', {}, el('tr', {}, ['From', 'To', 'Amount', 'Status', 'Kind', 'Sources', config.playground ? 'Query' : null].filter(Boolean).map((h) => el('th', { scope: 'col' }, h)))),
        el(
          'tbody',
          {},
          graph.links.map((l) =>
            el(
              'tr',
              { 'data-flow': l.id },
              el('td', {}, l.flow.from.name),
              el('td', {}, l.flow.to.name),
              el('td', {}, l.flow.amount.formatted),
              el('td', {}, l.status.toLowerCase()),
              el('td', {}, l.flow.kind.toLowerCase()),
              el('td', {}, el('button', { type: 'button', class: 'link-button', onclick: (e) => openBand(l, e.currentTarget) }, 'details')),
              config.playground ? el('td', {}, queryLink(links(l.flow.request))) : null,
            ),
          ),
        ),
      ),
    ),
  );
}

function queries(requests) {
  fill(ui.queries,
    el('h3', { id: 'queries-title' }, 'Queries this view ran'),
    el(
      'p',
      { class: 'muted' },
      'Everything here comes from the public GraphQL API at ',
      el('code', {}, config.endpoint),
      config.playground ? '; each query opens in GraphiQL.' : '.',
    ),
    el(
      'ol',
      {},
      requests.map((r) =>
        el(
          'li',
          {},
          el('code', {}, r.name),
          r.hop ? ` — step ${r.hop} ${r.side === 'in' ? 'back: the flows into' : 'on: the flows out of'} ${r.hop === 1 ? 'the entity' : 'what the step before reached'}` : ' — the budget lines of the programmes drawn',
          ' ',
          queryLink(links(r), 'open'),
        ),
      ),
    ),
  );
}

// openPanel shows in the panel what load fetches, drawn by render. The
// diagram's element for it (shown) is marked selected; opener, which
// Escape gives focus back to, is what was used to open it.
async function openPanel(load, render, shown, from = shown) {
  // Its own counter: opening band A then band B in one view must drop A's
  // answer if it arrives last, and so must closing the panel meanwhile.
  const mine = ++panelSeq;
  const view = seq;
  const wanted = () => mine === panelSeq && view === seq;
  for (const e of ui.diagram.querySelectorAll('.selected')) e.classList.remove('selected');
  shown?.classList.add('selected');
  opener = from ?? document.activeElement;
  ui.panel.dataset.open = 'true';
  fill(ui.panel, closeButton(), el('p', { role: 'status' }, 'Loading…'));
  try {
    const data = await load();
    if (!wanted()) return;
    fill(ui.panel, closeButton(), ...render(data));
  } catch (err) {
    if (!wanted()) return;
    fill(ui.panel, closeButton(), el('p', { role: 'alert' }, err.message));
  }
  ui.panel.querySelector('h2')?.focus();
}

function closeButton() {
  return el('button', { type: 'button', class: 'close', onclick: () => closePanel(), 'aria-label': 'Close details' }, 'Close (Esc)');
}

function isOpen() {
  return ui.panel.dataset.open === 'true';
}

// hint is the panel's content while nothing is selected.
function hint() {
  fill(ui.panel, el('p', { class: 'hint' }, 'Select a band or a box (click it, or Tab to it and press Enter) to see the claims behind it: amounts, quotes, sources and dates.'));
}

function closePanel(refocus = true) {
  panelSeq++;
  if (!isOpen()) return;
  ui.panel.dataset.open = 'false';
  hint();
  for (const e of ui.diagram.querySelectorAll('.selected')) e.classList.remove('selected');
  if (refocus && opener?.isConnected) opener.focus();
  opener = null;
}

// describe names a figure for people: a flow in view by its ends and
// amount, a budget line's figure ("wifi-2017-18:planned") by its measure.
function describe(id) {
  const l = view?.graph.links.find((x) => x.id === id);
  if (l) return `${l.flow.from.name} → ${l.flow.to.name} (${l.flow.amount.formatted})`;
  const [line, figure] = String(id).split(':');
  return figure ? `the ${figure} figure of budget line ${line}` : String(id);
}

function openBand(l, from) {
  const shown = ui.diagram.querySelector(`[data-flow="${CSS.escape(l.id)}"]`);
  openPanel(() => api.loadBand(config.endpoint, l.flow, current.asOf), (data) => details.band(data, l, links, describe), shown, from ?? shown);
}

function openNode(n, target) {
  const flows = view?.graph.links.filter((l) => l.source === n.id || l.target === n.id) ?? [];
  const openFlow = (l) => openBand(l);
  openPanel(
    () => api.loadNode(config.endpoint, n.id, current.year, current.asOf),
    (data) => details.node(data, n, flows, links, openFlow),
    target,
  );
}

start();

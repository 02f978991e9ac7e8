// The details panel: the claims behind a band or a node, with their
// amounts, statuses, measures, quotes and sources, every account where
// accounts differ, and a link to the query each figure came from.
import { el, queryLink } from './dom.js';
import { kindWords } from './model.js';
import { short } from './money.js';
import { style } from './status.js';

const words = (s) => String(s ?? '').toLowerCase().replace(/_/g, ' ');

// money is an amount as stated: the formatted text, then its exact bounds.
function money(m) {
  if (!m) return el('span', { class: 'money' }, 'not stated');
  const bounds = [];
  if (m.low != null || m.high != null) {
    bounds.push(`low ${m.low != null ? short(m.low) : 'not stated'}`, `high ${m.high != null ? short(m.high) : 'not stated'}`);
  }
  const unknown = m.amount == null && m.low == null && m.high == null;
  return el(
    'span',
    { class: 'money' },
    el('strong', {}, m.formatted),
    bounds.length ? el('span', { class: 'bounds' }, ` (${bounds.join(', ')})`) : null,
    unknown ? el('span', { class: 'bounds' }, ' No source states an amount or bounds.') : null,
  );
}

function badge(status) {
  const s = style(status);
  return el('span', { class: `badge status-${words(status)}`, style: `--status: ${s.colour}` }, s.words);
}

function citations(list) {
  if (!list?.length) return el('p', { class: 'muted' }, 'No citation.');
  return el(
    'ul',
    { class: 'citations' },
    list.map((c) =>
      el(
        'li',
        {},
        el('blockquote', { class: 'quote' }, c.quote),
        el(
          'p',
          { class: 'source' },
          '— ',
          el('cite', {}, c.source.title),
          `, ${c.source.publisher}, ${c.source.published}`,
          c.verified === false ? el('span', { class: 'unverified' }, ' (quote not checked: the source has no stored text)') : null,
        ),
      ),
    ),
  );
}

function row(term, ...desc) {
  return [el('dt', {}, term), el('dd', {}, ...desc)];
}

// claim describes one claim as a definition list.
function claim(c, link) {
  return el(
    'dl',
    { class: 'claim' },
    row('Amount', money(c.amount), link ? ' ' : null, link),
    c.amount?.qualifier ? row('Qualifier', words(c.amount.qualifier)) : null,
    c.amount?.phrase ? row('The source’s words', `“${c.amount.phrase}”`) : null,
    row('Status', badge(c.status)),
    c.measure ? row('Measure', words(c.measure)) : null,
    c.kind ? row('Kind', kindWords(c.kind)) : null,
    c.year ? row('Year', c.year) : null,
    c.note ? row('Note', c.note) : null,
  );
}

function disagreementList(list) {
  if (!list.length) return null;
  return el(
    'section',
    { class: 'disagreements' },
    el('h3', {}, 'Where accounts differ'),
    list.map((d) =>
      el(
        'div',
        { class: 'disagreement' },
        el('p', {}, `${d.agree ? 'The accounts agree' : 'The accounts disagree'} on ${words(d.figure)}${d.year ? ` in ${d.year}` : ''}:`),
        el(
          'ol',
          {},
          d.claims.map((c) =>
            el(
              'li',
              {},
              el('p', {}, `${words(c.measure)}: `, money(c.amount), ` — ${c.source.publisher}, ${c.published}`),
              el('blockquote', { class: 'quote' }, c.quote),
              el('p', { class: 'source' }, '— ', el('cite', {}, c.source.title)),
            ),
          ),
        ),
      ),
    ),
  );
}

// band renders a band's details: data is the answer of api.loadBand, link
// the model's link, links(req) the GraphiQL address of a request, and
// describe(id) names a figure (a flow id, or a budget line's figure like
// "wifi-2017-18:planned") for people.
export function band(data, l, links, describe = (id) => id) {
  const f = data.flows.nodes[0];
  if (!f) return [el('h2', { tabindex: -1 }, 'Not found'), el('p', {}, 'This flow is not known as of the chosen date.')];
  const same = [];
  const related = [];
  for (const t of data.totals) {
    for (const m of t.movements) {
      if (!m.claims.some((c) => c.id === f.id)) continue;
      for (const c of m.claims) if (c.id !== f.id) same.push({ claim: c, conflicting: m.conflicting });
    }
    for (const k of t.links) if (k.claims.includes(f.id) && !related.some((r) => r.id === k.id)) related.push(k);
  }
  const record = (id) => id === f.id || f.id.startsWith(`${id}:`);
  const disagreements = data.disagreements.filter((d) => d.claims.some((c) => record(c.recordId)));
  return [
    el('h2', { tabindex: -1 }, `${f.from.name} → ${f.to.name}`),
    claim(f, queryLink(links(l.flow.request), 'query for this figure')),
    el('h3', {}, 'What the sources say'),
    citations(f.citations),
    same.length
      ? el(
          'section',
          { class: 'same' },
          el('h3', {}, 'Other accounts of the same money'),
          same.map(({ claim: c, conflicting }) =>
            el(
              'div',
              { class: 'other-claim' },
              el('p', { class: 'record' }, `Recorded as ${describe(c.id)}${conflicting ? ' — the accounts cannot all be true' : ''}`),
              claim(c),
              citations(c.citations),
            ),
          ),
        )
      : null,
    related.length
      ? el(
          'section',
          { class: 'links' },
          el('h3', {}, 'How it relates to other figures'),
          related.map((k) =>
            el(
              'div',
              {},
              el(
                'p',
                {},
                k.kind === 'SAME' ? 'The same money as: ' : `Part of ${describe(k.whole)}, with: `,
                k.claims
                  .filter((c) => c !== f.id)
                  .map(describe)
                  .join('; ') || '(no other figure)',
              ),
              k.note ? el('p', {}, k.note) : null,
              citations(k.citations),
            ),
          ),
        )
      : null,
    disagreementList(disagreements),
    el('p', { class: 'queries' }, queryLink(links(data.request), 'query for these details')),
  ];
}

// node renders an entity's details: data is the answer of api.loadNode;
// flows are the view's flows in and out of it, each a button opening it.
export function node(data, n, flows, links, openFlow) {
  const e = data.node;
  if (!e) return [el('h2', { tabindex: -1 }, n.name), el('p', {}, 'Not found.')];
  const lines = e.budgetLines?.nodes ?? [];
  return [
    el('h2', { tabindex: -1 }, e.name),
    el('p', { class: 'muted' }, `${words(e.__typename)}${e.kind ? `: ${e.kind}` : ''}`),
    e.aliases?.length ? el('p', {}, 'Also called: ', e.aliases.join(', ')) : null,
    e.description ? el('p', {}, e.description) : null,
    lines.length
      ? el(
          'section',
          { class: 'budget-lines' },
          el('h3', {}, 'Budget lines'),
          lines.map((b) =>
            el(
              'div',
              { class: 'budget-line' },
              el(
                'dl',
                { class: 'claim' },
                ['planned', 'forecast', 'actual', 'variance'].map((m) =>
                  b[m] ? row(m[0].toUpperCase() + m.slice(1), money(b[m]), b.derived.includes(m.toUpperCase()) ? ' (computed, not stated)' : null) : null,
                ),
                row('Status', badge(b.status)),
                b.note ? row('Note', b.note) : null,
              ),
              citations(b.citations),
            ),
          ),
        )
      : null,
    disagreementList(data.disagreements),
    flows.length
      ? el(
          'section',
          {},
          el('h3', {}, 'Money in this view'),
          el(
            'ul',
            { class: 'flow-list' },
            flows.map((l) => el('li', {}, el('button', { type: 'button', onclick: () => openFlow(l) }, l.ariaLabel))),
          ),
        )
      : null,
    el('p', { class: 'queries' }, queryLink(links(data.request), 'query for these details')),
  ];
}

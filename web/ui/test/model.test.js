// The explorer's model: flows become a Sankey's nodes and links, with
// layout widths that leave room for each amount's high bound, figures no
// source states marked as such, and loops left out with a reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetCaptions, buildGraph, readingOrder } from '../src/explore/model.js';

const end = (id, type = 'Programme') => ({ __typename: type, id, name: id.toUpperCase() });
const money = (amount, low = amount, high = amount) => ({ amount, low, high, formatted: `stated ${amount ?? low}–${high}` });
const flow = (id, from, to, amount, status = 'CONFIRMED') => ({ id, kind: 'DIVERSION', from, to, amount, status });

test('a range is laid out at its high and drawn solid to its low', () => {
  const g = buildGraph([flow('f', end('a'), end('b'), money(null, '40500000', '81000000'), 'REPORTED')], [], 'b');
  assert.equal(g.links.length, 1);
  const [l] = g.links;
  assert.equal(l.value, 81000000);
  assert.equal(l.solid, 0.5);
  assert.equal(l.state, 'range');
  assert.equal(l.ariaLabel, 'A → B: stated 40500000–81000000 (reported, diversion)');
  assert.equal(l.caption, '£40.5m–£81m · reported');
  assert.deepEqual(g.nodes.map((n) => [n.id, n.focus]), [['a', false], ['b', true]]);
});

test('a range reaching below zero is hatched from the start, never drawn outside its band', () => {
  const g = buildGraph([flow('f', end('a'), end('b'), money(null, '-5000000', '20000000'))], [], 'b');
  const [l] = g.links;
  assert.equal(l.value, 20000000);
  assert.equal(l.solid, 0);
});

test('a flow no source gives a figure for is nominal, never solid', () => {
  const g = buildGraph([
    flow('known', end('a'), end('b'), money('100')),
    flow('unknown', end('b'), end('c'), money(null, null, null)),
  ]);
  const u = g.links.find((l) => l.id === 'unknown');
  assert.equal(u.nominal, true);
  assert.equal(u.solid, 0);
  assert.ok(u.value > 0 && u.value < 100, `nominal width ${u.value} must be small but drawable`);
  assert.equal(u.caption, 'amount not stated · confirmed');
  assert.equal(g.links.find((l) => l.id === 'known').nominal, false);
});

test('loops and flows to oneself are left out with a reason', () => {
  const g = buildGraph([
    flow('a-b', end('a'), end('b'), money('1')),
    flow('b-c', end('b'), end('c'), money('1')),
    flow('c-a', end('c'), end('a'), money('1')),
    flow('self', end('a'), end('a'), money('1')),
  ]);
  assert.deepEqual(g.links.map((l) => l.id), ['a-b', 'b-c']);
  assert.deepEqual(g.omitted.map((o) => o.flow.id).sort(), ['c-a', 'self']);
  for (const o of g.omitted) assert.ok(o.reason.length > 0);
});

test('budget captions give each stated figure with its status', () => {
  const lines = [
    { programme: { id: 'p' }, status: 'CONFIRMED', planned: { formatted: '£8.7m' }, forecast: null, actual: { formatted: '£72.4m' } },
    { programme: { id: 'p' }, status: 'REPORTED', planned: null, forecast: { formatted: '£31.5m' }, actual: null },
  ];
  assert.deepEqual(budgetCaptions(lines), ['planned £8.7m (confirmed)', 'actual £72.4m (confirmed)', 'forecast £31.5m (reported)']);
  const g = buildGraph([flow('f', end('p'), end('o', 'Organisation'), money('1'))], lines);
  assert.equal(g.nodes.find((n) => n.id === 'p').budgets.length, 2);
  assert.equal(g.nodes.find((n) => n.id === 'o').type, 'organisation');
});

test('reading order goes column by column, nodes then the bands leaving them', () => {
  const a = { id: 'a', depth: 0, y0: 0 };
  const b = { id: 'b', depth: 1, y0: 50 };
  const c = { id: 'c', depth: 1, y0: 0 };
  const links = [
    { id: 'a-b', source: a, y0: 40 },
    { id: 'a-c', source: a, y0: 10 },
  ];
  const order = readingOrder([b, a, c], links).map((x) => x.item.id);
  assert.deepEqual(order, ['a', 'a-c', 'a-b', 'c', 'b']);
});

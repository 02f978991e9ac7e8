// The explorer's money helpers: figures are written from their Decimal
// strings exactly, and bands know what a source does and does not state.
// Run with `npm test` (node --test); TestExploreModules runs it in CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extent, label, short } from '../src/explore/money.js';

test('short moves the decimal point without rounding', () => {
  const cases = {
    40500000: '£40.5m',
    6850000: '£6.85m',
    202600000: '£202.6m',
    4200000000: '£4.2bn',
    1000000000: '£1bn',
    '-81000000': '-£81m',
    123456789: '£123.456789m',
    '123456789.01': '£123.45678901m',
    850000: '£850k',
    '5.10': '£5.10',
    0: '£0',
  };
  for (const [in_, want] of Object.entries(cases)) assert.equal(short(in_), want, in_);
  // A float would lose this: 2^53 + 1 pounds.
  assert.equal(short('9007199254740993'), '£9007199.254740993bn');
});

test('extent tells exact, range, open and unknown amounts apart', () => {
  assert.deepEqual(extent({ amount: '8700000', low: '8700000', high: '8700000' }).state, 'exact');
  const majority = extent({ amount: null, low: '40500000', high: '81000000' });
  assert.equal(majority.state, 'range');
  assert.equal(majority.low, 40500000);
  assert.equal(majority.high, 81000000);
  const atMost = extent({ amount: null, low: null, high: '63700000' });
  assert.equal(atMost.state, 'range');
  assert.equal(atMost.low, 0);
  const atLeast = extent({ amount: null, low: '81000000', high: null });
  assert.equal(atLeast.state, 'open');
  assert.equal(atLeast.high, null);
  assert.equal(extent({ amount: null, low: null, high: null }).state, 'unknown');
});

test('label writes bounds, points and the absence of a figure', () => {
  assert.equal(label({ amount: '8700000', low: '8700000', high: '8700000' }), '£8.7m');
  assert.equal(label({ amount: null, low: '40500000', high: '81000000' }), '£40.5m–£81m');
  assert.equal(label({ amount: '250000000', low: '225000000', high: '275000000' }), '£250m (£225m–£275m)');
  assert.equal(label({ amount: null, low: '81000000', high: null }), 'at least £81m');
  assert.equal(label({ amount: null, low: null, high: null }), 'amount not stated');
});

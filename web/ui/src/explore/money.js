// Money as the API states it. Amounts arrive as Decimal strings of pounds
// and are shown as text, never through floating point: short() moves the
// decimal point within the string, so "40500000" reads "£40.5m" exactly.
// Numbers appear only in extent(), for the geometry of a band.

// short writes a Decimal string of pounds compactly (£8.7m, £4.2bn,
// £850k), exactly: no digit is rounded away, and under £1,000 the string
// is kept as stated ("5.10" is £5.10).
export function short(decimal) {
  if (decimal == null) return '?';
  let s = String(decimal).trim();
  let sign = '';
  if (s.startsWith('-')) {
    sign = '-';
    s = s.slice(1);
  }
  let [int, frac = ''] = s.split('.');
  int = int.replace(/^0+(?=\d)/, '');
  let unit = '';
  let shift = 0;
  if (int.length > 9) [unit, shift] = ['bn', 9];
  else if (int.length > 6) [unit, shift] = ['m', 6];
  else if (int.length > 3) [unit, shift] = ['k', 3];
  if (shift === 0) return `${sign}£${int}${frac ? '.' + frac : ''}`;
  const whole = int.slice(0, int.length - shift);
  const rest = (int.slice(int.length - shift) + frac).replace(/0+$/, '');
  return `${sign}£${whole}${rest ? '.' + rest : ''}${unit}`;
}

// extent says what a band may draw of an amount: its stated bounds, as
// numbers for geometry only, and in which of four states the figure is:
//   exact   - one figure, low = high;
//   range   - between low and high (a point, if any, lies between);
//   open    - at least low, no upper bound stated;
//   unknown - no source states a figure or a bound.
export function extent(money) {
  const { amount, low, high } = money;
  if (amount == null && low == null && high == null) {
    return { state: 'unknown', low: 0, high: 0 };
  }
  const lo = low ?? (high != null ? '0' : amount);
  const hi = high ?? (low == null ? amount : null);
  if (hi == null) return { state: 'open', low: Number(lo), high: null, lowText: lo };
  const state = lo === hi ? 'exact' : 'range';
  return { state, low: Number(lo), high: Number(hi), lowText: lo, highText: hi };
}

// label is a band's compact caption, built from the stated strings.
export function label(money) {
  const e = extent(money);
  switch (e.state) {
    case 'unknown':
      return 'amount not stated';
    case 'open':
      return `at least ${short(e.lowText)}`;
    case 'exact':
      return short(money.amount ?? e.lowText);
  }
  const span = `${short(e.lowText)}–${short(e.highText)}`;
  return money.amount != null ? `${short(money.amount)} (${span})` : span;
}

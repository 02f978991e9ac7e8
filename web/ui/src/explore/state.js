// The view's state lives in the address, so a view can be linked and the
// browser's back and forward buttons move between views.

// read returns { entity, year, asOf } from a URL's query string.
export function read(search) {
  const p = new URLSearchParams(search);
  return { entity: p.get('entity') || '', year: p.get('year') || '', asOf: p.get('asOf') || '' };
}

// href is the address of state, leaving out empty fields.
export function href(state) {
  const p = new URLSearchParams();
  for (const k of ['entity', 'year', 'asOf']) if (state[k]) p.set(k, state[k]);
  return `${location.pathname}?${p}`;
}

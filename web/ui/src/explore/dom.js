// A small element builder: text goes in as text nodes, never as HTML, so
// nothing the API returns can become markup.

// el creates tag with attrs (null and false values are skipped; "on*"
// functions become listeners) and children (strings, nodes, arrays, null).
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  append(e, children);
  return e;
}

// fill replaces the children of e as el() adds them: nulls are skipped
// and arrays flattened.
export function fill(e, ...children) {
  e.replaceChildren();
  append(e, children);
}

function append(e, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(e, c);
    else e.append(c instanceof Node ? c : String(c));
  }
}

// queryLink is a link opening req in GraphiQL, or null without a
// playground.
export function queryLink(href, text = 'query') {
  if (!href) return null;
  return el('a', { class: 'query-link', href, target: '_blank', rel: 'noopener' }, text);
}

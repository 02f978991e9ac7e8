// Runs graphql-http's GraphQL-over-HTTP audit against a running server and
// exits non-zero unless every audit's status is "ok", so CI fails on any
// MUST (error), SHOULD (warn) or MAY (notice) the server misses, or on any
// request the server refuses (a 429 fails its audit).
//
//   node audit.js http://127.0.0.1:8080/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.js URL');
  process.exit(2);
}

const results = await auditServer({ url });
const count = (status) => results.filter((r) => r.status === status).length;
for (const r of results) {
  if (r.status !== 'ok') {
    console.log(`${r.status.toUpperCase()} ${r.id} ${r.name}: ${r.reason}`);
  }
}
const ok = count('ok');
console.log(`GraphQL-over-HTTP audit: ${ok}/${results.length} ok, ${count('notice')} notices, ${count('warn')} warnings, ${count('error')} errors`);
process.exit(ok === results.length ? 0 : 1);

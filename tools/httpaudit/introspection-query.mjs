// Writes graphql-js's standard introspection queries, as the pinned graphql
// package builds them, into graph/testdata/introspection/, where the Go
// tests run them through the real handler. Generated rather than copied, so
// the tests run graphql-js's text and not a hand copy; CI reruns this and
// fails on any difference.
//
//   node introspection-query.mjs ../../graph/testdata/introspection
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getIntrospectionQuery } from 'graphql';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node introspection-query.mjs DIR');
  process.exit(2);
}

const queries = {
  // What code generators send unless told otherwise.
  default: getIntrospectionQuery(),
  // Every option a client may ask for in graphql-js 16 but oneOf.
  full: getIntrospectionQuery({
    descriptions: true,
    specifiedByUrl: true,
    inputValueDeprecation: true,
    schemaDescription: true,
    directiveIsRepeatable: true,
  }),
  // And oneOf too (gqlgen serves __Type.isOneOf).
  oneof: getIntrospectionQuery({
    descriptions: true,
    specifiedByUrl: true,
    inputValueDeprecation: true,
    schemaDescription: true,
    directiveIsRepeatable: true,
    oneOf: true,
  }),
  // GraphiQL 4.1.2's (@graphiql/react's generateIntrospectionQuery), with
  // the options web/ui/src/graphiql/main.jsx gives it; GraphiQL bundles the
  // same graphql version (web/ui/package.json).
  graphiql: getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true }),
};

for (const [name, query] of Object.entries(queries)) {
  writeFileSync(join(dir, `${name}.graphql`), query);
}

// Fetches the schema from a running server as code generators do
// (graphql-js's getIntrospectionQuery with its options, then
// buildClientSchema), and exits non-zero unless a valid client schema with
// Query.diversions comes back.
//
//   node introspect.mjs http://127.0.0.1:8080/graphql
import { buildClientSchema, getIntrospectionQuery, validateSchema } from 'graphql';

const url = process.argv[2];
if (!url) {
  console.error('usage: node introspect.mjs URL');
  process.exit(2);
}

const query = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  inputValueDeprecation: true,
  schemaDescription: true,
  directiveIsRepeatable: true,
});
const res = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
  body: JSON.stringify({ query, operationName: 'IntrospectionQuery' }),
});
const body = await res.json();
if (!res.ok || body.errors) {
  console.error(`introspection: HTTP ${res.status}`, JSON.stringify(body.errors));
  process.exit(1);
}
const schema = buildClientSchema(body.data);
const problems = validateSchema(schema);
const diversions = schema.getQueryType()?.getFields().diversions;
if (problems.length > 0 || !diversions) {
  console.error('client schema:', problems.map(String), diversions ? '' : 'no Query.diversions');
  process.exit(1);
}
const types = Object.keys(schema.getTypeMap()).length;
console.log(`introspection: a client schema of ${types} types; Query.diversions(${diversions.args.map((a) => `${a.name}: ${a.type}`).join(', ')})`);

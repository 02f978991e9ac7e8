// Reads {schema, statements: [{name, cypher, params}]} as JSON on stdin and
// lints each statement with Neo4j's Cypher front end (syntax and semantic
// analysis), declaring the statement's parameters and the project's labels,
// relationship types and property keys as the database schema. Writes
// [{name, diagnostics: [{severity, line, character, message}]}] as JSON.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const results = input.statements.map(({ name, cypher, params }) => {
  const schema = {
    ...input.schema,
    parameters: params ?? {},
    defaultLanguage: 'CYPHER 5',
  };
  const { diagnostics } = lintCypherQuery(cypher, schema);
  return {
    name,
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity,
      line: d.range.start.line + 1,
      character: d.range.start.character + 1,
      message: d.message,
    })),
  };
});
process.stdout.write(JSON.stringify(results));

// Lint Cypher with Neo4j's own parser (@neo4j-cypher/language-support, pinned in package.json).
// stdin: {"queries": ["MATCH ...", ...], "schema": {labels, relationshipTypes, propertyKeys, parameters, graphSchema}}
// stdout: [{"query": "...", "diagnostics": [{"severity": 1|2, "message": "...", "offset": n}]}, ...]
// severity 1 = error, 2 = warning (misspelled label, relationship type or property).
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { queries, schema } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const out = queries.map((query) => ({
  query,
  diagnostics: lintCypherQuery(query, schema).diagnostics.map((d) => ({
    severity: d.severity,
    message: d.message,
    offset: d.offsets ? d.offsets.start : null,
  })),
}));
process.stdout.write(JSON.stringify(out));

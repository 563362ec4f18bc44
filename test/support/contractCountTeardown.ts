// Jest globalTeardown: sums the responses the test processes checked against the OpenAPI document
// (test/support/openapiContract.ts), prints the total and writes it to .data/openapi-validated.json.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export default function contractCountTeardown(): void {
  const dir = path.resolve(__dirname, '../../.data/openapi-validated');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  const total = files.reduce(
    (n, f) => n + (JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { validated: number }).validated,
    0,
  );
  mkdirSync(path.dirname(dir), { recursive: true });
  writeFileSync(
    path.resolve(dir, '../openapi-validated.json'),
    `${JSON.stringify({ responsesValidated: total, modules: files.length })}\n`,
  );
  console.log(
    `\nOpenAPI contract: ${total} /api responses validated against the served document (${files.length} test files' modules)`,
  );
}

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument } from '../../shared/schemas/openapi';
import { apiRoutes } from '../../shared/schemas/routes';

/** The OpenAPI document describes exactly the HTTP functions the app registers (path and method). */
test('every app.http route is in the OpenAPI document, and every documented operation exists', () => {
  const dir = path.resolve(__dirname, '../../functions/http');
  const registered = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const chunk of text.split(/app\.http\(/).slice(1)) {
      const route = /route:\s*'([^']+)'/.exec(chunk)?.[1];
      const methods = /methods:\s*\[([^\]]*)\]/.exec(chunk)?.[1];
      expect({ file, route, methods }).toEqual({ file, route: expect.any(String), methods: expect.any(String) });
      for (const method of (methods as string).match(/'(\w+)'/g) ?? []) {
        registered.add(`${method.replace(/'/g, '').toLowerCase()} /api/${(route as string).replace(/\{(\w+)(?::[^}]+)?\??\}/g, '{$1}')}`);
      }
    }
  }
  const doc = buildOpenApiDocument(apiRoutes);
  const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)));
  expect([...registered].filter((r) => !documented.has(r)).sort()).toEqual([]);
  expect([...documented].filter((r) => !registered.has(r)).sort()).toEqual([]);
  expect(registered.size).toBeGreaterThan(25);
});

import type { CoreApi } from '../../infra/local/host/coreApi';
import { buildOpenApiDocument } from '../../shared/schemas/openapi';
import { apiRoutes } from '../../shared/schemas/routes';

// The registry the Node worker provides as `@azure/functions-core` (the local host's), so the test
// reads what the app really registers.
jest.mock(
  '@azure/functions-core',
  () => jest.requireActual<typeof import('../support/coreApiMock')>('../support/coreApiMock').localCoreApi(),
  { virtual: true },
);

/** The OpenAPI document describes exactly the HTTP functions the app registers (path and method). */
test('every registered HTTP route is in the OpenAPI document, and every documented operation exists', () => {
  require('../../functions/index');
  const core = jest.requireMock<CoreApi>('@azure/functions-core');
  const registered = new Set<string>();
  for (const { metadata } of core.functions.values()) {
    const trigger = Object.values(metadata.bindings).find((b) => b.type === 'httpTrigger');
    if (!trigger) continue;
    for (const method of trigger.methods as string[]) {
      registered.add(
        `${method.toLowerCase()} /api/${(trigger.route as string).replace(/\{(\w+)(?::[^}]+)?\??\}/g, '{$1}')}`,
      );
    }
  }
  const doc = buildOpenApiDocument(apiRoutes);
  const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)));
  expect([...registered].filter((r) => !documented.has(r)).sort()).toEqual([]);
  expect([...documented].filter((r) => !registered.has(r)).sort()).toEqual([]);
  expect(registered.size).toBeGreaterThan(25);
});

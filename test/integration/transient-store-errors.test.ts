import type { Container } from '@azure/cosmos';
import type { CosmosFaultKind, CosmosOperation } from '../../infra/local/cosmos/faults';
import type { LocalCosmos } from '../../infra/local/cosmos/cosmosServer';
import { problemResponse } from '../../shared/http/problem';
import { useFaultyCosmos } from '../support/localCosmos';

/**
 * Soak seed 1 (`npm run soak -- --runs 1 --seed 1`): a Cosmos fault that outlived the SDK's
 * retries (a 408, a 503 on a write, a dropped connection on a write, a 429 past 9 retries) reached
 * the caller as 500 `internal`, so a portal could not tell a bug from a moment to try again. Each
 * is now 503 `unavailable` with Retry-After; what is not transient stays 500.
 */
const world = useFaultyCosmos(['items']);
let cosmos: LocalCosmos;
let items: Container;
beforeAll(() => {
  cosmos = world.cosmos();
  items = world.container('items');
});

let n = 0;
async function thrown(fault: CosmosFaultKind, operation: CosmosOperation, retryAfterMs?: number): Promise<unknown> {
  const id = `t${++n}`;
  cosmos.faults.set({ rules: [{ fault, operations: [operation], ...(retryAfterMs ? { retryAfterMs } : {}) }] });
  try {
    if (operation === 'create') await items.items.create({ id });
    else if (operation === 'batch') await items.items.batch([{ operationType: 'Create', resourceBody: { id } }], id);
    else await items.item(id, id).read();
    throw new Error(`${fault} on ${operation} did not throw`);
  } catch (e) {
    return e;
  } finally {
    cosmos.faults.clear();
  }
}

test.each([
  ['408', 'create'],
  ['503', 'create'],
  ['reset', 'create'],
  ['appliedButLost', 'create'],
  ['408', 'read'],
  ['408', 'batch'],
] as const)('%s on %s: 503 unavailable with Retry-After', async (fault, operation) => {
  const r = problemResponse(await thrown(fault, operation));
  expect(r.status).toBe(503);
  expect(JSON.parse(r.body as string).code).toBe('unavailable');
  expect((r.headers as Record<string, string>)['retry-after']).toBe('1');
});

test('a 429 past the SDK retries: 503 with its retry-after, rounded up to seconds', async () => {
  const r = problemResponse(await thrown('429', 'read', 1001));
  expect(r.status).toBe(503);
  expect((r.headers as Record<string, string>)['retry-after']).toBe('2');
}, 30_000);

test('what is not transient stays 500 internal: a conflict nobody handled, a plain error', async () => {
  await items.items.create({ id: 'dup' });
  const conflict = await items.items.create({ id: 'dup' }).catch((e: unknown) => e);
  expect(problemResponse(conflict).status).toBe(500);
  expect(problemResponse(new Error('boom')).status).toBe(500);
  expect((problemResponse(new Error('boom')).headers as Record<string, string>)['retry-after']).toBeUndefined();
});

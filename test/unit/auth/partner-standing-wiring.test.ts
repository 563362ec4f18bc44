import type { CoreApi } from '../../../infra/local/host/coreApi';
import type { InvocationContext } from '@azure/functions';
import { http } from '../../../functions/register';
import { partnerStanding } from '../../../shared/auth/partnerStanding';

// authorize() reads the partner's standing through a lookup the composition root
// (functions/compose/authDeps.ts) installs when the first HTTP function loads: no handler passes
// it, and shared/auth imports no store (npm run depcheck). These tests hold the loader to that.
jest.mock(
  '@azure/functions-core',
  () => jest.requireActual<typeof import('../../support/coreApiMock')>('../../support/coreApiMock').localCoreApi(),
  { virtual: true },
);
const core = jest.requireMock<CoreApi>('@azure/functions-core');

// The process-wide partner store, faked (only the status matters here): one enrolled partner, one suspended.
const reads: string[] = [];
jest.mock('../../../shared/store/partners', () => ({
  partnerStore: () => ({
    get: async (tenantId: string) => {
      reads.push(tenantId);
      if (tenantId === 'enrolled') return { partner: { status: 'active' }, etag: '"1"' };
      if (tenantId === 'suspended') return { partner: { status: 'suspended' }, etag: '"1"' };
      return undefined;
    },
  }),
}));

let seen: unknown;
http('standingHttp', { route: 'standing', methods: ['GET'] }, async () => async () => {
  seen = await partnerStanding('suspended');
  return { status: 204 };
});

const call = async (name: string) => {
  const fn = core.functions.get(name);
  if (!fn) throw new Error('not registered');
  const context = { error: jest.fn(), log: jest.fn() } as unknown as InvocationContext;
  return (fn.callback as (r: unknown, c: InvocationContext) => Promise<{ status: number }>)(
    { method: 'GET', url: 'http://localhost/api/standing' },
    context,
  );
};

test('before any HTTP function has loaded, reading the standing fails loudly instead of reading a store', () => {
  expect(() => partnerStanding('enrolled')).toThrow(/No partner-standing lookup installed/);
});

test("an HTTP function's first call installs the lookup on the partner store before its handler runs", async () => {
  expect((await call('standingHttp')).status).toBe(204);
  expect(seen).toEqual({ status: 'suspended' });
  expect(await partnerStanding('enrolled')).toEqual({ status: 'active' });
  expect(await partnerStanding('never-enrolled')).toBeUndefined();
});

test('the lookup goes through the profile cache: a second read of a tenant reads no store', async () => {
  const before = reads.filter((t) => t === 'enrolled').length;
  await partnerStanding('enrolled');
  expect(reads.filter((t) => t === 'enrolled').length).toBe(before);
});

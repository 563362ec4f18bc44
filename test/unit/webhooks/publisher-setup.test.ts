// The in-process webhook publisher is set up by any invocation with a durable client, not only by
// the publisher's timer (which in Azure runs on one instance): functions registered through
// functions/register.ts with `durableClient: true` set it up before their handler runs, once per
// process. Invoked as the worker does (the local host's Invoker over the programming model); only
// the publication's write (publishEntries) is recorded instead of reaching Cosmos DB.
import type { CoreApi, RegisteredFunction } from '../../../infra/local/host/coreApi';
import { durableClientData } from '../../../infra/local/host/clientData';
import { inputsOf, Invoker, triggerOf } from '../../../infra/local/host/invoker';
import { http } from '../../../functions/register';
import type { AuditEntry } from '../../../shared/store/audit';
import { auditAppended } from '../../../shared/store/auditSignal';

jest.mock(
  '@azure/functions-core',
  () => jest.requireActual<typeof import('../../support/coreApiMock')>('../../support/coreApiMock').localCoreApi(),
  { virtual: true },
);
const published: Array<{ taskHub: string | undefined; ids: string[] }> = [];
jest.mock('../../../shared/webhooks/outbox', () => ({
  ...jest.requireActual<typeof import('../../../shared/webhooks/outbox')>('../../../shared/webhooks/outbox'),
  publishEntries: async (deps: { client: { taskHubName?: string } }, entries: AuditEntry[]) => {
    published.push({ taskHub: deps.client.taskHubName, ids: entries.map((e) => e.id) });
    return { entries: entries.length, deliveries: 0 };
  },
}));
const core = jest.requireMock<CoreApi>('@azure/functions-core');

// The configuration the stores are built from (nothing is read or written: the publication is recorded).
Object.assign(process.env, {
  COSMOS_ENDPOINT: 'https://localhost:8081',
  COSMOS_KEY: 'a2V5',
  ACS_CONNECTION_STRING: 'endpoint=https://localhost:1/;accesskey=a2V5',
  AUTH_ISSUER: 'https://issuer.example',
  AUTH_AUDIENCE: 'api://reseller-connect',
  AUTH_JWKS_URI: 'https://issuer.example/keys',
  INVITATION_TOKEN_SECRET: 's'.repeat(32),
  PUBLIC_BASE_URL: 'https://connect.example',
});

/** A handler that changes something: the audit log's notice of the entry it appended. */
const appending = async () => async (request: { query: URLSearchParams }) => {
  const id = request.query.get('entry') ?? 'none';
  auditAppended([
    {
      id,
      tenantId: 't',
      at: new Date().toISOString(),
      actor: { type: 'system' },
      action: 'grant.removed',
      subject: { type: 'grant', id: 'g' },
      correlationId: 'c',
    },
  ]);
  return { status: 204 };
};
http('changeWithClient', { route: 'with-client', methods: ['POST'], durableClient: true }, appending);
http('changeWithoutClient', { route: 'without-client', methods: ['POST'] }, appending);

const invoker = new Invoker(core, {}, () => undefined);
async function invoke(name: string, entry: string): Promise<number> {
  const fn = core.functions.get(name) as RegisteredFunction;
  const [trigger] = triggerOf(fn);
  const url = `https://connect.example/api/x?entry=${entry}`;
  const inputData = [{ name: trigger, data: { http: { method: 'POST', url, headers: {}, params: {} } } }];
  const client = JSON.stringify(durableClientData('http://127.0.0.1:7071', 'hubFromHttp'));
  for (const n of inputsOf(fn, 'durableClient')) inputData.push({ name: n, data: { string: client } } as never);
  const r = await invoker.invoke(fn, { inputData });
  if (r.error) throw r.error;
  return Number((r.returnValue?.http as { statusCode?: string } | undefined)?.statusCode ?? 0);
}
const settle = () => new Promise((r) => setTimeout(r, 60));

test('before any invocation with a durable client, an append is left to the timer', async () => {
  expect(await invoke('changeWithoutClient', 'e0')).toBe(204);
  await settle();
  expect(published).toEqual([]);
});

test('after an HTTP invocation with a durable client, appends are published at once, with no timer run', async () => {
  expect(await invoke('changeWithClient', 'e1')).toBe(204);
  await settle();
  expect(published).toEqual([{ taskHub: 'hubFromHttp', ids: ['e1'] }]);
  // Set up once per process: more invocations subscribe nothing more, so each append is published once,
  // also one made by a function without a durable client, on the process's publisher.
  expect(await invoke('changeWithClient', 'e2')).toBe(204);
  expect(await invoke('changeWithoutClient', 'e3')).toBe(204);
  await settle();
  expect(published.flatMap((p) => p.ids)).toEqual(['e1', 'e2', 'e3']);
});

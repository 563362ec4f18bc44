import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { Container } from '@azure/cosmos';
import type { LocalCosmos } from '../../infra/local/cosmos/cosmosServer';
import { useFaultyCosmos } from '../support/localCosmos';

/**
 * The Cosmos stand-in's fault injection, seen through the product's own client
 * (shared/store/cosmosClient.ts: key auth, endpoint discovery off) and @azure/cosmos 4.10.1's retry
 * policies as read in node_modules/@azure/cosmos/dist/commonjs/retry:
 * - 429: ResourceThrottleRetryPolicy retries every operation up to 9 times, waiting x-ms-retry-after-ms
 *   (at most 30 s in all);
 * - 408 from the service: DefaultRetryPolicy only retries connection error codes, so no retry;
 * - 503: TimeoutFailoverRetryPolicy, which gives up at once when endpoint discovery is off (the
 *   product's key client); with it on (Entra sign-in in Azure) a read is retried once, a write never;
 * - a dropped connection (ECONNRESET): DefaultRetryPolicy retries reads and queries (1 s apart, up
 *   to 10 times), never writes.
 */
const world = useFaultyCosmos(['items', 'other']);
let cosmos: LocalCosmos;
let items: Container;
let other: Container;
beforeAll(() => {
  cosmos = world.cosmos();
  items = world.container('items');
  other = world.container('other');
});

let n = 0;
const fresh = (): { id: string; v: number } => ({ id: `doc-${++n}`, v: 1 });
const codeOf = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => 'ok',
    // A batch's error wraps the response's (`Batch request error: …`, with it as the cause).
    (e: { code?: unknown; cause?: { code?: unknown } }) => e.code ?? e.cause?.code,
  );
const exists = async (c: Container, id: string): Promise<boolean> =>
  (await c.item(id, id).read()).resource !== undefined;

test('off unless told: nothing fails and nothing is counted', async () => {
  const d = fresh();
  await items.items.create(d);
  expect((await items.item(d.id, d.id).read()).resource?.v).toBe(1);
  expect(cosmos.faults.counts()).toEqual({ '429': 0, '408': 0, '503': 0, reset: 0, appliedButLost: 0 });
});

test('429 with x-ms-retry-after-ms: the SDK waits and retries, up to 9 times, then gives up', async () => {
  const d = fresh();
  cosmos.faults.set({
    rules: [{ fault: '429', containers: ['items'], operations: ['create'], count: 3, retryAfterMs: 20 }],
  });
  const started = Date.now();
  const r = await items.items.create(d);
  expect(r.statusCode).toBe(201);
  expect(Date.now() - started).toBeGreaterThanOrEqual(60);
  expect(cosmos.faults.counts()['429']).toBe(3);

  cosmos.faults.set({ rules: [{ fault: '429', containers: ['items'], operations: ['read'], retryAfterMs: 1 }] });
  expect(await codeOf(items.item(d.id, d.id).read())).toBe(429);
  // The first try and 9 retries.
  expect(cosmos.faults.counts()['429']).toBe(13);
});

test('408: not retried by the SDK, for reads and writes alike; the write is not applied', async () => {
  const d = fresh();
  await items.items.create(d);
  cosmos.faults.set({ rules: [{ fault: '408', operations: ['replace', 'read'], count: 2 }] });
  expect(await codeOf(items.item(d.id, d.id).replace({ ...d, v: 2 }))).toBe(408);
  expect(await codeOf(items.item(d.id, d.id).read())).toBe(408);
  expect(cosmos.faults.counts()['408']).toBe(2);
  expect((await items.item(d.id, d.id).read()).resource?.v).toBe(1);
});

test('503: the product key client (endpoint discovery off) does not retry a write or read; a query is tried twice', async () => {
  const d = fresh();
  cosmos.faults.set({ rules: [{ fault: '503', operations: ['upsert', 'read'], count: 2 }] });
  expect(await codeOf(items.items.upsert(d))).toBe(503);
  expect(await codeOf(items.item(d.id, d.id).read())).toBe(503);
  expect(cosmos.faults.counts()['503']).toBe(2);
  expect(await exists(items, d.id)).toBe(false);
  // Observed: a query met by one 503 is sent again and succeeds; two 503s reach the caller.
  cosmos.faults.set({ rules: [{ fault: '503', operations: ['query'], count: 1 }] });
  expect(await codeOf(items.items.query('SELECT * FROM c').fetchAll())).toBe('ok');
  cosmos.faults.set({ rules: [{ fault: '503', operations: ['query'], count: 2 }] });
  expect(await codeOf(items.items.query('SELECT * FROM c').fetchAll())).toBe(503);
  expect(cosmos.faults.counts()['503']).toBe(5);
});

test('reset: a read is retried by the SDK and succeeds; a write fails with ECONNRESET and is not applied', async () => {
  const d = fresh();
  await items.items.create(d);
  cosmos.faults.set({ rules: [{ fault: 'reset', operations: ['read'], count: 1 }] });
  expect((await items.item(d.id, d.id).read()).resource?.v).toBe(1);
  expect(cosmos.faults.counts().reset).toBe(1);

  const e = fresh();
  cosmos.faults.set({ rules: [{ fault: 'reset', operations: ['create'], count: 1 }] });
  expect(await codeOf(items.items.create(e))).toBe('ECONNRESET');
  expect(await exists(items, e.id)).toBe(false);
});

test('applied but lost: the write is committed, the client sees a reset, and writing it again conflicts', async () => {
  const d = fresh();
  cosmos.faults.set({ rules: [{ fault: 'appliedButLost', operations: ['create'], count: 1 }] });
  expect(await codeOf(items.items.create(d))).toBe('ECONNRESET');
  expect(await exists(items, d.id)).toBe(true);
  expect(await codeOf(items.items.create(d))).toBe(409);

  // An ETag-conditional replace whose response was lost: applied, and the same replace again is stale.
  const { etag } = await items.item(d.id, d.id).read();
  cosmos.faults.set({ rules: [{ fault: 'appliedButLost', operations: ['replace'], count: 1 }] });
  const replace = () =>
    items.item(d.id, d.id).replace({ ...d, v: 2 }, { accessCondition: { type: 'IfMatch', condition: etag as string } });
  expect(await codeOf(replace())).toBe('ECONNRESET');
  expect((await items.item(d.id, d.id).read()).resource?.v).toBe(2);
  expect(await codeOf(replace())).toBe(412);
  expect(cosmos.faults.counts().appliedButLost).toBe(2);
});

test('patch and batch are told apart from replace and create; rules name containers', async () => {
  const d = fresh();
  await items.items.create(d);
  cosmos.faults.set({ rules: [{ fault: '408', containers: ['items'], operations: ['patch', 'batch'] }] });
  expect(await codeOf(items.item(d.id, d.id).patch([{ op: 'set', path: '/v', value: 3 }]))).toBe(408);
  expect(
    await codeOf(
      items.items.batch([{ operationType: 'Create', resourceBody: { id: d.id + '-b', v: 1 } }], d.id + '-b'),
    ),
  ).toBe(408);
  expect(await codeOf(items.item(d.id, d.id).replace({ ...d, v: 4 }))).toBe('ok');
  expect(await codeOf(other.items.batch([{ operationType: 'Create', resourceBody: { id: 'b1', v: 1 } }], 'b1'))).toBe(
    'ok',
  );
  expect(cosmos.faults.log().map((f) => `${f.container}/${f.operation}`)).toEqual(['items/patch', 'items/batch']);
});

test('a probability draws from the plan seed: the same plan fails the same requests', async () => {
  const outcomes = async (): Promise<unknown[]> => {
    cosmos.faults.set({
      seed: 42,
      rules: [{ fault: '408', containers: ['other'], operations: ['upsert'], probability: 0.5 }],
    });
    const got: unknown[] = [];
    for (let i = 0; i < 20; i++) got.push(await codeOf(other.items.upsert({ id: `p${i}`, v: i })));
    return got;
  };
  const first = await outcomes();
  expect(first.filter((c) => c === 408).length).toBeGreaterThan(3);
  expect(first.filter((c) => c === 'ok').length).toBeGreaterThan(3);
  expect(await outcomes()).toEqual(first);
});

test('POST /dev/cosmos/faults takes a plan (400 on a bad one), GET counts, DELETE switches it off', async () => {
  const ca = readFileSync(cosmos.caCertFile);
  const route = (method: string, body?: unknown) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = https.request(
        `${cosmos.endpoint}dev/cosmos/faults`,
        { method, ca, headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  expect((await route('POST', { rules: [{ fault: '418' }] })).status).toBe(400);
  expect(
    (await route('POST', { rules: [{ fault: '503', containers: ['items'], operations: ['read'], count: 1 }] })).status,
  ).toBe(200);
  const d = fresh();
  await items.items.create(d);
  expect(await codeOf(items.item(d.id, d.id).read())).toBe(503);
  expect((await route('GET')).body.counts['503']).toBe(1);
  await route('POST', { rules: [{ fault: '503' }] });
  expect((await route('DELETE')).status).toBe(200);
  expect(await codeOf(items.item(d.id, d.id).read())).toBe('ok');
});

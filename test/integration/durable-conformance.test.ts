import path from 'node:path';
import { HostProcess, call, repoRoot, spawnHost, startCosmos } from '../support/hostProcess';
import { LocalCosmos } from '../../infra/local/cosmos/cosmosServer';

/**
 * Every durable pattern of the fixture app, run by the real durable-functions SDK inside the
 * embedded host, with state in the Cosmos-protocol server and virtual time.
 */
const appDir = path.join(repoRoot, 'test/fixtures/durable-app');
let cosmos: LocalCosmos;
let host: HostProcess;
const mgmt = (p: string): string => `${host.url}/runtime/webhooks/durabletask/${p}`;
const api = (p: string): string => `${host.url}/api/${p}`;

beforeAll(async () => {
  const c = await startCosmos();
  cosmos = c.cosmos;
  // A fixture app, not the product: its /api responses are not the product's OpenAPI contract.
  host = await spawnHost({ appDir, env: { ...c.env, FIXTURE_TICK_SCHEDULE: '0 */15 * * * *' }, apiContract: false });
});

afterAll(async () => {
  await host?.stop();
  await cosmos?.close();
});

const finished = ['Completed', 'Failed', 'Terminated', 'Canceled'];

async function settle(): Promise<void> {
  await call(`${host.url}/dev/time/settle`, { method: 'POST' });
}

async function advance(ms: number): Promise<void> {
  const r = await call(`${host.url}/dev/time/advance`, { json: { ms } });
  expect(r.status).toBe(200);
}

async function status(id: string, query = ''): Promise<any> {
  return (await call(mgmt(`instances/${id}${query}`))).body;
}

/** Waits (settling the engine) until the instance reaches a final status. */
async function waitDone(id: string): Promise<any> {
  for (let i = 0; i < 400; i++) {
    await settle();
    const s = await status(id);
    if (s && finished.includes(s.runtimeStatus)) return s;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`instance ${id} did not finish: ${JSON.stringify(await status(id))}`);
}

async function start(name: string, id: string, input?: unknown): Promise<void> {
  const r = await call(api(`start/${name}/${id}`), input === undefined ? { method: 'POST' } : { json: input });
  expect(r.status).toBe(202);
}

describe('orchestration patterns', () => {
  test('function chaining returns each activity result in order', async () => {
    await start('Chaining', 'chain-1');
    const s = await waitDone('chain-1');
    expect(s.runtimeStatus).toBe('Completed');
    expect(s.output).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
  });

  test('fan-out/fan-in aggregates every parallel activity', async () => {
    await start('FanOut', 'fan-1', 10);
    const s = await waitDone('fan-1');
    expect(s.output).toBe(385);
  });

  test('an event raised before the orchestrator waits is buffered and wins the race', async () => {
    await start('Race', 'race-early', { timeoutMs: 3_600_000 });
    const raised = await call(mgmt('instances/race-early/raiseEvent/Approval'), { json: 'alice' });
    expect(raised.status).toBe(202);
    const s = await waitDone('race-early');
    expect(s.output).toEqual({ outcome: 'approved', by: 'alice' });
  });

  test('an event raised while the orchestrator waits wins the race and the deadline timer is cancelled', async () => {
    const before = (await call(`${host.url}/dev/time`)).body.pendingTimers;
    await start('Race', 'race-late', { timeoutMs: 3_600_000 });
    await settle();
    expect((await status('race-late')).runtimeStatus).toBe('Running');
    expect((await call(`${host.url}/dev/time`)).body.pendingTimers).toBe(before + 1);
    await call(mgmt('instances/race-late/raiseEvent/Approval'), { json: 'bob' });
    const s = await waitDone('race-late');
    expect(s.output).toEqual({ outcome: 'approved', by: 'bob' });
    expect((await call(`${host.url}/dev/time`)).body.pendingTimers).toBe(before);
  });

  test('the deadline wins when no event comes', async () => {
    await start('Race', 'race-timeout', { timeoutMs: 3_600_000 });
    await settle();
    await advance(3_700_000);
    const s = await waitDone('race-timeout');
    expect(s.output).toEqual({ outcome: 'expired' });
  });

  test('a monitor loop with timers reports custom status and finishes after its checks', async () => {
    await start('Monitor', 'monitor-1', { checks: 3, intervalMs: 3_600_000 });
    await settle();
    expect((await status('monitor-1')).customStatus).toEqual({ check: 1 });
    await advance(3_600_000);
    expect((await status('monitor-1')).customStatus).toEqual({ check: 2 });
    await advance(2 * 3_600_000);
    const s = await waitDone('monitor-1');
    expect(s.runtimeStatus).toBe('Completed');
    expect(s.output.checks).toBe(3);
    expect(s.customStatus).toEqual({ check: 3 });
  });

  test('continueAsNew restarts with the new input until done', async () => {
    await start('Counter', 'counter-1', 1);
    const s = await waitDone('counter-1');
    expect(s.output).toBe('done at 3');
    expect(s.input).toBe(3);
  });

  test('sub-orchestrations return their outputs to the parent', async () => {
    await start('Parent', 'parent-1');
    const s = await waitDone('parent-1');
    expect(s.output).toEqual({ a: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'], b: 14 });
    const child = await status('parent-1-child');
    expect(child.runtimeStatus).toBe('Completed');
  });

  test('a sub-orchestration id held by a running instance fails the task instead of waiting forever', async () => {
    await start('WaitForever', 'taken-1');
    await settle();
    await start('ChildIdTaken', 'taker-1', 'taken-1');
    const s = await waitDone('taker-1');
    expect(s.output).toEqual({ failed: expect.stringContaining("instance ID 'taken-1' already exists") });
    expect((await status('taken-1')).runtimeStatus).toBe('Running');
    await call(mgmt('instances/taken-1/terminate'), { method: 'POST' });
  });

  test('activity retries succeed within the attempt budget', async () => {
    await start('RetryActivity', 'retry-ok', { failures: 2, attempts: 3 });
    await settle();
    await advance(1_000);
    await advance(1_000);
    const s = await waitDone('retry-ok');
    expect(s.output).toBe('ok after 3');
    const h = await status('retry-ok', '?showHistory=true');
    expect(h.historyEvents.filter((e: any) => e.EventType === 'TaskFailed')).toHaveLength(2);
  });

  test('activity retries give up after the last attempt', async () => {
    await start('RetryActivity', 'retry-fail', { failures: 5, attempts: 2 });
    await settle();
    await advance(1_000);
    const s = await waitDone('retry-fail');
    expect(s.output.failed).toContain('flaky failure 2');
  });

  test('sub-orchestration retries start the child again', async () => {
    await start('RetrySub', 'retry-sub');
    await settle();
    await advance(500);
    const s = await waitDone('retry-sub');
    expect(s.output).toBe('ok after 2');
  });

  test('a 10-day timer crosses several long-timer slices and fires once at its time', async () => {
    await start('LongTimer', 'long-1', 10);
    await settle();
    await advance(9 * 86_400_000);
    expect((await status('long-1')).runtimeStatus).toBe('Running');
    await advance(2 * 86_400_000);
    const s = await waitDone('long-1');
    expect(s.output.elapsedDays).toBeGreaterThanOrEqual(10);
    expect(s.output.elapsedDays).toBeLessThan(10.01);
    const h = await status('long-1', '?showHistory=true');
    expect(h.historyEvents.filter((e: any) => e.EventType === 'TimerCreated').length).toBe(3);
  });

  test('an orchestrator that throws ends Failed with its message', async () => {
    await start('Fails', 'fails-1');
    const s = await waitDone('fails-1');
    expect(s.runtimeStatus).toBe('Failed');
    expect(s.output).toContain('orchestrator gave up');
  });

  test('an orchestrator changed between episodes is detected as non-deterministic', async () => {
    await start('Shifty', 'shifty-1');
    await settle();
    expect((await status('shifty-1')).runtimeStatus).toBe('Running');
    expect((await call(api('flip'), { method: 'POST' })).status).toBe(204);
    await call(mgmt('instances/shifty-1/raiseEvent/Go'), { json: 1 });
    const s = await waitDone('shifty-1');
    expect(s.runtimeStatus).toBe('Failed');
    expect(s.output).toMatch(/Non-deterministic workflow detected.*'Hello'/);
  });
});

describe('client responses', () => {
  test('createCheckStatusResponse answers 202 with the status URLs on the request origin', async () => {
    const r = await call(api('start/WaitForever/check-1'), { method: 'POST' });
    expect(r.status).toBe(202);
    expect(r.headers.get('location')).toBe(
      `${host.url}/runtime/webhooks/durabletask/instances/check-1?taskHub=FixtureHub&connection=Storage`,
    );
    expect(r.body.id).toBe('check-1');
    const viaUrl = await call(r.body.statusQueryGetUri);
    expect(viaUrl.body.runtimeStatus).toMatch(/Pending|Running/);
    await call(mgmt('instances/check-1/terminate?reason=cleanup'), { method: 'POST' });
  });

  test('waitForCompletionOrCreateCheckStatusResponse returns the output when done in time', async () => {
    const r = await call(api('startAndWait/Chaining'), { method: 'POST' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
  });

  test('waitForCompletionOrCreateCheckStatusResponse returns 202 when not done in time', async () => {
    const r = await call(api('startAndWait/WaitForever?timeout=200'), { method: 'POST' });
    expect(r.status).toBe(202);
    expect(r.body.statusQueryGetUri).toContain('/runtime/webhooks/durabletask/instances/');
  });
});

describe('instance management through DurableClient', () => {
  const client = (op: string, id = '', args: unknown = {}) => call(api(`client/${op}/${id}`), { json: args });

  test('terminate ends a waiting instance; later events get 410 and the SDK accepts that', async () => {
    await start('WaitForever', 'term-1');
    await settle();
    expect((await client('terminate', 'term-1', { reason: 'no longer needed' })).status).toBe(200);
    const s = await waitDone('term-1');
    expect(s.runtimeStatus).toBe('Terminated');
    expect(s.output).toBe('no longer needed');
    expect((await call(mgmt('instances/term-1/raiseEvent/Go'), { json: 1 })).status).toBe(410);
    expect((await client('raiseEvent', 'term-1', { name: 'Go', data: 1 })).status).toBe(200);
  });

  test('suspend holds events until resume', async () => {
    await start('WaitForever', 'susp-1');
    await settle();
    expect((await client('suspend', 'susp-1')).status).toBe(200);
    await settle();
    expect((await status('susp-1')).runtimeStatus).toBe('Suspended');
    await client('raiseEvent', 'susp-1', { name: 'Go', data: 'held' });
    await settle();
    expect((await status('susp-1')).runtimeStatus).toBe('Suspended');
    await client('resume', 'susp-1');
    const s = await waitDone('susp-1');
    expect(s.output).toBe('held');
  });

  test('getStatus, getStatusAll and getStatusBy read the instances', async () => {
    await start('Chaining', 'list-1');
    await waitDone('list-1');
    const one = await client('getStatus', 'list-1', { showHistory: true, showHistoryOutput: true });
    expect(one.body.runtimeStatus).toBe('Completed');
    expect(one.body.output).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
    const all = await client('getStatusAll');
    expect(all.body.map((s: any) => s.instanceId)).toEqual(expect.arrayContaining(['list-1', 'chain-1']));
    const completed = await client('getStatusBy', '', { runtimeStatus: ['Completed'] });
    expect(completed.body.length).toBeGreaterThan(0);
    expect(completed.body.every((s: any) => s.runtimeStatus === 'Completed')).toBe(true);
  });

  test('listing pages with continuation tokens until every instance is returned', async () => {
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const r = await call(mgmt('instances/?top=3'), token ? { headers: { 'x-ms-continuation-token': token } } : {});
      expect(r.status).toBe(200);
      expect(r.body.length).toBeLessThanOrEqual(3);
      seen.push(...r.body.map((s: any) => s.instanceId));
      token = r.headers.get('x-ms-continuation-token');
      pages++;
    } while (token);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(['chain-1', 'fan-1', 'list-1']));
  });

  test('purge deletes one instance; purging again deletes nothing', async () => {
    await start('Chaining', 'purge-1');
    await waitDone('purge-1');
    expect((await client('purge', 'purge-1')).body).toEqual({ instancesDeleted: 1 });
    expect((await call(mgmt('instances/purge-1'))).status).toBe(404);
    expect((await client('purge', 'purge-1')).body).toEqual({ instancesDeleted: 0 });
  });

  test('purge by filter deletes the matching instances', async () => {
    await start('Fails', 'purge-by-1');
    await waitDone('purge-by-1');
    const r = await client('purgeBy', '', { from: '2000-01-01T00:00:00Z', runtimeStatus: ['Failed'] });
    expect(r.body.instancesDeleted).toBeGreaterThanOrEqual(1);
    expect((await call(mgmt('instances/purge-by-1'))).status).toBe(404);
  });
});

describe('management API bad input', () => {
  test('unknown orchestrator function → 400', async () => {
    const r = await call(mgmt('orchestrators/NoSuchThing/x1'), { method: 'POST' });
    expect(r.status).toBe(400);
    expect(r.body.Message).toContain('NoSuchThing');
  });

  test.each(['@entity', 'a%5Cb', 'x'.repeat(257)])('invalid instance id %s → 400', async (id) => {
    const r = await call(mgmt(`orchestrators/Chaining/${id}`), { method: 'POST' });
    expect(r.status).toBe(400);
  });

  test('unknown instance → 404 for status, events and terminate', async () => {
    expect((await call(mgmt('instances/nope'))).status).toBe(404);
    expect((await call(mgmt('instances/nope/raiseEvent/Go'), { json: 1 })).status).toBe(404);
    expect((await call(mgmt('instances/nope/terminate'), { method: 'POST' })).status).toBe(404);
  });

  test('starting an id that is running → 500, as the extension answers', async () => {
    await start('WaitForever', 'dup-1');
    const r = await call(mgmt('orchestrators/WaitForever/dup-1'), { method: 'POST' });
    expect(r.status).toBe(500);
    await call(mgmt('instances/dup-1/terminate'), { method: 'POST' });
  });

  test('event data that is not JSON → 400', async () => {
    await start('WaitForever', 'badjson-1');
    const r = await call(mgmt('instances/badjson-1/raiseEvent/Go'), {
      method: 'POST',
      body: '{oops',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    await call(mgmt('instances/badjson-1/terminate'), { method: 'POST' });
  });

  test('purge by filter without createdTimeFrom → 400', async () => {
    expect((await call(mgmt('instances/'), { method: 'DELETE' })).status).toBe(400);
  });
});

describe('HTTP and timer triggers', () => {
  test('route parameters, constraints, catch-all, query, headers and cookies', async () => {
    const r = await call(api('items/5/a/b?q=1'));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id: '5', rest: 'a/b', q: '1' });
    expect(r.headers.get('x-fixture')).toBe('yes');
    expect(r.headers.get('set-cookie')).toMatch(/^c=v;.*HttpOnly/);
    expect((await call(api('items/x'))).status).toBe(404);
    expect((await call(api('items/5'), { method: 'DELETE' })).status).toBe(405);
  });

  test('a handler that throws gives 500 and the host keeps serving', async () => {
    expect((await call(api('boom'))).status).toBe(500);
    expect((await call(api('items/1'))).status).toBe(200);
  });

  test('a timer trigger fires once, past due, after time is skipped over several occurrences', async () => {
    const before = (await call(api('ticks'))).body.length;
    await advance(3_600_000);
    const ticks = (await call(api('ticks'))).body;
    expect(ticks.length).toBe(before + 1);
    expect(ticks[ticks.length - 1].isPastDue).toBe(true);
  });
});

describe('app hooks and bindings', () => {
  test('appStart ran once and pre/post invocation hooks run around each call', async () => {
    const first = (await call(api('hooks'))).body;
    const second = (await call(api('hooks'))).body;
    expect(first.appStart).toBe(1);
    expect(second.pre).toBe(first.pre + 1);
    expect(second.post).toBe(first.post + 1);
  });

  test('an output binding the host does not emulate is logged and the function still runs', async () => {
    expect(host.output()).toMatch(
      /function "queued": binding "\w+" of type "queue" is not emulated locally and is ignored/,
    );
    expect((await call(api('queued'), { method: 'POST' })).status).toBe(202);
  });

  test('a registration error stops the host with the function name and the problem', async () => {
    const c = await startCosmos();
    try {
      await expect(spawnHost({ appDir: path.join(repoRoot, 'test/fixtures/broken-app'), env: c.env })).rejects.toThrow(
        /function with the name "twice" has already been registered/,
      );
    } finally {
      await c.cosmos.close();
    }
  });
});

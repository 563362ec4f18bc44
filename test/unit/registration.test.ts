import type { CoreApi } from '../../infra/local/host/coreApi';
import { app, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { RetryOptions } from '../../functions/durableCore';
import { activity, http, onFirstUse, orchestration, timer } from '../../functions/register';
import { executionStartedEvent, runEpisode } from '../../infra/local/durable/episode';
import { EventType, event } from '../../infra/local/durable/history';
import type { InstanceDoc } from '../../infra/local/durable/instance';
import { FunctionsDurableRunner } from '../../infra/local/host/durableRunner';
import { Invoker } from '../../infra/local/host/invoker';
import { FunctionIndex } from '../../infra/local/host/registry';

// The registry the Node worker provides as `@azure/functions-core`: the local host's, so what the
// app registers can be read back and invoked through the programming model, as in Azure.
jest.mock(
  '@azure/functions-core',
  () => jest.requireActual<typeof import('../support/coreApiMock')>('../support/coreApiMock').localCoreApi(),
  { virtual: true },
);
const core = jest.requireMock<CoreApi>('@azure/functions-core');

/**
 * functions/register.ts registers durable functions without loading durable-functions at start-up.
 * These tests hold it to the SDK's own registration (durable-functions 3.5): the same bindings, the
 * same replay, the same activity results and failures, through the programming model.
 */
const orchestrator: df.OrchestrationHandler = function* (context) {
  const greeting = yield context.df.callActivityWithRetry(
    'appActivity',
    new RetryOptions(1000, 2),
    context.df.getInput(),
  );
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + 60_000));
  return `${greeting as string}!`;
};
const hello = async (input: unknown) => {
  if (input === 'boom') throw new Error('activity failed: boom');
  return `Hello ${String(input)}`;
};

df.app.orchestration('sdkOrchestrator', orchestrator);
orchestration('appOrchestrator', async () => orchestrator);
df.app.activity('sdkActivity', { handler: hello });
activity('appActivity', async () => hello);
df.app.client.timer('sdkTimer', { schedule: '0 0 * * * *', handler: async () => undefined });
timer('appTimer', '0 0 * * * *', async () => async () => undefined, { durableClient: true });
app.http('sdkHttp', {
  route: 'start',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: async () => ({ status: 204 }),
});
http('appHttp', { route: 'start', methods: ['POST'], durableClient: true }, async () => async () => ({ status: 204 }));

const bindings = (name: string) =>
  Object.values(core.functions.get(name)?.metadata.bindings ?? {})
    .map((b) => JSON.stringify(b))
    .sort();

test.each([
  ['appOrchestrator', 'sdkOrchestrator'],
  ['appActivity', 'sdkActivity'],
  ['appTimer', 'sdkTimer'],
  ['appHttp', 'sdkHttp'],
])('%s has the bindings the SDK registers for %s', (ours, sdk) => {
  expect(bindings(ours).length).toBeGreaterThan(0);
  expect(bindings(ours)).toEqual(bindings(sdk));
});

function newDoc(name: string, now: number): InstanceDoc {
  const started = executionStartedEvent(now, name, 'i1', 'e1', '"Tokyo"', null);
  return {
    id: 'i1',
    hub: 'h',
    name,
    executionId: 'e1',
    runtimeStatus: 'Pending',
    input: '"Tokyo"',
    output: null,
    customStatus: null,
    createdTime: new Date(now).toISOString(),
    lastUpdatedTime: new Date(now).toISOString(),
    parent: null,
    history: [],
    inbox: [{ id: 'm0', executionId: 'e1', event: started }],
    activities: [],
    timers: [],
    outbox: [],
    seen: [],
  };
}

/** Three episodes (start, activity completed, timer fired) of an orchestrator, through the programming model. */
async function replay(name: string) {
  const runner = new FunctionsDurableRunner(new FunctionIndex(core), new Invoker(core, {}, () => undefined));
  const t0 = Date.parse('2024-05-01T00:00:00Z');
  const doc = newDoc(name, t0);
  const first = await runEpisode(doc, doc.inbox, t0, runner);
  const done = event(EventType.TaskCompleted, t0 + 1000, {
    TaskScheduledId: 0,
    Result: JSON.stringify(await hello('Tokyo')),
  });
  const second = await runEpisode(first.doc, [{ id: 'm1', executionId: 'e1', event: done }], t0 + 2000, runner);
  const timerId = second.effects.timers[0]?.timerId;
  const fired = event(EventType.TimerFired, t0 + 62_000, {
    TimerId: timerId,
    FireAt: second.effects.timers[0]?.fireAt,
  });
  const third = await runEpisode(second.doc, [{ id: 'm2', executionId: 'e1', event: fired }], t0 + 62_000, runner);
  const names = (d: InstanceDoc) =>
    d.history.map((e) => [
      e.EventType,
      e.EventId,
      (e as { Name?: string }).Name === name ? '<self>' : (e as { Name?: string }).Name,
    ]);
  return {
    effects: [first.effects, second.effects],
    history: names(third.doc),
    status: third.doc.runtimeStatus,
    output: third.doc.output,
  };
}

test('what functions/durableCore.ts imports by path is what the package root exports', () => {
  expect(RetryOptions).toBe(df.RetryOptions);
});

test('the orchestrator registered lazily replays as the SDK-registered one does', async () => {
  const ours = await replay('appOrchestrator');
  expect(ours.status).toBe('Completed');
  expect(ours.output).toBe('Hello Tokyo!');
  expect(ours).toEqual(await replay('sdkOrchestrator'));
});

test('an activity returns and fails as the SDK-registered one does', async () => {
  const runner = new FunctionsDurableRunner(new FunctionIndex(core), new Invoker(core, {}, () => undefined));
  // The stack differs (another wrapper on it); the result, and the failure's name and message, may not.
  const outcome = async (name: string, input: string) => {
    const r = await runner.runActivity(name, input, 'i1');
    return 'error' in r ? { message: r.error.message, name: JSON.parse(r.error.details).name } : r;
  };
  for (const input of ['"Tokyo"', '"boom"'])
    expect(await outcome('appActivity', input)).toEqual(await outcome('sdkActivity', input));
  expect(await runner.runActivity('appActivity', '"Tokyo"', 'i1')).toEqual({ result: '"Hello Tokyo"' });
  expect(await runner.runActivity('appActivity', '"boom"', 'i1')).toMatchObject({
    error: { message: 'activity failed: boom' },
  });
});

test('a module that fails to load is loaded again by the next call, and loaded once when it works', async () => {
  let attempts = 0;
  const load = onFirstUse(async () => {
    attempts++;
    if (attempts === 1) throw new Error('transient');
    return attempts;
  });
  await expect(load()).rejects.toThrow('transient');
  expect(await Promise.all([load(), load()])).toEqual([2, 2]);
  expect(await load()).toBe(2);
  expect(attempts).toBe(2);
});

test('an HTTP handler that throws becomes problem+json, even when its module fails to load', async () => {
  http('brokenHttp', { route: 'broken', methods: ['GET'] }, async () => {
    throw new Error('module failed to load');
  });
  const fn = core.functions.get('brokenHttp');
  if (!fn) throw new Error('not registered');
  const context = { error: jest.fn(), log: jest.fn() } as unknown as InvocationContext;
  const res = await (
    fn.callback as (r: unknown, c: InvocationContext) => Promise<{ status: number; headers: Record<string, string> }>
  )({ method: 'GET', url: 'http://localhost/api/broken' }, context);
  expect(res.status).toBe(500);
  expect(res.headers['content-type']).toBe('application/problem+json');
});

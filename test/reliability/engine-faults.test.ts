import { ActionType, OrchestratorState } from '../../infra/local/durable/actions';
import { Clock } from '../../infra/local/durable/clock';
import { ActivityOutcome, DurableEngine, DurableRunner } from '../../infra/local/durable/engine';
import { OrchestrationTriggerPayload, OrchestratorOutcome } from '../../infra/local/durable/episode';
import { EventType } from '../../infra/local/durable/history';
import { InstanceDoc, InstanceStore, StoredInstance } from '../../infra/local/durable/instance';
import { MemoryInstanceStore } from '../../infra/local/durable/memoryStore';

/**
 * The engine under store faults, in-process: a write that fails (throttling, a timeout, a dropped
 * connection) must not strand an instance until the next restart, a write applied whose answer was
 * lost must not leave its work undone, and a redelivered sub-orchestration start must not re-run a
 * child that already finished.
 *
 * The orchestrators are hand-written stand-ins for what the durable-functions SDK returns (the
 * whole action list so far, re-derived from the history on each replay).
 */

/**
 * Seq(n): calls Act(0..n-1) one after another, returns n. ParentOf: calls Seq(2) as `<id>-child`,
 * returns its output. Wait: waits for the event 'Go', returns its data.
 */
class FakeRunner implements DurableRunner {
  readonly executions = new Map<string, number>();

  hasFunction(name: string, kind: 'orchestration' | 'activity'): boolean {
    return kind === 'activity' ? name === 'Act' : ['Seq', 'ParentOf', 'Wait'].includes(name);
  }

  async runOrchestrator(name: string, p: OrchestrationTriggerPayload): Promise<OrchestratorOutcome> {
    if (name === 'Seq') {
      const n = p.input as number;
      const completed = p.history.filter((e) => e.EventType === EventType.TaskCompleted).length;
      const actions = Array.from({ length: Math.min(completed + 1, n) }, (_, i) => ({
        actionType: ActionType.CallActivity,
        functionName: 'Act',
        input: i,
      }));
      return {
        state: {
          isDone: completed >= n,
          actions: [actions],
          output: completed >= n ? n : undefined,
        } satisfies OrchestratorState,
      };
    }
    if (name === 'Wait') {
      const go = p.history.find((e) => e.EventType === EventType.EventRaised && e.Name === 'Go');
      return {
        state: {
          isDone: go !== undefined,
          actions: [[{ actionType: ActionType.WaitForExternalEvent, externalEventName: 'Go' }]],
          output: go ? JSON.parse(go.Input as string) : undefined,
        },
      };
    }
    const done = p.history.find((e) => e.EventType === EventType.SubOrchestrationInstanceCompleted);
    return {
      state: {
        isDone: done !== undefined,
        actions: [
          [
            {
              actionType: ActionType.CallSubOrchestrator,
              functionName: 'Seq',
              input: 2,
              instanceId: `${p.instanceId}-child`,
            },
          ],
        ],
        output: done ? JSON.parse(done.Result as string) : undefined,
      },
    };
  }

  async runActivity(_name: string, input: string | null, instanceId: string): Promise<ActivityOutcome> {
    const key = `${instanceId}:${input}`;
    this.executions.set(key, (this.executions.get(key) ?? 0) + 1);
    return { result: input };
  }

  count(instanceId: string): number {
    return [...this.executions].filter(([k]) => k.startsWith(`${instanceId}:`)).reduce((n, [, v]) => n + v, 0);
  }
}

type Fault = (
  op: 'replace' | 'create',
  doc: InstanceDoc,
  before: InstanceDoc | undefined,
) => 'fail' | 'applyThenFail' | undefined;

/** A memory store whose writes can fail before being applied, or be applied and then report failure. */
class FaultyStore implements InstanceStore {
  readonly inner = new MemoryInstanceStore();
  fault: Fault | undefined;
  injected = 0;

  init = (): Promise<void> => this.inner.init();
  read = (id: string): Promise<StoredInstance | undefined> => this.inner.read(id);
  delete = (id: string): Promise<boolean> => this.inner.delete(id);
  query: InstanceStore['query'] = (q) => this.inner.query(q);
  withPendingWork = (): AsyncIterable<InstanceDoc> => this.inner.withPendingWork();

  async create(doc: InstanceDoc): Promise<StoredInstance> {
    return this.write('create', doc, () => this.inner.create(doc));
  }

  async replace(doc: InstanceDoc, etag: string): Promise<StoredInstance> {
    return this.write('replace', doc, () => this.inner.replace(doc, etag));
  }

  private async write(
    op: 'replace' | 'create',
    doc: InstanceDoc,
    apply: () => Promise<StoredInstance>,
  ): Promise<StoredInstance> {
    const verdict = this.fault?.(op, doc, (await this.inner.read(doc.id))?.doc);
    if (verdict === undefined) return apply();
    this.injected++;
    if (verdict === 'applyThenFail') await apply();
    throw new Error(`injected store fault (${verdict}) on ${op} of ${doc.id}`);
  }
}

function engineOn(store: InstanceStore, runner: FakeRunner, log: string[]): DurableEngine {
  return new DurableEngine({ store, runner, clock: new Clock(false), hub: 'H', log: (m) => log.push(m) });
}

/** Waits until the instance finished; a stuck instance is reported with its document and the engine's log. */
async function finished(engine: DurableEngine, store: InstanceStore, id: string, log: string[]): Promise<InstanceDoc> {
  // A liveness guard, not a timing assertion: a stranded instance never finishes.
  for (let i = 0; i < 200; i++) {
    const doc = (await store.read(id))?.doc;
    if (doc && ['Completed', 'Failed', 'Terminated'].includes(doc.runtimeStatus)) return doc;
    await Promise.race([engine.idle(), new Promise((r) => setTimeout(r, 25))]);
  }
  throw new Error(`${id} never finished: ${JSON.stringify((await store.read(id))?.doc)}\n${log.join('\n')}`);
}

test('an episode whose commit fails is retried: the instance completes without a restart, each activity once', async () => {
  const store = new FaultyStore();
  const runner = new FakeRunner();
  const log: string[] = [];
  const engine = engineOn(store, runner, log);
  // Fail the first commit that records a completion (the engine holds that message only in memory).
  store.fault = (op, doc) =>
    op === 'replace' && store.injected === 0 && doc.history.some((e) => e.EventType === EventType.TaskCompleted)
      ? 'fail'
      : undefined;
  await engine.startNew('Seq', 's1', '3');
  const doc = await finished(engine, store, 's1', log);
  engine.stop();
  expect(store.injected).toBe(1);
  expect({ status: doc.runtimeStatus, output: doc.output }).toEqual({ status: 'Completed', output: 3 });
  expect(runner.count('s1')).toBe(3);
});

test('an episode whose orchestrator invocation throws is retried, its messages kept', async () => {
  const store = new FaultyStore();
  const runner = new FakeRunner();
  const log: string[] = [];
  const engine = engineOn(store, runner, log);
  const original = runner.runOrchestrator.bind(runner);
  let thrown = 0;
  runner.runOrchestrator = async (name, p) => {
    if (thrown === 0 && p.history.some((e) => e.EventType === EventType.TaskCompleted)) {
      thrown++;
      throw new Error('worker channel lost');
    }
    return original(name, p);
  };
  await engine.startNew('Seq', 's2', '2');
  const doc = await finished(engine, store, 's2', log);
  engine.stop();
  expect(thrown).toBe(1);
  expect({ status: doc.runtimeStatus, output: doc.output }).toEqual({ status: 'Completed', output: 2 });
  expect(runner.count('s2')).toBe(2);
});

test('a commit applied but reported failed (answer lost) still dispatches the work it scheduled, and no activity runs twice', async () => {
  const store = new FaultyStore();
  const runner = new FakeRunner();
  const log: string[] = [];
  const engine = engineOn(store, runner, log);
  // The commit that schedules the second activity is applied, then reported as failed.
  store.fault = (op, doc) =>
    op === 'replace' && store.injected === 0 && doc.activities.some((a) => a.taskId === 1)
      ? 'applyThenFail'
      : undefined;
  await engine.startNew('Seq', 's3', '3');
  const doc = await finished(engine, store, 's3', log);
  engine.stop();
  expect(store.injected).toBe(1);
  expect({ status: doc.runtimeStatus, output: doc.output }).toEqual({ status: 'Completed', output: 3 });
  expect([...runner.executions].filter(([k]) => k.startsWith('s3:'))).toEqual([
    ['s3:0', 1],
    ['s3:1', 1],
    ['s3:2', 1],
  ]);
});

test('an outbox whose delivery fails is retried: the sub-orchestration starts and the parent completes', async () => {
  const store = new FaultyStore();
  const runner = new FakeRunner();
  const log: string[] = [];
  const engine = engineOn(store, runner, log);
  store.fault = (op, doc) => (op === 'create' && doc.id === 'p1-child' && store.injected === 0 ? 'fail' : undefined);
  await engine.startNew('ParentOf', 'p1', null);
  const doc = await finished(engine, store, 'p1', log);
  engine.stop();
  expect(store.injected).toBe(1);
  expect({ status: doc.runtimeStatus, output: doc.output }).toEqual({ status: 'Completed', output: 2 });
  expect(runner.count('p1-child')).toBe(2);
});

test('after a restart, a sub-orchestration start still in the outbox does not re-run the child that already finished', async () => {
  const store = new FaultyStore();
  const runner = new FakeRunner();
  const log: string[] = [];
  const first = engineOn(store, runner, log);
  // The write that clears the parent's delivered start from its outbox never succeeds in this
  // process, as if it crashed right after creating the child.
  const holdsStart = (d: InstanceDoc | undefined): boolean => d?.outbox.some((i) => i.kind === 'startChild') ?? false;
  store.fault = (op, doc, before) =>
    op === 'replace' && doc.id === 'p2' && holdsStart(before) && !holdsStart(doc) ? 'fail' : undefined;
  await first.startNew('ParentOf', 'p2', null);
  const parent = await finished(first, store, 'p2', log);
  first.stop();
  const child = (await store.read('p2-child'))?.doc as InstanceDoc;
  expect({ parent: parent.runtimeStatus, child: child.runtimeStatus, childRuns: runner.count('p2-child') }).toEqual({
    parent: 'Completed',
    child: 'Completed',
    childRuns: 2,
  });
  expect(holdsStart(parent)).toBe(true);

  // Restart on the same store: recovery flushes the stale start.
  store.fault = undefined;
  const second = engineOn(store, runner, log);
  await second.start();
  for (let i = 0; i < 100 && holdsStart((await store.read('p2'))?.doc); i++)
    await Promise.race([second.idle(), new Promise((r) => setTimeout(r, 25))]);
  await second.idle();
  second.stop();
  const after = (await store.read('p2-child'))?.doc as InstanceDoc;
  expect(holdsStart((await store.read('p2'))?.doc)).toBe(false);
  expect({ status: after.runtimeStatus, executionId: after.executionId, output: after.output }).toEqual({
    status: 'Completed',
    executionId: child.executionId,
    output: 2,
  });
  expect(runner.count('p2-child')).toBe(2);
});

test('recovery leaves instances idle until an event alone, and the event still wakes them after the restart', async () => {
  const store = new FaultyStore();
  const runner = new FakeRunner();
  const log: string[] = [];
  const first = engineOn(store, runner, log);
  await first.startNew('Wait', 'w1', null);
  await first.startNew('Seq', 'busy', '1');
  await first.idle();
  first.stop();
  expect((await store.read('w1'))?.doc.runtimeStatus).toBe('Running');

  const second = engineOn(store, runner, log);
  // Nothing to recover: the waiting instance has no message, activity, timer or outbox pending.
  expect(await second.start()).toBe(0);
  expect(await second.raiseEvent('w1', 'Go', JSON.stringify('went'))).toBe('accepted');
  const doc = await finished(second, store, 'w1', log);
  second.stop();
  expect({ status: doc.runtimeStatus, output: doc.output }).toEqual({ status: 'Completed', output: 'went' });
});

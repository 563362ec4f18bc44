import { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { Orchestrator } from 'durable-functions/lib/src/orchestrations/Orchestrator.js';
import {
  OrchestrationTriggerPayload,
  OrchestratorRunner,
  executionStartedEvent,
  runEpisode,
} from '../../infra/local/durable/episode';
import { EventType, event } from '../../infra/local/durable/history';
import { InstanceDoc } from '../../infra/local/durable/instance';
import { reconcile } from '../../infra/local/durable/reconcile';
import { ActionType } from '../../infra/local/durable/actions';

/**
 * Golden shapes of the Functions host's durable protocol: the trigger payload and the
 * histories the host hands to the real SDK, replayed by the SDK's own Orchestrator.
 */
function runnerFor(fn: df.OrchestrationHandler, seen: OrchestrationTriggerPayload[]): OrchestratorRunner {
  return {
    hasFunction: () => true,
    runOrchestrator: async (_name, payload) => {
      seen.push(JSON.parse(JSON.stringify(payload)));
      // The worker passes the payload as JSON text, so the SDK sees exactly what was serialised.
      const state = await new Orchestrator(fn).handle(JSON.parse(JSON.stringify(payload)), new InvocationContext());
      return { state: JSON.parse(JSON.stringify(state)) };
    },
  };
}

function newDoc(now: number): InstanceDoc {
  const started = executionStartedEvent(now, 'orch', 'abc123', 'e1', null, null);
  return {
    id: 'abc123',
    hub: 'h',
    name: 'orch',
    executionId: 'e1',
    runtimeStatus: 'Pending',
    input: null,
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

test('two episodes of callActivity produce the reference trigger payload and history', async () => {
  const seen: OrchestrationTriggerPayload[] = [];
  const runner = runnerFor(function* (context) {
    return yield context.df.callActivity('Hello', 'Tokyo');
  }, seen);
  const t0 = Date.parse('2024-05-01T00:00:00Z');
  const doc = newDoc(t0);
  const first = await runEpisode(doc, doc.inbox, t0, runner);
  expect(first.doc.runtimeStatus).toBe('Running');
  expect(first.doc.history.map((e) => e.EventType)).toEqual([
    EventType.OrchestratorStarted,
    EventType.ExecutionStarted,
    EventType.TaskScheduled,
    EventType.OrchestratorCompleted,
  ]);
  expect(first.doc.history[2]).toMatchObject({ EventId: 0, Name: 'Hello', Input: '"Tokyo"' });
  expect(first.effects.activities).toEqual([{ taskId: 0, executionId: 'e1', name: 'Hello', input: '"Tokyo"' }]);

  const done = event(EventType.TaskCompleted, t0 + 1000, { TaskScheduledId: 0, Result: '"Hello Tokyo!"' });
  const second = await runEpisode(first.doc, [{ id: 'm1', executionId: 'e1', event: done }], t0 + 2000, runner);
  const payload = seen[1] as OrchestrationTriggerPayload;
  expect(Object.keys(payload).sort()).toEqual(
    [
      'defaultHttpAsyncRequestSleepTimeMillseconds',
      'history',
      'input',
      'instanceId',
      'isReplaying',
      'longRunningTimerIntervalDuration',
      'maximumShortTimerDuration',
      'parentInstanceId',
      'upperSchemaVersion',
      'upperSchemaVersionNew',
    ].sort(),
  );
  expect(payload).toMatchObject({
    input: null,
    instanceId: 'abc123',
    isReplaying: true,
    parentInstanceId: null,
    upperSchemaVersion: 1,
    upperSchemaVersionNew: 2,
    longRunningTimerIntervalDuration: '3.00:00:00',
    maximumShortTimerDuration: '6.00:00:00',
    defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
  });
  expect(payload.history.map((e) => [e.EventType, e.EventId, e.IsPlayed])).toEqual([
    [12, -1, true],
    [0, -1, true],
    [4, 0, true],
    [13, -1, true],
    [12, -1, false],
    [5, -1, false],
  ]);
  expect(payload.history[1]).toMatchObject({
    Name: 'orch',
    Version: '',
    Input: null,
    OrchestrationInstance: { InstanceId: 'abc123', ExecutionId: 'e1' },
  });
  expect(payload.history[5]).toMatchObject({ TaskScheduledId: 0, Result: '"Hello Tokyo!"' });
  expect(second.doc.runtimeStatus).toBe('Completed');
  expect(second.doc.output).toBe('Hello Tokyo!');
  expect(second.doc.history[second.doc.history.length - 1]).toMatchObject({
    EventType: EventType.ExecutionCompleted,
    OrchestrationStatus: 1,
    Result: '"Hello Tokyo!"',
  });
});

test('retry numbering follows the SDK: attempt, timer, attempt', () => {
  const action = {
    actionType: ActionType.CallActivityWithRetry,
    functionName: 'Flaky',
    input: null,
    retryOptions: { firstRetryIntervalInMilliseconds: 1000, maxNumberOfAttempts: 2 },
  };
  const at = (s: number) => new Date(Date.parse('2024-05-01T00:00:00Z') + s * 1000).toISOString();
  const h = (type: number, s: number, f: object = {}) =>
    ({ EventType: type, EventId: -1, IsPlayed: true, Timestamp: at(s), ...f }) as never;
  const history = [
    h(12, 0),
    h(0, 0, { Name: 'o' }),
    h(4, 0, { EventId: 0, Name: 'Flaky' }),
    h(13, 0),
    h(12, 1),
    h(6, 1, { TaskScheduledId: 0, Reason: 'r', Details: 'd' }),
  ];
  const r = reconcile(history, [action], { maxShortTimerMs: 6 * 86_400_000, longTimerIntervalMs: 3 * 86_400_000 });
  expect(r.nonDeterminism).toBeUndefined();
  expect(r.newWork).toEqual([{ kind: 'timer', id: 1, fireAt: at(2) }]);
  const later = [...history, h(10, 1, { EventId: 1 }), h(13, 1), h(12, 2), h(11, 2, { TimerId: 1 })];
  expect(
    reconcile(later, [action], { maxShortTimerMs: 6 * 86_400_000, longTimerIntervalMs: 3 * 86_400_000 }).newWork,
  ).toEqual([{ kind: 'activity', id: 2, name: 'Flaky', input: 'null' }]);
});

test('a history that names another activity than the code is non-deterministic', () => {
  const history = [
    { EventType: 12, EventId: -1, IsPlayed: true, Timestamp: '2024-05-01T00:00:00Z' },
    { EventType: 0, EventId: -1, IsPlayed: true, Timestamp: '2024-05-01T00:00:00Z', Name: 'o' },
    { EventType: 4, EventId: 0, IsPlayed: true, Timestamp: '2024-05-01T00:00:00Z', Name: 'Hello' },
  ] as never[];
  const r = reconcile(history, [{ actionType: ActionType.CallActivity, functionName: 'Goodbye' }], {
    maxShortTimerMs: 1,
    longTimerIntervalMs: 1,
  });
  expect(r.nonDeterminism).toMatch(/Non-deterministic workflow detected.*'Hello'/);
});

import { InvocationContext } from '@azure/functions';
import { Orchestrator } from 'durable-functions/lib/src/orchestrations/Orchestrator.js';
import { inviterNoticeOrchestrator } from '../../../functions/orchestrators/inviterNoticeOrchestrator';
import type { RetryOptions } from '../../../infra/local/durable/actions';
import { executionStartedEvent, runEpisode, type OrchestratorRunner } from '../../../infra/local/durable/episode';
import { EventType, event } from '../../../infra/local/durable/history';
import type { InstanceDoc } from '../../../infra/local/durable/instance';
import { retryDelay } from '../../../infra/local/durable/reconcile';
import { INVITATION_ID } from '../domain/fixtures';

/**
 * The sweep's notice orchestration, replayed by the SDK's own Orchestrator on the local engine's
 * episodes: it waits out a deferred send on a durable timer and outlasts an ACS outage of hours,
 * since nothing starts a failed notice again once the sweep let its item go.
 */
const actions: unknown[][] = [];
const runner: OrchestratorRunner = {
  hasFunction: () => true,
  runOrchestrator: async (_name, payload) => {
    const state = await new Orchestrator(inviterNoticeOrchestrator).handle(
      JSON.parse(JSON.stringify(payload)),
      new InvocationContext(),
    );
    actions.push(...((state as { actions: unknown[][] }).actions ?? []));
    return { state: JSON.parse(JSON.stringify(state)) };
  },
};

const t0 = Date.parse('2025-03-01T12:00:00Z');
function newDoc(): InstanceDoc {
  const input = JSON.stringify({ invitationId: INVITATION_ID, notice: 'expired' });
  const started = executionStartedEvent(t0, 'InviterNoticeOrchestrator', 'n1', 'e1', input, null);
  return {
    id: 'n1',
    hub: 'h',
    name: 'InviterNoticeOrchestrator',
    executionId: 'e1',
    runtimeStatus: 'Pending',
    input,
    output: null,
    customStatus: null,
    createdTime: new Date(t0).toISOString(),
    lastUpdatedTime: new Date(t0).toISOString(),
    parent: null,
    history: [],
    inbox: [{ id: 'm0', executionId: 'e1', event: started }],
    activities: [],
    timers: [],
    outbox: [],
    seen: [],
  };
}

test('calls NotifyInviter with retries that outlast a 12-hour outage', async () => {
  actions.length = 0;
  const doc = newDoc();
  const first = await runEpisode(doc, doc.inbox, t0, runner);
  expect(first.effects.activities).toEqual([
    {
      taskId: 0,
      executionId: 'e1',
      name: 'NotifyInviter',
      input: JSON.stringify({ invitationId: INVITATION_ID, notice: 'expired' }),
    },
  ]);
  const call = actions.flat()[0] as { functionName: string; retryOptions: RetryOptions };
  expect(call.functionName).toBe('NotifyInviter');
  let waited = 0;
  for (let attempt = 1; attempt < call.retryOptions.maxNumberOfAttempts; attempt++)
    waited += retryDelay(call.retryOptions, attempt);
  expect(waited).toBeGreaterThan(12 * 3_600_000);
  expect(retryDelay(call.retryOptions, call.retryOptions.maxNumberOfAttempts)).toBeLessThanOrEqual(3_600_000);
});

test('a deferred send waits on a durable timer and tries again; a sent one completes the notice', async () => {
  const doc = newDoc();
  const first = await runEpisode(doc, doc.inbox, t0, runner);
  const deferred = event(EventType.TaskCompleted, t0 + 1000, {
    TaskScheduledId: 0,
    Result: JSON.stringify({ outcome: 'deferred', retryAfterSeconds: 30 }),
  });
  const second = await runEpisode(first.doc, [{ id: 'm1', executionId: 'e1', event: deferred }], t0 + 1000, runner);
  expect(second.effects.timers).toHaveLength(1);
  expect(second.effects.timers[0]?.fireAt).toBe(new Date(t0 + 1000 + 30_000).toISOString());
  const fired = event(EventType.TimerFired, t0 + 31_000, {
    TimerId: second.effects.timers[0]?.timerId,
    FireAt: second.effects.timers[0]?.fireAt,
  });
  const third = await runEpisode(second.doc, [{ id: 'm2', executionId: 'e1', event: fired }], t0 + 31_000, runner);
  expect(third.effects.activities.map((a) => a.name)).toEqual(['NotifyInviter']);
  const sent = event(EventType.TaskCompleted, t0 + 32_000, {
    TaskScheduledId: third.effects.activities[0]?.taskId,
    Result: JSON.stringify({ outcome: 'done' }),
  });
  const fourth = await runEpisode(third.doc, [{ id: 'm3', executionId: 'e1', event: sent }], t0 + 32_000, runner);
  expect(fourth.doc.runtimeStatus).toBe('Completed');
  expect(fourth.doc.output).toBe('done');
});

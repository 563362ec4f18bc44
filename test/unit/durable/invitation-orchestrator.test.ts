import { InvocationContext } from '@azure/functions';
import { Orchestrator } from 'durable-functions/lib/src/orchestrations/Orchestrator.js';
import { invitationOrchestrator } from '../../../functions/orchestrators/invitationOrchestrator';
import { executionStartedEvent, runEpisode, type OrchestratorRunner } from '../../../infra/local/durable/episode';
import { EventType, event, type HistoryEvent } from '../../../infra/local/durable/history';
import type { InstanceDoc } from '../../../infra/local/durable/instance';
import { INVITATION_ID } from '../domain/fixtures';

/**
 * The invitation orchestration, replayed by the SDK's own Orchestrator on the local engine's
 * episodes (as inviter-notice.test.ts): each test plays the activities' results, the timers and
 * the raised answers, and reads what the orchestration scheduled and how it ended.
 */
const runner: OrchestratorRunner = {
  hasFunction: () => true,
  runOrchestrator: async (_name, payload) => {
    try {
      const state = await new Orchestrator(invitationOrchestrator).handle(
        JSON.parse(JSON.stringify(payload)),
        new InvocationContext(),
      );
      return { state: JSON.parse(JSON.stringify(state)) };
    } catch (e) {
      return { error: String(e) }; // as the host reports a failed episode
    }
  },
};

const DAY = 86_400_000;
const t0 = Date.parse('2025-03-01T12:00:00Z');
// Within the engine's longest single timer (6 days), so each wait is one timer.
const expiresAt = new Date(t0 + 5 * DAY).toISOString();
const reminderAt = new Date(t0 + 2 * DAY).toISOString();

type Step = Awaited<ReturnType<typeof runEpisode>>;
let messages = 0;

async function start(
  input: Record<string, unknown> = { invitationId: INVITATION_ID, kind: 'customerRelationship', expiresAt, reminderAt },
): Promise<Step> {
  const json = JSON.stringify(input);
  const started = executionStartedEvent(t0, 'InvitationOrchestrator', INVITATION_ID, 'e1', json, null);
  const doc: InstanceDoc = {
    id: INVITATION_ID,
    hub: 'h',
    name: 'InvitationOrchestrator',
    executionId: 'e1',
    runtimeStatus: 'Pending',
    input: json,
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
  return runEpisode(doc, doc.inbox, t0, runner);
}

const deliver = (s: Step, at: number, e: HistoryEvent): Promise<Step> =>
  runEpisode(s.doc, [{ id: `m${++messages}`, executionId: 'e1', event: e }], at, runner);
/** Completes the only activity the last episode scheduled. */
function complete(s: Step, at: number, result: unknown = { outcome: 'done' }): Promise<Step> {
  const [a] = s.effects.activities;
  if (!a || s.effects.activities.length !== 1)
    throw new Error(`expected one activity, got ${JSON.stringify(s.effects.activities)}`);
  return deliver(
    s,
    at,
    event(EventType.TaskCompleted, at, { TaskScheduledId: a.taskId, Result: JSON.stringify(result) }),
  );
}
/** Fires the timer that is pending (the wait for an answer). */
function fire(s: Step, at: number): Promise<Step> {
  const timer = s.doc.timers.at(-1);
  if (!timer) throw new Error('no timer pending');
  return deliver(s, at, event(EventType.TimerFired, at, { TimerId: timer.timerId, FireAt: timer.fireAt }));
}
const raise = (s: Step, at: number, name: string, data: unknown) =>
  deliver(s, at, event(EventType.EventRaised, at, { Name: name, Input: JSON.stringify(data) }));
const answered = (outcome: string, at: number) => ({ outcome, at: new Date(at).toISOString() });
const scheduled = (s: Step) => s.effects.activities.map((a) => [a.name, JSON.parse(a.input ?? 'null')]);

test('emails the invitation, then waits for an answer until the reminder', async () => {
  const s = await start();
  expect(scheduled(s)).toEqual([['SendInvitationEmail', { invitationId: INVITATION_ID, sendNumber: 1 }]]);
  const waiting = await complete(s, t0 + 1000);
  expect(waiting.effects.timers.map((t) => t.fireAt)).toEqual([reminderAt]);
  expect(waiting.doc.runtimeStatus).toBe('Running');
});

test('an acceptance is recorded, the inviter told, and the orchestration ends "recorded"', async () => {
  const waiting = await complete(await start(), t0 + 1000);
  const recording = await raise(waiting, t0 + 2000, 'InvitationAnswered', answered('accepted', t0 + 2000));
  expect(scheduled(recording)).toEqual([['RecordAcceptance', { invitationId: INVITATION_ID }]]);
  expect(recording.effects.canceledTimerIds).toHaveLength(1);
  const notifying = await complete(recording, t0 + 3000);
  expect(scheduled(notifying)).toEqual([['NotifyInviter', { invitationId: INVITATION_ID, notice: 'accepted' }]]);
  const done = await complete(notifying, t0 + 4000);
  expect(done.doc.runtimeStatus).toBe('Completed');
  expect(done.doc.output).toBe('recorded');
});

test.each(['declined', 'revoked'])('a %s invitation ends at once, with nothing more to do', async (outcome) => {
  const waiting = await complete(await start(), t0 + 1000);
  const done = await raise(waiting, t0 + 2000, 'InvitationAnswered', answered(outcome, t0 + 2000));
  expect(scheduled(done)).toEqual([]);
  expect(done.doc.runtimeStatus).toBe('Completed');
  expect(done.doc.output).toBe(outcome);
});

test('a malformed answer changes nothing: it keeps waiting', async () => {
  const waiting = await complete(await start(), t0 + 1000);
  const still = await raise(waiting, t0 + 2000, 'InvitationAnswered', { outcome: 'maybe' });
  expect(still.doc.runtimeStatus).toBe('Running');
  expect(scheduled(still)).toEqual([]);
  expect(still.effects.timers.map((t) => t.fireAt)).toEqual([reminderAt]);
});

test('a resend sends the next numbered email and waits again', async () => {
  const waiting = await complete(await start(), t0 + 1000);
  const resending = await raise(waiting, t0 + 60_000, 'ResendRequested', { at: new Date(t0 + 60_000).toISOString() });
  expect(scheduled(resending)).toEqual([['SendInvitationEmail', { invitationId: INVITATION_ID, sendNumber: 2 }]]);
  const again = await complete(resending, t0 + 61_000);
  expect(again.effects.timers.map((t) => t.fireAt)).toEqual([reminderAt]);
});

test('resends fired at once ask for the same send: it goes out once; the next one asked for goes out', async () => {
  const waiting = await complete(await start(), t0 + 1000);
  const ask = (sendNumber: number) => ({ at: new Date(t0 + 60_000).toISOString(), sendNumber });
  const resending = await raise(waiting, t0 + 60_000, 'ResendRequested', ask(2));
  expect(scheduled(resending)).toEqual([['SendInvitationEmail', { invitationId: INVITATION_ID, sendNumber: 2 }]]);
  const sent = await complete(resending, t0 + 61_000);
  // The same send asked again (a request that read the invitation before send 2): nothing more.
  const repeated = await raise(sent, t0 + 62_000, 'ResendRequested', ask(2));
  expect(scheduled(repeated)).toEqual([]);
  expect(repeated.effects.timers.map((t) => t.fireAt)).toEqual([reminderAt]);
  const third = await raise(repeated, t0 + 20 * 60_000, 'ResendRequested', ask(3));
  expect(scheduled(third)).toEqual([['SendInvitationEmail', { invitationId: INVITATION_ID, sendNumber: 3 }]]);
});

test('the reminder is sent once at its time; at the deadline the invitation expires and the inviter is told', async () => {
  const waiting = await complete(await start(), t0 + 1000);
  const reminding = await fire(waiting, Date.parse(reminderAt));
  expect(scheduled(reminding)).toEqual([['SendReminderEmail', { invitationId: INVITATION_ID }]]);
  const untilDeadline = await complete(reminding, Date.parse(reminderAt) + 1000);
  expect(untilDeadline.effects.timers.map((t) => t.fireAt)).toEqual([expiresAt]);
  const expiring = await fire(untilDeadline, Date.parse(expiresAt));
  expect(scheduled(expiring)).toEqual([['ExpireInvitation', { invitationId: INVITATION_ID, at: expiresAt }]]);
  const notifying = await complete(expiring, Date.parse(expiresAt) + 1000, 'expired');
  expect(scheduled(notifying)).toEqual([['NotifyInviter', { invitationId: INVITATION_ID, notice: 'expired' }]]);
  const done = await complete(notifying, Date.parse(expiresAt) + 2000);
  expect(done.doc.output).toBe('expired');
});

test('without a reminder time it waits for the deadline; an acceptance that won the race at the deadline is recorded', async () => {
  const waiting = await complete(
    await start({ invitationId: INVITATION_ID, kind: 'customerRelationship', expiresAt }),
    t0 + 1000,
  );
  expect(waiting.effects.timers.map((t) => t.fireAt)).toEqual([expiresAt]);
  const expiring = await fire(waiting, Date.parse(expiresAt));
  const recording = await complete(expiring, Date.parse(expiresAt) + 1000, 'accepted');
  expect(scheduled(recording)).toEqual([['RecordAcceptance', { invitationId: INVITATION_ID }]]);
});

test('a deferred invitation email waits on a durable timer, then is sent again', async () => {
  const s = await start();
  const deferred = await complete(s, t0 + 1000, { outcome: 'deferred', retryAfterSeconds: 30 });
  expect(deferred.effects.timers.map((t) => t.fireAt)).toEqual([new Date(t0 + 31_000).toISOString()]);
  const retried = await fire(deferred, t0 + 31_000);
  expect(scheduled(retried)).toEqual([['SendInvitationEmail', { invitationId: INVITATION_ID, sendNumber: 1 }]]);
});

test('an input the schema refuses fails the instance', async () => {
  const s = await start({ invitationId: 'not-a-guid', kind: 'customerRelationship', expiresAt });
  expect(s.doc.runtimeStatus).toBe('Failed');
});

test('a schedule of reminders is walked in order, each sent once with its number, then the deadline', async () => {
  const second = new Date(t0 + 4 * DAY).toISOString();
  const waiting = await complete(
    await start({
      invitationId: INVITATION_ID,
      kind: 'customerRelationship',
      expiresAt,
      reminders: [second, reminderAt],
    }),
    t0 + 1000,
  );
  expect(waiting.effects.timers.map((t) => t.fireAt)).toEqual([reminderAt]);
  const first = await fire(waiting, Date.parse(reminderAt));
  expect(scheduled(first)).toEqual([['SendReminderEmail', { invitationId: INVITATION_ID }]]);
  const untilSecond = await complete(first, Date.parse(reminderAt) + 1000);
  expect(untilSecond.effects.timers.map((t) => t.fireAt)).toEqual([second]);
  // A resend in between changes nothing in the schedule.
  const resending = await raise(untilSecond, Date.parse(reminderAt) + DAY, 'ResendRequested', {});
  const stillSecond = await complete(resending, Date.parse(reminderAt) + DAY + 1000);
  expect(stillSecond.effects.timers.map((t) => t.fireAt)).toEqual([second]);
  const secondSent = await fire(stillSecond, Date.parse(second));
  expect(scheduled(secondSent)).toEqual([['SendReminderEmail', { invitationId: INVITATION_ID, reminder: 1 }]]);
  const untilDeadline = await complete(secondSent, Date.parse(second) + 1000);
  expect(untilDeadline.effects.timers.map((t) => t.fireAt)).toEqual([expiresAt]);
});

test('a reminder whose time passed while the first email was deferred is left out; the next one still goes', async () => {
  const second = new Date(t0 + 4 * DAY).toISOString();
  const s = await start({
    invitationId: INVITATION_ID,
    kind: 'customerRelationship',
    expiresAt,
    reminders: [reminderAt, second],
  });
  const deferred = await complete(s, t0 + 1000, { outcome: 'deferred', retryAfterSeconds: 3600 });
  const retried = await fire(deferred, Date.parse(reminderAt) + 1000); // the wait outlasted the first reminder's time
  const waiting = await complete(retried, Date.parse(reminderAt) + 2000);
  expect(waiting.effects.timers.map((t) => t.fireAt)).toEqual([second]);
  const sent = await fire(waiting, Date.parse(second));
  expect(scheduled(sent)).toEqual([['SendReminderEmail', { invitationId: INVITATION_ID, reminder: 1 }]]);
});

import { InvocationContext } from '@azure/functions';
import type * as df from 'durable-functions';
import { Orchestrator } from 'durable-functions/lib/src/orchestrations/Orchestrator.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { enrolmentNoticeOrchestrator } from '../../../functions/orchestrators/enrolmentNoticeOrchestrator';
import { invitationOrchestrator } from '../../../functions/orchestrators/invitationOrchestrator';
import { inviterNoticeOrchestrator } from '../../../functions/orchestrators/inviterNoticeOrchestrator';
import type { Action, OrchestratorState } from '../../../infra/local/durable/actions';
import { timerLimits } from '../../../infra/local/durable/episode';
import { EventType, type HistoryEvent } from '../../../infra/local/durable/history';
import { reconcile } from '../../../infra/local/durable/reconcile';
import { orchestrators } from '../../../shared/orchestrationNames';

/**
 * Deployed instances replay against the code of the day: each recorded history
 * (test/fixtures/histories, written by `npm run record:histories` on the local durable engine) is
 * replayed episode by episode through today's orchestrator by the SDK's own Orchestrator, and the
 * engine's replay check (infra/local/durable/reconcile.ts, the extension's non-determinism rule)
 * must find every recorded scheduling where the code schedules it, the same new work after each
 * episode, and the same result at the end. A failure here means: a change to an orchestration
 * needs a new orchestration name or version beside the old one (CONTRIBUTING.md).
 */
interface Fixture {
  path: string;
  name: string;
  instanceId: string;
  input: string | null;
  output: unknown;
  history: HistoryEvent[];
}

const today: Record<string, df.OrchestrationHandler> = {
  [orchestrators.invitation]: invitationOrchestrator,
  [orchestrators.inviterNotice]: inviterNoticeOrchestrator,
  [orchestrators.enrolmentNotice]: enrolmentNoticeOrchestrator,
};

const dir = path.resolve(__dirname, '../../fixtures/histories');
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Fixture);

const scheduling = new Set<number>([
  EventType.TaskScheduled,
  EventType.TimerCreated,
  EventType.SubOrchestrationInstanceCreated,
]);

type Work = { activity: string; input: string | null } | { timer: string } | { subOrchestration: string };
function recordedWork(e: HistoryEvent): Work {
  if (e.EventType === EventType.TaskScheduled) return { activity: e.Name ?? '', input: e.Input ?? null };
  if (e.EventType === EventType.TimerCreated) return { timer: e.FireAt ?? '' };
  return { subOrchestration: e.Name ?? '' };
}

/** Replays every episode of a history through `fn`; returns the first disagreement, or undefined. */
export async function replay(fixture: Fixture, fn: df.OrchestrationHandler): Promise<string | undefined> {
  const h = fixture.history;
  const starts = h.flatMap((e, i) => (e.EventType === EventType.OrchestratorStarted ? [i] : []));
  for (const [n, s] of starts.entries()) {
    const end = starts[n + 1] ?? h.length;
    let fresh = s + 1;
    while (
      fresh < end &&
      !scheduling.has(h[fresh]!.EventType) &&
      h[fresh]!.EventType !== EventType.OrchestratorCompleted
    )
      fresh++;
    const history = [
      ...h.slice(0, s).map((e) => ({ ...e, IsPlayed: true })),
      ...h.slice(s, fresh).map((e) => ({ ...e, IsPlayed: false })),
    ];
    const payload = {
      history,
      input: fixture.input === null ? null : JSON.parse(fixture.input),
      instanceId: fixture.instanceId,
      isReplaying: s > 0,
      parentInstanceId: null,
      upperSchemaVersion: 1,
      upperSchemaVersionNew: 2,
      longRunningTimerIntervalDuration: '3.00:00:00',
      maximumShortTimerDuration: '6.00:00:00',
      defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
    };
    let state: OrchestratorState;
    try {
      state = JSON.parse(
        JSON.stringify(await new Orchestrator(fn).handle(JSON.parse(JSON.stringify(payload)), new InvocationContext())),
      ) as OrchestratorState;
    } catch (e) {
      return `episode ${n}: the orchestrator threw ${String(e)}`;
    }
    const actions: Action[] = state.actions?.[0] ?? [];
    const rec = reconcile(history, actions, timerLimits);
    if (rec.nonDeterminism) return `episode ${n}: ${rec.nonDeterminism}`;
    const want = h
      .slice(fresh, end)
      .filter((e) => scheduling.has(e.EventType))
      .map(recordedWork);
    const got = rec.newWork.map((w): Work =>
      w.kind === 'activity'
        ? { activity: w.name, input: w.input }
        : w.kind === 'timer'
          ? { timer: w.fireAt }
          : { subOrchestration: w.name },
    );
    if (JSON.stringify(got) !== JSON.stringify(want))
      return `episode ${n}: scheduled ${JSON.stringify(got)}, the history has ${JSON.stringify(want)}`;
    const completed = h.slice(fresh, end).find((e) => e.EventType === EventType.ExecutionCompleted);
    if (completed && (!state.isDone || JSON.stringify(state.output ?? null) !== completed.Result)) {
      return `episode ${n}: the history completed with ${completed.Result}, the code ${state.isDone ? `returned ${JSON.stringify(state.output)}` : 'did not finish'}`;
    }
  }
  return undefined;
}

test('there is a recorded history for every path of an invitation', () => {
  const paths = new Set(fixtures.map((f) => f.path));
  expect(['accepted', 'declined', 'expired', 'reminded', 'resent', 'revoked'].filter((p) => !paths.has(p))).toEqual([]);
});

test.each(fixtures.map((f) => [f.path, f] as const))(
  "the recorded %s history replays through today's orchestrator",
  async (_path, fixture) => {
    const fn = today[fixture.name];
    expect(fn).toBeDefined();
    expect(await replay(fixture, fn as df.OrchestrationHandler)).toBeUndefined();
  },
);

test('a changed orchestrator is caught: another activity first, or a step fewer', async () => {
  const accepted = fixtures.find((f) => f.path === 'accepted') as Fixture;
  const reordered: df.OrchestrationHandler = function* (context) {
    yield context.df.callActivity('RecordAcceptance', { invitationId: 'x' });
    return yield* invitationOrchestrator(context) as Generator<df.Task, unknown, unknown>;
  };
  expect(await replay(accepted, reordered)).toMatch(/^episode 0: scheduled .*RecordAcceptance/);
  const noNotice: df.OrchestrationHandler = function* (context) {
    const input = context.df.getInput() as { invitationId: string };
    yield context.df.callActivity('SendInvitationEmail', { invitationId: input.invitationId, sendNumber: 1 });
    return 'recorded';
  };
  expect(await replay(accepted, noNotice)).toMatch(/^episode 1: .*completed with "recorded"|^episode 1: scheduled/);
});

import { randomUUID } from 'node:crypto';
import { Action, ActionType, OrchestratorState } from './actions';
import { EventType, HistoryEvent, OrchestrationStatusNumber, event } from './history';
import { InboxMessage, InstanceDoc, OutboxItem } from './instance';
import { reconcile } from './reconcile';

/**
 * The Azure Storage provider's timer limits (AzureStorageDurabilityProvider.cs), so sequence numbers match production.
 */
export const timerLimits = { maxShortTimerMs: 6 * 86_400_000, longTimerIntervalMs: 3 * 86_400_000 };

export type OrchestratorOutcome = { state: OrchestratorState } | { error: string; state?: OrchestratorState };

/** What the engine must invoke; the host implements it through the Functions programming model. */
export interface OrchestratorRunner {
  hasFunction(name: string, kind: 'orchestration' | 'activity'): boolean;
  runOrchestrator(name: string, payload: OrchestrationTriggerPayload): Promise<OrchestratorOutcome>;
}

export interface OrchestrationTriggerPayload {
  history: HistoryEvent[];
  input: unknown;
  instanceId: string;
  isReplaying: boolean;
  parentInstanceId: string | null;
  upperSchemaVersion: number;
  upperSchemaVersionNew: number;
  longRunningTimerIntervalDuration: string;
  maximumShortTimerDuration: string;
  defaultHttpAsyncRequestSleepTimeMillseconds: number;
}

/** Side effects to perform after the episode's commit. */
export interface EpisodeEffects {
  activities: InstanceDoc['activities'];
  timers: InstanceDoc['timers'];
  canceledTimerIds: number[];
  outbox: OutboxItem[];
  continuedAsNew: boolean;
}

const SEEN_LIMIT = 200;

/**
 * One orchestration episode: new messages become history, the orchestrator replays, its actions
 * become scheduling events and work. Returns the next document (not yet committed) and its effects.
 */
export async function runEpisode(
  doc: InstanceDoc,
  messages: InboxMessage[],
  now: number,
  runner: OrchestratorRunner,
): Promise<{ doc: InstanceDoc; effects: EpisodeEffects }> {
  const next: InstanceDoc = { ...doc, inbox: [], seen: [...doc.seen, ...messages.map((m) => m.id)].slice(-SEEN_LIMIT) };
  const effects: EpisodeEffects = {
    activities: [],
    timers: [],
    canceledTimerIds: [],
    outbox: [],
    continuedAsNew: false,
  };
  const nowIso = new Date(now).toISOString();
  next.lastUpdatedTime = nowIso;

  const terminate = messages.find((m) => m.event.EventType === EventType.ExecutionTerminated);
  if (terminate) {
    next.history = [
      ...doc.history,
      event(EventType.OrchestratorStarted, now),
      terminate.event,
      event(EventType.ExecutionCompleted, now, {
        OrchestrationStatus: OrchestrationStatusNumber.Terminated,
        Result: terminate.event.Input ?? null,
      }),
    ];
    return finish(next, effects, 'Terminated', terminate.event.Input ?? null, undefined);
  }

  // Suspension holds every other message in the inbox until a resume arrives.
  const lifecycle = messages.filter(
    (m) => m.event.EventType === EventType.ExecutionSuspended || m.event.EventType === EventType.ExecutionResumed,
  );
  const last = lifecycle[lifecycle.length - 1];
  const suspended = last ? last.event.EventType === EventType.ExecutionSuspended : doc.runtimeStatus === 'Suspended';
  if (suspended) {
    next.inbox = messages.filter((m) => !lifecycle.includes(m));
    next.seen = [...doc.seen, ...lifecycle.map((m) => m.id)].slice(-SEEN_LIMIT);
    next.history = [...doc.history, ...lifecycle.map((m) => m.event)];
    next.runtimeStatus = 'Suspended';
    return { doc: next, effects };
  }
  if (next.runtimeStatus === 'Suspended') next.runtimeStatus = 'Running';

  // Completions of work whose sequence number is not pending any more (a duplicate after a crash) are dropped.
  const pendingTasks = new Set([...doc.activities.map((a) => a.taskId), ...doc.timers.map((t) => t.timerId)]);
  const fresh: HistoryEvent[] = [event(EventType.OrchestratorStarted, now)];
  for (const m of messages) {
    const e = m.event;
    if (
      (e.EventType === EventType.TaskCompleted || e.EventType === EventType.TaskFailed) &&
      !pendingTasks.has(e.TaskScheduledId as number)
    )
      continue;
    if (e.EventType === EventType.TimerFired && !pendingTasks.has(e.TimerId as number)) continue;
    fresh.push({ ...e, IsPlayed: false });
  }
  const past = doc.history.map((e) => (e.IsPlayed ? e : { ...e, IsPlayed: true }));
  const history = [...past, ...fresh];
  next.activities = doc.activities.filter(
    (a) =>
      !fresh.some(
        (e) =>
          (e.EventType === EventType.TaskCompleted || e.EventType === EventType.TaskFailed) &&
          e.TaskScheduledId === a.taskId,
      ),
  );
  next.timers = doc.timers.filter(
    (t) => !fresh.some((e) => e.EventType === EventType.TimerFired && e.TimerId === t.timerId),
  );
  if (next.runtimeStatus === 'Pending') next.runtimeStatus = 'Running';

  if (!runner.hasFunction(doc.name, 'orchestration')) {
    next.history = history;
    return finish(
      next,
      effects,
      'Failed',
      `The function '${doc.name}' doesn't exist, is disabled, or is not an orchestrator function.`,
      undefined,
    );
  }

  const outcome = await runner.runOrchestrator(doc.name, {
    history,
    input: doc.input === null ? null : JSON.parse(doc.input),
    instanceId: doc.id,
    isReplaying: past.some((e) => e.EventType === EventType.ExecutionStarted),
    parentInstanceId: doc.parent?.instanceId ?? null,
    upperSchemaVersion: 1,
    upperSchemaVersionNew: 2,
    longRunningTimerIntervalDuration: '3.00:00:00',
    maximumShortTimerDuration: '6.00:00:00',
    defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
  });
  const state = outcome.state;
  const actions: Action[] = state?.actions?.[0] ?? [];
  if (state && state.customStatus !== undefined) next.customStatus = state.customStatus;

  const rec = reconcile(history, actions, timerLimits);
  const failure =
    rec.nonDeterminism ??
    ('error' in outcome ? `Orchestrator function '${doc.name}' failed: ${outcome.error}` : undefined) ??
    (rec.unsupported && `Orchestrator function '${doc.name}' failed: unsupported ${rec.unsupported}`);
  const unknown = rec.newWork.find(
    (w) => w.kind !== 'timer' && !runner.hasFunction(w.name, w.kind === 'activity' ? 'activity' : 'orchestration'),
  );

  const scheduling: HistoryEvent[] = [];
  if (!failure && !unknown) {
    for (const w of rec.newWork) {
      if (w.kind === 'activity') {
        scheduling.push(
          event(EventType.TaskScheduled, now, { EventId: w.id, Name: w.name, Version: '', Input: w.input }),
        );
        effects.activities.push({ taskId: w.id, executionId: doc.executionId, name: w.name, input: w.input });
      } else if (w.kind === 'timer') {
        scheduling.push(event(EventType.TimerCreated, now, { EventId: w.id, FireAt: w.fireAt }));
        effects.timers.push({ timerId: w.id, executionId: doc.executionId, fireAt: w.fireAt });
      } else {
        const instanceId = w.instanceId ?? `${doc.executionId}:${w.id}`;
        scheduling.push(
          event(EventType.SubOrchestrationInstanceCreated, now, {
            EventId: w.id,
            Name: w.name,
            Version: '',
            InstanceId: instanceId,
            Input: w.input,
          }),
        );
        effects.outbox.push({
          id: randomUUID(),
          kind: 'startChild',
          instanceId,
          name: w.name,
          input: w.input,
          parentTaskId: w.id,
          executionId: doc.executionId,
        });
      }
    }
  }
  next.history = [...history, ...scheduling, event(EventType.OrchestratorCompleted, now)];
  next.activities = [...next.activities, ...effects.activities];
  next.timers = [...next.timers.filter((t) => !rec.canceledTimerIds.includes(t.timerId)), ...effects.timers];
  next.outbox = [...doc.outbox, ...effects.outbox];
  effects.canceledTimerIds = rec.canceledTimerIds;

  if (failure) return finish(next, effects, 'Failed', failure, undefined);
  if (unknown)
    return finish(
      next,
      effects,
      'Failed',
      `Orchestrator function '${doc.name}' failed: The function '${(unknown as { name: string }).name}' doesn't exist, is disabled, or is not an ${unknown.kind === 'activity' ? 'activity' : 'orchestrator'} function.`,
      undefined,
    );

  const continueAsNew = actions.find((a) => a.actionType === ActionType.ContinueAsNew);
  if (state?.isDone && continueAsNew) {
    const executionId = randomUUID().replace(/-/g, '');
    const input = continueAsNew.input === undefined ? null : JSON.stringify(continueAsNew.input);
    effects.continuedAsNew = true;
    effects.activities = [];
    effects.timers = [];
    return {
      doc: {
        ...next,
        executionId,
        input,
        runtimeStatus: 'Running',
        history: [],
        activities: [],
        timers: [],
        inbox: [
          {
            id: randomUUID(),
            executionId,
            event: executionStartedEvent(now, doc.name, doc.id, executionId, input, doc.parent),
          },
        ],
      },
      effects,
    };
  }
  if (state?.isDone) {
    const result = state.output === undefined ? null : JSON.stringify(state.output);
    next.history.push(
      event(EventType.ExecutionCompleted, now, {
        OrchestrationStatus: OrchestrationStatusNumber.Completed,
        Result: result,
      }),
    );
    return finish(next, effects, 'Completed', state.output ?? null, result);
  }
  return { doc: next, effects };
}

function finish(
  next: InstanceDoc,
  effects: EpisodeEffects,
  status: 'Completed' | 'Failed' | 'Terminated',
  output: unknown,
  result: string | null | undefined,
): { doc: InstanceDoc; effects: EpisodeEffects } {
  next.runtimeStatus = status;
  next.output = output;
  if (status === 'Failed')
    next.history.push(
      event(EventType.ExecutionCompleted, Date.parse(next.lastUpdatedTime), {
        OrchestrationStatus: OrchestrationStatusNumber.Failed,
        Result: JSON.stringify(output),
      }),
    );
  effects.canceledTimerIds = [...effects.canceledTimerIds, ...next.timers.map((t) => t.timerId)];
  next.activities = [];
  next.timers = [];
  effects.activities = [];
  effects.timers = [];
  if (next.parent) {
    const at = next.lastUpdatedTime;
    const parentEvent: HistoryEvent =
      status === 'Completed'
        ? {
            EventType: EventType.SubOrchestrationInstanceCompleted,
            EventId: -1,
            IsPlayed: false,
            Timestamp: at,
            TaskScheduledId: next.parent.taskScheduledId,
            Result: result ?? null,
          }
        : {
            EventType: EventType.SubOrchestrationInstanceFailed,
            EventId: -1,
            IsPlayed: false,
            Timestamp: at,
            TaskScheduledId: next.parent.taskScheduledId,
            Reason: `Sub-orchestration '${next.name}' ${status === 'Failed' ? 'failed' : 'was terminated'}: ${String(output)}`,
            Details: '',
          };
    const notify: OutboxItem = {
      id: `${next.id}:${next.executionId}:done`,
      kind: 'notifyParent',
      parentInstanceId: next.parent.instanceId,
      parentExecutionId: next.parent.executionId,
      event: parentEvent,
    };
    next.outbox = [...next.outbox, notify];
    effects.outbox = [...effects.outbox, notify];
  }
  return { doc: next, effects };
}

/** The ExecutionStarted event that opens an execution (DTFx ExecutionStartedEvent). */
export function executionStartedEvent(
  now: number,
  name: string,
  instanceId: string,
  executionId: string,
  input: string | null,
  parent: InstanceDoc['parent'],
): HistoryEvent {
  return event(EventType.ExecutionStarted, now, {
    Name: name,
    Version: '',
    Input: input,
    OrchestrationInstance: { InstanceId: instanceId, ExecutionId: executionId },
    ParentInstance: parent
      ? {
          OrchestrationInstance: { InstanceId: parent.instanceId, ExecutionId: parent.executionId },
          TaskScheduleId: parent.taskScheduledId,
          Name: '',
        }
      : null,
    Tags: null,
  });
}

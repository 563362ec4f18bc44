import { Action, ActionType, RetryOptions } from './actions';
import { EventType, HistoryEvent } from './history';

/**
 * The extension's "shim": replays the SDK's actions against the history with the JavaScript task
 * semantics, to learn which sequence number the SDK gave each task (the SDK matches completions
 * only by number), to detect non-determinism, and to find the work this episode newly scheduled.
 */

type LeafKind = 'activity' | 'subOrchestration' | 'timer' | 'event';

export type NewWork =
  | { kind: 'activity'; id: number; name: string; input: string | null }
  | { kind: 'subOrchestration'; id: number; name: string; instanceId: string | undefined; input: string | null }
  | { kind: 'timer'; id: number; fireAt: string };

export interface ReconcileOptions {
  maxShortTimerMs: number;
  longTimerIntervalMs: number;
}

export interface ReconcileResult {
  newWork: NewWork[];
  /** Timers the orchestrator cancelled: their wake-ups can be dropped. */
  canceledTimerIds: number[];
  /** Set when the history disagrees with the code (the instance must fail). */
  nonDeterminism?: string;
  /** Set when the orchestrator used a feature this host does not run (entities, callHttp). */
  unsupported?: string;
}

abstract class Task {
  state: 'running' | 'completed' | 'failed' = 'running';
  parent?: Compound;
  settle(ok: boolean): void {
    if (this.state !== 'running') return;
    this.state = ok ? 'completed' : 'failed';
    this.parent?.childSettled(this);
  }
}

class Leaf extends Task {
  id: number | undefined;
  constructor(
    readonly kind: LeafKind,
    readonly action: Action,
    readonly fireAt?: string,
  ) {
    super();
  }
}

abstract class Compound extends Task {
  children: Task[] = [];
  abstract childSettled(child: Task): void;
}

class WhenAll extends Compound {
  childSettled(child: Task): void {
    if (child.state === 'failed') this.settle(false);
    else if (this.children.every((c) => c.state === 'completed')) this.settle(true);
  }
}

class WhenAny extends Compound {
  childSettled(): void {
    this.settle(true);
  }
}

export function reconcile(
  history: readonly HistoryEvent[],
  actions: readonly Action[],
  options: ReconcileOptions,
): ReconcileResult {
  const allocated = new Map<number, Leaf>();
  const openEvents = new Map<string, Leaf[]>();
  const earlyEvents = new Map<string, number>();
  let sequence = 0;
  let clock = Number.NaN;
  let top = 0;
  let current: Task | undefined;
  let unsupported: string | undefined;

  const track = (task: Task): void => {
    if (task instanceof Compound) {
      for (const child of task.children) track(child);
      return;
    }
    const leaf = task as Leaf;
    if (leaf.kind === 'event') {
      const name = leaf.action.externalEventName ?? '';
      const early = earlyEvents.get(name) ?? 0;
      if (early > 0) {
        earlyEvents.set(name, early - 1);
        leaf.settle(true);
      } else {
        openEvents.set(name, [...(openEvents.get(name) ?? []), leaf]);
      }
      return;
    }
    if (leaf.id === undefined) {
      leaf.id = sequence++;
      allocated.set(leaf.id, leaf);
    }
  };

  const addChild = (parent: Compound, child: Task): void => {
    child.parent = parent;
    parent.children.push(child);
    track(child);
  };

  /** RetryableTask.js: failed attempt → timer → next attempt; after the last, a timer at once, then fail. */
  class Retry extends Compound {
    attempt = 1;
    waitingOnTimer = false;
    constructor(
      readonly kind: 'activity' | 'subOrchestration',
      readonly action: Action,
      readonly retry: RetryOptions,
    ) {
      super();
      const first = new Leaf(kind, action);
      first.parent = this;
      this.children.push(first);
    }
    childSettled(child: Task): void {
      if (this.waitingOnTimer) {
        this.waitingOnTimer = false;
        if (this.attempt > this.retry.maxNumberOfAttempts) this.settle(false);
        else addChild(this, new Leaf(this.kind, this.action));
      } else if (child.state === 'completed') {
        this.settle(true);
      } else {
        const delay = this.attempt < this.retry.maxNumberOfAttempts ? retryDelay(this.retry, this.attempt) : 0;
        this.waitingOnTimer = true;
        this.attempt++;
        addChild(this, new Leaf('timer', this.action, new Date(clock + delay).toISOString()));
      }
    }
  }

  /** LongTimerTask.js: slices of `longTimerInterval` until the final fire time is within reach. */
  class LongTimer extends Compound {
    constructor(
      readonly action: Action,
      readonly finalFireAt: number,
    ) {
      super();
      const first = new Leaf('timer', action, nextSlice(finalFireAt));
      first.parent = this;
      this.children.push(first);
    }
    childSettled(child: Task): void {
      if (child.state !== 'completed') return this.settle(false);
      if (this.finalFireAt > clock) addChild(this, new Leaf('timer', this.action, nextSlice(this.finalFireAt)));
      else this.settle(true);
    }
  }

  const nextSlice = (finalFireAt: number): string =>
    new Date(
      finalFireAt - clock > options.maxShortTimerMs ? clock + options.longTimerIntervalMs : finalFireAt,
    ).toISOString();

  const build = (action: Action): Task => {
    switch (action.actionType) {
      case ActionType.CallActivity:
        return new Leaf('activity', action);
      case ActionType.CallSubOrchestrator:
        return new Leaf('subOrchestration', action);
      case ActionType.CallActivityWithRetry:
        return new Retry('activity', action, action.retryOptions as RetryOptions);
      case ActionType.CallSubOrchestratorWithRetry:
        return new Retry('subOrchestration', action, action.retryOptions as RetryOptions);
      case ActionType.CreateTimer: {
        const fireAt = Date.parse(action.fireAt ?? '');
        return fireAt - clock > options.maxShortTimerMs
          ? new LongTimer(action, fireAt)
          : new Leaf('timer', action, action.fireAt);
      }
      case ActionType.WaitForExternalEvent:
        return new Leaf('event', action);
      case ActionType.WhenAll:
      case ActionType.WhenAny: {
        const compound = action.actionType === ActionType.WhenAll ? new WhenAll() : new WhenAny();
        for (const childAction of action.compoundActions ?? []) {
          const child = build(childAction);
          child.parent = compound;
          compound.children.push(child);
        }
        return compound;
      }
      default:
        unsupported ??= `action type ${action.actionType} (durable entities and callHttp are not run by the local host)`;
        return new WhenAll(); // never settles: the instance is failed by the caller
    }
  };

  /** Invokes top-level actions in order, each once the previous one is done (the generator's pace). */
  const resume = (): void => {
    while (current === undefined || current.state !== 'running') {
      if (current !== undefined) top++;
      const action = actions[top];
      if (action === undefined) return;
      if (action.actionType === ActionType.ContinueAsNew) {
        current = undefined;
        top++;
        continue;
      }
      current = build(action);
      track(current);
    }
  };

  const completeLeaf = (id: number | undefined, ok: boolean): void => {
    const leaf = id === undefined ? undefined : allocated.get(id);
    if (leaf && leaf.state === 'running') leaf.settle(ok);
  };

  const scheduled: HistoryEvent[] = [];
  let started = false;
  for (const e of history) {
    switch (e.EventType) {
      case EventType.OrchestratorStarted: {
        const t = Date.parse(e.Timestamp);
        clock = Number.isNaN(clock) ? t : Math.max(clock, t);
        break;
      }
      case EventType.ExecutionStarted:
        started = true;
        resume();
        break;
      case EventType.TaskScheduled:
      case EventType.SubOrchestrationInstanceCreated:
      case EventType.TimerCreated:
      case EventType.EventSent:
        scheduled.push(e);
        break;
      case EventType.TaskCompleted:
      case EventType.SubOrchestrationInstanceCompleted:
        completeLeaf(e.TaskScheduledId, true);
        break;
      case EventType.TaskFailed:
      case EventType.SubOrchestrationInstanceFailed:
        completeLeaf(e.TaskScheduledId, false);
        break;
      case EventType.TimerFired:
        completeLeaf(e.TimerId, true);
        break;
      case EventType.EventRaised: {
        const name = e.Name ?? '';
        const waiting = openEvents.get(name);
        const leaf = waiting?.pop(); // the SDK hands an event to the newest waiter
        if (leaf) leaf.settle(true);
        else earlyEvents.set(name, (earlyEvents.get(name) ?? 0) + 1);
        break;
      }
      default:
        break;
    }
    if (started) resume();
  }

  const emitted = new Set<number>();
  for (const e of scheduled) {
    const leaf = allocated.get(e.EventId);
    const expected = kindOf(e.EventType);
    if (!leaf || leaf.kind !== expected || (expected !== 'timer' && !sameName(leaf.action.functionName, e.Name))) {
      return {
        newWork: [],
        canceledTimerIds: [],
        nonDeterminism:
          `Non-deterministic workflow detected: a previous execution of this orchestration scheduled ${describe(e)} with sequence ID ${e.EventId}, ` +
          `but the current replay execution ${leaf ? `scheduled ${leaf.kind} '${leaf.action.functionName ?? ''}' with that ID instead` : "hasn't scheduled this task"}. ` +
          'Was a change made to the orchestrator code after this instance had already started running?',
      };
    }
    emitted.add(e.EventId);
  }

  const newWork: NewWork[] = [];
  const canceledTimerIds: number[] = [];
  for (const [id, leaf] of [...allocated].sort((a, b) => a[0] - b[0])) {
    if (leaf.kind === 'timer' && leaf.action.isCanceled) canceledTimerIds.push(id);
    if (emitted.has(id)) continue;
    if (leaf.kind === 'activity')
      newWork.push({
        kind: 'activity',
        id,
        name: leaf.action.functionName ?? '',
        input: encodeInput(leaf.action.input),
      });
    else if (leaf.kind === 'subOrchestration')
      newWork.push({
        kind: 'subOrchestration',
        id,
        name: leaf.action.functionName ?? '',
        instanceId: leaf.action.instanceId,
        input: encodeRaw(leaf.action.input),
      });
    else if (leaf.kind === 'timer' && !leaf.action.isCanceled)
      newWork.push({ kind: 'timer', id, fireAt: leaf.fireAt ?? new Date(clock).toISOString() });
  }
  return { newWork, canceledTimerIds, unsupported };
}

/** DTFx RetryInterceptor: first · coefficient^(attempt−1), capped by the maximum interval. */
export function retryDelay(retry: RetryOptions, attempt: number): number {
  const raw = retry.firstRetryIntervalInMilliseconds * Math.pow(retry.backoffCoefficient ?? 1, attempt - 1);
  const max = retry.maxRetryIntervalInMilliseconds;
  return max && max > 0 ? Math.min(raw, max) : raw;
}

function kindOf(type: number): LeafKind | 'entity' {
  if (type === EventType.TaskScheduled) return 'activity';
  if (type === EventType.SubOrchestrationInstanceCreated) return 'subOrchestration';
  if (type === EventType.TimerCreated) return 'timer';
  return 'entity';
}

function sameName(a: string | undefined, b: string | undefined): boolean {
  return (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
}

function describe(e: HistoryEvent): string {
  const kind = kindOf(e.EventType);
  return kind === 'timer' ? 'a timer' : `${kind === 'activity' ? 'an activity' : 'a ' + kind} '${e.Name ?? ''}'`;
}

/** Activity inputs arrive through Utils.processInput: strings are already JSON text. */
function encodeInput(input: unknown): string | null {
  if (input === undefined) return null;
  return typeof input === 'string' ? input : JSON.stringify(input);
}

/** Sub-orchestration inputs arrive raw; the child's ExecutionStarted.Input is their JSON. */
function encodeRaw(input: unknown): string | null {
  return input === undefined ? null : JSON.stringify(input);
}

import { randomUUID } from 'node:crypto';
import { Clock } from './clock';
import { EpisodeEffects, OrchestratorRunner, executionStartedEvent, runEpisode } from './episode';
import { EventType, HistoryEvent, event } from './history';
import {
  AlreadyExists,
  ConcurrencyConflict,
  InboxMessage,
  InstanceDoc,
  InstanceQuery,
  InstanceStore,
  StoredInstance,
  isFinished,
} from './instance';

export type ActivityOutcome = { result: string | null } | { error: { message: string; details: string } };

export interface DurableRunner extends OrchestratorRunner {
  runActivity(name: string, input: string | null, instanceId: string): Promise<ActivityOutcome>;
}

export interface EngineOptions {
  store: InstanceStore;
  clock: Clock;
  runner: DurableRunner;
  hub: string;
  log?: (message: string) => void;
  maxConcurrentActivities?: number;
  maxConcurrentOrchestrations?: number;
}

export class UnknownFunctionError extends Error {}
export class InstanceAlreadyRunningError extends Error {}
export type SignalOutcome = 'accepted' | 'notFound' | 'finished';

const CACHE_LIMIT = 2000;

/**
 * The durable backend's dispatcher: one episode at a time per instance, instances and activities in
 * parallel, completions batched into the next episode so one write commits many work items.
 */
export class DurableEngine {
  private readonly cache = new Map<string, StoredInstance>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly pending = new Map<string, InboxMessage[]>();
  private readonly queue = new Set<string>();
  private readonly running = new Set<string>();
  private readonly activitiesInFlight = new Set<string>();
  private readonly activityQueue: Array<() => Promise<void>> = [];
  /**
   * Armed timers by instance, then timer id: cancelling an instance's timers (every start) then
   * costs no scan of all instances' timers.
   */
  private readonly timerCancels = new Map<string, Map<number, () => void>>();
  /** Instances (episodes) and outboxes waiting to be retried after a failure, with their attempt counts. */
  private readonly retries = new Map<string, { attempt: number; timer?: NodeJS.Timeout }>();
  /** Instances whose last commit failed or conflicted: the store may hold effects nobody performed yet. */
  private readonly needsResync = new Set<string>();
  private activeActivities = 0;
  private inflight = 0;
  private idleWaiters: Array<() => void> = [];
  private stopped = false;
  /** Activity executions since start (a duplicate is legitimate only across a crash). */
  activityExecutions = 0;

  constructor(private readonly o: EngineOptions) {}

  /** Recovery: re-arm timers, re-run pending activities, resume inboxes and flush outboxes. */
  async start(): Promise<number> {
    let recovered = 0;
    for await (const doc of this.o.store.withPendingWork()) {
      recovered++;
      this.afterCommit(doc, {
        activities: doc.activities,
        timers: doc.timers,
        canceledTimerIds: [],
        outbox: doc.outbox,
        continuedAsNew: false,
      });
      if (doc.inbox.length > 0 || doc.runtimeStatus === 'Pending') this.schedule(doc.id);
    }
    return recovered;
  }

  stop(): void {
    this.stopped = true;
    for (const timers of this.timerCancels.values()) for (const cancel of timers.values()) cancel();
    for (const r of this.retries.values()) clearTimeout(r.timer);
    this.retries.clear();
  }

  /** Resolves when nothing is running or queued (virtual time settles on it). */
  idle(): Promise<void> {
    if (this.isIdle()) return new Promise((r) => setImmediate(() => (this.isIdle() ? r() : this.idleWaiters.push(r))));
    return new Promise((r) => this.idleWaiters.push(r));
  }

  async startNew(name: string, instanceId: string, input: string | null): Promise<InstanceDoc> {
    if (!this.o.runner.hasFunction(name, 'orchestration'))
      throw new UnknownFunctionError(
        `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`,
      );
    return this.track(() =>
      this.withLock(instanceId, async () => {
        const running = (): InstanceAlreadyRunningError =>
          new InstanceAlreadyRunningError(`An instance with ID '${instanceId}' already exists.`);
        let existing = this.cache.get(instanceId);
        if (existing && !isFinished(existing.doc.runtimeStatus)) throw running();
        const now = this.o.clock.now();
        const first = await this.firstEpisode(
          newInstance(this.o.hub, name, instanceId, randomUUID().replace(/-/g, ''), input, now, null),
          now,
        );
        // A new id is created without reading first (a read that misses costs a round trip);
        // only when it exists already is it read, and replaced if that instance has finished.
        let stored: StoredInstance | undefined;
        if (!existing) {
          try {
            stored = await this.o.store.create(first.doc);
          } catch (err) {
            if (!(err instanceof AlreadyExists)) {
              // The write may have been applied even so: look once more, and run what it holds.
              this.needsResync.add(instanceId);
              this.schedule(instanceId);
              throw err;
            }
            existing = await this.read(instanceId);
            if (!existing) throw err;
          }
        }
        if (!stored && existing) {
          if (!isFinished(existing.doc.runtimeStatus)) throw running();
          stored = await this.o.store.replace(first.doc, existing.etag);
        }
        this.cancelTimersOf(instanceId);
        this.launched(stored as StoredInstance, first.effects);
        return first.doc;
      }),
    );
  }

  raiseEvent(instanceId: string, name: string, input: string | null): Promise<SignalOutcome> {
    return this.signal(instanceId, event(EventType.EventRaised, this.o.clock.now(), { Name: name, Input: input }));
  }

  terminate(instanceId: string, reason: string): Promise<SignalOutcome> {
    return this.signal(instanceId, event(EventType.ExecutionTerminated, this.o.clock.now(), { Input: reason }));
  }

  suspend(instanceId: string, reason: string): Promise<SignalOutcome> {
    return this.signal(instanceId, event(EventType.ExecutionSuspended, this.o.clock.now(), { Reason: reason }));
  }

  resume(instanceId: string, reason: string): Promise<SignalOutcome> {
    return this.signal(instanceId, event(EventType.ExecutionResumed, this.o.clock.now(), { Reason: reason }));
  }

  async getStatus(instanceId: string): Promise<InstanceDoc | undefined> {
    return (this.cache.get(instanceId) ?? (await this.o.store.read(instanceId)))?.doc;
  }

  list(q: InstanceQuery): Promise<{ docs: InstanceDoc[]; continuationToken?: string }> {
    return this.o.store.query(q);
  }

  async purge(instanceId: string): Promise<boolean> {
    return this.withLock(instanceId, async () => {
      this.cancelTimersOf(instanceId);
      this.cache.delete(instanceId);
      this.pending.delete(instanceId);
      return this.o.store.delete(instanceId);
    });
  }

  async purgeWhere(q: InstanceQuery): Promise<number> {
    let deleted = 0;
    let continuationToken: string | undefined;
    const ids: string[] = [];
    do {
      const page = await this.o.store.query({ ...q, top: 100, continuationToken });
      ids.push(...page.docs.map((d) => d.id));
      continuationToken = page.continuationToken;
    } while (continuationToken);
    for (const id of ids) if (await this.purge(id)) deleted++;
    return deleted;
  }

  private async signal(instanceId: string, e: HistoryEvent): Promise<SignalOutcome> {
    return this.track(() =>
      this.withLock(instanceId, async () => {
        for (;;) {
          const stored = await this.read(instanceId);
          if (!stored) return 'notFound';
          if (isFinished(stored.doc.runtimeStatus)) return 'finished';
          const doc = { ...stored.doc, inbox: [...stored.doc.inbox, { id: randomUUID(), event: e }] };
          try {
            this.remember(await this.o.store.replace(doc, stored.etag));
            this.schedule(instanceId);
            return 'accepted';
          } catch (err) {
            if (!(err instanceof ConcurrencyConflict)) throw err;
            this.cache.delete(instanceId);
          }
        }
      }),
    );
  }

  private schedule(instanceId: string): void {
    if (this.stopped) return;
    this.queue.add(instanceId);
    this.pump();
  }

  private pump(): void {
    const limit = this.o.maxConcurrentOrchestrations ?? 32;
    for (const id of this.queue) {
      if (this.running.size >= limit) return;
      if (this.running.has(id)) continue;
      this.queue.delete(id);
      this.running.add(id);
      void this.track(() => this.withLock(id, () => this.runEpisodes(id)))
        .then(
          () => this.succeeded(`episode:${id}`),
          (err) => {
            // A failed read, orchestrator invocation or commit (throttling, a timeout, a dropped
            // connection) must not strand the instance: its undelivered messages are back in
            // `pending` and the episode is retried with backoff. Before, it waited for a restart.
            this.log(`episode of ${id} failed, retrying: ${(err as Error).stack ?? err}`);
            this.retryLater(`episode:${id}`, () => this.schedule(id));
          },
        )
        .finally(() => {
          this.running.delete(id);
          this.pump();
          this.checkIdle();
        });
    }
  }

  /**
   * The first episode of a new execution, run before its first write: a start then costs one
   * write (the instance already past its first episode, its work listed) instead of a create
   * followed by the first episode's replace. The work is dispatched only after that write
   * (`launched`), so a crash in between loses nothing. If the episode cannot run, the instance
   * is written Pending and the episode is scheduled as usual.
   */
  private async firstEpisode(
    pending: InstanceDoc,
    now: number,
  ): Promise<{ doc: InstanceDoc; effects?: EpisodeEffects }> {
    try {
      return await runEpisode(pending, pending.inbox, now, this.o.runner);
    } catch (err) {
      this.log(`first episode of ${pending.id} failed, scheduled again: ${(err as Error).message}`);
      return { doc: pending };
    }
  }

  private launched(stored: StoredInstance, effects: EpisodeEffects | undefined): void {
    this.remember(stored);
    if (effects) this.afterCommit(stored.doc, effects);
    if (!effects || effects.continuedAsNew) this.schedule(stored.doc.id);
  }

  /** Runs episodes until the instance has nothing new; a lost ETag race re-reads and replays. */
  private async runEpisodes(id: string): Promise<void> {
    for (;;) {
      const stored = await this.read(id);
      if (this.needsResync.delete(id) && stored) this.rearm(stored.doc);
      const fromMemory = this.pending.get(id) ?? [];
      this.pending.delete(id);
      if (!stored || isFinished(stored.doc.runtimeStatus)) return;
      const doc = stored.doc;
      const seen = new Set(doc.seen);
      const messages = [...doc.inbox, ...fromMemory].filter(
        (m) => !seen.has(m.id) && (m.executionId === undefined || m.executionId === doc.executionId),
      );
      if (messages.length === 0 && doc.runtimeStatus !== 'Pending') return;
      let next: InstanceDoc;
      let effects: EpisodeEffects;
      try {
        ({ doc: next, effects } = await runEpisode(doc, messages, this.o.clock.now(), this.o.runner));
        this.remember(await this.o.store.replace(next, stored.etag));
      } catch (err) {
        // Whatever failed, the messages taken from memory go back (they exist nowhere else).
        this.pending.set(id, [...fromMemory, ...(this.pending.get(id) ?? [])]);
        this.cache.delete(id);
        // A commit that failed may still have been applied (a timeout after the write, or an SDK
        // retry that then met its own ETag): the next read re-arms what the stored doc holds.
        this.needsResync.add(id);
        if (err instanceof ConcurrencyConflict) continue;
        throw err;
      }
      this.afterCommit(next, effects);
      if (!effects.continuedAsNew && !this.pending.has(id)) return;
    }
  }

  private afterCommit(doc: InstanceDoc, effects: EpisodeEffects): void {
    for (const timerId of effects.canceledTimerIds) this.cancelTimer(doc.id, timerId);
    for (const a of effects.activities) this.dispatchActivity(doc.id, a.executionId, a.taskId, a.name, a.input);
    for (const t of effects.timers) {
      if (this.timerCancels.get(doc.id)?.has(t.timerId)) continue;
      const cancel = this.o.clock.schedule(Date.parse(t.fireAt), () => {
        this.forgetTimer(doc.id, t.timerId);
        this.deliver(
          doc.id,
          t.executionId,
          event(EventType.TimerFired, this.o.clock.now(), { TimerId: t.timerId, FireAt: t.fireAt }),
        );
      });
      const timers = this.timerCancels.get(doc.id) ?? new Map<number, () => void>();
      timers.set(t.timerId, cancel);
      this.timerCancels.set(doc.id, timers);
    }
    if (effects.outbox.length > 0) this.flushLater(doc.id);
  }

  /**
   * Performs, idempotently, the work a stored document asks for, as recovery at start-up does:
   * activities not running and not completed in memory, timers not armed, the outbox.
   */
  private rearm(doc: InstanceDoc): void {
    const done = new Set<number>();
    for (const m of this.pending.get(doc.id) ?? []) {
      if (m.executionId !== undefined && m.executionId !== doc.executionId) continue;
      if (m.event.EventType === EventType.TaskCompleted || m.event.EventType === EventType.TaskFailed)
        done.add(m.event.TaskScheduledId as number);
      if (m.event.EventType === EventType.TimerFired) done.add(m.event.TimerId as number);
    }
    this.afterCommit(doc, {
      activities: doc.activities.filter((a) => !done.has(a.taskId)),
      timers: doc.timers.filter((t) => !done.has(t.timerId)),
      canceledTimerIds: [],
      outbox: doc.outbox,
      continuedAsNew: false,
    });
  }

  /**
   * Delivers the instance's outbox; a failure is retried with backoff (else a child never starts,
   * or a parent never hears).
   */
  private flushLater(id: string): void {
    void this.track(() => this.flushOutbox(id)).then(
      () => this.succeeded(`outbox:${id}`),
      (err) => {
        this.log(`outbox of ${id} failed, retrying: ${(err as Error).message}`);
        this.retryLater(`outbox:${id}`, () => this.flushLater(id));
      },
    );
  }

  private retryLater(key: string, again: () => void): void {
    if (this.stopped) return;
    const r = this.retries.get(key) ?? { attempt: 0 };
    clearTimeout(r.timer);
    r.attempt++;
    r.timer = setTimeout(
      () => {
        r.timer = undefined;
        if (!this.stopped) again();
        this.checkIdle();
      },
      Math.min(25 * 2 ** r.attempt, 5000),
    );
    this.retries.set(key, r);
  }

  private succeeded(key: string): void {
    const r = this.retries.get(key);
    if (r && r.timer === undefined) this.retries.delete(key);
  }

  private deliver(instanceId: string, executionId: string, e: HistoryEvent): void {
    const list = this.pending.get(instanceId) ?? [];
    list.push({ id: randomUUID(), executionId, event: e });
    this.pending.set(instanceId, list);
    this.schedule(instanceId);
  }

  private dispatchActivity(
    instanceId: string,
    executionId: string,
    taskId: number,
    name: string,
    input: string | null,
  ): void {
    const key = `${instanceId}|${executionId}|${taskId}`;
    if (this.activitiesInFlight.has(key) || this.stopped) return;
    this.activitiesInFlight.add(key);
    this.inflight++;
    this.activityQueue.push(async () => {
      try {
        this.activityExecutions++;
        const outcome = await this.o.runner.runActivity(name, input, instanceId);
        const e =
          'error' in outcome
            ? event(EventType.TaskFailed, this.o.clock.now(), {
                TaskScheduledId: taskId,
                Reason: `Activity function '${name}' failed: ${outcome.error.message}`,
                Details: outcome.error.details,
              })
            : event(EventType.TaskCompleted, this.o.clock.now(), { TaskScheduledId: taskId, Result: outcome.result });
        this.deliver(instanceId, executionId, e);
      } finally {
        this.activitiesInFlight.delete(key);
      }
    });
    this.drainActivities();
  }

  private drainActivities(): void {
    const limit = this.o.maxConcurrentActivities ?? 32;
    while (this.activeActivities < limit && this.activityQueue.length > 0) {
      const job = this.activityQueue.shift() as () => Promise<void>;
      this.activeActivities++;
      void job()
        .catch((err) => this.log(`activity dispatch failed: ${(err as Error).message}`))
        .finally(() => {
          this.activeActivities--;
          this.inflight--;
          this.drainActivities();
          this.checkIdle();
        });
    }
  }

  /** Delivers sub-orchestration starts and completions to their targets, then clears them. */
  private async flushOutbox(id: string): Promise<void> {
    const stored = await this.withLock(id, () => this.read(id));
    if (!stored) return;
    for (const item of stored.doc.outbox) {
      if (item.kind === 'startChild') {
        const taken = await this.withLock(item.instanceId, async () => {
          const child = this.cache.get(item.instanceId) ?? (await this.o.store.read(item.instanceId));
          const p = child?.doc.parent;
          const ours = Boolean(
            p && p.instanceId === id && p.executionId === item.executionId && p.taskScheduledId === item.parentTaskId,
          );
          // A running instance of someone else's holds the id: DTFx refuses the start
          // (OrchestrationAlreadyExistsException), so the parent's task fails instead of waiting.
          if (child && !isFinished(child.doc.runtimeStatus)) return !ours;
          // A redelivered start (the outbox was not cleared before a crash) must not re-run a
          // child that this very call already started and that has finished since: only a
          // finished instance of someone else's is replaced, as startNew would.
          if (ours) return false;
          const now = this.o.clock.now();
          const first = await this.firstEpisode(
            newInstance(this.o.hub, item.name, item.instanceId, randomUUID().replace(/-/g, ''), item.input, now, {
              instanceId: id,
              executionId: item.executionId,
              taskScheduledId: item.parentTaskId,
            }),
            now,
          );
          try {
            this.launched(
              child ? await this.o.store.replace(first.doc, child.etag) : await this.o.store.create(first.doc),
              first.effects,
            );
          } catch (err) {
            if (!(err instanceof AlreadyExists) && !(err instanceof ConcurrencyConflict)) throw err;
            this.cache.delete(item.instanceId);
            this.schedule(item.instanceId);
          }
          return false;
        });
        if (taken) {
          const failed = event(EventType.SubOrchestrationInstanceFailed, this.o.clock.now(), {
            TaskScheduledId: item.parentTaskId,
            Reason: `An orchestration with instance ID '${item.instanceId}' already exists and is running.`,
            Details: '',
          });
          await this.appendToInbox(id, item.executionId, `${item.id}:taken`, failed);
        }
      } else {
        await this.appendToInbox(item.parentInstanceId, item.parentExecutionId, item.id, item.event);
      }
    }
    const done = new Set(stored.doc.outbox.map((i) => i.id));
    await this.withLock(id, async () => {
      for (;;) {
        const current = await this.read(id);
        if (!current) return;
        try {
          this.remember(
            await this.o.store.replace(
              { ...current.doc, outbox: current.doc.outbox.filter((i) => !done.has(i.id)) },
              current.etag,
            ),
          );
          return;
        } catch (err) {
          if (!(err instanceof ConcurrencyConflict)) throw err;
          this.cache.delete(id);
        }
      }
    });
  }

  /** Appends a message to an instance's durable inbox once (by message id), if that execution still runs. */
  private async appendToInbox(
    instanceId: string,
    executionId: string,
    messageId: string,
    e: HistoryEvent,
  ): Promise<void> {
    await this.withLock(instanceId, async () => {
      for (;;) {
        const target = await this.read(instanceId);
        if (!target || isFinished(target.doc.runtimeStatus) || target.doc.executionId !== executionId) return;
        if (target.doc.seen.includes(messageId) || target.doc.inbox.some((m) => m.id === messageId)) return;
        const doc = { ...target.doc, inbox: [...target.doc.inbox, { id: messageId, executionId, event: e }] };
        try {
          this.remember(await this.o.store.replace(doc, target.etag));
          this.schedule(instanceId);
          return;
        } catch (err) {
          if (!(err instanceof ConcurrencyConflict)) throw err;
          this.cache.delete(instanceId);
        }
      }
    });
  }

  private async read(id: string): Promise<StoredInstance | undefined> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const stored = await this.o.store.read(id);
    if (stored) this.remember(stored);
    return stored;
  }

  private remember(stored: StoredInstance): void {
    this.cache.delete(stored.doc.id);
    this.cache.set(stored.doc.id, stored);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
  }

  private cancelTimer(instanceId: string, timerId: number): void {
    this.timerCancels.get(instanceId)?.get(timerId)?.();
    this.forgetTimer(instanceId, timerId);
  }

  private forgetTimer(instanceId: string, timerId: number): void {
    const timers = this.timerCancels.get(instanceId);
    timers?.delete(timerId);
    if (timers?.size === 0) this.timerCancels.delete(instanceId);
  }

  private cancelTimersOf(instanceId: string): void {
    for (const cancel of this.timerCancels.get(instanceId)?.values() ?? []) cancel();
    this.timerCancels.delete(instanceId);
  }

  /** Serialises everything this process does to one instance, so its cached ETag stays valid. */
  private withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(id, tail);
    void tail.then(() => {
      if (this.locks.get(id) === tail) this.locks.delete(id);
    });
    return run;
  }

  private async track<T>(fn: () => Promise<T>): Promise<T> {
    this.inflight++;
    try {
      return await fn();
    } finally {
      this.inflight--;
      this.checkIdle();
    }
  }

  private isIdle(): boolean {
    return (
      this.inflight === 0 &&
      this.queue.size === 0 &&
      this.running.size === 0 &&
      this.pending.size === 0 &&
      ![...this.retries.values()].some((r) => r.timer !== undefined)
    );
  }

  private checkIdle(): void {
    if (!this.isIdle() || this.idleWaiters.length === 0) return;
    setImmediate(() => {
      if (!this.isIdle()) return;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    });
  }

  private log(message: string): void {
    (this.o.log ?? console.error)(`[durable] ${message}`);
  }
}

function newInstance(
  hub: string,
  name: string,
  id: string,
  executionId: string,
  input: string | null,
  now: number,
  parent: InstanceDoc['parent'],
): InstanceDoc {
  const iso = new Date(now).toISOString();
  return {
    id,
    hub,
    name,
    executionId,
    runtimeStatus: 'Pending',
    input,
    output: null,
    customStatus: null,
    createdTime: iso,
    lastUpdatedTime: iso,
    parent,
    history: [],
    inbox: [{ id: randomUUID(), executionId, event: executionStartedEvent(now, name, id, executionId, input, parent) }],
    activities: [],
    timers: [],
    outbox: [],
    seen: [],
  };
}

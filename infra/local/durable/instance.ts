import { HistoryEvent } from './history';

/** Runtime statuses as the management API reports them. */
export type RuntimeStatus =
  'Pending' | 'Running' | 'Completed' | 'ContinuedAsNew' | 'Failed' | 'Canceled' | 'Terminated' | 'Suspended';

export const finishedStatuses: readonly RuntimeStatus[] = ['Completed', 'Failed', 'Terminated', 'Canceled'];
export const isFinished = (s: RuntimeStatus): boolean => finishedStatuses.includes(s);

/** A message waiting for the instance's next episode; ids make delivery idempotent. */
export interface InboxMessage {
  id: string;
  /** Messages for an older execution (before continue-as-new) are dropped. */
  executionId?: string;
  event: HistoryEvent;
}

export interface PendingActivity {
  taskId: number;
  executionId: string;
  name: string;
  input: string | null;
}

export interface PendingTimer {
  timerId: number;
  executionId: string;
  fireAt: string;
}

export type OutboxItem =
  | {
      id: string;
      kind: 'startChild';
      instanceId: string;
      name: string;
      input: string | null;
      parentTaskId: number;
      executionId: string;
    }
  | { id: string; kind: 'notifyParent'; parentInstanceId: string; parentExecutionId: string; event: HistoryEvent };

/** One orchestration instance: the whole durable state, committed with one conditional write per episode. */
export interface InstanceDoc {
  id: string;
  hub: string;
  name: string;
  executionId: string;
  runtimeStatus: RuntimeStatus;
  /** ExecutionStarted.Input: JSON text or null. */
  input: string | null;
  output: unknown;
  customStatus: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  parent: { instanceId: string; executionId: string; taskScheduledId: number } | null;
  history: HistoryEvent[];
  inbox: InboxMessage[];
  activities: PendingActivity[];
  timers: PendingTimer[];
  outbox: OutboxItem[];
  /** Ids of recently processed inbox messages (bounded), so a redelivered message is ignored. */
  seen: string[];
}

export interface StoredInstance {
  doc: InstanceDoc;
  etag: string;
}

export interface InstanceQuery {
  createdTimeFrom?: string;
  createdTimeTo?: string;
  runtimeStatus?: RuntimeStatus[];
  instanceIdPrefix?: string;
  top?: number;
  continuationToken?: string;
}

export class ConcurrencyConflict extends Error {
  constructor(readonly instanceId: string) {
    super(`instance ${instanceId} changed since it was read`);
  }
}

export class AlreadyExists extends Error {
  constructor(readonly instanceId: string) {
    super(`instance ${instanceId} already exists`);
  }
}

/**
 * What recovery at start-up must act on: messages to process, activities to run, timers to arm,
 * an outbox to deliver, or a first episode to run. An instance idle until an event is raised has
 * none, and is left alone: the event itself wakes it (10,000 of them made a restart read them all,
 * page by page, for 15 s before serving).
 */
export function hasPendingWork(d: InstanceDoc): boolean {
  return (
    d.inbox.length > 0 ||
    d.activities.length > 0 ||
    d.timers.length > 0 ||
    d.outbox.length > 0 ||
    d.runtimeStatus === 'Pending'
  );
}

/** Where instances live: Cosmos in every real run, memory for unit tests. */
export interface InstanceStore {
  init(): Promise<void>;
  read(id: string): Promise<StoredInstance | undefined>;
  /** Creates; throws AlreadyExists. */
  create(doc: InstanceDoc): Promise<StoredInstance>;
  /** Replaces if the ETag still matches; throws ConcurrencyConflict. */
  replace(doc: InstanceDoc, etag: string): Promise<StoredInstance>;
  delete(id: string): Promise<boolean>;
  query(q: InstanceQuery): Promise<{ docs: InstanceDoc[]; continuationToken?: string }>;
  /** Every instance with work pending (`hasPendingWork`), for recovery at start-up. */
  withPendingWork(): AsyncIterable<InstanceDoc>;
}

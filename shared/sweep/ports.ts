import type { Invitation } from '../domain/invitation';
import type { InvitationAnsweredEvent } from '../schemas/orchestration';
import type { AuditLog } from '../store/audit';
import type { DueItemStore } from '../store/dueItems';
import type { InvitationIndex } from '../store/invitationIndex';
import type { InvitationStore } from '../store/invitations';
import type { RecordStore } from '../store/records';
import type { GrantNoticeDeps } from './grantNoticeSend';
import type { BatchStartPort } from './sweepBatch';

/** What the sweep needs to know of an invitation's orchestration (instance id = invitation id). */
export type OrchestrationState = 'running' | 'finished' | 'missing';

/** Port: the durable client, reduced to what the sweep asks of it. */
export interface OrchestrationPort {
  state(instanceId: string): Promise<OrchestrationState>;
  /**
   * Starts a pending invitation's orchestration that was never started (its create died first); an
   * existing one is left as it is.
   */
  startInvitation(invitation: Invitation): Promise<void>;
  /** Raises InvitationAnswered again; 'missing' when no such instance exists (the event would be dropped). */
  raiseAnswered(instanceId: string, event: InvitationAnsweredEvent): Promise<'raised' | 'missing'>;
}

/**
 * Port: the expiry notices the sweep owes inviters. Each is a durable orchestration of its own
 * (one per invitation: its instance id is derived from the invitation id), which waits out a
 * used-up email quota and retries an outage, so a notice outlives the sweep run that started it.
 */
export interface NoticePort {
  /** Makes sure the invitation's expiry notice is under way or done; an existing instance is success. */
  startExpiryNotice(invitationId: string): Promise<'started' | 'exists'>;
}

/** Everything the sweep reads and writes, injected so unit tests pass in-memory fakes. */
export interface SweepDeps {
  dueItems: DueItemStore;
  invitations: Pick<InvitationStore, 'get' | 'apply'>;
  index: Pick<InvitationIndex, 'put' | 'status'>;
  records: Pick<RecordStore, 'grant' | 'replaceGrant'>;
  audit: Pick<AuditLog, 'append' | 'has'>;
  orchestrations: OrchestrationPort;
  /** Records an acceptance whose orchestration is gone (idempotent, as the activity is). */
  recordAcceptance?: (invitationId: string) => Promise<void>;
  /** Tells inviters the invitations the sweep expired have expired (durably: see NoticePort). */
  notices: NoticePort;
  /** Grant notices (expiring, expired, extended, access lost): the sender, the audience, the schedule. */
  grantNotices: GrantNoticeDeps;
  /** Starts invitation batches whose submit died before their orchestration's start (sweepBatch.ts). */
  batches?: BatchStartPort;
  log: (message: string) => void;
}

/** Bounds on one run: the sweep's cost follows due items, and one run never does unbounded work. */
export interface SweepLimits {
  /** Day buckets before today still looked at (items a stopped sweep left behind). */
  lookbackDays: number;
  pageSize: number;
  /** Most items one run handles; the rest wait for the next run. */
  maxItems: number;
  /** Items handled at once (each is independent: conditional or idempotent). */
  concurrency: number;
}

/**
 * Every invitation's deadline comes due once, and every answer's follow-up once (besides grants),
 * so a run must keep up with the invitations of a busy quarter hour: 5,000 a run at the default
 * schedule bounds it at 20,000 an hour. Each item is a few Cosmos and durable-client calls, 8 at a
 * time (an estimate: a run of that size has not been measured).
 */
export const defaultSweepLimits: SweepLimits = { lookbackDays: 7, pageSize: 100, maxItems: 5000, concurrency: 8 };

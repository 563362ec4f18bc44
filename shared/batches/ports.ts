import type { QuotaWindow } from '../email/quotaSlots';
import type { QuotaLedger } from '../email/quotaLedger';
import type { IssueWithPartnershipDeps } from '../invitations/ports';
import type { AuditLog } from '../store/audit';
import type { DueItemStore } from '../store/dueItems';
import type { InvitationBatchStore } from '../store/invitationBatches';
import type { InvitationStore } from '../store/invitations';
import type { RoleTemplateStore } from '../store/roleTemplates';

// The ports of the invitation batches' use cases; functions/compose/batchesDeps.ts builds the real
// adapters, tests pass fakes.

export interface SubmitBatchDeps {
  batches: InvitationBatchStore;
  templates: RoleTemplateStore;
  /** Starts the batch's orchestration unless it exists (idempotent). */
  startOrchestration(batchId: string): Promise<void>;
  /** Where the sweep finds a batch whose start may have been lost (shared/sweep/sweepBatch.ts). */
  dueItems: Pick<DueItemStore, 'put'>;
  now: () => Date;
}

export interface BatchRunDeps {
  batches: InvitationBatchStore;
  /** The partner's trail: `batch.completed` once the batch is final (completion.ts). */
  audit: Pick<AuditLog, 'append'>;
  invitations: Pick<InvitationStore, 'get'>;
  /** How every invitation is created (the same path as POST /api/invitations), with its orchestration's start. */
  send: IssueWithPartnershipDeps;
  /** The shared email send ledger and the quota's windows; none = no email quota. */
  emailQuota?: { ledger: QuotaLedger; windows: readonly QuotaWindow[] };
  /** Rows created at once within one chunk when nothing limits them. */
  concurrency?: number;
  now: () => Date;
}

// The invitation batches' composition root: submitting a batch (HTTP) and running it (the batch
// activities) on the process-wide stores; each row is issued with the invitation area's adapters.
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { appNow } from '../../shared/appClock';
import { ensureBatchOrchestration } from '../../shared/batches/batchOrchestration';
import type { BatchRunDeps, SubmitBatchDeps } from '../../shared/batches/ports';
import { config } from '../../shared/config';
import { quotaWindows } from '../../shared/email/pacer';
import { startInvitationOrchestration } from '../../shared/invitations/invitationOrchestration';
import type { IssueInvitationDeps } from '../../shared/invitations/ports';
import { auditLog } from '../../shared/store/audit';
import { dueItemStore } from '../../shared/store/dueItems';
import { emailQuotaLedger } from '../../shared/store/emailQuotaLedger';
import { invitationBatchStore } from '../../shared/store/invitationBatches';
import { invitationStore } from '../../shared/store/invitations';
import { cachedInviterProfiles } from '../../shared/store/inviterProfileCache';
import { partnerStore } from '../../shared/store/partners';
import { partnershipStore } from '../../shared/store/partnerships';
import { roleTemplateStore } from '../../shared/store/roleTemplates';
import { issueInvitationDeps } from './invitationsDeps';

/**
 * Starts the batch's orchestration unless it exists (a repeated request, a retry after a crash, a stranded batch read).
 */
export async function startBatchOrchestration(context: InvocationContext, batchId: string): Promise<void> {
  await ensureBatchOrchestration(df.getClient(context), batchId);
}

/** What submitting a batch writes and starts. */
export function submitBatchDeps(context: InvocationContext): SubmitBatchDeps {
  return {
    batches: invitationBatchStore(),
    templates: roleTemplateStore(),
    dueItems: dueItemStore(),
    startOrchestration: (id) => startBatchOrchestration(context, id),
    now: () => new Date(),
  };
}

/** The batch documents, for reading and cancelling. */
export const batchStore = invitationBatchStore;

/** The inviter's profile, read through the cache the issuing endpoints use. */
export function inviterProfileDeps(): Pick<IssueInvitationDeps, 'partners'> {
  return { partners: cachedInviterProfiles(partnerStore()) };
}

/** The stores, and a durable client (the activity's durableClient input) to start each invitation's orchestration. */
export function batchRunDeps(context: InvocationContext): BatchRunDeps {
  const c = config();
  const windows = quotaWindows({ perMinute: c.EMAIL_QUOTA_PER_MINUTE, perHour: c.EMAIL_QUOTA_PER_HOUR });
  return {
    batches: invitationBatchStore(),
    audit: auditLog(),
    invitations: invitationStore(),
    send: {
      ...issueInvitationDeps(context),
      startOrchestration: (i) => startInvitationOrchestration(context, i),
      partnerships: partnershipStore(),
      now: () => new Date(appNow()),
    },
    ...(windows.length > 0 ? { emailQuota: { ledger: emailQuotaLedger(), windows } } : {}),
    now: () => new Date(appNow()),
  };
}

import type { InvocationContext } from '@azure/functions';
import { batchCapacityInputSchema, batchMarkWaitingInputSchema, batchOrchestrationInputSchema, batchRunChunkInputSchema } from '../../shared/schemas/orchestration';
import { batchCapacity, cancelRows, finishBatch, markWaiting, pollEmails, runChunk, startBatch, type BatchRunDeps } from '../../shared/batches/run';
import { appNow } from '../../shared/appClock';
import { config } from '../../shared/config';
import { quotaWindows } from '../../shared/email/pacer';
import { startInvitationOrchestration } from '../../shared/invitations/durable';
import { auditLog } from '../../shared/store/audit';
import { emailQuotaLedger } from '../../shared/store/emailQuotaLedger';
import { invitationBatchStore } from '../../shared/store/invitationBatches';
import { invitationStore } from '../../shared/store/invitations';
import { partnershipStore } from '../../shared/store/partnerships';
import { batchActivities } from '../names';
import { sendInvitationDeps } from '../http/issueRequest';

/** The stores, and a durable client (the activity's durableClient input) to start each invitation's orchestration. */
function deps(context: InvocationContext): BatchRunDeps {
  const c = config();
  const windows = quotaWindows({ perMinute: c.EMAIL_QUOTA_PER_MINUTE, perHour: c.EMAIL_QUOTA_PER_HOUR });
  return {
    batches: invitationBatchStore(),
    audit: auditLog(),
    invitations: invitationStore(),
    send: { ...sendInvitationDeps(context), startOrchestration: (i) => startInvitationOrchestration(context, i), partnerships: partnershipStore(), now: () => new Date(appNow()) },
    ...(windows.length > 0 ? { emailQuota: { ledger: emailQuotaLedger(), windows } } : {}),
    now: () => new Date(appNow()),
  };
}

const base = batchOrchestrationInputSchema;

/** The batch activities by name, each parsing its input. */
export const batchActivityHandlers: Record<string, (raw: unknown, context: InvocationContext) => Promise<unknown>> = {
  [batchActivities.start]: (raw, ctx) => startBatch(deps(ctx), base.parse(raw).batchId),
  [batchActivities.capacity]: (raw, ctx) => {
    const i = batchCapacityInputSchema.parse(raw);
    return batchCapacity(deps(ctx), i.batchId, i.at);
  },
  [batchActivities.runChunk]: (raw, ctx) => {
    const i = batchRunChunkInputSchema.parse(raw);
    return runChunk(deps(ctx), i.batchId, i.index, i.budget);
  },
  [batchActivities.markWaiting]: async (raw, ctx) => {
    const i = batchMarkWaitingInputSchema.parse(raw);
    await markWaiting(deps(ctx), i.batchId, i.waitingFor, i.nextSlotAt);
    return 'waiting';
  },
  [batchActivities.pollEmails]: (raw, ctx) => pollEmails(deps(ctx), base.parse(raw).batchId),
  [batchActivities.cancelRows]: (raw, ctx) => cancelRows(deps(ctx), base.parse(raw).batchId),
  [batchActivities.finish]: (raw, ctx) => finishBatch(deps(ctx), base.parse(raw).batchId),
};

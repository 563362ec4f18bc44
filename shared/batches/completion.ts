import { systemActor } from '../domain/invitation';
import type { BatchDocument } from '../schemas/invitationBatches';
import { terminalBatchStatuses } from '../schemas/invitationBatches';
import type { AuditLog } from '../store/audit';
import { batchView } from './batch';

/** The audit action (and webhook event type) of a batch that reached a final status. */
export const BATCH_COMPLETED = 'batch.completed';

/** Key of the batch's one completion entry: a finish repeated after a crash or a replay appends nothing new. */
export const batchCompletedKey = (batchId: string): string => `batch.completed:${batchId}`;

/**
 * Appends `batch.completed` to the partner's trail once the batch is final (the webhook outbox
 * turns it into the event). Its content comes from the stored final document only (the status and
 * counts never change after it, `at` is its last write), so every repeat writes the same keyed
 * entry, which lands once (AuditLog.append). Nothing for a batch still under way.
 */
export async function recordBatchCompletion(audit: Pick<AuditLog, 'append'>, b: BatchDocument): Promise<boolean> {
  if (!terminalBatchStatuses.includes(b.status)) return false;
  const v = batchView(b);
  await audit.append(
    [b.partnerTenantId],
    {
      at: b.lastUpdatedAt,
      actor: systemActor,
      action: BATCH_COMPLETED,
      subject: { type: 'batch', id: b.id },
      correlationId: b.id,
      detail: {
        status: v.status,
        total: v.counts.total,
        created: v.counts.created,
        rejected: v.counts.rejected,
        emailed: v.counts.emailed,
        canceled: v.counts.canceled,
      },
    },
    batchCompletedKey(b.id),
  );
  return true;
}

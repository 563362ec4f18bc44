import type { BatchStatus } from '../schemas/invitationBatches';
import type { DueItem } from '../store/dueItems';
import type { SweepDeps } from './ports';

/** Port: what the sweep needs to start a stranded invitation batch. */
export interface BatchStartPort {
  /** The batch's status; undefined when its document was never written. */
  status(batchId: string): Promise<BatchStatus | undefined>;
  /** Starts its orchestration unless it exists (shared/batches/batchOrchestration.ts). */
  ensureStarted(batchId: string): Promise<'started' | 'exists'>;
}

export type BatchSweepOutcome = 'started' | 'underway' | 'unsubmitted' | 'unsupported';

/**
 * One `batchStart` item, put by the submit before the batch document, due a few minutes after it:
 * a batch still `notStarted` then may have lost its start (the process died between the batch's
 * write and its orchestration's start), so the orchestration is started unless it exists. The item
 * goes once the orchestration exists, or when the batch was never written (no 202 was answered; a
 * repeat of the request puts the item again). A failed start leaves it for the next run.
 */
export async function sweepBatch(
  d: Pick<SweepDeps, 'dueItems' | 'batches'>,
  item: DueItem,
): Promise<BatchSweepOutcome> {
  if (!d.batches) return 'unsupported';
  const status = await d.batches.status(item.targetId);
  let outcome: BatchSweepOutcome = status === undefined ? 'unsubmitted' : 'underway';
  if (status === 'notStarted')
    outcome = (await d.batches.ensureStarted(item.targetId)) === 'started' ? 'started' : 'underway';
  await d.dueItems.done(item);
  return outcome;
}

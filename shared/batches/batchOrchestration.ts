import type { DurableClient } from 'durable-functions';
import { orchestrators } from '../orchestrationNames';
import { instanceStatus } from '../sweep/durableStatus';
import { batchInstanceId } from './batch';

/**
 * Starts the batch's one orchestration unless it exists, whoever asks: the submit, its repeat, the
 * sweep or a read of a batch left `notStarted` (its submit died between writing the batch and
 * starting it). The instance id derives from the batch id, so two starters make one instance; an
 * existing instance, running or finished, is left as it is (never started over).
 */
export async function ensureBatchOrchestration(
  client: Pick<DurableClient, 'startNew' | 'getStatus'>,
  batchId: string,
): Promise<'started' | 'exists'> {
  const instanceId = batchInstanceId(batchId);
  if ((await instanceStatus(client, instanceId)) !== undefined) return 'exists';
  try {
    await client.startNew(orchestrators.batch, { instanceId, input: { batchId } });
    return 'started';
  } catch (err) {
    // Another starter came first: the extension refuses an id that exists.
    if ((await instanceStatus(client, instanceId).catch(() => undefined)) !== undefined) return 'exists';
    throw err;
  }
}

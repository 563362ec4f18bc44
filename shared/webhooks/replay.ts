import type { DurableClient } from 'durable-functions';
import { startDelivery } from './deliveryOrchestration';
import type { DeliveryStore, WebhookDelivery, WebhookEndpoint } from './store';

/** At most this many missed deliveries are sent again per call (the oldest first). */
export const REPLAY_LIMIT = 100;

/**
 * Sends again every delivery of the endpoint since `since` that was not delivered: each becomes a
 * new delivery `{deliveryId}~r{n}` with the same event (same webhook-id, so a receiver that did get
 * it deduplicates), created if absent and started once. A replay under way is not doubled; a replay
 * delivered marks its original delivered (deliver.ts), so the next replay skips it.
 */
export async function replayMissed(
  d: { deliveries: DeliveryStore; client: Pick<DurableClient, 'startNew' | 'getStatus'>; now(): Date },
  endpoint: Pick<WebhookEndpoint, 'id' | 'tenantId'>,
  since: string,
): Promise<string[]> {
  const missed = await d.deliveries.missedSince(endpoint.id, new Date(since).toISOString(), REPLAY_LIMIT);
  const originals = missed.filter((x) => !x.id.includes('~r'));
  const eventIds: string[] = [];
  for (const original of originals) {
    let n = 1;
    let underWay = false;
    for (
      let prev = await d.deliveries.get(endpoint.id, `${original.id}~r${n}`);
      prev;
      prev = await d.deliveries.get(endpoint.id, `${original.id}~r${n}`)
    ) {
      underWay = prev.doc.status === 'pending';
      n++;
    }
    // A replay still under way is not doubled.
    if (underWay) continue;
    const copy: WebhookDelivery = {
      ...original,
      id: `${original.id}~r${n}`,
      status: 'pending',
      attempts: 0,
      createdAt: d.now().toISOString(),
    };
    for (const k of ['responseStatus', 'error', 'latencyMs', 'nextRetryAt', 'lastAttemptAt', 'deliveredAt'] as const)
      delete copy[k];
    await d.deliveries.create(copy);
    await startDelivery(d.client, { tenantId: endpoint.tenantId, endpointId: endpoint.id, deliveryId: copy.id });
    eventIds.push(original.eventId);
  }
  return eventIds;
}

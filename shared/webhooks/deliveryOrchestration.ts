import type { DurableClient } from 'durable-functions';
import { orchestrators } from '../orchestrationNames';
import { instanceStatus } from '../sweep/durableStatus';
import type { CloudEvent } from './events';
import type { EnqueueDeps } from './ports';
import type { WebhookDelivery, WebhookEndpoint } from './store';

/** Input of one delivery orchestration. */
export type { DeliveryInput } from './deliveryTypes';
import type { DeliveryInput } from './deliveryTypes';

/**
 * The instance id of the delivery of one event to one endpoint: deterministic, so starting it
 * again (a repeated step, a sweep after a crash) finds the first and delivers nothing twice.
 * A replay is a new delivery id (`{eventId}~r{n}`) carrying the same event id.
 */
export const deliveryInstanceId = (endpointId: string, deliveryId: string): string =>
  `webhook-${endpointId}-${deliveryId}`;

/** Records the delivery (create-if-absent) and starts its orchestration (once). */
export async function enqueueDelivery(
  d: EnqueueDeps,
  endpoint: Pick<WebhookEndpoint, 'id' | 'tenantId'>,
  event: CloudEvent,
  deliveryId: string = event.id,
): Promise<void> {
  const delivery: WebhookDelivery = {
    id: deliveryId,
    endpointId: endpoint.id,
    tenantId: endpoint.tenantId,
    eventId: event.id,
    eventType: event.type,
    payload: JSON.stringify(event),
    status: 'pending',
    attempts: 0,
    createdAt: d.now().toISOString(),
  };
  const input = { tenantId: endpoint.tenantId, endpointId: endpoint.id, deliveryId };
  if ((await d.deliveries.create(delivery)) === 'created') {
    // New: no instance can exist yet unless a crashed run got this far, which the catch covers.
    try {
      await d.client.startNew(orchestrators.webhookDelivery, {
        instanceId: deliveryInstanceId(endpoint.id, deliveryId),
        input,
      });
      return;
    } catch {
      // fall through: started meanwhile, or a real failure (startDelivery rethrows it)
    }
  }
  await startDelivery(d.client, input);
}

export async function startDelivery(
  client: Pick<DurableClient, 'startNew' | 'getStatus'>,
  input: DeliveryInput,
): Promise<void> {
  const instanceId = deliveryInstanceId(input.endpointId, input.deliveryId);
  if (await instanceStatus(client, instanceId)) return;
  try {
    await client.startNew(orchestrators.webhookDelivery, { instanceId, input });
  } catch (err) {
    if (!(await instanceStatus(client, instanceId))) throw err;
  }
}

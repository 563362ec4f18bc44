import type { InvocationContext, Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { config } from '../../shared/config';
import { containers } from '../../shared/store/containers';
import { appDatabase } from '../../shared/store/database';
import { publishFromAudit } from '../../shared/webhooks/outbox';
import { webhookStores } from '../../shared/webhooks/store';

/** The publisher (shared/webhooks/outbox.ts): audit entries since the checkpoint → deliveries. */
export async function webhookPublisherTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  const db = appDatabase();
  const r = await publishFromAudit({
    audit: db.container(containers.audit.id),
    webhooksContainer: db.container(containers.webhooks.id),
    ...webhookStores(),
    client: df.getClient(context),
    baseUrl: config().PUBLIC_BASE_URL,
    now: () => new Date(),
  });
  if (r.deliveries > 0) context.log(`webhookPublisher: ${r.entries} events, ${r.deliveries} deliveries`);
}

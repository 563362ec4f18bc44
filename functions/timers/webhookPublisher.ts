import type { InvocationContext, Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { publishFromAudit } from '../../shared/webhooks/outbox';
import { publishDeps } from '../compose/webhooksDeps';

/** The publisher (shared/webhooks/outbox.ts): audit entries since the checkpoint → deliveries. */
export async function webhookPublisherTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  const r = await publishFromAudit(publishDeps(df.getClient(context)));
  if (r.deliveries > 0) context.log(`webhookPublisher: ${r.entries} events, ${r.deliveries} deliveries`);
}

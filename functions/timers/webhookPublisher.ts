import type { InvocationContext, Timer } from '@azure/functions';
import * as df from 'durable-functions';
import type { AuditEntry } from '../../shared/store/audit';
import { publishFromAudit } from '../../shared/webhooks/outbox';
import type { PublishDeps } from '../../shared/webhooks/ports';
import type { PublishSoon } from '../../shared/webhooks/publishSoon';
import { inProcessPublisher } from '../compose/webhooksDeps';

let publisher: { soon: PublishSoon<AuditEntry>; deps: PublishDeps } | undefined;

/**
 * The publisher (shared/webhooks/outbox.ts): audit entries since the checkpoint → deliveries. The
 * first timer run sets up the in-process publisher, so later changes are published as they are
 * written; the timer's runs read the trail for the rest (other instances, crashes). The durable
 * client is kept from that first invocation: it is the host's HTTP endpoints and the task hub
 * (durable-functions `getClient` builds it from the binding's data), valid while the host runs.
 */
export async function webhookPublisherTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  publisher ??= inProcessPublisher(df.getClient(context), logged);
  const { soon, deps } = publisher;
  await soon.runNow(async () => logged(await publishFromAudit(deps)));
}

const logged = (r: { entries: number; deliveries: number }): void => {
  if (r.deliveries > 0) console.log(`webhookPublisher: ${r.entries} events, ${r.deliveries} deliveries`);
};

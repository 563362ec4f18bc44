import type { InvocationContext, Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { config } from '../../shared/config';
import { onAuditAppended } from '../../shared/store/auditSignal';
import { containers } from '../../shared/store/containers';
import { appDatabase } from '../../shared/store/database';
import { invitationStore } from '../../shared/store/invitations';
import { partnerStore } from '../../shared/store/partners';
import { partnershipStore } from '../../shared/store/partnerships';
import { recordStore } from '../../shared/store/records';
import { subscriptionStore } from '../../shared/store/subscriptions';
import type { AuditEntry } from '../../shared/store/audit';
import { publishEntries, publishFromAudit, type PublishDeps } from '../../shared/webhooks/outbox';
import { publishSoon, type PublishSoon } from '../../shared/webhooks/publishSoon';
import { webhookStores } from '../../shared/webhooks/store';

/** Appends within this many ms are published by one run. */
const DEBOUNCE_MS = 10;

let publisher: { soon: PublishSoon<AuditEntry>; deps: PublishDeps } | undefined;

/**
 * The publisher (shared/webhooks/outbox.ts): audit entries since the checkpoint → deliveries. The
 * first timer run sets it up in this process and subscribes it to audit appends (publishSoon.ts),
 * so later changes are published as they are written; the timer's runs read the trail for the
 * rest. The durable client is kept from that first invocation: it is the host's HTTP endpoints and
 * the task hub (durable-functions `getClient` builds it from the binding's data), valid while the
 * host runs.
 */
export async function webhookPublisherTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  publisher ??= setUp(df.getClient(context));
  const { soon, deps } = publisher;
  await soon.runNow(async () => logged(await publishFromAudit(deps)));
}

const logged = (r: { entries: number; deliveries: number }): void => {
  if (r.deliveries > 0) console.log(`webhookPublisher: ${r.entries} events, ${r.deliveries} deliveries`);
};

// Runs outlive the invocation that set them up, so they log to the worker's console (the host
// collects it) rather than through that invocation's context.
function setUp(client: df.DurableClient): { soon: PublishSoon<AuditEntry>; deps: PublishDeps } {
  const db = appDatabase();
  const deps: PublishDeps = {
    audit: db.container(containers.audit.id),
    webhooksContainer: db.container(containers.webhooks.id),
    ...webhookStores(),
    client,
    baseUrl: config().PUBLIC_BASE_URL,
    now: () => new Date(),
    views: {
      invitations: invitationStore(),
      records: recordStore(),
      partnerships: partnershipStore(),
      subscriptions: subscriptionStore(),
      partners: partnerStore(),
    },
  };
  const soon = publishSoon<AuditEntry>({
    debounceMs: DEBOUNCE_MS,
    publish: async (entries) => logged(await publishEntries(deps, entries)),
    onError: (e) => console.error(`webhookPublisher: ${(e as Error)?.message ?? e}`),
  });
  onAuditAppended((entries) => soon.nudge(entries));
  return { soon, deps };
}

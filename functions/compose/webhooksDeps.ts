// The webhooks' composition root: managing endpoints (HTTP), publishing the audit trail as events
// (the publisher timer) and delivering them (the delivery activities) on the process-wide stores.
// Their ports are in shared/webhooks/ports.ts.
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { config } from '../../shared/config';
import { emailSender } from '../../shared/email/senderFromConfig';
import { containers } from '../../shared/store/containers';
import { appDatabase } from '../../shared/store/database';
import { invitationStore } from '../../shared/store/invitations';
import type { AuditEntry } from '../../shared/store/audit';
import { onAuditAppended } from '../../shared/store/auditSignal';
import { partnerStore } from '../../shared/store/partners';
import { partnershipStore } from '../../shared/store/partnerships';
import { recordStore } from '../../shared/store/records';
import { subscriptionStore } from '../../shared/store/subscriptions';
import { publishEntries } from '../../shared/webhooks/outbox';
import type { DeliverDeps, DisableDeps, ManageDeps, PublishDeps } from '../../shared/webhooks/ports';
import { publishSoon, type PublishSoon } from '../../shared/webhooks/publishSoon';
import { guardOptions } from '../../shared/webhooks/settings';
import { postWebhook } from '../../shared/webhooks/ssrf';
import { webhookStores } from '../../shared/webhooks/store';

/** The webhook endpoints' management (create, list, patch, rotate, deliveries). */
export const manageWebhooksDeps = (): ManageDeps => ({
  ...webhookStores(),
  guard: guardOptions(),
  now: () => new Date(),
});

/** Recording and starting a delivery now (test, replay): the deliveries store and the invocation's durable client. */
export function enqueueDeps(context: InvocationContext) {
  return { deliveries: webhookStores().deliveries, client: df.getClient(context), now: () => new Date() };
}

/** The publisher: audit entries since the checkpoint become deliveries (the client: the timer's durable client). */
export function publishDeps(client: df.DurableClient): PublishDeps {
  const db = appDatabase();
  return {
    audit: db.container(containers.audit.id),
    webhooksContainer: db.container(containers.webhooks.id),
    ...webhookStores(),
    client,
    baseUrl: config().PUBLIC_BASE_URL,
    now: () => new Date(),
    // Read at publish time only for the events whose change wrote no snapshot (eventViews.ts).
    views: {
      invitations: invitationStore(),
      records: recordStore(),
      partnerships: partnershipStore(),
      subscriptions: subscriptionStore(),
      partners: partnerStore(),
    },
  };
}

/** One delivery attempt: the signed POST through the SSRF guard. */
export const attemptDeliveryDeps = (): DeliverDeps => ({
  ...webhookStores(),
  post: postWebhook,
  guard: guardOptions(),
  now: () => new Date(),
});

/** Disabling an endpoint that keeps failing, and telling the partner's contacts. */
export const disableFailingDeps = (): DisableDeps => ({
  endpoints: webhookStores().endpoints,
  emailSender: emailSender(),
  now: () => new Date(),
  async contacts(tenantId) {
    const p = await partnerStore().get(tenantId);
    return p?.partner.notificationContacts ?? [];
  },
});

/** Appends within this many ms are published by one run. */
const DEBOUNCE_MS = 10;

/**
 * The in-process publisher: subscribed to this process's audit appends (auditSignal.ts), it
 * publishes the entries each append created 10 ms later (publishSoon.ts), without reading the
 * trail; the timer's runs read the trail for everything else. Runs outlive the invocation that set
 * them up, so they log to the worker's console (the host collects it).
 */
export function inProcessPublisher(
  client: df.DurableClient,
  logged: (r: { entries: number; deliveries: number }) => void,
): { soon: PublishSoon<AuditEntry>; deps: PublishDeps } {
  const deps = publishDeps(client);
  const soon = publishSoon<AuditEntry>({
    debounceMs: DEBOUNCE_MS,
    publish: async (entries) => logged(await publishEntries(deps, entries)),
    onError: (e) => console.error(`webhookPublisher: ${(e as Error)?.message ?? e}`),
  });
  onAuditAppended((entries) => soon.nudge(entries));
  return { soon, deps };
}

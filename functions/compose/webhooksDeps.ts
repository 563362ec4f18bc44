// The webhooks' composition root: managing endpoints (HTTP), publishing the audit trail as events
// (the publisher timer) and delivering them (the delivery activities) on the process-wide stores.
// Their ports sit beside each use case: ManageDeps (manageWebhooks.ts), PublishDeps (outbox.ts),
// DeliverDeps and DisableDeps (deliver.ts) in shared/webhooks/.
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { config } from '../../shared/config';
import { emailSender } from '../../shared/email/senderFromConfig';
import { containers } from '../../shared/store/containers';
import { appDatabase } from '../../shared/store/database';
import { partnerStore } from '../../shared/store/partners';
import type { DeliverDeps, DisableDeps } from '../../shared/webhooks/deliver';
import type { ManageDeps } from '../../shared/webhooks/manageWebhooks';
import type { PublishDeps } from '../../shared/webhooks/outbox';
import { guardOptions } from '../../shared/webhooks/settings';
import { postWebhook } from '../../shared/webhooks/ssrf';
import { webhookStores } from '../../shared/webhooks/store';

/** The webhook endpoints' management (create, list, patch, rotate, deliveries). */
export const manageWebhooksDeps = (): ManageDeps => ({ ...webhookStores(), guard: guardOptions(), now: () => new Date() });

/** Queuing a delivery now (test, replay): the deliveries store and the invocation's durable client. */
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
  };
}

/** One delivery attempt: the signed POST through the SSRF guard. */
export const attemptDeliveryDeps = (): DeliverDeps => ({ ...webhookStores(), post: postWebhook, guard: guardOptions(), now: () => new Date() });

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

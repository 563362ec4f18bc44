import { emailSender } from '../../shared/email/senderFromConfig';
import { partnerStore } from '../../shared/store/partners';
import { makeAttemptDelivery, makeDisableFailing } from '../../shared/webhooks/deliver';
import { guardOptions } from '../../shared/webhooks/settings';
import { postWebhook } from '../../shared/webhooks/ssrf';
import { webhookStores } from '../../shared/webhooks/store';
import { wiredOnFirstUse } from '../compose/wiredOnFirstUse';

export const attemptWebhookDeliveryHandler = wiredOnFirstUse(() => makeAttemptDelivery({ ...webhookStores(), post: postWebhook, guard: guardOptions(), now: () => new Date() }));

export const disableFailingWebhookHandler = wiredOnFirstUse(() =>
  makeDisableFailing({
    endpoints: webhookStores().endpoints,
    emailSender: emailSender(),
    now: () => new Date(),
    async contacts(tenantId) {
      const p = await partnerStore().get(tenantId);
      return p?.partner.notificationContacts ?? [];
    },
  }),
);

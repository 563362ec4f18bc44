import { makeAttemptDelivery, makeDisableFailing } from '../../shared/webhooks/deliver';
import { attemptDeliveryDeps, disableFailingDeps } from '../compose/webhooksDeps';
import { wiredOnFirstUse } from '../compose/wiredOnFirstUse';

export const attemptWebhookDeliveryHandler = wiredOnFirstUse(() => makeAttemptDelivery(attemptDeliveryDeps()));

export const disableFailingWebhookHandler = wiredOnFirstUse(() => makeDisableFailing(disableFailingDeps()));

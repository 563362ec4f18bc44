import type * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import type { AttemptOutcome, DeliveryInput } from '../../shared/webhooks/deliveryTypes';
import { activities } from '../names';
import { activityRetry } from './activityRetry';
import { callEmailActivity } from './callEmailActivity';

/** First wait after a failed attempt; it doubles up to an hour, for 24 hours. */
export const FIRST_RETRY_SECONDS = 5;
export const MAX_RETRY_SECONDS = 3600;
export const GIVE_UP_AFTER_MS = 24 * 3600 * 1000;

/**
 * Delivers one event to one endpoint (issue 16): an attempt now, then after 5 s, 10 s, 20 s … up
 * to an hour between attempts, on durable timers, until a 2xx, a 410 (the endpoint is disabled at
 * once), or 24 hours of failures: then the endpoint is disabled and the tenant's notification
 * contacts emailed. Its instance id is deterministic per (event, endpoint) (shared/webhooks/deliveryOrchestration.ts).
 */
export const webhookDeliveryOrchestrator: df.OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = context.df.getInput() as DeliveryInput;
  const started = context.df.currentUtcDateTime.getTime();
  let delaySeconds = FIRST_RETRY_SECONDS;
  for (;;) {
    const now = context.df.currentUtcDateTime.getTime();
    const retryAt = now + delaySeconds * 1000;
    const last = retryAt - started > GIVE_UP_AFTER_MS;
    const attempt = (yield context.df.callActivityWithRetry(activities.attemptWebhookDelivery, activityRetry(), {
      ...input,
      ...(last ? {} : { nextRetryAt: new Date(retryAt).toISOString() }),
    })) as AttemptOutcome;
    if (attempt.outcome !== 'failed') return attempt.outcome;
    if (last) {
      yield* callEmailActivity(context, activities.disableFailingWebhook, {
        tenantId: input.tenantId,
        endpointId: input.endpointId,
        deliveryId: input.deliveryId,
        generation: attempt.generation,
      });
      return 'disabled';
    }
    // A Retry-After the receiver sent (503, 429) is honoured when longer, up to an hour
    // (Standard Webhooks, "Delivery success and failure").
    const wait = Math.max(delaySeconds, Math.min(MAX_RETRY_SECONDS, attempt.retryAfterSeconds ?? 0));
    yield context.df.createTimer(new Date(now + wait * 1000));
    delaySeconds = Math.min(MAX_RETRY_SECONDS, Math.max(delaySeconds * 2, wait));
  }
};

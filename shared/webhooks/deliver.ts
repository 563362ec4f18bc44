import * as z from 'zod';
import { nameBasedUuid } from '../domain/ids';
import { renderEmail } from '../email/templates';
import { changeWebhook, signingSecrets } from './manageWebhooks';
import { recordSent } from '../recordSent';
import type { DeliverDeps, DisableDeps } from './ports';
import { standardWebhookHeaders } from './secrets';
import type { PostOutcome } from './ssrf';
import type { WebhookDelivery } from './store';

export const attemptInputSchema = z.object({
  tenantId: z.string().min(1),
  endpointId: z.string().min(1),
  deliveryId: z.string().min(1),
  /** When the orchestration will try again if this attempt fails (none: the last attempt). */
  nextRetryAt: z.string().optional(),
});
export type AttemptInput = z.infer<typeof attemptInputSchema>;

export type { AttemptOutcome } from './deliveryTypes';
import type { AttemptOutcome } from './deliveryTypes';

/** Records an attempt's result on the delivery over its ETag (a concurrent writer: read again). */
async function record(
  d: DeliverDeps,
  endpointId: string,
  id: string,
  change: (x: WebhookDelivery) => WebhookDelivery,
): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const found = await d.deliveries.get(endpointId, id);
    if (!found) return;
    if ((await d.deliveries.replace(change(found.doc), found.etag)) !== 'conflict') return;
  }
}

const describe = (o: PostOutcome): string =>
  o.kind === 'answered'
    ? `HTTP ${o.status}`
    : o.kind === 'refused'
      ? `refused: ${o.refusal}`
      : o.kind === 'timeout'
        ? 'timed out after 15 s'
        : `network: ${o.detail}`;

/**
 * One attempt of one delivery (an activity): signs the stored body with the endpoint's current
 * secrets by the Standard Webhooks scheme (webhook-id = the event id, the same on every attempt,
 * for the receiver to deduplicate), posts it through the SSRF guard and records the outcome.
 * A delivery already delivered is not sent again; a disabled or deleted endpoint gets nothing.
 * A 410 Gone disables the endpoint at once (Standard Webhooks, "Delivery success and failure").
 */
export function makeAttemptDelivery(d: DeliverDeps) {
  return async (raw: unknown): Promise<AttemptOutcome> => {
    const input = attemptInputSchema.parse(raw);
    const endpoint = await d.endpoints.get(input.tenantId, input.endpointId);
    const delivery = await d.deliveries.get(input.endpointId, input.deliveryId);
    if (!delivery) return { outcome: 'skipped', detail: 'no such delivery' };
    if (delivery.doc.status === 'delivered')
      return { outcome: 'delivered', status: delivery.doc.responseStatus ?? 200 };
    if (!endpoint || endpoint.doc.status !== 'enabled') {
      await record(d, input.endpointId, input.deliveryId, (x) => ({
        ...x,
        status: 'failed',
        error: 'endpoint disabled or deleted',
        nextRetryAt: undefined,
      }));
      return { outcome: 'skipped', detail: 'endpoint disabled or deleted' };
    }
    const e = endpoint.doc;
    const sentAt = d.now();
    const headers = standardWebhookHeaders(
      signingSecrets(e, sentAt),
      delivery.doc.eventId,
      sentAt,
      delivery.doc.payload,
    );
    const result = await d.post(e.url, delivery.doc.payload, headers, d.guard);
    const at = d.now().toISOString();
    const ok = result.kind === 'answered' && result.status >= 200 && result.status < 300;
    const gone = result.kind === 'answered' && result.status === 410;
    // The post is made: a store fault on its record must not fail the attempt at once, or the
    // orchestration's retry posts the same event again (the soak counted one redelivery in ten).
    await recordSent(() =>
      record(d, input.endpointId, input.deliveryId, (x) => {
        // This attempt already recorded (a write applied whose answer was lost): once only.
        if (x.lastAttemptAt === at) return x;
        const next: WebhookDelivery = {
          ...x,
          attempts: x.attempts + 1,
          lastAttemptAt: at,
          latencyMs: result.latencyMs,
          status: ok ? 'delivered' : gone || !input.nextRetryAt ? 'failed' : 'pending',
        };
        if (result.kind === 'answered') next.responseStatus = result.status;
        else delete next.responseStatus;
        if (ok) {
          next.deliveredAt = at;
          delete next.error;
          delete next.nextRetryAt;
        } else {
          next.error = describe(result);
          if (input.nextRetryAt && !gone) {
            // A longer Retry-After (up to an hour) is what the orchestration will wait (webhookDeliveryOrchestrator.ts).
            const ra =
              result.kind === 'answered' && result.retryAfterSeconds
                ? Date.parse(at) + Math.min(3600, result.retryAfterSeconds) * 1000
                : 0;
            next.nextRetryAt = ra > Date.parse(input.nextRetryAt) ? new Date(ra).toISOString() : input.nextRetryAt;
          } else delete next.nextRetryAt;
        }
        return next;
      }),
    );
    if (ok) {
      // A replay delivered: its original counts as delivered (a later replay skips it).
      const original = input.deliveryId.split('~r')[0] as string;
      if (original !== input.deliveryId)
        await record(d, input.endpointId, original, (x) =>
          x.status === 'delivered' ? x : { ...x, status: 'delivered', deliveredAt: at },
        );
      return { outcome: 'delivered', status: (result as { status: number }).status };
    }
    if (gone) {
      await changeWebhook(d, e.tenantId, e.id, (x) =>
        x.status === 'enabled' && x.generation === e.generation
          ? { ...x, status: 'disabled', disabledReason: 'gone', disabledAt: at, updatedAt: at }
          : undefined,
      );
      return { outcome: 'gone' };
    }
    const retryAfter =
      result.kind === 'answered' && result.retryAfterSeconds ? { retryAfterSeconds: result.retryAfterSeconds } : {};
    return {
      outcome: 'failed',
      ...(result.kind === 'answered' ? { status: result.status } : {}),
      detail: describe(result),
      generation: e.generation,
      ...retryAfter,
    };
  };
}

export const disableInputSchema = z.object({
  tenantId: z.string().min(1),
  endpointId: z.string().min(1),
  generation: z.number().int(),
  deliveryId: z.string().min(1),
});

/**
 * After 24 hours of failed attempts: disables the endpoint (only the generation that failed: a
 * re-enable since then keeps it enabled) and emails the tenant's notification contacts, once per
 * disabling (the email's Operation-Id is derived from the endpoint and its generation).
 */
export function makeDisableFailing(d: DisableDeps) {
  return async (raw: unknown): Promise<{ outcome: string; retryAfterSeconds?: number }> => {
    const input = disableInputSchema.parse(raw);
    const at = d.now().toISOString();
    const after = await changeWebhook(d, input.tenantId, input.endpointId, (x) =>
      x.status === 'enabled' && x.generation === input.generation
        ? { ...x, status: 'disabled', disabledReason: 'failing', disabledAt: at, updatedAt: at }
        : undefined,
    );
    if (!after || after.generation !== input.generation || after.disabledReason !== 'failing')
      return { outcome: 'skipped' };
    const contacts = await d.contacts(input.tenantId);
    for (const to of contacts) {
      const text =
        `Your webhook endpoint ${after.url} (${after.id}) failed every delivery for 24 hours and has been disabled.\n\n` +
        `Nothing more is sent to it. Fix the receiver, then re-enable it with PATCH /api/webhooks/${after.id} {"enabled": true}, ` +
        `and send what it missed with POST /api/webhooks/${after.id}/replay {"since": "…"}.\n`;
      const sent = await d.emailSender.send({
        operationId: nameBasedUuid(`webhook-disabled:${after.id}:${after.generation}:${to}`),
        priority: 'notice',
        to,
        ...renderEmail({ subject: 'A webhook endpoint was disabled', text }),
      });
      if (sent.outcome === 'deferred') return { outcome: 'deferred', retryAfterSeconds: sent.retryAfterSeconds };
    }
    return { outcome: 'done' };
  };
}

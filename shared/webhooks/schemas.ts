import * as z from 'zod';
import { continuationTokenSchema, guidSchema, instantSchema, pageSizeSchema } from '../schemas/common';
import { eventTypes, TEST_EVENT_TYPE } from './events';

/** An endpoint's URL as given: absolute, at most 2 KB; the SSRF guard (ssrf.ts) decides the rest. */
export const webhookUrlSchema = z.string().trim().min(8).max(2048).url();

const eventsSchema = z
  .array(z.enum(eventTypes))
  .min(1)
  .max(eventTypes.length)
  .transform((e) => [...new Set(e)]);

/** POST /api/webhooks. */
export const webhookCreateSchema = z.strictObject({
  url: webhookUrlSchema,
  events: eventsSchema,
  description: z.string().trim().max(500).default(''),
});
export type WebhookCreate = z.infer<typeof webhookCreateSchema>;

/** PATCH /api/webhooks/{id}: any of the fields; `enabled: true` re-enables a disabled endpoint. */
export const webhookPatchSchema = z
  .strictObject({
    url: webhookUrlSchema.optional(),
    events: eventsSchema.optional(),
    description: z.string().trim().max(500).optional(),
    enabled: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'name at least one field');
export type WebhookPatch = z.infer<typeof webhookPatchSchema>;

/** POST /api/webhooks/{id}/replay. */
export const webhookReplaySchema = z.strictObject({ since: instantSchema });

export const webhookIdParamSchema = z.strictObject({ id: guidSchema });
export const webhookPageQuerySchema = z.strictObject({
  continuationToken: continuationTokenSchema.optional(),
  pageSize: pageSizeSchema,
});

const statusSchema = z.enum(['enabled', 'disabled']);

/** An endpoint as its tenant sees it: never a signing secret (those are shown once). */
export const webhookViewSchema = z.object({
  id: guidSchema,
  url: z.string(),
  events: z.array(z.string()),
  description: z.string(),
  status: statusSchema,
  /**
   * Why it was disabled: `failing` (24 hours of failed deliveries), `gone` (the receiver answered 410), `by_tenant`.
   */
  disabledReason: z.enum(['failing', 'gone', 'by_tenant']).optional(),
  disabledAt: instantSchema.optional(),
  /** Until then the previous secret signs too (24 hours after a rotation). */
  previousSecretExpiresAt: instantSchema.optional(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
export type WebhookView = z.infer<typeof webhookViewSchema>;

/** The one response that hands out a signing secret (create, rotate). */
export const webhookWithSecretSchema = webhookViewSchema.extend({
  secret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]+$/)
    .describe('The signing secret (Standard Webhooks `whsec_`), shown only in this response'),
});

/** One event's delivery to one endpoint. */
export const webhookDeliverySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int().min(0),
  responseStatus: z.number().int().optional(),
  error: z.string().optional(),
  latencyMs: z.number().int().min(0).optional(),
  nextRetryAt: instantSchema.optional(),
  createdAt: instantSchema,
  lastAttemptAt: instantSchema.optional(),
  deliveredAt: instantSchema.optional(),
});
export type WebhookDeliveryView = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryPageSchema = z.object({
  items: z.array(webhookDeliverySchema),
  continuationToken: continuationTokenSchema.optional(),
});
export const webhookListSchema = z.object({
  items: z.array(webhookViewSchema),
  continuationToken: continuationTokenSchema.optional(),
});

/** 202 of test and replay: the events queued for delivery. */
export const webhookQueuedSchema = z.object({ queued: z.number().int().min(0), eventIds: z.array(z.string()) });

export const testEventType = TEST_EVENT_TYPE;

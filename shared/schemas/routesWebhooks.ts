import { type ApiRoute, locationHeader } from './openapi';
import { idempotencyKeySchema } from './common';
import {
  webhookCreateSchema,
  webhookDeliveryPageSchema,
  webhookIdParamSchema,
  webhookListSchema,
  webhookPageQuerySchema,
  webhookPatchSchema,
  webhookQueuedSchema,
  webhookReplaySchema,
  webhookViewSchema,
  webhookWithSecretSchema,
} from '../webhooks/schemas';

const err = (description: string) => ({ description });
const tags = ['webhooks'];
const who = 'Role not allowed, or not enrolled (partner_not_enrolled)';
const refused = err(
  'The URL is refused (validation_failed, with `refusal`): https only, to a public address; or events a caller may not subscribe to',
);

/** Webhook endpoints of the caller's tenant (issue 16). Deliveries follow the Standard Webhooks specification. */
export const webhookRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/api/webhooks',
    operationId: 'createWebhook',
    summary: 'Register a webhook endpoint; the signing secret is in this response only',
    tags,
    description:
      'Deliveries are signed by the Standard Webhooks specification (webhook-id = the event id, webhook-timestamp, webhook-signature `v1,<base64 HMAC-SHA256>` with the `whsec_` secret). Keep the secret: it is never shown again (rotate it to get a new one).',
    requestSchema: webhookCreateSchema,
    headers: [
      {
        name: 'Idempotency-Key',
        description:
          'A repeat with the same key within 24 hours returns the first registration, with its secret (200), and registers nothing again.',
        schema: idempotencyKeySchema,
      },
    ],
    responses: {
      200: {
        description: 'A repeated Idempotency-Key: the first registration, with its secret',
        schema: webhookWithSecretSchema,
        headers: locationHeader('The endpoint'),
      },
      201: {
        description: 'Registered, with its secret',
        schema: webhookWithSecretSchema,
        headers: locationHeader('The endpoint'),
      },
      403: err(who),
      409: err(
        'The tenant has 20 endpoints already; or the Idempotency-Key registered an endpoint whose secret was rotated since, or over 24 hours ago (conflict)',
      ),
      422: refused,
    },
  },
  {
    method: 'get',
    path: '/api/webhooks',
    operationId: 'listWebhooks',
    summary: "The tenant's webhook endpoints (no secrets)",
    tags,
    querySchema: webhookPageQuerySchema,
    responses: { 200: { description: 'Page', schema: webhookListSchema }, 403: err(who) },
  },
  {
    method: 'get',
    path: '/api/webhooks/{id}',
    operationId: 'getWebhook',
    summary: 'One webhook endpoint (no secret)',
    tags,
    paramsSchema: webhookIdParamSchema,
    responses: {
      200: { description: 'The endpoint', schema: webhookViewSchema },
      403: err(who),
      404: err("No such endpoint of the caller's tenant"),
    },
  },
  {
    method: 'patch',
    path: '/api/webhooks/{id}',
    operationId: 'patchWebhook',
    summary: 'Change the URL, events or description; `enabled: true` re-enables a disabled endpoint',
    tags,
    paramsSchema: webhookIdParamSchema,
    requestSchema: webhookPatchSchema,
    responses: {
      200: { description: 'Changed', schema: webhookViewSchema },
      403: err(who),
      404: err("No such endpoint of the caller's tenant"),
      409: err('Changed meanwhile (conflict)'),
      422: refused,
    },
  },
  {
    method: 'delete',
    path: '/api/webhooks/{id}',
    operationId: 'deleteWebhook',
    summary: 'Remove a webhook endpoint; nothing more is sent to it',
    tags,
    paramsSchema: webhookIdParamSchema,
    responses: { 204: { description: 'Removed' }, 403: err(who), 404: err("No such endpoint of the caller's tenant") },
  },
  {
    method: 'post',
    path: '/api/webhooks/{id}/rotate-secret',
    operationId: 'rotateWebhookSecret',
    summary: 'A new signing secret; the previous one keeps signing for 24 hours',
    tags,
    description:
      'For 24 hours every delivery carries two signatures, space-delimited in webhook-signature (Standard Webhooks zero-downtime rotation).',
    paramsSchema: webhookIdParamSchema,
    responses: {
      200: { description: 'The endpoint and its new secret, shown this once', schema: webhookWithSecretSchema },
      403: err(who),
      404: err("No such endpoint of the caller's tenant"),
    },
  },
  {
    method: 'post',
    path: '/api/webhooks/{id}/test',
    operationId: 'testWebhook',
    summary: 'Send a `webhook.test` event to the endpoint',
    tags,
    paramsSchema: webhookIdParamSchema,
    responses: {
      202: { description: 'Queued; follow it in the delivery log', schema: webhookQueuedSchema },
      403: err(who),
      404: err("No such endpoint of the caller's tenant"),
      409: err('The endpoint is disabled (conflict)'),
    },
  },
  {
    method: 'post',
    path: '/api/webhooks/{id}/replay',
    operationId: 'replayWebhook',
    summary: 'Send again every event the endpoint missed since a time (at most 100 per call)',
    tags,
    paramsSchema: webhookIdParamSchema,
    requestSchema: webhookReplaySchema,
    responses: {
      202: { description: 'Queued; follow them in the delivery log', schema: webhookQueuedSchema },
      403: err(who),
      404: err("No such endpoint of the caller's tenant"),
      409: err('The endpoint is disabled (conflict)'),
    },
  },
  {
    method: 'get',
    path: '/api/webhooks/{id}/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: 'The delivery log: event, attempts, response status, latency, next retry (kept 30 days)',
    tags,
    paramsSchema: webhookIdParamSchema,
    querySchema: webhookPageQuerySchema,
    responses: {
      200: { description: 'Page, newest first', schema: webhookDeliveryPageSchema },
      403: err(who),
      404: err("No such endpoint of the caller's tenant"),
    },
  },
];

import * as z from 'zod';
import { eventTypes, TEST_EVENT_TYPE } from '../webhooks/events';

type Json = Record<string, unknown>;

/** The CloudEvents 1.0 envelope every webhook body is (JSON event format). */
export const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().regex(/^[A-Za-z0-9_-]+$/).describe('The event id: also the webhook-id header, the same on every attempt and replay; deduplicate on it'),
  source: z.string().describe('The API that produced it'),
  type: z.string().describe('The event type, e.g. invitation.created'),
  subject: z.string().optional().describe('`{resource type}/{id}` of the resource that changed'),
  time: z.string().describe('When the change happened (RFC 3339)'),
  datacontenttype: z.literal('application/json'),
  data: z
    .object({
      subject: z.object({ type: z.string(), id: z.string() }),
      change: z.string(),
      by: z.object({ type: z.enum(['user', 'system']), tenantId: z.string().optional() }),
      detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
      correlationId: z.string(),
    })
    .catchall(z.unknown())
    .describe("The change as the receiving tenant's audit trail records it (no person's identity, never a secret)"),
});

const descriptions: Record<string, string> = {
  'invitation.created': 'A partner created an invitation',
  'invitation.emailed': 'The invitation email was sent',
  'invitation.reminded': 'A reminder was sent before the invitation expires',
  'invitation.accepted': "The customer (or reseller) accepted; it is being recorded",
  'invitation.declined': 'The invitation was declined',
  'invitation.revoked': 'The inviter revoked it',
  'invitation.expired': 'Nobody answered before the deadline',
  'invitation.recorded': 'The acceptance is recorded: relationships, grant and partnership exist',
  'invitation.bounced': 'The invitation email bounced or its address is suppressed (detail: sendNumber, status): correct the address and resend',
  'relationship.created': 'A reseller relationship was established (again)',
  'relationship.removed': 'The partner removed its relationship with a customer',
  'grant.created': 'A delegated admin grant was created',
  'grant.extended': 'A grant was extended automatically',
  'grant.expiring': 'A grant is about to expire',
  'grant.expired': 'A grant expired',
  'grant.removed': 'The customer removed the grant: the partner has lost access',
  'partnership.requested': 'An indirect provider asked a reseller to partner',
  'partnership.created': 'An indirect partnership exists',
  'partnership.removed': 'An indirect partnership ended',
  'customer.created': 'A new customer tenant was created for a reseller',
  'subscription.created': 'A subscription was added',
  'subscription.updated': 'A subscription changed',
  'partner.enrolled': 'The operator enrolled a partner',
  'partner.suspended': 'The operator suspended a partner',
  'partner.reinstated': 'The operator reinstated a partner',
  'batch.completed': 'An invitation batch finished (succeeded, partiallySucceeded, failed or canceled); `data.batch` is its status and counts then',
  [TEST_EVENT_TYPE]: 'Sent by POST /api/webhooks/{id}/test',
};

const header = (name: string, description: string, schema: Json): Json => ({ name, in: 'header', required: true, description, schema });

/**
 * The document's `webhooks` (OpenAPI 3.1): one POST per event type, as a receiver gets it: the
 * Standard Webhooks headers and the CloudEvent body. `$ref`s point at the CloudEvent schema the
 * caller adds to components (name `CloudEvent`).
 */
export function webhooksSection(cloudEventRef: string): Record<string, Json> {
  const parameters = [
    header('webhook-id', 'The event id (Standard Webhooks): the same on every attempt; deduplicate on it.', { type: 'string' }),
    header('webhook-timestamp', 'This attempt, in integer Unix seconds; refuse it when more than 5 minutes off.', { type: 'string', pattern: '^[0-9]+$' }),
    header('webhook-signature', 'Space-delimited `v1,<base64 HMAC-SHA256>` of `{webhook-id}.{webhook-timestamp}.{body}` keyed with the endpoint\'s `whsec_` secret (base64 after the prefix); two during the 24 hours after a rotation.', { type: 'string' }),
  ];
  return Object.fromEntries(
    [...eventTypes, TEST_EVENT_TYPE].map((type) => [
      type,
      {
        post: {
          operationId: `event_${type.replace('.', '_')}`,
          summary: descriptions[type] ?? type,
          description: `${descriptions[type] ?? type}. Delivered to the endpoints subscribed to \`${type}\` of the tenants that may read the resource, retried for 24 hours.`,
          tags: ['webhooks'],
          security: [],
          parameters,
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: cloudEventRef } } } },
          responses: {
            '200': { description: 'Any 2xx: delivered' },
            '410': { description: 'Gone: the endpoint is disabled at once' },
            default: { description: 'Anything else (or no answer in 15 s): retried, 5 s doubling to an hour, for 24 hours' },
          },
        },
      },
    ]),
  );
}

import * as z from 'zod';
import { eventTypes, TEST_EVENT_TYPE } from '../webhooks/events';
import { partnerDocumentSchema, partnershipDocumentSchema, relationshipDocumentSchema } from './documents';
import * as rs from './responses';

type Json = Record<string, unknown>;

const changeFields = {
  subject: z
    .object({ type: z.string(), id: z.string() })
    .optional()
    .describe("The audit entry's subject (absent on events derived from another entry)"),
  change: z.string().describe('What changed: the audit action (or the event type of an event derived from one)'),
  by: z
    .object({ type: z.enum(['user', 'system']), tenantId: z.string().optional() })
    .describe('Who changed it: a user of a tenant (never the person), or the system'),
  detail: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .describe('Facts of the change, as the audit trail records them'),
  correlationId: z.string(),
};

/** Each resource's event data: what changed, and the resource as the receiving tenant's API shows it. */
const eventData = {
  invitation: z.object({
    ...changeFields,
    invitationId: z.string(),
    invitation: z
      .union([rs.invitationViewSchema, rs.answerResponseSchema])
      .optional()
      .describe(
        'To the inviter (and a multi-party provider): the invitation as GET /api/invitations/{id} shows it. ' +
          'To the tenant that answered: its answer, as the accept/decline response showed it',
      ),
  }),
  relationship: z.object({
    ...changeFields,
    relationshipId: z.string().optional(),
    invitationId: z.string().optional(),
    relationships: z.number().int().optional().describe('relationship.created of an acceptance: how many it recorded'),
    relationship: relationshipDocumentSchema
      .optional()
      .describe(
        "The receiving partner's relationship (the customer: its partner's), as GET /api/customers/{id} lists it",
      ),
  }),
  grant: z.object({
    ...changeFields,
    grantId: z.string(),
    invitationId: z.string().optional(),
    grant: rs.grantViewSchema
      .optional()
      .describe('The grant as GET /api/customers/{id} and GET /api/me/delegated-admin-grants show it'),
  }),
  partnership: z.object({
    ...changeFields,
    partnershipId: z.string().optional(),
    invitationId: z.string().optional(),
    partnership: partnershipDocumentSchema
      .optional()
      .describe('The partnership as GET /api/indirect-resellers and GET /api/indirect-providers show it'),
  }),
  partnershipRequest: z.object({
    ...changeFields,
    invitationId: z.string(),
    invitation: rs.invitationViewSchema
      .optional()
      .describe('The request (an invitation of kind `partnership`) as GET /api/invitations/{id} shows it'),
  }),
  customer: z.object({
    ...changeFields,
    customerId: z.string(),
    customer: rs.customerViewSchema
      .optional()
      .describe(
        'The customer as GET /api/customers/{id} shows it to the receiving partner ' +
          "(no temporary password: that is in the creation's response only)",
      ),
  }),
  subscription: z.object({
    ...changeFields,
    subscriptionId: z.string(),
    subscription: rs.subscriptionViewSchema
      .optional()
      .describe('The subscription as GET /api/customers/{id}/subscriptions lists it'),
  }),
  partner: z.object({
    ...changeFields,
    partnerTenantId: z.string(),
    partner: partnerDocumentSchema
      .optional()
      .describe("The partner profile as GET /api/partner (and the operator's GET /api/program/partners) show it"),
  }),
  test: z.object({ endpointId: z.string() }).catchall(z.unknown()),
  /** A type whose resource has no data schema of its own yet: what changed, and whatever else it carries. */
  other: z.object({ ...changeFields }).catchall(z.unknown()),
};
type DataKind = keyof typeof eventData;

function dataKindOf(type: string): DataKind {
  if (type === 'partnership.requested') return 'partnershipRequest';
  if (type === TEST_EVENT_TYPE) return 'test';
  const resource = type.split('.')[0] as string;
  return resource in eventData ? (resource as DataKind) : 'other';
}

/** The CloudEvents 1.0 envelope (JSON event format) whose `data` is one resource's event data. */
function envelope(data: z.ZodType) {
  return z.object({
    specversion: z.literal('1.0'),
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .describe('The event id: also the webhook-id header, the same on every attempt and replay; deduplicate on it'),
    source: z.string().describe('The API that produced it'),
    type: z.string().describe('The event type, e.g. invitation.created'),
    subject: z.string().optional().describe('`{resource type}/{id}` of the resource that changed'),
    time: z.string().describe('When the change happened (RFC 3339)'),
    datacontenttype: z.literal('application/json'),
    data: data.describe(
      "What changed, and the resource as the receiving tenant's API shows it, as that change left it; " +
        'never a secret',
    ),
  });
}

/** The event body of each kind of resource, named in the document's components (e.g. `InvitationEvent`). */
export const eventSchemas: Record<DataKind, z.ZodType> = Object.fromEntries(
  Object.entries(eventData).map(([k, data]) => [k, envelope(data)]),
) as unknown as Record<DataKind, z.ZodType>;

/** The component names of the event bodies the catalogue uses (an unused component fails the lint). */
export const eventSchemaNames = new Map<z.ZodType, string>(
  [...new Set([...eventTypes, TEST_EVENT_TYPE].map(dataKindOf))].map((k) => [
    eventSchemas[k],
    `${k.charAt(0).toUpperCase()}${k.slice(1)}Event`,
  ]),
);

/** The documented body of an event type (tests parse deliveries with it). */
export const eventSchemaOf = (type: string): z.ZodType => eventSchemas[dataKindOf(type)];

const descriptions: Record<string, string> = {
  'invitation.created': 'A partner created an invitation',
  'invitation.emailed': 'The invitation email was sent',
  'invitation.reminded': 'A reminder was sent before the invitation expires',
  'invitation.accepted': 'The customer (or reseller) accepted; it is being recorded',
  'invitation.declined': 'The invitation was declined',
  'invitation.revoked': 'The inviter revoked it',
  'invitation.expired': 'Nobody answered before the deadline',
  'invitation.recorded': 'The acceptance is recorded: relationships, grant and partnership exist',
  'invitation.bounced':
    'The invitation email, or a reminder of it, bounced or its address is suppressed (detail: sendNumber, reminder when ' +
    'a reminder, status): correct the address and resend',
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
  'batch.completed':
    'An invitation batch finished (succeeded, partiallySucceeded, failed or canceled); `data.batch` is its status and counts then',
  [TEST_EVENT_TYPE]: 'Sent by POST /api/webhooks/{id}/test',
};

const header = (name: string, description: string, schema: Json): Json => ({
  name,
  in: 'header',
  required: true,
  description,
  schema,
});

/**
 * The document's `webhooks` (OpenAPI 3.1): one POST per event type, as a receiver gets it: the
 * Standard Webhooks headers and the CloudEvent body of its resource. `$ref`s point at the event
 * schemas the caller adds to components (eventSchemaNames).
 */
export function webhooksSection(ref: (name: string) => string): Record<string, Json> {
  const parameters = [
    header('webhook-id', 'The event id (Standard Webhooks): the same on every attempt; deduplicate on it.', {
      type: 'string',
    }),
    header('webhook-timestamp', 'This attempt, in integer Unix seconds; refuse it when more than 5 minutes off.', {
      type: 'string',
      pattern: '^[0-9]+$',
    }),
    header(
      'webhook-signature',
      "Space-delimited `v1,<base64 HMAC-SHA256>` of `{webhook-id}.{webhook-timestamp}.{body}` keyed with the endpoint's `whsec_` secret (base64 after the prefix); two during the 24 hours after a rotation.",
      { type: 'string' },
    ),
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
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: ref(eventSchemaNames.get(eventSchemaOf(type)) as string) } },
            },
          },
          responses: {
            '200': { description: 'Any 2xx: delivered' },
            '410': { description: 'Gone: the endpoint is disabled at once' },
            default: {
              description: 'Anything else (or no answer in 15 s): retried, 5 s doubling to an hour, for 24 hours',
            },
          },
        },
      },
    ]),
  );
}

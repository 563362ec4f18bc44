import * as z from 'zod';
import {
  continuationTokenSchema,
  displayNameSchema,
  emailSchema,
  guidSchema,
  instantSchema,
  localeSchema,
} from './common';
import { errorStatus, type ErrorCode } from '../http/errors';
import { invitationKinds, invitationStatuses } from '../domain/invitation';
import {
  grantDocumentSchema,
  invitationDocumentSchema,
  partnerDocumentSchema,
  partnershipDocumentSchema,
  relationshipDocumentSchema,
} from './documents';

/** One problem with the input, by path (never the offending value). */
export const inputIssueSchema = z.object({ path: z.string(), message: z.string() });

/** RFC 9457 problem details with the stable string `code` of the error table. */
export const problemSchema = z.object({
  type: z.string().max(500).describe('urn:reseller-connect:problem:{code}'),
  title: z.string().max(200),
  status: z.number().int().min(400).max(599),
  detail: z.string().max(2000).optional(),
  code: z
    .enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]])
    .describe('The stable error code; the HTTP status follows from it. Branch on this, not on `detail`.'),
  issues: z
    .array(inputIssueSchema)
    .optional()
    .describe('400 bad_request and 422 invitation_link_missing: every input issue by path.'),
  instance: z.string().max(500).optional(),
});

/** A page of a list and the token for the next one, if any. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), continuationToken: continuationTokenSchema.optional() });
}

/** An invitation as its inviter sees it: everything but the token hash, idempotency key and failed-answer count. */
export const invitationViewSchema = invitationDocumentSchema.omit({
  tokenHash: true,
  idempotencyKey: true,
  answerFailures: true,
});

/** What a partner's invitation list shows of each invitation; the full one is GET /api/invitations/{id}. */
export const invitationSummarySchema = z.object({
  id: guidSchema,
  partnerTenantId: guidSchema.describe(
    'The listing partner (the inviter, or the provider of a multi-party invitation).',
  ),
  invitationId: guidSchema,
  kind: z.enum(invitationKinds),
  role: z.enum(['inviter', 'provider']).describe("The listing partner's part in the invitation."),
  recipientEmail: emailSchema,
  status: z.enum(invitationStatuses),
  createdAt: instantSchema,
  expiresAt: instantSchema,
});

/** The default email the draft endpoint proposes. */
export const invitationDraftResponseSchema = z.object({ subject: z.string(), text: z.string(), locale: localeSchema });

/** The caller's partner profile. */
export const partnerProfileSchema = partnerDocumentSchema;

/** A customer as a partner lists it. */
export const customerViewSchema = z.object({
  customerTenantId: guidSchema,
  companyName: displayNameSchema.optional(),
  /** An indirect provider's customer: the reseller associated with it. */
  reseller: z
    .object({ tenantId: guidSchema, name: displayNameSchema.optional(), mpnId: z.string().optional() })
    .optional(),
  relationships: z.array(relationshipDocumentSchema),
  grants: z.array(grantDocumentSchema),
});

/** What removing a relationship leaves in force: the grants, unchanged (and no notice was sent). */
export const removeRelationshipResponseSchema = z.object({
  removed: relationshipDocumentSchema,
  grantsUnchanged: z.array(grantDocumentSchema),
  noticeSent: z.literal(false),
  note: z.string(),
});

/** An indirect reseller as its provider lists it. */
export const resellerViewSchema = z.object({
  partnership: partnershipDocumentSchema,
  reseller: partnerDocumentSchema.optional(),
  associatedCustomers: z.number().int().min(0),
});

/** An indirect provider as its reseller lists it. */
export const providerViewSchema = z.object({
  partnership: partnershipDocumentSchema,
  provider: partnerDocumentSchema.optional(),
});

/** What removing a partnership leaves in force. */
export const removePartnershipResponseSchema = z.object({
  removed: partnershipDocumentSchema,
  customersStillAssociated: z.array(guidSchema),
  grantsUnchanged: z.array(grantDocumentSchema),
  noticeSent: z.literal(false),
  note: z.string(),
});

/**
 * An offer of the catalog (GET /api/offers): what a subscription's `offerId` names, and the license counts it allows.
 */
export const offerSchema = z.object({
  id: z.string().describe('What `offerId` of a subscription names.'),
  name: z.string(),
  minQuantity: z.number().int().min(1),
  maxQuantity: z.number().int().min(1),
});

/** The whole catalog (a few offers: one page). */
export const offerListSchema = z.object({ items: z.array(offerSchema) });

/** A subscription of a customer. */
export const subscriptionViewSchema = z.object({
  id: guidSchema,
  customerTenantId: guidSchema,
  /** The partner that transacts it: the only one that changes it. */
  ownerTenantId: guidSchema,
  offerId: z.string().describe('The `id` of an offer of GET /api/offers.'),
  quantity: z.number().int(),
  resellerMpnId: z.string().optional(),
  resellerTenantId: guidSchema.optional(),
  supportContactMpnId: z.string().optional(),
  supportContactTenantId: guidSchema.optional(),
  createdAt: instantSchema,
});

/** The new customer; the temporary password appears in this response once and never again. */
export const newCustomerResponseSchema = z.object({
  customerTenantId: guidSchema,
  companyName: displayNameSchema,
  domainPrefix: z.string().describe('The new tenant is {domainPrefix}.onmicrosoft.com.'),
  resellerTenantId: guidSchema.describe('The indirect reseller the customer is associated with.'),
  adminUserName: emailSchema,
  temporaryPassword: z.string().optional(),
  subscriptions: z.array(subscriptionViewSchema),
});

/** One audit entry. */
export const auditEntrySchema = z.object({
  id: z.string(),
  tenantId: guidSchema,
  at: instantSchema,
  by: z.object({ type: z.enum(['user', 'system']), tenantId: guidSchema.optional(), userId: guidSchema.optional() }),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().optional(),
  correlationId: z.string().optional(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

/** What the acceptor or decliner gets back (the same again for a repeat by the same person). */
export const answerResponseSchema = z.object({
  invitationId: guidSchema,
  /** A repeat by the same person gets the first answer again, whatever happened since. */
  status: z.enum(['accepted', 'declined']),
  answeredAt: instantSchema,
  partner: z.object({ name: z.string() }),
});

/** A partner as a customer sees it (GET /api/me/partners). */
export const myPartnerSchema = z.object({
  partnerTenantId: guidSchema,
  name: displayNameSchema.optional(),
  relationship: relationshipDocumentSchema,
  grants: z.array(grantDocumentSchema),
});

/** A delegated admin grant as shown to partner and customer. */
export const grantViewSchema = grantDocumentSchema;

import * as z from 'zod';
import { invitationKinds, invitationStatuses, timelineEntryTypes, type Invitation } from '../domain/invitation';
import { partnerStatuses, type Grant, type Partner, type Partnership, type Relationship } from '../domain/partner';
import {
  cloudSchema,
  countrySchema,
  displayNameSchema,
  emailSchema,
  guidSchema,
  instantSchema,
  mpnIdSchema,
  partnerKindSchema,
  phoneSchema,
} from './common';

// Stored documents are parsed on read (Cosmos adds _etag, _ts… which z.object strips), and each
// schema is checked against the domain type so the two cannot drift apart.

/** Who did something. */
export const actorSchema = z.object({
  type: z.enum(['user', 'system']),
  tenantId: guidSchema.optional(),
  userId: guidSchema.optional(),
  // As loose as the Caller's e-mail claim: a stored actor must always parse back.
  email: z.string().min(3).max(320).optional(),
});

/** An invitation as stored. */
export const invitationDocumentSchema = z.object({
  id: guidSchema,
  kind: z.enum(invitationKinds),
  partnerTenantId: guidSchema,
  providerTenantId: guidSchema.optional(),
  recipientEmail: emailSchema,
  recipientName: displayNameSchema.optional(),
  customerTenantId: guidSchema.optional(),
  grantId: guidSchema.optional(),
  includeDelegatedAdmin: z.boolean(),
  delegatedAdmin: z
    .object({ roles: z.array(guidSchema), duration: z.string().max(6), autoExtend: z.boolean() })
    .optional(),
  email: z.object({
    subject: z.string().max(200),
    text: z.string().max(20_000),
    locale: z.string().max(16).optional(),
  }),
  status: z.enum(invitationStatuses),
  createdAt: instantSchema,
  createdBy: actorSchema,
  expiresAt: instantSchema,
  reminders: z.array(instantSchema).max(10).optional(),
  reminderAt: instantSchema.optional(),
  reminderSentAt: instantSchema.optional(),
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  sendCount: z.number().int().min(0),
  answeredAt: instantSchema.optional(),
  answeredBy: actorSchema.optional(),
  acceptedBy: actorSchema.optional(),
  recordedAt: instantSchema.optional(),
  timeline: z.array(
    z.object({
      type: z.enum(timelineEntryTypes),
      at: instantSchema,
      by: actorSchema,
      detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    }),
  ),
  idempotencyKey: z.string().max(128).optional(),
  answerFailures: z.object({ windowStart: instantSchema, count: z.number().int().min(0) }).optional(),
}) satisfies z.ZodType<Invitation>;

/** A partner profile as stored. */
export const partnerDocumentSchema = z.object({
  tenantId: guidSchema,
  name: displayNameSchema,
  kind: partnerKindSchema,
  mpnId: mpnIdSchema,
  country: countrySchema,
  cloud: cloudSchema,
  status: z.enum(partnerStatuses).optional(),
  notificationContacts: z.array(emailSchema).max(10).optional(),
  supportEmail: emailSchema.optional(),
  supportPhone: phoneSchema.optional(),
}) satisfies z.ZodType<Partner>;

/** A delegated admin grant as stored. */
export const grantDocumentSchema = z.object({
  id: guidSchema,
  partnerTenantId: guidSchema,
  customerTenantId: guidSchema,
  invitationId: guidSchema,
  roles: z.array(guidSchema),
  duration: z.string().max(6),
  autoExtend: z.boolean(),
  startsAt: instantSchema,
  endsAt: instantSchema,
  status: z.enum(['active', 'expired', 'removed']),
  removedAt: instantSchema.optional(),
  renewal: z.object({ invitationId: guidSchema, at: instantSchema, previousEndsAt: instantSchema }).optional(),
}) satisfies z.ZodType<Grant>;

/** A partner–customer relationship as stored. */
export const relationshipDocumentSchema = z.object({
  id: guidSchema,
  partnerTenantId: guidSchema,
  customerTenantId: guidSchema,
  kind: z.enum(['reseller', 'indirectProvider']),
  resellerTenantId: guidSchema.optional(),
  status: z.enum(['active', 'removed']),
  createdAt: instantSchema,
  removedAt: instantSchema.optional(),
  invitationId: guidSchema.optional(),
  periods: z
    .array(z.object({ from: instantSchema, to: instantSchema.optional(), establishedBy: guidSchema.optional() }))
    .optional(),
}) satisfies z.ZodType<Relationship>;

/** A provider–reseller partnership as stored. */
export const partnershipDocumentSchema = z.object({
  id: guidSchema,
  providerTenantId: guidSchema,
  resellerTenantId: guidSchema,
  status: z.enum(['active', 'removed']),
  createdAt: instantSchema,
  removedAt: instantSchema.optional(),
  invitationId: guidSchema.optional(),
}) satisfies z.ZodType<Partnership>;

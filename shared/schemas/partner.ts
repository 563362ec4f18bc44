import * as z from 'zod';
import { partnerKinds, partnerStatuses } from '../domain/partner';
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
import { pageQuerySchema } from './queries';

/**
 * A partner's identity in the program: what the operator enrols (PUT /api/program/partners/{tenantId})
 * and what an applicant asks for (POST /api/enrolment-requests). The tenant is never in the body.
 */
export const partnerEnrolmentSchema = z.strictObject({
  name: displayNameSchema,
  kind: partnerKindSchema,
  mpnId: mpnIdSchema,
  country: countrySchema,
  cloud: cloudSchema,
});
export type PartnerEnrolment = z.infer<typeof partnerEnrolmentSchema>;

/** PATCH /api/partner: the contact details a partner keeps itself (its identity is the operator's). */
export const partnerContactsPatchSchema = z
  .strictObject({
    notificationContacts: z.array(emailSchema).max(10).optional(),
    supportEmail: emailSchema.optional(),
    supportPhone: phoneSchema.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'name at least one of notificationContacts, supportEmail, supportPhone');
export type PartnerContactsPatch = z.infer<typeof partnerContactsPatchSchema>;

/** GET /api/program/partners: filters of the operator's partner list. */
export const programPartnerListQuerySchema = pageQuerySchema.extend({
  kind: z.enum(partnerKinds).optional(),
  status: z.enum(partnerStatuses).optional(),
  name: z.string().trim().min(1).max(100).optional(),
});

/** Path parameter `{tenantId}` of a partner in the program. */
export const partnerTenantParamSchema = z.strictObject({ tenantId: guidSchema });

export const enrolmentRequestStatuses = ['pending', 'approved', 'rejected'] as const;

/** GET /api/program/enrolment-requests: the operator's queue, by status. */
export const enrolmentRequestListQuerySchema = pageQuerySchema.extend({
  status: z.enum(enrolmentRequestStatuses).optional(),
});

/** POST …/reject: why, told to the applicant. */
export const enrolmentRejectionSchema = z.strictObject({ reason: displayNameSchema.pipe(z.string().max(500)) });

/** An enrolment request as stored and shown to the operator. */
export const enrolmentRequestDocumentSchema = z.object({
  id: guidSchema,
  tenantId: guidSchema,
  requestedBy: z.object({ userId: guidSchema, email: emailSchema }),
  application: partnerEnrolmentSchema,
  status: z.enum(enrolmentRequestStatuses),
  createdAt: instantSchema,
  decidedAt: instantSchema.optional(),
  decidedBy: z.object({ userId: guidSchema, email: emailSchema }).optional(),
  reason: z.string().max(500).optional(),
});
export type EnrolmentRequest = z.infer<typeof enrolmentRequestDocumentSchema>;

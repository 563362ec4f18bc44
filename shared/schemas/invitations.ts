import * as z from 'zod';
import { DEFAULT_EXPIRES_IN_DAYS, MAX_EXPIRES_IN_DAYS, MIN_EXPIRES_IN_DAYS } from '../domain/deadlines';
import { INVITATION_LINK_PLACEHOLDER } from '../domain/invitationLink';
import { invitationKinds } from '../domain/invitation';
import type { IssueErrorParams } from './parse';
import { displayNameSchema, emailSchema, grantDurationSchema, guidSchema, localeSchema } from './common';

/** Marks the zod issue of a missing link so parseInput answers 422 invitation_link_missing. */
export const LINK_MISSING_PARAM = {
  code: 'invitation_link_missing',
  detail: 'The email text must keep the {{invitationLink}} placeholder.',
} as const satisfies IssueErrorParams;

/** Delegated admin privileges asked for: directory role template ids, a duration, auto-extension. */
export const delegatedAdminSchema = z.strictObject({
  roles: z.array(guidSchema).min(1).max(30),
  duration: grantDurationSchema,
  autoExtend: z.boolean().default(false),
});

/** An edited invitation email; the text must keep the personal link's placeholder. */
export const invitationEmailSchema = z.strictObject({
  subject: z.string().trim().min(1).max(200),
  text: z
    .string()
    .min(1)
    .max(20_000)
    .refine((t) => t.includes(INVITATION_LINK_PLACEHOLDER), {
      message: `must contain ${INVITATION_LINK_PLACEHOLDER}`,
      params: LINK_MISSING_PARAM,
    }),
});

export const expiresInDaysSchema = z
  .number()
  .int()
  .min(MIN_EXPIRES_IN_DAYS)
  .max(MAX_EXPIRES_IN_DAYS)
  .default(DEFAULT_EXPIRES_IN_DAYS);

/** POST /api/invitations: a reseller relationship request to a customer. */
export const invitationCreateSchema = z.strictObject({
  recipientEmail: emailSchema,
  recipientName: displayNameSchema.optional(),
  customerTenantId: guidSchema.optional(),
  includeDelegatedAdmin: z.boolean().default(true),
  delegatedAdmin: delegatedAdminSchema.optional(),
  /** One of the inviter's role templates instead of delegatedAdmin: the invitation keeps a snapshot of it. */
  roleTemplateId: guidSchema.optional(),
  email: invitationEmailSchema.optional(),
  expiresInDays: expiresInDaysSchema,
  locale: localeSchema.default('en'),
});
export type InvitationCreate = z.infer<typeof invitationCreateSchema>;

/** A multi-party invitation: the same, plus the indirect provider joining the reseller. */
export const multiPartyCreateSchema = invitationCreateSchema.extend({ providerTenantId: guidSchema });
export type MultiPartyCreate = z.infer<typeof multiPartyCreateSchema>;

/** A partnership request from an indirect provider to an indirect reseller (no admin privileges). */
export const partnershipRequestSchema = z.strictObject({
  recipientEmail: emailSchema,
  recipientName: displayNameSchema.optional(),
  /** If known: only this reseller tenant may accept. */
  resellerTenantId: guidSchema.optional(),
  email: invitationEmailSchema.optional(),
  expiresInDays: expiresInDaysSchema,
  locale: localeSchema.default('en'),
});
export type PartnershipRequest = z.infer<typeof partnershipRequestSchema>;

/** POST /api/invitations/draft: the default email for the chosen options. */
export const invitationDraftSchema = z.strictObject({
  // A renewal's email is drafted from its grant: POST /api/customers/{id}/grants/{grantId}/renewal-requests.
  kind: z.enum(invitationKinds).exclude(['renewal']).default('customerRelationship'),
  recipientName: displayNameSchema.optional(),
  includeDelegatedAdmin: z.boolean().default(true),
  delegatedAdmin: delegatedAdminSchema.optional(),
  providerTenantId: guidSchema.optional(),
  expiresInDays: expiresInDaysSchema,
  locale: localeSchema.default('en'),
});
export type InvitationDraft = z.infer<typeof invitationDraftSchema>;

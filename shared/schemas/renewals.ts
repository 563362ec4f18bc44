import * as z from 'zod';
import { displayNameSchema, emailSchema, guidSchema, localeSchema } from './common';
import { delegatedAdminSchema, expiresInDaysSchema, invitationEmailSchema } from './invitations';

/** Path of a grant renewal request: the customer tenant and its grant. */
export const grantRenewalParamsSchema = z.strictObject({ id: guidSchema, grantId: guidSchema });
export type GrantRenewalParams = z.infer<typeof grantRenewalParamsSchema>;

/**
 * POST /api/customers/{id}/grants/{grantId}/renewal-requests: whom to email, and the renewed
 * privileges (the grant's roles or fewer, a new duration; the rules of an invitation's delegatedAdmin).
 */
export const renewalRequestSchema = z.strictObject({
  recipientEmail: emailSchema,
  recipientName: displayNameSchema.optional(),
  delegatedAdmin: delegatedAdminSchema,
  email: invitationEmailSchema.optional(),
  expiresInDays: expiresInDaysSchema,
  locale: localeSchema.default('en'),
});
export type RenewalRequest = z.infer<typeof renewalRequestSchema>;

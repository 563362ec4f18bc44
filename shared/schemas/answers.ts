import * as z from 'zod';
import { displayNameSchema, invitationTokenSchema } from './common';

/** POST /api/invitations/{id}/accept, by the signed-in customer Global admin (or reseller user). */
export const acceptBodySchema = z.strictObject({
  token: invitationTokenSchema,
  acceptCustomerAgreement: z.boolean().optional(),
  companyName: displayNameSchema.optional(),
});
export type AcceptBody = z.infer<typeof acceptBodySchema>;

/** POST /api/invitations/{id}/decline. */
export const declineBodySchema = z.strictObject({ token: invitationTokenSchema });
export type DeclineBody = z.infer<typeof declineBodySchema>;

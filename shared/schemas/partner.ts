import * as z from 'zod';
import { cloudSchema, countrySchema, displayNameSchema, mpnIdSchema, partnerKindSchema } from './common';

/** PUT /api/partner: the caller's partner profile (its tenant comes from the token, never the body). */
export const partnerProfilePutSchema = z.strictObject({
  name: displayNameSchema,
  kind: partnerKindSchema,
  mpnId: mpnIdSchema,
  country: countrySchema,
  cloud: cloudSchema,
});
export type PartnerProfilePut = z.infer<typeof partnerProfilePutSchema>;

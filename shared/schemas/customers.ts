import * as z from 'zod';
import { countrySchema, displayNameSchema, emailSchema, guidSchema, mpnIdSchema } from './common';

/** An offer of the catalog and a license count. */
export const subscriptionLineSchema = z.strictObject({
  offerId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, 'an offer id of the catalog')
    .describe('The `id` of an offer of GET /api/offers.'),
  quantity: z.number().int().min(1).max(10_000),
});

/** The customer's contact, who receives the admin account. */
export const contactSchema = z.strictObject({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  email: emailSchema,
  phone: z
    .string()
    .trim()
    .min(3)
    .max(32)
    .regex(/^[+0-9 ()-]+$/, 'a phone number')
    .optional(),
});

/** POST /api/customers: an indirect provider adds a customer for a reseller in partnership. */
export const newCustomerSchema = z.strictObject({
  resellerTenantId: guidSchema,
  companyName: displayNameSchema,
  /** The `<prefix>.onmicrosoft.com` of the new tenant: letters and digits. */
  domainPrefix: z
    .string()
    .toLowerCase()
    .regex(/^[a-z0-9]{2,27}$/, '2 to 27 letters or digits'),
  country: countrySchema,
  contact: contactSchema,
  subscriptions: z.array(subscriptionLineSchema).min(1).max(20),
});
export type NewCustomer = z.infer<typeof newCustomerSchema>;

/** POST /api/customers/{id}/subscriptions. */
export const subscriptionCreateSchema = subscriptionLineSchema.extend({ resellerMpnId: mpnIdSchema.optional() });
export type SubscriptionCreate = z.infer<typeof subscriptionCreateSchema>;

/** PATCH /api/customers/{id}/subscriptions/{subscriptionId}: reseller of record and/or support contact. */
export const subscriptionPatchSchema = z
  .strictObject({ resellerMpnId: mpnIdSchema.optional(), supportContactMpnId: mpnIdSchema.optional() })
  .refine(
    (p) => p.resellerMpnId !== undefined || p.supportContactMpnId !== undefined,
    'name a reseller or a support contact',
  );
export type SubscriptionPatch = z.infer<typeof subscriptionPatchSchema>;

import * as z from 'zod';
import { invitationKinds, invitationStatuses } from '../domain/invitation';
import { continuationTokenSchema, guidSchema, pageSizeSchema } from './common';

/** Paging shared by every list. */
export const pageQuerySchema = z.strictObject({
  continuationToken: continuationTokenSchema.optional(),
  pageSize: pageSizeSchema,
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** GET /api/invitations: the caller's own, optionally by status and kind. */
export const invitationListQuerySchema = pageQuerySchema.extend({
  status: z.enum(invitationStatuses).optional(),
  kind: z.enum(invitationKinds).optional(),
});

/** GET /api/customers: optionally only those associated with one indirect reseller. */
export const customerListQuerySchema = pageQuerySchema.extend({ resellerId: guidSchema.optional() });
export type CustomerListQuery = z.infer<typeof customerListQuerySchema>;

/** GET /api/indirect-resellers: optionally filtered by a name fragment. */
export const resellerListQuerySchema = pageQuerySchema.extend({ name: z.string().trim().min(1).max(100).optional() });
export type ResellerListQuery = z.infer<typeof resellerListQuerySchema>;

/** GET /api/audit: the caller's tenant's entries, newest first. */
export const auditListQuerySchema = pageQuerySchema;
export type AuditListQuery = z.infer<typeof auditListQuerySchema>;

/** Path parameter `{id}` of invitations, customers and grants. */
export const idParamSchema = z.strictObject({ id: guidSchema });

/** Path parameter `{tenantId}` of indirect resellers. */
export const tenantIdParamSchema = z.strictObject({ tenantId: guidSchema });

/** Path parameters of one subscription of one customer. */
export const subscriptionParamsSchema = z.strictObject({ id: guidSchema, subscriptionId: guidSchema });

import * as z from 'zod';
import { displayNameSchema, grantDurationSchema, guidSchema, instantSchema } from './common';
import { pageQuerySchema } from './queries';

/** A role template's delegated admin fields: the same shape and limits as an invitation's delegatedAdmin. */
const templateRoles = z.array(guidSchema).min(1).max(30);

/** POST /api/role-templates: a named set of directory roles, a duration and auto-extension. */
export const roleTemplateCreateSchema = z.strictObject({
  name: displayNameSchema,
  roles: templateRoles,
  duration: grantDurationSchema,
  autoExtend: z.boolean().default(false),
});
export type RoleTemplateCreate = z.infer<typeof roleTemplateCreateSchema>;

/** PATCH /api/role-templates/{id}: any of the fields; the result is checked as a whole. */
export const roleTemplatePatchSchema = z
  .strictObject({
    name: displayNameSchema,
    roles: templateRoles,
    duration: grantDurationSchema,
    autoExtend: z.boolean(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'name at least one field to change');
export type RoleTemplatePatch = z.infer<typeof roleTemplatePatchSchema>;

/** A stored role template, in its partner tenant's partition; also the API's view of it. */
export const roleTemplateDocumentSchema = z.object({
  id: guidSchema,
  partnerTenantId: guidSchema,
  name: z.string(),
  roles: z.array(z.string()),
  duration: z.string(),
  autoExtend: z.boolean(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
export type RoleTemplate = z.infer<typeof roleTemplateDocumentSchema>;

/** GET /api/role-templates: paged, in name order. */
export const roleTemplateListQuerySchema = pageQuerySchema;

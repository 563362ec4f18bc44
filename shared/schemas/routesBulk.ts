import * as z from 'zod';
import { type ApiRoute, locationHeader } from './openapi';
import { idParamSchema } from './queries';
import { roleTemplateCreateSchema, roleTemplateDocumentSchema, roleTemplateListQuerySchema, roleTemplatePatchSchema } from './roleTemplates';
import { idempotencyKeySchema } from './common';
import * as r from './responses';

const err = (description: string) => ({ description });
const std = { 400: err('Invalid input'), 401: err('No valid bearer token'), 403: err('Role or tenant not allowed') };
const etag = { ETag: { description: 'The version of the template, for If-Match.', required: true, schema: z.string() } };
const ifMatch = { name: 'If-Match', description: 'Only if the template is still at this version (412 otherwise).', schema: z.string().max(200) };
const idempotency = { name: 'Idempotency-Key', description: 'A repeat with the same key returns the first result and creates nothing again.', schema: idempotencyKeySchema };

/** Issue 18: role templates (and bulk invitations). */
export const bulkRoutes: ApiRoute[] = [
  { method: 'post', path: '/api/role-templates', operationId: 'createRoleTemplate', summary: 'Save a named set of delegated admin roles, a duration and auto-extension', tags: ['role templates'],
    description: 'The same rules as an invitation\'s delegatedAdmin: known directory roles, P1D to P730D, no auto-extension with Global Administrator. An invitation may then name roleTemplateId instead of delegatedAdmin; it keeps a snapshot, so later edits change no pending invitation and no grant.',
    requestSchema: roleTemplateCreateSchema, headers: [idempotency],
    responses: { 200: { description: 'A repeated Idempotency-Key: the first template', schema: roleTemplateDocumentSchema, headers: { ...locationHeader('The template'), ...etag } }, 201: { description: 'Created', schema: roleTemplateDocumentSchema, headers: { ...locationHeader('The template'), ...etag } }, ...std, 404: err('Created and deleted meanwhile'), 422: err('A rule of delegated admin privileges refused (validation_failed, auto_extend_not_allowed)') } },
  { method: 'get', path: '/api/role-templates', operationId: 'listRoleTemplates', summary: "The caller's tenant's role templates, by name", tags: ['role templates'],
    querySchema: roleTemplateListQuerySchema, responses: { 200: { description: 'Page', schema: r.pageOf(roleTemplateDocumentSchema) }, ...std } },
  { method: 'get', path: '/api/role-templates/{id}', operationId: 'getRoleTemplate', summary: 'One role template', tags: ['role templates'],
    paramsSchema: idParamSchema, responses: { 200: { description: 'Template', schema: roleTemplateDocumentSchema, headers: etag }, ...std, 404: err('Not found') } },
  { method: 'patch', path: '/api/role-templates/{id}', operationId: 'patchRoleTemplate', summary: 'Change a role template (invitations already sent keep their snapshot)', tags: ['role templates'],
    paramsSchema: idParamSchema, requestSchema: roleTemplatePatchSchema, headers: [ifMatch],
    responses: { 200: { description: 'Saved', schema: roleTemplateDocumentSchema, headers: etag }, ...std, 404: err('Not found'), 412: err('If-Match names another version, or it changed meanwhile'), 422: err('A rule of delegated admin privileges refused') } },
  { method: 'delete', path: '/api/role-templates/{id}', operationId: 'deleteRoleTemplate', summary: 'Delete a role template (invitations that named it keep their snapshot)', tags: ['role templates'],
    paramsSchema: idParamSchema, headers: [ifMatch], responses: { 204: { description: 'Deleted' }, ...std, 404: err('Not found'), 412: err('If-Match names another version') } },
];

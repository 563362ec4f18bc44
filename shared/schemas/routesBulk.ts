import * as z from 'zod';
import { type ApiRoute, locationHeader } from './openapi';
import { idParamSchema } from './queries';
import {
  roleTemplateCreateSchema,
  roleTemplateDocumentSchema,
  roleTemplateListQuerySchema,
  roleTemplatePatchSchema,
} from './roleTemplates';
import { idempotencyKeySchema } from './common';
import * as r from './responses';
import {
  batchCreateSchema,
  batchCsvQuerySchema,
  batchResultsQuerySchema,
  batchRowResultSchema,
  batchViewSchema,
} from './invitationBatches';

const err = (description: string) => ({ description });
const std = { 400: err('Invalid input'), 401: err('No valid bearer token'), 403: err('Role or tenant not allowed') };
const etag = {
  ETag: { description: 'The version of the template, for If-Match.', required: true, schema: z.string() },
};
const ifMatch = {
  name: 'If-Match',
  description: 'Only if the template is still at this version (412 otherwise).',
  schema: z.string().max(200),
};
const idempotency = {
  name: 'Idempotency-Key',
  description: 'A repeat with the same key returns the first result and creates nothing again.',
  schema: idempotencyKeySchema,
};

/** Issue 18: role templates (and bulk invitations). */
export const bulkRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/api/role-templates',
    operationId: 'createRoleTemplate',
    summary: 'Save a named set of delegated admin roles, a duration and auto-extension',
    tags: ['role templates'],
    description:
      "The same rules as an invitation's delegatedAdmin: known directory roles, P1D to P730D, no auto-extension with Global Administrator. An invitation may then name roleTemplateId instead of delegatedAdmin; it keeps a snapshot, so later edits change no pending invitation and no grant.",
    requestSchema: roleTemplateCreateSchema,
    headers: [idempotency],
    responses: {
      200: {
        description: 'A repeated Idempotency-Key: the first template',
        schema: roleTemplateDocumentSchema,
        headers: { ...locationHeader('The template'), ...etag },
      },
      201: {
        description: 'Created',
        schema: roleTemplateDocumentSchema,
        headers: { ...locationHeader('The template'), ...etag },
      },
      ...std,
      404: err('Created and deleted meanwhile'),
      422: err('A rule of delegated admin privileges refused (validation_failed, auto_extend_not_allowed)'),
    },
  },
  {
    method: 'get',
    path: '/api/role-templates',
    operationId: 'listRoleTemplates',
    summary: "The caller's tenant's role templates, by name",
    tags: ['role templates'],
    querySchema: roleTemplateListQuerySchema,
    responses: { 200: { description: 'Page', schema: r.pageOf(roleTemplateDocumentSchema) }, ...std },
  },
  {
    method: 'get',
    path: '/api/role-templates/{id}',
    operationId: 'getRoleTemplate',
    summary: 'One role template',
    tags: ['role templates'],
    paramsSchema: idParamSchema,
    responses: {
      200: { description: 'Template', schema: roleTemplateDocumentSchema, headers: etag },
      ...std,
      404: err('Not found'),
    },
  },
  {
    method: 'patch',
    path: '/api/role-templates/{id}',
    operationId: 'patchRoleTemplate',
    summary: 'Change a role template (invitations already sent keep their snapshot)',
    tags: ['role templates'],
    paramsSchema: idParamSchema,
    requestSchema: roleTemplatePatchSchema,
    headers: [ifMatch],
    responses: {
      200: { description: 'Saved', schema: roleTemplateDocumentSchema, headers: etag },
      ...std,
      404: err('Not found'),
      412: err('If-Match names another version, or it changed meanwhile'),
      422: err('A rule of delegated admin privileges refused'),
    },
  },
  {
    method: 'delete',
    path: '/api/role-templates/{id}',
    operationId: 'deleteRoleTemplate',
    summary: 'Delete a role template (invitations that named it keep their snapshot)',
    tags: ['role templates'],
    paramsSchema: idParamSchema,
    headers: [ifMatch],
    responses: {
      204: { description: 'Deleted' },
      ...std,
      404: err('Not found'),
      412: err('If-Match names another version'),
    },
  },
];

const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before looking again.', schema: z.string().regex(/^[0-9]+$/) },
};
const batchLocation = locationHeader('The batch (GET it for progress)');

/** Issue 18: invitations in bulk, as a long-running operation. */
export const batchRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/api/invitation-batches',
    operationId: 'createInvitationBatch',
    summary: 'Invite up to 5,000 recipients at once (a long-running operation)',
    tags: ['invitation batches'],
    description:
      "The rows as JSON (`{ rows: [...], expiresInDays? }`, each row as `BatchRow`), or as `text/csv` with a header row naming any of kind, recipientEmail, recipientName, customerTenantId, resellerTenantId, roleTemplateId, locale (expiresInDays then in the query). Every row is checked up front: a bad one is rejected with its row number (1 = the first data row) and the others go on. A customer row naming roleTemplateId asks for that template's delegated admin privileges (a snapshot taken now); without one it asks for none. For an indirect provider, kind=partnership rows are partnership requests. Each row's invitation id derives from the batch id and the row number, so no retry or crash ever makes two. The per-inviter send limit and the email quota make a large batch wait (status waitingForQuota, with waitingFor and nextSlotAt), not fail; a batch leaves a tenth of the email quota to reminders and notices. Follow Location until the status is final.",
    requestSchema: batchCreateSchema,
    headers: [idempotency],
    querySchema: batchCsvQuerySchema,
    responses: {
      202: {
        description:
          'Accepted; its orchestration creates the invitations (a repeated Idempotency-Key: the first batch)',
        schema: batchViewSchema,
        headers: { ...batchLocation, ...retryAfter },
      },
      ...std,
      413: err('The body is too large'),
      415: err('Neither JSON nor CSV'),
    },
  },
  {
    method: 'get',
    path: '/api/invitation-batches/{id}',
    operationId: 'getInvitationBatch',
    summary: "A batch's status, counts and percent complete",
    tags: ['invitation batches'],
    paramsSchema: idParamSchema,
    responses: {
      200: { description: 'The batch', schema: batchViewSchema, headers: retryAfter },
      ...std,
      404: err('Not found'),
    },
  },
  {
    method: 'get',
    path: '/api/invitation-batches/{id}/results',
    operationId: 'listInvitationBatchResults',
    summary: "The batch's rows by number: the invitation id, or the error",
    tags: ['invitation batches'],
    paramsSchema: idParamSchema,
    querySchema: batchResultsQuerySchema,
    responses: { 200: { description: 'Page', schema: r.pageOf(batchRowResultSchema) }, ...std, 404: err('Not found') },
  },
  {
    method: 'post',
    path: '/api/invitation-batches/{id}/cancel',
    operationId: 'cancelInvitationBatch',
    summary: 'Stop the rows not yet created (created invitations stand)',
    tags: ['invitation batches'],
    paramsSchema: idParamSchema,
    responses: {
      202: {
        description: 'Canceling: the batch ends canceled once its orchestration has stopped',
        schema: batchViewSchema,
        headers: batchLocation,
      },
      ...std,
      404: err('Not found'),
    },
  },
];

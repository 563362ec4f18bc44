import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { queryOf, withToken } from '../../shared/http/request';
import { readJsonBody } from '../../shared/http/body';
import {
  createRoleTemplate,
  deleteRoleTemplate,
  getRoleTemplate,
  patchRoleTemplate,
} from '../../shared/roleTemplates/manageRoleTemplates';
import { idParamSchema } from '../../shared/schemas/queries';
import { parseInput } from '../../shared/schemas/parse';
import {
  roleTemplateCreateSchema,
  roleTemplateListQuerySchema,
  roleTemplatePatchSchema,
} from '../../shared/schemas/roleTemplates';
import { idempotencyKeyOf } from './issuingEndpoint';
import { roleTemplatesDeps } from '../compose/roleTemplatesDeps';

const deps = roleTemplatesDeps;
const idOf = (request: HttpRequest): string => parseInput(idParamSchema, { ...request.params }, 'path').id;
const ifMatchOf = (request: HttpRequest): string | undefined => request.headers.get('if-match') ?? undefined;

/**
 * POST /api/role-templates: 201 with the template and its Location (a repeated Idempotency-Key: the first one, 200).
 */
export async function createRoleTemplateHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'roleTemplate.manage');
  const body = parseInput(roleTemplateCreateSchema, await readJsonBody(request));
  const { template, created } = await createRoleTemplate(deps(), caller, body, idempotencyKeyOf(request));
  return {
    status: created ? 201 : 200,
    headers: {
      location: `/api/role-templates/${template.doc.id}`,
      etag: template.etag,
      'cache-control': 'no-store',
      ...(created ? {} : { 'idempotent-replayed': 'true' }),
    },
    jsonBody: template.doc,
  };
}

/** GET /api/role-templates: the caller's tenant's templates, by name, paged. */
export async function listRoleTemplatesHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'roleTemplate.read');
  const q = parseInput(roleTemplateListQuerySchema, queryOf(request), 'query');
  const page = await withToken(q.continuationToken, () =>
    deps().templates.list(caller.tenantId, q.pageSize, q.continuationToken),
  );
  return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: page };
}

/** GET /api/role-templates/{id}. */
export async function getRoleTemplateHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'roleTemplate.read');
  const found = await getRoleTemplate(deps(), caller, idOf(request));
  return { status: 200, headers: { etag: found.etag, 'cache-control': 'no-store' }, jsonBody: found.doc };
}

/** PATCH /api/role-templates/{id}: over the version read, or the one If-Match names. */
export async function patchRoleTemplateHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'roleTemplate.manage');
  const id = idOf(request);
  const patch = parseInput(roleTemplatePatchSchema, await readJsonBody(request));
  const saved = await patchRoleTemplate(deps(), caller, id, patch, ifMatchOf(request));
  return { status: 200, headers: { etag: saved.etag, 'cache-control': 'no-store' }, jsonBody: saved.doc };
}

/** DELETE /api/role-templates/{id}: 204; invitations that named it keep their snapshot. */
export async function deleteRoleTemplateHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'roleTemplate.manage');
  await deleteRoleTemplate(deps(), caller, idOf(request), ifMatchOf(request));
  return { status: 204 };
}

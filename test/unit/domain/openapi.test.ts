import { z } from 'zod';
import { buildOpenApiDocument, type ApiRoute } from '../../../shared/schemas/openapi';
import { apiRoutes } from '../../../shared/schemas/routes';

type Json = Record<string, any>;

// Every $ref in the document must point at a component that exists.
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('OpenAPI document from the zod schemas', () => {
  const doc = buildOpenApiDocument(apiRoutes);
  const paths = doc.paths as Record<string, Record<string, Json>>;

  it('is OpenAPI 3.1 with bearer security, and JSON-serialisable', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('documents the endpoints of issues 3 and 4, each operationId once', () => {
    for (const [p, m] of [
      ['/api/partner', 'put'], ['/api/invitations/draft', 'post'], ['/api/invitations', 'post'], ['/api/invitations', 'get'],
      ['/api/invitations/{id}', 'get'], ['/api/invitations/{id}/resend', 'post'], ['/api/invitations/{id}/revoke', 'post'],
      ['/api/invitations/{id}/accept', 'post'], ['/api/invitations/{id}/decline', 'post'], ['/api/customers', 'get'],
      ['/api/customers/{id}/relationship', 'delete'], ['/api/me/partners', 'get'], ['/api/me/delegated-admin-grants/{id}', 'delete'],
      ['/api/audit', 'get'], ['/api/indirect-resellers', 'get'], ['/api/indirect-providers', 'get'], ['/api/indirect-resellers/{tenantId}', 'delete'],
      ['/api/customers', 'post'], ['/api/customers/{id}/subscriptions', 'post'], ['/api/customers/{id}/subscriptions/{subscriptionId}', 'patch'],
    ]) expect(paths[p!]?.[m!]).toBeDefined();
    const ids = apiRoutes.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every $ref resolves; components carry no $schema or $id of their own', () => {
    const names = new Set(Object.keys(doc.components.schemas));
    for (const ref of refs(doc)) expect(names.has(ref.replace('#/components/schemas/', ''))).toBe(true);
    for (const c of Object.values(doc.components.schemas)) expect(Object.keys(c)).not.toEqual(expect.arrayContaining(['$schema']));
    expect(JSON.stringify(doc)).not.toContain('"$id"');
  });

  it('request bodies are strict, with limits and defaults from the schemas', () => {
    const create = doc.components.schemas.CreateInvitationRequest as Json;
    expect(create.additionalProperties).toBe(false);
    expect(create.required).toEqual(['recipientEmail']);
    expect(create.properties.recipientEmail).toMatchObject({ format: 'email', maxLength: 254 });
    expect(create.properties.expiresInDays).toMatchObject({ minimum: 1, maximum: 90, default: 30 });
    expect(create.properties.includeDelegatedAdmin).toMatchObject({ type: 'boolean', default: true });
  });

  it('query, path and header parameters; errors as problem+json', () => {
    const list = paths['/api/invitations']!.get!;
    expect(list.parameters.map((p: Json) => [p.name, p.in, p.required])).toEqual([
      ['continuationToken', 'query', false], ['pageSize', 'query', false], ['status', 'query', false], ['kind', 'query', false],
    ]);
    const create = paths['/api/invitations']!.post!;
    expect(create.parameters).toEqual([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })]);
    expect(create.responses['422'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(paths['/api/invitations/{id}']!.get!.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true, schema: { format: 'uuid' } });
    expect(paths['/api/openapi.json']!.get!.security).toEqual([]);
  });

  it('every invitation-creating endpoint and the resend list the 429 of the sends-per-inviter limit', () => {
    for (const [path, method] of [['/api/invitations', 'post'], ['/api/invitations/multi-party', 'post'], ['/api/indirect-resellers/requests', 'post'], ['/api/invitations/{id}/resend', 'post']] as const) {
      const op = paths[path]![method]!;
      expect(op.responses['429'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
      expect(op.responses['429'].description).toMatch(/sends of the hour/);
    }
  });

  it('responses never expose the token hash', () => {
    const view = doc.components.schemas.CreateInvitation202 as Json;
    expect(view.properties.status).toBeDefined();
    expect(view.properties.tokenHash).toBeUndefined();
  });

  it('works for any small route list, naming shared schemas once', () => {
    const body = z.strictObject({ a: z.string().max(3) });
    const routes: ApiRoute[] = [
      { method: 'post', path: '/x/{id}', operationId: 'postX', summary: 'x', requestSchema: body, responses: { 200: { description: 'ok', schema: body } } },
      { method: 'put', path: '/x/{id}', operationId: 'putX', summary: 'x', requestSchema: body, responses: { 204: { description: 'none' } } },
    ];
    const d = buildOpenApiDocument(routes, { title: 't', version: '1' });
    expect(Object.keys(d.components.schemas).sort()).toEqual(['PostX200', 'PostXRequest', 'Problem']);
    expect((d.paths['/x/{id}'] as Json).put.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PostXRequest' });
    expect((d.paths['/x/{id}'] as Json).put.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
  });
});

import { z } from 'zod';
import { buildOpenApiDocument, type ApiRoute } from '../../../shared/schemas/openapi';
import { apiRoutes } from '../../../shared/schemas/routes';
import { roleMatrix } from '../../../shared/auth/roles';
import { errorStatus } from '../../../shared/http/errors';
import { CUSTOMER_GLOBAL_ADMIN, operationAccess, requiredRoles } from '../../../shared/schemas/operationAccess';

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

  it('is OpenAPI 3.1 with Entra OAuth 2.0 security, servers, contact and license, and JSON-serialisable', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.entra).toMatchObject({
      type: 'oauth2',
      flows: {
        authorizationCode: {
          authorizationUrl: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize',
          tokenUrl: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token',
          scopes: { 'Relationships.Manage': expect.any(String), 'Invitations.Answer': expect.any(String) },
        },
      },
    });
    expect(doc.servers.length).toBeGreaterThan(0);
    expect(doc.info.license).toMatchObject({ name: expect.any(String) });
    expect(doc.info.contact).toMatchObject({ email: expect.any(String) });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('documents every direct and indirect endpoint, each operationId once', () => {
    for (const [p, m] of [
      ['/api/partner', 'put'],
      ['/api/invitations/draft', 'post'],
      ['/api/invitations', 'post'],
      ['/api/invitations', 'get'],
      ['/api/invitations/{id}', 'get'],
      ['/api/invitations/{id}/resend', 'post'],
      ['/api/invitations/{id}/revoke', 'post'],
      ['/api/invitations/{id}/accept', 'post'],
      ['/api/invitations/{id}/decline', 'post'],
      ['/api/customers', 'get'],
      ['/api/customers/{id}/relationship', 'delete'],
      ['/api/me/partners', 'get'],
      ['/api/me/delegated-admin-grants/{id}', 'delete'],
      ['/api/audit', 'get'],
      ['/api/indirect-resellers', 'get'],
      ['/api/indirect-providers', 'get'],
      ['/api/indirect-resellers/{tenantId}', 'delete'],
      ['/api/customers', 'post'],
      ['/api/customers/{id}/subscriptions', 'post'],
      ['/api/customers/{id}/subscriptions/{subscriptionId}', 'patch'],
    ])
      expect(paths[p!]?.[m!]).toBeDefined();
    const ids = apiRoutes.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every $ref resolves; components carry no $schema or $id of their own', () => {
    for (const ref of refs(doc)) {
      const [, kind, name] = /^#\/components\/(schemas|headers)\/(.+)$/.exec(ref) ?? [];
      expect([
        ref,
        kind && name ? (doc.components as Record<string, Record<string, unknown>>)[kind]![name] !== undefined : false,
      ]).toEqual([ref, true]);
    }
    for (const c of Object.values(doc.components.schemas))
      expect(Object.keys(c)).not.toEqual(expect.arrayContaining(['$schema']));
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
      ['continuationToken', 'query', false],
      ['pageSize', 'query', false],
      ['status', 'query', false],
      ['kind', 'query', false],
      ['api-version', 'query', false],
    ]);
    const create = paths['/api/invitations']!.post!;
    expect(create.parameters).toEqual([
      expect.objectContaining({ name: 'api-version', in: 'query' }),
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
    ]);
    expect(create.responses['422'].content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect(paths['/api/invitations/{id}']!.get!.parameters[0]).toMatchObject({
      name: 'id',
      in: 'path',
      required: true,
      schema: { format: 'uuid' },
    });
    expect(paths['/api/openapi.json']!.get!.security).toEqual([]);
  });

  it('every invitation-creating endpoint and the resend list the 429 of the sends-per-inviter limit', () => {
    for (const [path, method] of [
      ['/api/invitations', 'post'],
      ['/api/invitations/multi-party', 'post'],
      ['/api/indirect-resellers/requests', 'post'],
      ['/api/invitations/{id}/resend', 'post'],
    ] as const) {
      const op = paths[path]![method]!;
      expect(op.responses['429'].content['application/problem+json'].schema).toEqual({
        $ref: '#/components/schemas/Problem',
      });
      expect(op.responses['429'].description).toMatch(/sends of the hour/);
    }
  });

  it('responses never expose the token hash', () => {
    const view = doc.components.schemas.Invitation as Json;
    expect(view.properties.status).toBeDefined();
    expect(view.properties.tokenHash).toBeUndefined();
  });

  it('works for any small route list, naming shared schemas once', () => {
    const body = z.strictObject({ a: z.string().max(3) });
    const routes: ApiRoute[] = [
      {
        method: 'post',
        path: '/x/{id}',
        operationId: 'postX',
        summary: 'x',
        requestSchema: body,
        responses: { 200: { description: 'ok', schema: body } },
      },
      {
        method: 'put',
        path: '/x/{id}',
        operationId: 'putX',
        summary: 'x',
        requestSchema: body,
        responses: { 204: { description: 'none' } },
      },
    ];
    const d = buildOpenApiDocument(routes, { title: 't', version: '1' });
    expect(Object.keys(d.components.schemas)).toEqual(expect.arrayContaining(['PostX200', 'PostXRequest', 'Problem']));
    expect((d.paths['/x/{id}'] as Json).put.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/PostXRequest',
    });
    expect((d.paths['/x/{id}'] as Json).put.parameters[0]).toEqual({
      name: 'id',
      in: 'path',
      required: true,
      schema: { type: 'string' },
    });
  });

  it('every operation lists at least one 4xx, a 2xx, and problem+json for each error', () => {
    for (const [p, ops] of Object.entries(paths)) {
      for (const [m, op] of Object.entries(ops)) {
        const statuses = Object.keys(op.responses).map(Number);
        expect([`${m} ${p}`, statuses.some((s) => s >= 400 && s < 500)]).toEqual([`${m} ${p}`, true]);
        // PUT /api/partner is gone (405 for everyone: partners are enrolled by the program);
        // documented so a client learns why.
        if (op.operationId !== 'putPartner')
          expect([`${m} ${p}`, statuses.some((s) => s >= 200 && s < 300)]).toEqual([`${m} ${p}`, true]);
        for (const s of statuses.filter((x) => x >= 400)) {
          // The one exception: the landing page's neutral 404 is a page for a person.
          if (op.operationId === 'invitationLanding' && s === 404)
            expect(Object.keys(op.responses[s].content)).toEqual(['text/html']);
          else
            expect(op.responses[s].content['application/problem+json'].schema).toEqual({
              $ref: '#/components/schemas/Problem',
            });
        }
      }
    }
  });

  it('problems carry the stable code of the error table and the input issues', () => {
    const problem = doc.components.schemas.Problem as Json;
    expect(problem.properties.code.enum).toEqual(Object.keys(errorStatus));
    expect(problem.properties.issues).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/InputIssue' },
    });
    expect(problem.additionalProperties).toBe(false);
  });

  it('every operation names who may call it: x-required-roles from the role matrix, and the same in its description', () => {
    for (const r of apiRoutes) {
      const access = operationAccess[r.operationId];
      expect([r.operationId, access !== undefined]).toEqual([r.operationId, true]);
      const op = paths[r.path]![r.method]!;
      expect(op['x-required-roles']).toEqual(requiredRoles(access!));
      expect(op.description).toContain('Who may call:');
      for (const a of access!.actions ?? [])
        for (const role of roleMatrix[a]) expect(op['x-required-roles']).toContain(role);
      expect(Boolean(r.anonymous)).toBe(Boolean(access!.anonymous));
    }
    expect(paths['/api/customers/{id}/relationship']!.delete!['x-required-roles']).toEqual([
      ...roleMatrix['customer.removeRelationship'],
    ]);
    expect(paths['/api/me/partners']!.get!['x-required-roles']).toEqual([CUSTOMER_GLOBAL_ADMIN]);
  });

  it('202s say where to read the outcome; 429s when to retry; idempotent creates whether they replayed', () => {
    for (const ops of Object.values(paths)) {
      for (const op of Object.values(ops)) {
        if (op.responses['202']) expect(op.responses['202'].headers.Location).toMatchObject({ required: true });
        if (op.responses['429'])
          expect(op.responses['429'].headers['Retry-After']).toEqual({ $ref: '#/components/headers/RetryAfter' });
        if ((op.parameters ?? []).some((p: Json) => p.name === 'Idempotency-Key')) {
          const ok = Object.keys(op.responses).find((s) => s.startsWith('2'))!;
          expect(op.responses[ok].headers['idempotent-replayed']).toEqual({
            $ref: '#/components/headers/IdempotentReplayed',
          });
        }
      }
    }
    expect(paths['/api/customers']!.post!.responses['201'].headers.Location).toMatchObject({ required: true });
  });

  it('subscriptions refer to the offer catalog of GET /api/offers', () => {
    const offersOp = paths['/api/offers']!.get!;
    expect(offersOp.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/OfferList',
    });
    expect((doc.components.schemas.Offer as Json).required).toEqual(['id', 'name', 'minQuantity', 'maxQuantity']);
    expect((doc.components.schemas.Subscription as Json).properties.offerId.description).toMatch(/GET \/api\/offers/);
  });
});

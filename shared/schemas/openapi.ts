import * as z from 'zod';
import { type ApiScope, apiScopes, manageScopes } from '../auth/scopes';
import { API_VERSION, API_VERSION_PARAM, supportedApiVersions } from '../http/apiVersion';
import {
  grantDocumentSchema,
  partnerDocumentSchema,
  partnershipDocumentSchema,
  relationshipDocumentSchema,
} from './documents';
import { type OperationAccess, operationAccess, requiredRoles, whoMayCall } from './operationAccess';
import * as rs from './responses';
import { problemSchema } from './responses';
import { eventSchemaNames, webhooksSection } from './webhookEvents';

/** An HTTP method as OpenAPI spells it. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A response header that matters to a client. */
export interface ResponseHeader {
  description: string;
  schema: z.ZodType;
  required?: boolean;
}

/** One documented response: a description and, for JSON bodies, the schema; `media` for text bodies (HTML, scripts). */
export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
  media?: readonly string[];
  headers?: Record<string, ResponseHeader>;
}

/** One route as data; the document is generated from these and the zod schemas they name. */
export interface ApiRoute {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/api/invitations/{id}`. */
  path: string;
  summary: string;
  /** Longer text; the "Who may call" line (shared/schemas/operationAccess.ts) is appended. */
  description?: string;
  operationId: string;
  tags?: string[];
  requestSchema?: z.ZodType;
  /** The body may be left out (requestBody.required false). */
  requestOptional?: boolean;
  querySchema?: z.ZodObject;
  paramsSchema?: z.ZodObject;
  /** Request headers that matter, e.g. Idempotency-Key. */
  headers?: { name: string; description: string; required?: boolean; schema: z.ZodType }[];
  /** No bearer token (the landing page, the document itself). */
  anonymous?: boolean;
  /** The API scopes the token may grant, any one of them (Relationships.Manage when absent). */
  scopes?: readonly ApiScope[];
  responses: Record<number, RouteResponse>;
}

/** The Location header of a response that created something or accepted work. */
export const locationHeader = (description: string): Record<string, ResponseHeader> => ({
  Location: { description, required: true, schema: z.string().regex(/^\/api\//) },
});

type Json = Record<string, unknown>;

/** The generated document (OpenAPI 3.1 uses JSON Schema 2020-12, which z.toJSONSchema emits). */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: Json & { title: string; version: string };
  servers: Json[];
  tags: Json[];
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; headers: Record<string, Json>; securitySchemes: Record<string, Json> };
  security: Record<string, string[]>[];
  /** The events a webhook endpoint receives (OpenAPI 3.1 `webhooks`; shared/schemas/webhookEvents.ts). */
  webhooks?: Record<string, Json>;
}

const REF = (name: string) => `#/components/schemas/${name}`;
const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const jsonSchemaOptions = { target: 'draft-2020-12', unrepresentable: 'any' } as const;

// Components carry no $schema/$id of their own: the document's dialect applies to all of them.
function strip(schema: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

// Names each distinct schema object once (the first place it appears names it) and emits them all.
function components(named: Map<z.ZodType, string>, io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of named) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, { ...jsonSchemaOptions, io, uri: REF }) as { schemas: Record<string, Json> };
  return Object.fromEntries(Object.entries(out.schemas).map(([k, v]) => [k, strip(v)]));
}

function parameters(schema: z.ZodObject | undefined, where: 'query' | 'path'): Json[] {
  if (!schema) return [];
  const js = z.toJSONSchema(schema, { ...jsonSchemaOptions, io: 'input' }) as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema: s,
  }));
}

// Schemas a portal developer meets by name: these names rather than `{OperationId}{status}`.
const preferredNames = new Map<z.ZodType, string>([
  [problemSchema, 'Problem'],
  [rs.invitationViewSchema, 'Invitation'],
  [rs.invitationDraftResponseSchema, 'InvitationDraft'],
  [rs.partnerProfileSchema, 'Partner'],
  [rs.customerViewSchema, 'Customer'],
  [rs.removeRelationshipResponseSchema, 'RelationshipRemoval'],
  [rs.removePartnershipResponseSchema, 'PartnershipRemoval'],
  [rs.grantViewSchema, 'Grant'],
  [rs.subscriptionViewSchema, 'Subscription'],
  [rs.newCustomerResponseSchema, 'NewCustomer'],
  [rs.answerResponseSchema, 'Answer'],
  [rs.offerListSchema, 'OfferList'],
]);

// Schemas nested in others, named so they appear once and are referenced.
const nestedNames = new Map<z.ZodType, string>([
  [rs.inputIssueSchema, 'InputIssue'],
  [rs.invitationSummarySchema, 'InvitationSummary'],
  [relationshipDocumentSchema, 'Relationship'],
  [grantDocumentSchema, 'Grant'],
  [partnershipDocumentSchema, 'Partnership'],
  [partnerDocumentSchema, 'Partner'],
  [rs.auditEntrySchema, 'AuditEntry'],
  [rs.myPartnerSchema, 'MyPartner'],
  [rs.offerSchema, 'Offer'],
  [rs.resellerViewSchema, 'IndirectReseller'],
  [rs.providerViewSchema, 'IndirectProvider'],
]);

// Headers every operation of a kind may send, defined once under components.headers.
const HREF = (name: string) => ({ $ref: `#/components/headers/${name}` });
const sharedHeaders = {
  ApiVersion: {
    description: 'The API version that served the response (see the `api-version` query parameter).',
    required: true,
    schema: { type: 'string', enum: [...supportedApiVersions] },
  },
  WwwAuthenticate: { description: 'The Bearer challenge (RFC 6750).', required: true, schema: { type: 'string' } },
  WwwAuthenticateScope: {
    description: 'On a missing scope, the Bearer challenge naming it: `Bearer error="insufficient_scope", scope="…"`.',
    required: false,
    schema: { type: 'string' },
  },
  RetryAfter: {
    description: 'Seconds to wait before trying again.',
    required: false,
    schema: { type: 'integer', minimum: 0 },
  },
  IdempotentReplayed: {
    description:
      '`true` when this is the stored first result of an earlier request with the same Idempotency-Key (nothing was done again).',
    required: false,
    schema: { type: 'string', const: 'true' },
  },
};

/** The document-level parts a portal developer needs first: servers, contact, license, OAuth 2.0. */
export const documentInfo = {
  title: 'Reseller Connect API',
  version: API_VERSION,
  summary: 'Partner–customer relationships, invitations and delegated admin grants',
  description:
    'Generated from the zod schemas the handlers parse with, and served at GET /api/openapi.json. ' +
    'Errors are RFC 9457 problem+json with a stable `code`. Versioned by the `api-version` query parameter (Azure REST API guidelines): optional, the current version when absent; any other value is answered 400 `unsupported_api_version`. ' +
    'Lists page with `pageSize` and the `continuationToken` of the previous page. Creating endpoints take an Idempotency-Key.',
  contact: {
    name: 'Reseller Connect team',
    email: 'reseller-connect@contoso.example',
    url: 'https://github.com/contoso/reseller-connect',
  },
  license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
};

/** Where the API runs; paths carry the `/api` prefix themselves. */
export const documentServers = [
  {
    url: 'https://{app}.azurewebsites.net',
    description: 'An Azure Functions deployment',
    variables: { app: { default: 'reseller-connect', description: 'The function app name' } },
  },
  { url: 'http://localhost:7071', description: 'Local: `npm start` (embedded stand-ins, dev token issuer)' },
];

const ENTRA = 'https://login.microsoftonline.com/organizations/oauth2/v2.0';

/** Builds the OpenAPI 3.1 document served at /api/openapi.json from route data and zod schemas. */
export function buildOpenApiDocument(
  routes: readonly ApiRoute[],
  info: OpenApiDocument['info'] = documentInfo,
  access: Record<string, OperationAccess> = operationAccess,
): OpenApiDocument {
  const requests = new Map<z.ZodType, string>();
  const responses = new Map<z.ZodType, string>();
  const name = (map: Map<z.ZodType, string>, schema: z.ZodType, id: string) => {
    if (!map.has(schema)) map.set(schema, (map === responses ? preferredNames.get(schema) : undefined) ?? id);
    return map.get(schema)!;
  };
  const paths: OpenApiDocument['paths'] = {};
  const tags = new Set<string>();
  for (const r of routes) {
    const who = access[r.operationId];
    const op: Json = { operationId: r.operationId, summary: r.summary };
    op.description = [r.description, who ? whoMayCall(who) : undefined].filter(Boolean).join('\n\n') || r.summary;
    if (r.tags) {
      op.tags = r.tags;
      r.tags.forEach((t) => tags.add(t));
    }
    if (who) op['x-required-roles'] = requiredRoles(who);
    const pathParams = r.paramsSchema
      ? parameters(r.paramsSchema, 'path')
      : [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
          name: m[1],
          in: 'path',
          required: true,
          schema: { type: 'string' },
        }));
    const headerParams = (r.headers ?? []).map((h) => ({
      name: h.name,
      in: 'header',
      description: h.description,
      required: h.required ?? false,
      schema: strip(z.toJSONSchema(h.schema, { ...jsonSchemaOptions, io: 'input' }) as Json),
    }));
    const versionParam = {
      name: API_VERSION_PARAM,
      in: 'query',
      required: false,
      description: `The API version (Azure REST API guidelines); the current one, ${API_VERSION}, when absent.`,
      schema: { type: 'string', enum: [...supportedApiVersions] },
    };
    op.parameters = [...pathParams, ...parameters(r.querySchema, 'query'), versionParam, ...headerParams];
    if (r.requestSchema) {
      const id = name(requests, r.requestSchema, `${pascal(r.operationId)}Request`);
      op.requestBody = { required: !r.requestOptional, content: { 'application/json': { schema: { $ref: REF(id) } } } };
    }
    // What every operation of its kind may answer besides what the route lists.
    const implied: Record<number, RouteResponse> = {
      400: {
        description:
          'Invalid input (bad_request, with `issues`), or an unsupported api-version (unsupported_api_version)',
      },
      500: { description: 'Unexpected error (internal); nothing about it is disclosed' },
      // problem.ts: a dependency's transient failure (throttled, timed out, failing over) that
      // outlasts the SDK's retries.
      503: {
        description: 'A dependency stays unavailable past its retries (unavailable); try again after Retry-After',
      },
    };
    if (!r.anonymous) {
      implied[401] = { description: 'No valid bearer token (unauthenticated)' };
      implied[403] = {
        description: 'The token does not grant the scope (insufficient_scope), or the role or tenant is not allowed',
      };
    }
    if (pathParams.length > 0) implied[404] = { description: 'Not found (not_found)' };
    if (r.requestSchema) {
      implied[413] = { description: 'The body is larger than 64 KiB (payload_too_large)' };
      implied[415] = { description: 'The body is not application/json (unsupported_media_type)' };
    }
    const declared: Record<string, RouteResponse> = { ...implied, ...r.responses };
    const idempotent = (r.headers ?? []).some((h) => h.name === 'Idempotency-Key');
    op.responses = Object.fromEntries(
      Object.entries(declared)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([status, res]) => {
          const code = Number(status);
          const isError = code >= 400;
          const headers: Json = { 'api-version': HREF('ApiVersion') };
          if (code === 401) headers['WWW-Authenticate'] = HREF('WwwAuthenticate');
          if (code === 403 && !r.anonymous) headers['WWW-Authenticate'] = HREF('WwwAuthenticateScope');
          if (code === 429 || code === 503) headers['Retry-After'] = HREF('RetryAfter');
          if (code < 300 && idempotent) headers['idempotent-replayed'] = HREF('IdempotentReplayed');
          // Accepted work: where to read its outcome.
          if (code === 202)
            headers.Location = {
              description: 'Where to read the outcome of the accepted work.',
              required: true,
              schema: { type: 'string', pattern: '^/api/' },
            };
          for (const [h, d] of Object.entries(res.headers ?? {})) {
            headers[h] = {
              description: d.description,
              required: d.required ?? false,
              schema: strip(z.toJSONSchema(d.schema, { ...jsonSchemaOptions, io: 'output' }) as Json),
            };
          }
          const out: Json = { description: res.description, headers };
          if (res.media) out.content = Object.fromEntries(res.media.map((m) => [m, { schema: { type: 'string' } }]));
          const schema = res.schema ?? (isError && !res.media ? problemSchema : undefined);
          if (schema) {
            const id = name(responses, schema, `${pascal(r.operationId)}${status}`);
            out.content = {
              [isError ? 'application/problem+json' : 'application/json']: { schema: { $ref: REF(id) } },
            };
          }
          return [status, out];
        }),
    );
    // The alternatives are any one scope.
    op.security = r.anonymous ? [] : (r.scopes ?? manageScopes).map((scope) => ({ entra: [scope] }));
    (paths[r.path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info,
    servers: documentServers,
    tags: [...tags].sort().map((t) => ({ name: t, description: tagDescriptions[t] ?? t })),
    paths,
    components: {
      // Request and response forms differ (defaults are optional going in, present coming out).
      schemas: {
        ...components(requests, 'input'),
        ...components(new Map([...nestedNames, ...responses, ...eventSchemaNames]), 'output'),
      },
      headers: sharedHeaders,
      securitySchemes: {
        entra: {
          type: 'oauth2',
          description:
            'Microsoft Entra ID (work accounts of any tenant). Ask for the scope as `api://{API app id URI}/{scope}`; the access token lists the granted scopes in `scp`, and an operation needs any one of those it names. Partner roles come from the `roles` claim (app roles), the customer side from `wids` (Global Administrator). Locally, `npm start` runs a dev issuer instead.',
          flows: {
            authorizationCode: {
              authorizationUrl: `${ENTRA}/authorize`,
              tokenUrl: `${ENTRA}/token`,
              scopes: {
                [apiScopes.manageRelationships]:
                  'Partner and customer portals: profiles, invitations, customers, grants, audit, partnerships, subscriptions.',
                [apiScopes.answerInvitations]:
                  'The landing page: accept or decline an invitation addressed to your organisation, and nothing else.',
              },
            },
            // A portal backend acting without a user: application permissions (app roles) the
            // partner tenant's admin consented to, in the token's `roles`, mapped onto the role
            // matrix (shared/auth/roles.ts appRoleActions); the token's tenant is the partner.
            clientCredentials: {
              tokenUrl: `${ENTRA}/token`,
              scopes: {
                '.default':
                  'Ask for `api://{API app id URI}/.default`: the token carries the application permissions granted (Partner.Read, Partner.Invitations.ReadWrite, Partner.Webhooks.ReadWrite) and no `scp`.',
              },
            },
          },
        },
      },
    },
    security: [{ entra: [...manageScopes] }],
    webhooks: webhooksSection(REF),
  };
}

const tagDescriptions: Record<string, string> = {
  partner: "The caller's partner profile",
  invitations: 'Invitations a partner sends to customers',
  answers: 'The invitee side: the landing page, accept and decline',
  customers: "A partner's customers, their relationships and grants",
  'customer side': 'A customer Global admin: its partners and the grants it gave',
  audit: "The caller's tenant's audit trail",
  meta: 'Liveness and this document',
  'indirect channel': 'Indirect providers, their resellers and the customers they add',
  subscriptions: "Customers' subscriptions and the offer catalog",
  webhooks: 'Webhook endpoints, their signing secrets and delivery log (Standard Webhooks, CloudEvents 1.0)',
};

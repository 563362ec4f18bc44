import * as z from 'zod';
import { type ApiScope, manageScopes } from '../auth/scopes';
import { problemSchema } from './responses';

/** An HTTP method as OpenAPI spells it. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One documented response: a description and, for JSON bodies, the schema. */
export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
}

/** One route as data; the document is generated from these and the zod schemas they name. */
export interface ApiRoute {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/api/invitations/{id}`. */
  path: string;
  summary: string;
  operationId: string;
  tags?: string[];
  requestSchema?: z.ZodType;
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

type Json = Record<string, unknown>;

/** The generated document (OpenAPI 3.1 uses JSON Schema 2020-12, which z.toJSONSchema emits). */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string };
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
  security: Record<string, string[]>[];
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
  const js = z.toJSONSchema(schema, { ...jsonSchemaOptions, io: 'input' }) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema: s,
  }));
}

/** Builds the OpenAPI 3.1 document served at /api/openapi.json from route data and zod schemas. */
export function buildOpenApiDocument(
  routes: readonly ApiRoute[],
  info: { title: string; version: string } = { title: 'reseller-connect', version: '0.1.0' },
): OpenApiDocument {
  const requests = new Map<z.ZodType, string>();
  const responses = new Map<z.ZodType, string>([[problemSchema, 'Problem']]);
  const name = (map: Map<z.ZodType, string>, schema: z.ZodType, id: string) => {
    if (!map.has(schema)) map.set(schema, id);
    return map.get(schema)!;
  };
  const paths: OpenApiDocument['paths'] = {};
  for (const r of routes) {
    const op: Json = { operationId: r.operationId, summary: r.summary };
    if (r.tags) op.tags = r.tags;
    const pathParams = r.paramsSchema
      ? parameters(r.paramsSchema, 'path')
      : [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const headerParams = (r.headers ?? []).map((h) => ({
      name: h.name,
      in: 'header',
      description: h.description,
      required: h.required ?? false,
      schema: strip(z.toJSONSchema(h.schema, { ...jsonSchemaOptions, io: 'input' }) as Json),
    }));
    const params = [...pathParams, ...parameters(r.querySchema, 'query'), ...headerParams];
    if (params.length > 0) op.parameters = params;
    if (r.requestSchema) {
      const id = name(requests, r.requestSchema, `${pascal(r.operationId)}Request`);
      op.requestBody = { required: true, content: { 'application/json': { schema: { $ref: REF(id) } } } };
    }
    // Every authenticated operation may answer 403 insufficient_scope, whether or not roles matter.
    const declared = r.anonymous || r.responses[403] ? r.responses : { ...r.responses, 403: { description: 'The token does not grant the scope' } };
    op.responses = Object.fromEntries(
      Object.entries(declared).map(([status, res]) => {
        const isError = Number(status) >= 400;
        const schema = res.schema ?? (isError ? problemSchema : undefined);
        if (!schema) return [status, { description: res.description }];
        const id = name(responses, schema, `${pascal(r.operationId)}${status}`);
        const type = isError ? 'application/problem+json' : 'application/json';
        return [status, { description: res.description, content: { [type]: { schema: { $ref: REF(id) } } } }];
      }),
    );
    // OpenAPI 3.1 lets a bearer requirement name what it needs; the alternatives are any one scope.
    op.security = r.anonymous ? [] : (r.scopes ?? manageScopes).map((scope) => ({ bearer: [scope] }));
    (paths[r.path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      // Request and response forms differ (defaults are optional going in, present coming out).
      schemas: { ...components(requests, 'input'), ...components(responses, 'output') },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'An Entra ID access token for this API (the dev issuer locally); its `scp` must grant the scope an operation names.',
        },
      },
    },
    security: [{ bearer: [...manageScopes] }],
  };
}

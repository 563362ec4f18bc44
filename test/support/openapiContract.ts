// Every response an e2e test receives from the product's /api is checked against the OpenAPI
// document that host serves (GET /api/openapi.json, fetched once per origin): the operation must
// be documented, the status listed, the content type one of those documented, the documented
// headers present and valid, and the body valid against the schema (JSON Schema 2020-12, Ajv's
// 2020 build). The document's object schemas forbid undescribed properties
// (additionalProperties: false), so an extra member fails too.
//
// The walker from request to response schema is ours (OpenAPI 3.1 path templates, response
// objects, header objects); the schema validation is Ajv's.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

type Json = Record<string, any>;

/** Where each test process writes how many responses it validated (summed by the jest teardown). */
export const contractCountDir = path.resolve(__dirname, '../../.data/openapi-validated');

export interface Compiled {
  doc: Json;
  ajv: Ajv2020;
  /** Path templates, most literal first, as regular expressions. */
  templates: Array<{ template: string; re: RegExp }>;
  validators: Map<string, ValidateFunction>;
}

const documents = new Map<string, Promise<Compiled>>();
const exempt = new Set<string>();
let validated = 0;
// Jest gives each test file its own module registry, so one file per instance of this module.
const countFile = path.join(
  contractCountDir,
  `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`,
);

/** Hosts that do not serve the product (test fixtures) are not checked. */
export function exemptFromContract(origin: string): void {
  exempt.add(new URL(origin).origin);
}

/** How many responses this process has validated. */
export function contractValidatedCount(): number {
  return validated;
}

async function load(origin: string): Promise<Compiled> {
  const res = await fetch(`${origin}/api/openapi.json`);
  if (res.status !== 200) throw new Error(`OpenAPI contract: ${origin}/api/openapi.json answered ${res.status}`);
  const doc = (await res.json()) as Json;
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.1'))
    throw new Error(`OpenAPI contract: ${origin} serves no OpenAPI 3.1 document`);
  return compileDocument(doc);
}

/** Prepares a document for `violations`. */
export function compileDocument(doc: Json): Compiled {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // The whole document under one id, so `#/components/...` references resolve inside it.
  ajv.addSchema(doc, 'openapi.json');
  const literal = (t: string) => t.split('/').filter((s) => s && !s.startsWith('{')).length;
  const templates = Object.keys(doc.paths ?? {})
    .sort((a, b) => literal(b) - literal(a) || b.length - a.length)
    .map((template) => ({
      template,
      re: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
  return { doc, ajv, templates, validators: new Map() };
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function validatorAt(c: Compiled, at: string[]): ValidateFunction {
  const key = pointer(...at);
  let v = c.validators.get(key);
  if (!v) {
    v = c.ajv.compile({ $ref: `openapi.json#/${key}` });
    c.validators.set(key, v);
  }
  return v;
}

/** Follows local `$ref`s; returns the object and where it is (JSON pointer parts). */
function deref(c: Compiled, o: Json, at: string[]): { node: Json; at: string[] } {
  let cur = o;
  let where = at;
  for (let i = 0; cur && typeof cur.$ref === 'string' && i < 10; i++) {
    where = (cur.$ref as string)
      .slice(2)
      .split('/')
      .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    cur = where.reduce((n: Json, k: string) => n?.[k], c.doc);
  }
  return { node: cur, at: where };
}

const errorsOf = (v: ValidateFunction) =>
  (v.errors ?? [])
    .map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
    .join('; ');

/** The contract violations of one response ([] when it matches the document). */
export function violations(
  c: Compiled,
  method: string,
  url: URL,
  status: number,
  headers: Headers,
  body: unknown,
  text: string,
): string[] {
  const out: string[] = [];
  const match = c.templates.find((t) => t.re.test(url.pathname));
  if (!match) return [`path ${url.pathname} is not in the document`];
  const op = c.doc.paths[match.template][method.toLowerCase()];
  if (!op) return [`${method} ${match.template} is not in the document`];
  const responses = op.responses ?? {};
  const key = responses[String(status)]
    ? String(status)
    : responses[`${String(status)[0]}XX`]
      ? `${String(status)[0]}XX`
      : responses.default
        ? 'default'
        : undefined;
  if (!key)
    return [
      `status ${status} is not documented for ${method} ${match.template} (documented: ${Object.keys(responses).join(', ')})`,
    ];
  const where = ['paths', match.template, method.toLowerCase(), 'responses', key];
  const { node: response, at: responseAt } = deref(c, responses[key], where);
  for (const [name, h] of Object.entries<Json>(response.headers ?? {})) {
    const { node: header, at: headerAt } = deref(c, h, [...responseAt, 'headers', name]);
    const value = headers.get(name);
    if (value === null) {
      if (header.required) out.push(`required header ${name} is missing`);
      continue;
    }
    if (header.schema) {
      const v = validatorAt(c, [...headerAt, 'schema']);
      const asNumber = Number(value);
      const typed =
        header.schema.type === 'integer' || header.schema.type === 'number'
          ? Number.isFinite(asNumber) && value.trim() !== ''
            ? asNumber
            : value
          : value;
      if (!v(typed)) out.push(`header ${name}: ${JSON.stringify(value)} ${errorsOf(v)}`);
    }
  }
  const content = response.content as Json | undefined;
  const type = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!content) {
    if (text.length > 0)
      out.push(`status ${status} documents no body, got ${type || 'a body'} (${text.slice(0, 200)})`);
    return out;
  }
  if (text.length === 0) {
    out.push(`status ${status} documents a body (${Object.keys(content).join(', ')}), got none`);
    return out;
  }
  const media = Object.keys(content).find((m) => m.toLowerCase() === type);
  if (!media) {
    out.push(
      `content type ${type || '(none)'} is not documented for ${status} (documented: ${Object.keys(content).join(', ')})`,
    );
    return out;
  }
  if (content[media].schema) {
    const v = validatorAt(c, [...responseAt, 'content', media, 'schema']);
    const value = /json/.test(media) ? body : text;
    if (!v(value)) out.push(`body: ${errorsOf(v)}`);
  }
  return out;
}

function record(): void {
  validated++;
  mkdirSync(contractCountDir, { recursive: true });
  writeFileSync(countFile, JSON.stringify({ pid: process.pid, validated }));
}

/**
 * Checks one response of `/api/...` against the document its origin serves; throws on any
 * violation (OPENAPI_CONTRACT=collect appends them to .data/openapi-violations.log instead).
 */
export async function checkContract(
  method: string,
  url: string,
  status: number,
  headers: Headers,
  body: unknown,
  text: string,
): Promise<void> {
  const u = new URL(url);
  if (!u.pathname.startsWith('/api/') || exempt.has(u.origin)) return;
  let compiled = documents.get(u.origin);
  if (!compiled) {
    compiled = load(u.origin);
    documents.set(u.origin, compiled);
    compiled.catch(() => documents.delete(u.origin));
  }
  const c = await compiled;
  const found = violations(c, method, u, status, headers, body, text);
  record();
  if (found.length === 0) return;
  const message = `OpenAPI contract: ${method} ${u.pathname}${u.search} → ${status}: ${found.join(' | ')}`;
  if (process.env.OPENAPI_CONTRACT === 'collect') {
    appendFileSync(path.resolve(contractCountDir, '../openapi-violations.log'), `${message}\n`);
    return;
  }
  throw new Error(message);
}

/**
 * A fetch for openapi-fetch's createClient (it sends a Request): the same check as call(), so the
 * typed client's responses are validated against the served document too.
 */
export async function contractFetch(request: Request): Promise<Response> {
  const method = request.method;
  const url = request.url;
  const res = await fetch(request);
  const text = await res.clone().text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  await checkContract(method, url, res.status, res.headers, body, text);
  return res;
}

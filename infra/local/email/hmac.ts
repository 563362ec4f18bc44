import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * ACS access-key request signing (HMAC-SHA256), mirrored from `@azure/communication-common`'s
 * `communicationAccessKeyCredentialPolicy`: the caller signs
 * `METHOD\npathAndQuery\n<x-ms-date>;<host>;<x-ms-content-sha256>` with the base64-decoded key.
 */

/** Accepted distance between the caller's `x-ms-date` and our clock (Azure HMAC schemes allow 15 min). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** The headers the SDK always signs, in the order it lists them. */
const REQUIRED_SIGNED_HEADERS = ['x-ms-date', 'host', 'x-ms-content-sha256'] as const;
const AUTHORIZATION = /^HMAC-SHA256 SignedHeaders=([^&]+)&Signature=(.+)$/;

export type Verification = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** What verification needs of a request; `target` is the request-target exactly as received. */
export interface SignedRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Base64 SHA-256 of the body, as the SDK puts it in `x-ms-content-sha256`. */
export function contentHash(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('base64');
}

/**
 * Path and query as the SDK signs them: it re-serialises the query through URLSearchParams, so a
 * request-target is normalised the same way before comparing. A fixed origin is prefixed (not
 * passed as a base) so a target starting with `//` stays a path instead of becoming a host.
 */
export function signedPathAndQuery(target: string): string {
  const url = new URL(`http://sink.invalid${target.startsWith('/') ? '' : '/'}${target}`);
  const query = url.searchParams.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

/** The base64 signature of `stringToSign` under a base64 access key. */
export function computeSignature(accessKeyBase64: string, stringToSign: string): string {
  return createHmac('sha256', Buffer.from(accessKeyBase64, 'base64')).update(stringToSign).digest('base64');
}

/** Headers a caller would send: lets tests and tools craft raw requests that the sink accepts. */
export function signRequest(input: {
  accessKey: string;
  method: string;
  url: string;
  body?: string;
  date?: Date;
}): Record<string, string> {
  const url = new URL(input.url);
  const date = (input.date ?? new Date()).toUTCString();
  const hash = contentHash(input.body ?? '');
  const toSign = `${input.method.toUpperCase()}\n${signedPathAndQuery(url.pathname + url.search)}\n${date};${url.host};${hash}`;
  return {
    'x-ms-date': date,
    'x-ms-content-sha256': hash,
    authorization: `HMAC-SHA256 SignedHeaders=${REQUIRED_SIGNED_HEADERS.join(';')}&Signature=${computeSignature(input.accessKey, toSign)}`,
  };
}

/** Checks date skew, body hash and signature the way the service does; never reveals the key. */
export function verifySignature(req: SignedRequest, accessKeyBase64: string, now: Date): Verification {
  const header = (name: string): string | undefined => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const match = AUTHORIZATION.exec(header('authorization') ?? '');
  if (!match) return fail('Missing or malformed HMAC-SHA256 Authorization header');
  const signedHeaders = (match[1] ?? '').toLowerCase().split(';');
  const missing = REQUIRED_SIGNED_HEADERS.filter((name) => !signedHeaders.includes(name));
  if (missing.length > 0) return fail(`SignedHeaders must include ${missing.join(', ')}`);

  const date = Date.parse(header('x-ms-date') ?? '');
  if (Number.isNaN(date)) return fail("Missing or unparsable 'x-ms-date'");
  if (Math.abs(now.getTime() - date) > MAX_CLOCK_SKEW_MS) return fail("'x-ms-date' is outside the allowed clock skew");

  if (header('x-ms-content-sha256') !== contentHash(req.body)) {
    return fail("'x-ms-content-sha256' differs from the hash of the received content");
  }

  const values = signedHeaders.map((name) => header(name) ?? '');
  const toSign = `${req.method.toUpperCase()}\n${signedPathAndQuery(req.target)}\n${values.join(';')}`;
  const expected = Buffer.from(computeSignature(accessKeyBase64, toSign), 'base64');
  const given = Buffer.from(match[2] ?? '', 'base64');
  // Constant-time compare so response timing does not leak how much of a forged signature matched.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail('Signature mismatch');
  return { ok: true };
}

function fail(reason: string): Verification {
  return { ok: false, reason };
}

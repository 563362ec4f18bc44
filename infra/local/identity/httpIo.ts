import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { type ErrorCode, errorStatus } from '../../../shared/http/errors';

/** Small request/response helpers for the dev issuer's plain node:http routes. */

const maxBodyBytes = 16 * 1024;

/** Reads the body as text; undefined when it exceeds the cap (the rest is drained, not buffered). */
export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBodyBytes) chunks.push(chunk);
  }
  return size > maxBodyBytes ? undefined : Buffer.concat(chunks).toString('utf8');
}

/** The media type of the request without parameters, lower-cased. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** RFC 9457 problem details with the app's error codes, so clients handle the dev issuer like the API. */
export function sendProblem(
  res: ServerResponse,
  code: ErrorCode,
  detail: string,
  headers: Record<string, string> = {},
): void {
  const status = errorStatus[code];
  const body = { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, code, detail };
  res.writeHead(status, {
    'content-type': 'application/problem+json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

// The pages carry tokens: no scripts, no framing, no caching, no Referer, forms post only to us.
const htmlHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, htmlHeaders);
  res.end(html);
}

/** 303 so the browser follows with GET; no-referrer keeps the token-bearing URL out of Referer. */
export function sendRedirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
  res.end();
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

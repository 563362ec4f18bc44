import type { HttpRequest } from '@azure/functions';
import { AppError } from './errors';

/** Largest JSON body any endpoint accepts; bodies end up in Cosmos documents. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** Reads a JSON request body: 415 unless JSON, 413 when too large, 400 when malformed. */
export async function readJsonBody(request: HttpRequest): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new AppError('unsupported_media_type', 'Send a JSON body (application/json).');
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_JSON_BODY_BYTES) throw new AppError('payload_too_large', 'The body is too large.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('bad_request', 'The body is not valid JSON.');
  }
}

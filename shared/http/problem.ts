import type { HttpResponseInit } from '@azure/functions';
import { AppError, type ErrorCode, errorStatus, isAppError } from './errors';

/** The media type of every error response (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 problem document with the app's stable string code. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  /** Input issues by path (never the offending values), for 400/422. */
  issues?: unknown;
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The problem type URI of a code: stable, and documented by its code. */
export const problemType = (code: ErrorCode): string => `urn:reseller-connect:problem:${code}`;

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'TimeoutError',
  'REQUEST_SEND_ERROR',
  // The identity provider's signing keys could not be fetched (shared/auth/verifyAccessToken.ts).
  'SIGNING_KEYS_UNAVAILABLE',
]);
const TRANSIENT_STATUSES = new Set([408, 429, 449, 503]);

/**
 * Whether a thrown value is a dependency's transient failure that outlived its SDK's own retries:
 * Cosmos throttling (429 after its 9 retries), a timeout (408, or the client's TimeoutError), a
 * failover (503), or a dropped connection (ECONNRESET and kin; @azure/cosmos never retries a write
 * after one), or the identity provider's signing keys out of reach. A batch's error carries the
 * response's as its `cause`. Such a request may be sent again as it was, so the caller is told 503
 * with Retry-After rather than 500.
 */
function transientRetryAfterSeconds(e: unknown): number | undefined {
  for (
    let cur = e, depth = 0;
    cur && typeof cur === 'object' && depth < 4;
    cur = (cur as { cause?: unknown }).cause, depth++
  ) {
    const { code, retryAfterInMs } = cur as { code?: unknown; retryAfterInMs?: unknown };
    if (typeof code === 'number' && TRANSIENT_STATUSES.has(code))
      return Math.max(1, Math.ceil((typeof retryAfterInMs === 'number' ? retryAfterInMs : 0) / 1000));
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return 1;
  }
  return undefined;
}

// Anything that is not an AppError is our fault; its message may hold internals, so it never leaves.
const internal = new AppError('internal', 'An unexpected error occurred.');

/** A dependency's transient failure (throttled, timed out, failing over, connection dropped) past its SDK's retries. */
const unavailable = (retryAfterSeconds: number): AppError =>
  new AppError(
    'unavailable',
    'A service this API depends on is briefly unavailable. Send the request again after Retry-After.',
    { retryAfterSeconds },
  );

/** An AppError as it is; a dependency's transient failure as 503 `unavailable`; anything else as 500 `internal`. */
function asAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  const retryAfterSeconds = transientRetryAfterSeconds(e);
  return retryAfterSeconds === undefined ? internal : unavailable(retryAfterSeconds);
}

/**
 * Maps any thrown value to a problem document; unknown errors become a generic 500 `internal`, a
 * dependency's transient failure 503 `unavailable`.
 */
export function toProblem(e: unknown): Problem {
  const err = asAppError(e);
  const status = errorStatus[err.code];
  const issues = err.extra.issues;
  return {
    type: problemType(err.code),
    title: titles[status] ?? 'Error',
    status,
    code: err.code,
    detail: err.detail,
    ...(issues !== undefined ? { issues } : {}),
  };
}

/**
 * The HTTP response of a thrown value: problem+json, plus the Bearer challenge on 401 (and on a
 * missing scope) and Retry-After on 429 and 503.
 */
export function problemResponse(thrown: unknown): HttpResponseInit {
  const e = asAppError(thrown);
  const problem = toProblem(e);
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' };
  if (problem.status === 401) headers['www-authenticate'] = 'Bearer';
  // RFC 6750 §3.1: the challenge names the missing scope, so a client knows what to ask for.
  const scope = e.code === 'insufficient_scope' ? e.extra.scope : undefined;
  if (typeof scope === 'string') headers['www-authenticate'] = `Bearer error="insufficient_scope", scope="${scope}"`;
  const retryAfter = e.extra.retryAfterSeconds;
  if ((problem.status === 429 || problem.status === 503) && typeof retryAfter === 'number')
    headers['retry-after'] = String(retryAfter);
  const allow = e.extra.allow;
  if (problem.status === 405 && typeof allow === 'string') headers.allow = allow;
  return { status: problem.status, headers, body: JSON.stringify(problem) };
}

/**
 * Whether a thrown value is a dependency's transient failure that outlived its SDK's own retries:
 * Cosmos throttling (429 after its 9 retries), a timeout (408, or the client's TimeoutError), a
 * failover (503), or a dropped connection (ECONNRESET and kin; @azure/cosmos never retries a write
 * after one). A batch's error carries the response's as its `cause`. Such a request may be sent
 * again as it was, so the caller is told 503 with Retry-After rather than 500.
 */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'TimeoutError', 'REQUEST_SEND_ERROR']);
const TRANSIENT_STATUSES = new Set([408, 429, 449, 503]);

export function transientRetryAfterSeconds(e: unknown): number | undefined {
  for (let cur = e, depth = 0; cur && typeof cur === 'object' && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    const { code, retryAfterInMs } = cur as { code?: unknown; retryAfterInMs?: unknown };
    if (typeof code === 'number' && TRANSIENT_STATUSES.has(code)) return Math.max(1, Math.ceil((typeof retryAfterInMs === 'number' ? retryAfterInMs : 0) / 1000));
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return 1;
  }
  return undefined;
}

import type * as df from 'durable-functions';
import { RetryOptions } from '../durableCore';

/** Activity retries: writes are idempotent, emails deduplicated by Operation-Id. */
export function activityRetry(): df.RetryOptions {
  return backoff(2000, 6, 60_000);
}

/**
 * Retries of an email send that failed (an ACS outage: 5xx and timeouts past the SDK's own retries):
 * about 14 hours (5 s doubling to an hour, 24 tries) rather than activityRetry's minute, since a
 * failed email fails its orchestration: an invitation never emailed, a notice never sent. The
 * waits are durable timers, so an outage costs nothing while it lasts.
 */
export function emailRetry(): df.RetryOptions {
  return backoff(5000, 24, 3_600_000);
}

function backoff(firstMs: number, attempts: number, maxIntervalMs: number): df.RetryOptions {
  const r = new RetryOptions(firstMs, attempts);
  r.backoffCoefficient = 2;
  r.maxRetryIntervalInMilliseconds = maxIntervalMs;
  return r;
}

import type * as df from 'durable-functions';
import { RetryOptions } from '../durableCore';

/** Activity retries: writes are idempotent, emails deduplicated by Operation-Id. */
export function activityRetry(): df.RetryOptions {
  return backoff(2000, 6, 60_000);
}

/**
 * Retries of a notice that nothing else will send (the sweep's expiry notice): an ACS outage is
 * waited out for about 14 hours (5 s doubling to an hour, 24 tries) rather than the 2 minutes of
 * activityRetry, since a failed notice orchestration is not started again by anyone.
 */
export function noticeRetry(): df.RetryOptions {
  return backoff(5000, 24, 3_600_000);
}

function backoff(firstMs: number, attempts: number, maxIntervalMs: number): df.RetryOptions {
  const r = new RetryOptions(firstMs, attempts);
  r.backoffCoefficient = 2;
  r.maxRetryIntervalInMilliseconds = maxIntervalMs;
  return r;
}

import type * as df from 'durable-functions';
import { RetryOptions } from '../durableCore';

/** Activity retries: writes are idempotent, emails deduplicated by Operation-Id. */
export function activityRetry(): df.RetryOptions {
  const r = new RetryOptions(2000, 6);
  r.backoffCoefficient = 2;
  r.maxRetryIntervalInMilliseconds = 60_000;
  return r;
}

import type * as df from 'durable-functions';
import { RetryOptions } from '../durableCore';

/**
 * Retries of the invitation's record-keeping activities (RecordAcceptance, ExpireInvitation): 2 s
 * doubling to 10 minutes, 15 tries, about 70 minutes in all. Their writes are idempotent. It used to
 * be 6 tries within about a minute: a Cosmos DB degraded for longer (throttling, timeouts,
 * failovers, dropped connections past the SDK's retries) failed the orchestration of an accepted
 * invitation (soak seed 2051). The waits are durable timers, so an outage costs nothing while it lasts.
 */
export function activityRetry(): df.RetryOptions {
  return backoff(2000, 15, 600_000);
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

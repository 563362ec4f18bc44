import { activityRetry } from '../../../functions/orchestrators/activityRetry';
import type { RetryOptions } from '../../../infra/local/durable/actions';
import { retryDelay } from '../../../infra/local/durable/reconcile';

/**
 * Soak seed 2051 (`npm run soak -- --runs 1 --seed 2051 --meanness 1`): RecordAcceptance met Cosmos
 * faults on 6 tries within about a minute, and the accepted invitation's orchestration failed. Its
 * retries (and ExpireInvitation's) now outlast an hour of a degraded Cosmos, on durable timers of at
 * most 10 minutes, as the local engine computes them.
 */
test('the record-keeping activities retry for more than an hour, at most 10 minutes apart', () => {
  const options = activityRetry() as unknown as RetryOptions;
  let waited = 0;
  for (let attempt = 1; attempt < options.maxNumberOfAttempts; attempt++) {
    expect(retryDelay(options, attempt)).toBeLessThanOrEqual(600_000);
    waited += retryDelay(options, attempt);
  }
  expect(waited).toBeGreaterThan(3_600_000);
  expect(retryDelay(options, 1)).toBe(2000);
});

import type { ActivityOutcome } from '../schemas/orchestration';

/** An email activity's answer when the quota put its send off: nothing was written, call again later. */
export function deferredBy(sent: { retryAfterSeconds: number }): ActivityOutcome {
  return {
    outcome: 'deferred',
    retryAfterSeconds: sent.retryAfterSeconds,
    detail: 'the email quota is used up for now',
  };
}

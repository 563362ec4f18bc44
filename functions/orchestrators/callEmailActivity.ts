import type { OrchestrationContext, RetryOptions, Task } from 'durable-functions';
import { activityOutcomeSchema } from '../../shared/schemas/orchestration';
import { emailRetry } from './activityRetry';

/** Shortest and longest wait between two tries of a send the quota put off. */
const MIN_WAIT_SECONDS = 5;
const MAX_WAIT_SECONDS = 3600;
/**
 * Tries before giving up: enough for a quota that stays used up for days (the waits grow to an
 * hour), few enough that the history of one instance stays small.
 */
const MAX_DEFERRALS = 100;

/**
 * Calls an email activity; while it answers 'deferred' (the ACS quota used up: ours, or ACS's own
 * 429s), waits on a durable timer for as long as it was told and calls it again. Waiting here
 * costs nothing while it lasts, whereas failing the activity would spend its retries within minutes
 * and fail the orchestration, so a burst above the hourly quota would lose every email past it.
 * The activity skips a send that no longer applies (revoked, answered, past the deadline), and
 * answers raised meanwhile wait in the instance's inbox for the next wait for them. A failing
 * activity (an outage) is retried as `retry` says: for hours by default (emailRetry).
 */
export function* callEmailActivity(
  context: OrchestrationContext,
  name: string,
  input: unknown,
  retry: RetryOptions = emailRetry(),
): Generator<Task, unknown, unknown> {
  let waitSeconds = MIN_WAIT_SECONDS;
  for (let deferrals = 0; ; deferrals++) {
    const result: unknown = yield context.df.callActivityWithRetry(name, retry, input);
    const outcome = activityOutcomeSchema.safeParse(result).data;
    if (outcome?.outcome !== 'deferred') return result;
    if (deferrals >= MAX_DEFERRALS)
      throw new Error(`${name}: the email quota stayed used up through ${MAX_DEFERRALS} waits`);
    // As long as ACS or the pacer said, and never less than twice the last wait: a quota that is
    // used up again at once is likely to stay so (many instances sending), so the tries thin out.
    waitSeconds = Math.min(
      MAX_WAIT_SECONDS,
      Math.max(outcome.retryAfterSeconds ?? MIN_WAIT_SECONDS, deferrals === 0 ? MIN_WAIT_SECONDS : waitSeconds * 2),
    );
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + waitSeconds * 1000));
  }
}

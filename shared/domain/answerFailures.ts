import type { AnswerFailures } from './invitation';
import { iso, toMs } from './time';

/** How many failed answers one invitation link gets in a fixed window before it is refused. */
export interface AnswerAttemptPolicy {
  limit: number;
  windowMs: number;
}

/** 10 failed answers per 15 minutes per link: a person who has the link never fails at all. */
export const answerAttemptPolicy: AnswerAttemptPolicy = { limit: 10, windowMs: 15 * 60_000 };

/** How a failed answer is counted: one more in the current window, or a new window from `now`. */
export type FailureWrite = { type: 'increment' } | { type: 'startWindow'; failures: AnswerFailures };

/** Whether the stored window still runs at `now` (a window from the future, a skewed clock's, counts as running). */
export function windowRunning(
  failures: AnswerFailures | undefined,
  now: Date,
  policy: AnswerAttemptPolicy,
): failures is AnswerFailures {
  return failures !== undefined && toMs(now) < toMs(failures.windowStart) + policy.windowMs;
}

/** Seconds until answers may be tried again, when the running window is full; undefined otherwise. */
export function answersLimitedFor(
  failures: AnswerFailures | undefined,
  now: Date,
  policy: AnswerAttemptPolicy,
): number | undefined {
  if (!windowRunning(failures, now, policy) || failures.count < policy.limit) return undefined;
  return Math.max(1, Math.ceil((toMs(failures.windowStart) + policy.windowMs - toMs(now)) / 1000));
}

/** The write that counts one more failure at `now`, given the failures last read. */
export function nextFailureWrite(
  failures: AnswerFailures | undefined,
  now: Date,
  policy: AnswerAttemptPolicy,
): FailureWrite {
  return windowRunning(failures, now, policy)
    ? { type: 'increment' }
    : { type: 'startWindow', failures: { windowStart: iso(now), count: 1 } };
}

import { AppError } from '../http/errors';

/**
 * Failed answers per invitation link: after `limit` wrong attempts within `windowMs`, further
 * attempts get 429 until the oldest failure leaves the window. Tokens carry 256 bits, so this is
 * defence in depth against guessing and noisy clients; it is per process (each instance counts
 * its own), which the README states.
 */
export class AttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws AppError('rate_limited') when the key is over its limit. */
  check(key: string): void {
    const recent = this.recent(key);
    if (recent.length >= this.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil(((recent[0] as number) + this.windowMs - this.now()) / 1000));
      throw new AppError('rate_limited', 'Too many failed attempts for this invitation link; try again later.', { retryAfterSeconds });
    }
  }

  /** Counts one failed attempt. */
  fail(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value as string);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }
}

/** The process-wide limiter of the answer endpoints. */
export const answerAttempts = new AttemptLimiter();

/** Runs an answer, counting a failure when the link turned out unusable. */
export async function limitedAnswer<T>(invitationId: string, answer: () => Promise<T>): Promise<T> {
  answerAttempts.check(invitationId);
  try {
    return await answer();
  } catch (e) {
    if (e instanceof AppError && e.code === 'invitation_unavailable') answerAttempts.fail(invitationId);
    throw e;
  }
}

import { answerAttemptPolicy } from '../domain/answerFailures';
import { AppError } from '../http/errors';
import { tooManyAttempts } from './tooManyAttempts';

/**
 * Failed answers per invitation link seen by this process: after `limit` within `windowMs`,
 * further attempts get 429 until the oldest failure leaves the window. The limit that holds across
 * instances is the count stored on the invitation (shared/store/answerFailures.ts); this one is the
 * cheap first gate in front of it: it refuses a noisy client without a Cosmos request, so one
 * process writes at most `limit` failures per link and window however hard it is hammered.
 */
export class AttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = answerAttemptPolicy.limit,
    private readonly windowMs = answerAttemptPolicy.windowMs,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws AppError('rate_limited') when the key is over its limit. */
  check(key: string): void {
    const recent = this.recent(key);
    if (recent.length >= this.limit)
      throw tooManyAttempts(Math.max(1, Math.ceil(((recent[0] as number) + this.windowMs - this.now()) / 1000)));
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

/** This process's gate in front of the answer endpoints. */
export const answerAttempts = new AttemptLimiter();

/**
 * Runs an answer behind this process's gate, counting a failure when the link turned out unusable.
 * Every neutral refusal counts here (unknown ids too, so this gate's 429 tells nothing about an id);
 * the answer itself counts wrong tokens of pending invitations on the invitation.
 */
export async function limitedAnswer<T>(
  invitationId: string,
  answer: () => Promise<T>,
  gate: AttemptLimiter = answerAttempts,
): Promise<T> {
  gate.check(invitationId);
  try {
    return await answer();
  } catch (e) {
    if (e instanceof AppError && e.code === 'invitation_unavailable') gate.fail(invitationId);
    throw e;
  }
}

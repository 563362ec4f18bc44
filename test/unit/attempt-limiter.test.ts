// Failed answers per invitation link: the stored fixed window (pure, fake clock), the process's own
// gate in front of it, and the order openInvitation applies them in (stores faked here; the real
// store against the Cosmos-protocol server is test/integration/answer-attempts.test.ts).
import { AttemptLimiter, limitedAnswer } from '../../shared/answers/attemptLimiter';
import type { AnswerDeps } from '../../shared/answers/ports';
import { openInvitation, type LinkAttempt } from '../../shared/answers/openInvitation';
import {
  answerAttemptPolicy,
  answersLimitedFor,
  nextFailureWrite,
  windowRunning,
} from '../../shared/domain/answerFailures';
import type { AnswerFailures, Invitation } from '../../shared/domain/invitation';
import { AppError } from '../../shared/http/errors';
import { problemResponse } from '../../shared/http/problem';
import type { AuditEntry } from '../../shared/store/audit';
import { customerAdmin, INVITATION_ID, pendingInvitation, T0, TOKEN } from './domain/fixtures';

const policy = { limit: 3, windowMs: 60_000 };
const after = (ms: number) => new Date(T0.getTime() + ms);
const window = (count: number, startMs = 0): AnswerFailures => ({ windowStart: after(startMs).toISOString(), count });

describe('the stored window of failed answers (fixed window, fake clock)', () => {
  test('no failures yet: not limited, and the first failure starts a window at now', () => {
    expect(answersLimitedFor(undefined, T0, policy)).toBeUndefined();
    expect(nextFailureWrite(undefined, T0, policy)).toEqual({
      type: 'startWindow',
      failures: { windowStart: T0.toISOString(), count: 1 },
    });
  });

  test('within a running window a failure is one more, and the limit-th failure fills it', () => {
    expect(nextFailureWrite(window(1), after(10_000), policy)).toEqual({ type: 'increment' });
    expect(answersLimitedFor(window(policy.limit - 1), after(10_000), policy)).toBeUndefined();
    // Retry-After runs to the window's end, rounded up to whole seconds.
    expect(answersLimitedFor(window(policy.limit), after(10_000), policy)).toBe(50);
    expect(answersLimitedFor(window(policy.limit), after(59_500), policy)).toBe(1);
    expect(answersLimitedFor(window(policy.limit + 4), after(0), policy)).toBe(60);
  });

  test("at the window's end a full window stops counting, and the next failure starts a fresh one", () => {
    expect(windowRunning(window(policy.limit), after(59_999), policy)).toBe(true);
    expect(windowRunning(window(policy.limit), after(60_000), policy)).toBe(false);
    expect(answersLimitedFor(window(policy.limit), after(60_000), policy)).toBeUndefined();
    expect(nextFailureWrite(window(policy.limit), after(61_000), policy)).toEqual({
      type: 'startWindow',
      failures: { windowStart: after(61_000).toISOString(), count: 1 },
    });
  });

  test('a window started by an instance whose clock runs ahead still counts as running', () => {
    expect(answersLimitedFor(window(policy.limit, 5_000), T0, policy)).toBe(65);
    expect(nextFailureWrite(window(1, 5_000), T0, policy)).toEqual({ type: 'increment' });
  });

  test('the product policy is 10 failures per 15 minutes', () => {
    expect(answerAttemptPolicy).toEqual({ limit: 10, windowMs: 15 * 60_000 });
  });
});

describe("this process's gate", () => {
  test('the attempt after the limit within the window is refused with 429, then allowed once the window moves on', () => {
    let now = 0;
    const limiter = new AttemptLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      limiter.check('inv');
      limiter.fail('inv');
      now += 1_000;
    }
    let refused: unknown;
    try {
      limiter.check('inv');
    } catch (e) {
      refused = e;
    }
    expect(refused).toMatchObject({ code: 'rate_limited', extra: { retryAfterSeconds: 57 } });
    expect(() => limiter.check('other')).not.toThrow();
    now = 60_001;
    expect(() => limiter.check('inv')).not.toThrow();
  });

  test('only unusable-link answers count; other refusals and successes do not', async () => {
    const unavailable = () => Promise.reject(new AppError('invitation_unavailable', 'x'));
    const forbidden = () => Promise.reject(new AppError('forbidden', 'x'));
    const limited = () => Promise.reject(new AppError('rate_limited', 'x'));
    const gate = new AttemptLimiter();
    const id = 'inv';
    for (let i = 0; i < 20; i++)
      await expect(limitedAnswer(id, forbidden, gate)).rejects.toMatchObject({ code: 'forbidden' });
    for (let i = 0; i < 20; i++)
      await expect(limitedAnswer(id, limited, gate)).rejects.toMatchObject({ code: 'rate_limited' });
    for (let i = 0; i < 10; i++)
      await expect(limitedAnswer(id, unavailable, gate)).rejects.toMatchObject({ code: 'invitation_unavailable' });
    let ran = false;
    await expect(limitedAnswer(id, () => ((ran = true), Promise.resolve('ok')), gate)).rejects.toMatchObject({
      code: 'rate_limited',
    });
    expect(ran).toBe(false);
  });
});

describe('openInvitation: the stored limit before the token, counted only for pending invitations', () => {
  function world(stored: Invitation | undefined) {
    const recorded: string[] = [];
    const audited: Array<{ entry: Omit<AuditEntry, 'id' | 'tenantId'>; key?: string }> = [];
    let doc = stored;
    const deps: Pick<AnswerDeps, 'invitations' | 'answerFailures' | 'audit'> = {
      invitations: { get: async () => (doc ? { doc, etag: 'e' } : undefined), apply: async () => undefined },
      answerFailures: {
        async record(from, now) {
          recorded.push(from.doc.id);
          const running = windowRunning(doc?.answerFailures, now, answerAttemptPolicy);
          const failures =
            running && doc?.answerFailures
              ? { ...doc.answerFailures, count: doc.answerFailures.count + 1 }
              : { windowStart: now.toISOString(), count: 1 };
          doc = { ...(doc as Invitation), answerFailures: failures };
          return failures;
        },
      },
      audit: { append: async (_t, entry, key) => void audited.push({ entry, ...(key ? { key } : {}) }) },
    };
    return { deps, recorded, audited, doc: () => doc };
  }
  const attempt = (token: string, now = after(1_000)): LinkAttempt => ({
    invitationId: INVITATION_ID,
    token,
    now,
    by: customerAdmin,
    correlationId: 'c1',
  });
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'opened',
      (e: AppError) => e.code,
    );

  test('wrong tokens count; the limit-th is still the neutral 404 and is audited once; then even the right token gets 429', async () => {
    const w = world(pendingInvitation());
    for (let i = 0; i < answerAttemptPolicy.limit; i++)
      expect(await code(openInvitation(w.deps, attempt('b'.repeat(43))))).toBe('invitation_unavailable');
    expect(w.recorded).toHaveLength(answerAttemptPolicy.limit);
    expect(w.audited).toEqual([
      {
        entry: expect.objectContaining({ action: 'invitation.answersLimited', actor: customerAdmin }),
        key: `invitation:${INVITATION_ID}:answersLimited:${after(1_000).toISOString()}`,
      },
    ]);
    const refused = await openInvitation(w.deps, attempt(TOKEN)).catch((e: AppError) => e);
    expect(refused).toMatchObject({ code: 'rate_limited', extra: { retryAfterSeconds: 15 * 60 } });
    expect(w.recorded).toHaveLength(answerAttemptPolicy.limit);
    // Once the window has run out, the right token opens the invitation.
    expect(await code(openInvitation(w.deps, attempt(TOKEN, after(1_000 + answerAttemptPolicy.windowMs))))).toBe(
      'opened',
    );
  });

  test('nothing is written for an unknown id, a malformed id, or a wrong token to an invitation that is no longer pending', async () => {
    const unknown = world(undefined);
    expect(await code(openInvitation(unknown.deps, attempt('b'.repeat(43))))).toBe('invitation_unavailable');
    expect(await code(openInvitation(unknown.deps, { ...attempt('b'.repeat(43)), invitationId: 'not-a-guid' }))).toBe(
      'invitation_unavailable',
    );
    const revoked = world({ ...pendingInvitation(), status: 'revoked' });
    const expired = world(pendingInvitation({ expiresInDays: 1 }));
    expect(await code(openInvitation(revoked.deps, attempt('b'.repeat(43))))).toBe('invitation_unavailable');
    expect(await code(openInvitation(expired.deps, attempt('b'.repeat(43), after(2 * 86_400_000))))).toBe(
      'invitation_unavailable',
    );
    expect([...unknown.recorded, ...revoked.recorded, ...expired.recorded]).toEqual([]);
  });
});

test('a 429 problem carries Retry-After', () => {
  const r = problemResponse(new AppError('rate_limited', 'slow down', { retryAfterSeconds: 42 }));
  expect(r.status).toBe(429);
  expect((r.headers as Record<string, string>)['retry-after']).toBe('42');
});

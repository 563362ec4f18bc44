import { AttemptLimiter, limitedAnswer } from '../../shared/answers/attemptLimiter';
import { AppError } from '../../shared/http/errors';
import { problemResponse } from '../../shared/http/problem';

describe('failed answers per invitation link', () => {
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
    const id = `inv-${Math.random()}`;
    for (let i = 0; i < 20; i++) await expect(limitedAnswer(id, forbidden)).rejects.toMatchObject({ code: 'forbidden' });
    for (let i = 0; i < 10; i++) await expect(limitedAnswer(id, unavailable)).rejects.toMatchObject({ code: 'invitation_unavailable' });
    await expect(limitedAnswer(id, () => Promise.resolve('ok'))).rejects.toMatchObject({ code: 'rate_limited' });
  });
});

test('a 429 problem carries Retry-After', () => {
  const r = problemResponse(new AppError('rate_limited', 'slow down', { retryAfterSeconds: 42 }));
  expect(r.status).toBe(429);
  expect((r.headers as Record<string, string>)['retry-after']).toBe('42');
});

// The send pacer on a virtual clock: never more than the quota in any window, bursts up to it at once.
import { createPacer, QuotaExhaustedError, quotaWindows, type PacerClock } from '../../shared/email/pacer';

/** A clock that only moves when someone sleeps: sleeping to a time jumps there. */
function virtualClock(): PacerClock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** The most sends that fall in any half-open window [t, t + windowMs). */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('pacer', () => {
  it('unlimited (0/0) never waits', async () => {
    const clock = virtualClock();
    const pacer = createPacer(quotaWindows({ perMinute: 0, perHour: 0 }), clock);
    for (let i = 0; i < 1000; i++) await pacer.acquire();
    expect(clock.now()).toBe(0);
  });

  it('30/min and 100/h: 250 sends keep both quotas in every window, and waste no slot', async () => {
    const clock = virtualClock();
    const pacer = createPacer(quotaWindows({ perMinute: 30, perHour: 100 }), clock);
    const times: number[] = [];
    for (let i = 0; i < 250; i++) {
      await pacer.acquire();
      times.push(clock.now());
    }
    expect(busiestWindow(times, 60_000)).toBe(30);
    expect(busiestWindow(times, 3_600_000)).toBe(100);
    // The first 30 go at once; the first hour holds exactly 100 sends (30 + 30 + 30 + 10).
    expect(times.slice(0, 30).every((t) => t === 0)).toBe(true);
    expect(times[30]).toBe(60_000);
    expect(times.filter((t) => t < 3_600_000)).toHaveLength(100);
    expect(times[100]).toBe(3_600_000);
  });

  it('callers arriving together are served in order, each with its own slot', async () => {
    const clock = virtualClock();
    const pacer = createPacer([{ limit: 2, windowMs: 1000 }], clock);
    expect(await Promise.all([1, 2, 3, 4, 5].map(() => pacer.reserve()))).toEqual([0, 0, 1000, 1000, 2000]);
  });

  it('a slot further away than maxWaitMs is refused without being claimed', async () => {
    const clock = virtualClock();
    const pacer = createPacer([{ limit: 1, windowMs: 60_000 }], clock);
    await pacer.acquire(10);
    await expect(pacer.acquire(10)).rejects.toBeInstanceOf(QuotaExhaustedError);
    expect(await pacer.reserve()).toBe(60_000); // the refused call took nothing
  });
});

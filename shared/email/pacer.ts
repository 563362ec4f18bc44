/** A send quota: at most `limit` sends in any window of `windowMs` (0 = unlimited). */
export interface QuotaWindow {
  limit: number;
  windowMs: number;
}

/** Time for the pacer: the real clock in production, a virtual one in tests. */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Paces sends under quotas: each caller waits for its own slot, in arrival order. */
export interface Pacer {
  /**
   * Claims the next free slot and returns how many ms to wait for it (0 = go); claims nothing and
   * returns undefined when that slot is more than `maxWaitMs` away.
   */
  reserve(maxWaitMs?: number): number | undefined;
  /** Claims the next free slot and waits for it; throws QuotaExhaustedError, claiming nothing, past `maxWaitMs`. */
  acquire(maxWaitMs?: number): Promise<void>;
}

/** The quota has no slot soon enough: a retry later (the orchestrator's) can succeed. */
export class QuotaExhaustedError extends Error {
  constructor(readonly waitMs: number) {
    super(`email quota exhausted: next send slot in ${Math.ceil(waitMs / 1000)} s`);
    this.name = 'QuotaExhaustedError';
  }
}

export const systemClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The ACS quotas as windows: per minute and per hour, a 0 limit leaving that window out. */
export function quotaWindows(q: { perMinute: number; perHour: number }): QuotaWindow[] {
  return [
    { limit: q.perMinute, windowMs: 60_000 },
    { limit: q.perHour, windowMs: 3_600_000 },
  ].filter((w) => w.limit > 0);
}

/**
 * A token bucket per window whose every token comes back exactly one window after it was spent
 * (a sliding-window log). A bucket refilled at a steady rate would let a full burst plus the
 * refill through, up to twice the quota in one window; this one never exceeds `limit` in any
 * window, and still lets a burst of `limit` go at once. Per process: one instance per sender.
 */
export function createPacer(windows: QuotaWindow[], clock: PacerClock = systemClock): Pacer {
  // Granted slot times (ms), non-decreasing; only the most recent max(limit) of them matter.
  const slots: number[] = [];
  const keep = Math.max(0, ...windows.map((w) => w.limit));

  function next(now: number): number {
    let at = Math.max(now, slots.at(-1) ?? now);
    for (const w of windows) {
      // The spent token that returns first once `limit` are out: the limit-th most recent slot.
      const oldest = slots.length >= w.limit ? slots[slots.length - w.limit] : undefined;
      if (oldest !== undefined) at = Math.max(at, oldest + w.windowMs);
    }
    return at;
  }

  function reserve(maxWaitMs = Infinity): number | undefined {
    if (windows.length === 0) return 0;
    const now = clock.now();
    const at = next(now);
    if (at - now > maxWaitMs) return undefined;
    slots.push(at);
    if (slots.length > keep) slots.splice(0, slots.length - keep);
    return at - now;
  }

  return {
    reserve,
    async acquire(maxWaitMs) {
      const wait = reserve(maxWaitMs);
      if (wait === undefined) throw new QuotaExhaustedError(next(clock.now()) - clock.now());
      if (wait > 0) await clock.sleep(wait);
    },
  };
}

/** A send quota: at most `limit` sends in any window of `windowMs` (0 = unlimited). */
export interface QuotaWindow {
  limit: number;
  windowMs: number;
}

/** How many of the most recent slots decide the next one: the largest limit. */
export const slotsToKeep = (windows: readonly QuotaWindow[]): number => Math.max(0, ...windows.map((w) => w.limit));

/**
 * The earliest instant, not before `now` nor before the last slot granted, that every window has
 * room for. `slots` are granted send times in ms, non-decreasing. Each token of a window comes back
 * exactly one window after it was spent (a sliding-window log): a bucket refilled at a steady rate
 * would let a full burst plus the refill through, up to twice the quota in one window; this never
 * exceeds `limit` in any window, and still lets a burst of `limit` go at once.
 */
export function nextSlot(slots: readonly number[], windows: readonly QuotaWindow[], now: number): number {
  let at = Math.max(now, slots.at(-1) ?? now);
  for (const w of windows) {
    // The spent token that returns first once `limit` are out: the limit-th most recent slot.
    const oldest = slots.length >= w.limit ? slots[slots.length - w.limit] : undefined;
    if (oldest !== undefined) at = Math.max(at, oldest + w.windowMs);
  }
  return at;
}

/** The slots after granting `at`: only the most recent `keep` matter for the next one. */
export function withSlot(slots: readonly number[], at: number, keep: number): number[] {
  const next = [...slots, at];
  return next.length > keep ? next.slice(next.length - keep) : next;
}

/**
 * The durable backend's time source and wake-up scheduler. In skippable mode (tests, or the
 * `--virtual-time` flag) time can be moved forward, the way Temporal's time-skipping test server
 * works: every timer due in the skipped span fires in order, at its own instant, and the system is
 * allowed to settle between fires so that timers created by a fire are honoured too.
 */
export interface ScheduledTimer {
  at: number;
  fire: (now: number) => void;
  /** Timer triggers: fire once after a skip (as the Functions host does after downtime), not per occurrence. */
  coalesce: boolean;
  cancelled: boolean;
}

export class Clock {
  private offset = 0;
  private timers: ScheduledTimer[] = [];
  private tick: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly skippable: boolean = false,
    start?: number,
  ) {
    if (start !== undefined) this.offset = start - Date.now();
  }

  now(): number {
    return Date.now() + this.offset;
  }

  /** Calls `fire` at `at` (clock time); returns a cancel function. */
  schedule(at: number, fire: (now: number) => void, coalesce = false): () => void {
    const timer: ScheduledTimer = { at, fire, coalesce, cancelled: false };
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.timers[mid] as ScheduledTimer).at <= at) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, timer);
    if (lo === 0) this.rearm();
    return () => {
      timer.cancelled = true;
    };
  }

  /** Number of timers still waiting (for diagnostics and tests). */
  pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Earliest pending timer's time, if any. */
  nextAt(): number | undefined {
    return this.timers.find((t) => !t.cancelled)?.at;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order. `settle` resolves when the system has
   * finished reacting to a fire (the engine's idle()).
   */
  async advance(ms: number, settle: () => Promise<void>): Promise<{ now: number; fired: number }> {
    if (!this.skippable) throw new Error('time can only be skipped when the host runs with virtual time');
    const target = this.now() + ms;
    let fired = 0;
    const coalesced = new Set<ScheduledTimer>();
    for (;;) {
      await settle();
      const next = this.timers.find((t) => !t.cancelled && !coalesced.has(t) && t.at <= target);
      if (!next) break;
      if (next.coalesce) {
        coalesced.add(next);
        continue;
      }
      if (next.at > this.now()) this.offset += next.at - this.now();
      fired += this.fireDue((t) => !t.coalesce);
    }
    if (target > this.now()) this.offset += target - this.now();
    fired += this.fireDue(() => true);
    await settle();
    return { now: this.now(), fired };
  }

  stop(): void {
    this.stopped = true;
    if (this.tick) clearTimeout(this.tick);
  }

  private fireDue(filter: (t: ScheduledTimer) => boolean): number {
    const now = this.now();
    const due = this.timers.filter((t) => !t.cancelled && t.at <= now && filter(t));
    this.timers = this.timers.filter((t) => !t.cancelled && !due.includes(t));
    for (const t of due) t.fire(now);
    this.rearm();
    return due.length;
  }

  private rearm(): void {
    if (this.tick) clearTimeout(this.tick);
    this.tick = undefined;
    const next = this.nextAt();
    if (next === undefined || this.stopped) return;
    // setTimeout overflows past 2^31−1 ms; re-arming at that horizon is enough.
    const delay = Math.min(Math.max(0, next - this.now()), 2 ** 31 - 1);
    this.tick = setTimeout(() => this.fireDue(() => true), delay);
    this.tick.unref();
  }
}

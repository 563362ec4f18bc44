import { secondsUntilWindowEnds, sendWindowAt, type SendWindow } from '../domain/sendWindow';
import { AppError } from '../http/errors';
import type { InviterSendCounters } from '../store/inviterSendCounters';

/** Port: one inviter's allowance of sends (new invitations and resends) per window. */
export interface InviterSendAllowance {
  /**
   * Counts one send of the partner, or throws AppError('rate_limited') with the seconds until
   * the window ends. The returned function gives the send back when it did not happen after all.
   */
  take(partnerTenantId: string): Promise<() => void>;
}

export interface InviterSendLimiterOptions {
  /** Sends per partner per window; 0 = unlimited (nothing is counted or read). */
  limit: number;
  counters: InviterSendCounters;
  /** How long counts gather before one flush sends them: about once a second per partner and window. */
  flushIntervalMs?: number;
  now?: () => number;
  /** Where failed flushes are reported; never given a token or an email address. */
  log?: (message: string) => void;
}

/** What this process knows of one partner's window. */
interface Tally {
  partnerTenantId: string;
  window: SendWindow;
  /** The count every instance had flushed, as of this process's last read or flush. */
  shared: number;
  /** Counted here and not yet sent. */
  unflushed: number;
  /** Being sent by the flush in flight (counted until its response replaces `shared`). */
  flushing: number;
  /** The window's first read; every request of the window waits for it. */
  ready: Promise<void>;
}

/**
 * Sends per inviter per clock hour, shared across instances without a write on the request path.
 * Each process keeps, per (partner, window), the shared count as of its last sync plus what it has
 * counted since; a send is allowed while the two together stay under the limit. Counts are
 * flushed off the request path with one atomic `incr` per (partner, window) at most once per flush
 * interval, and the patch's response brings the other instances' sends back. The window's first
 * send in a process reads the counter first (one point read).
 *
 * Instances learn of each other only through the counter, so each can admit what it counts within
 * one flush interval before it sees the others: the overshoot is bounded by instances × sends per
 * instance within one interval. A process that dies loses its unflushed counts (at most one
 * interval's worth): this is a limit, not a ledger.
 */
export class InviterSendLimiter implements InviterSendAllowance {
  private readonly tallies = new Map<string, Tally>();
  private readonly dirty = new Set<Tally>();
  private readonly inFlight = new Set<Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private currentWindow: string | undefined;
  private readonly flushIntervalMs: number;
  private readonly now: () => number;
  private readonly log: (message: string) => void;

  constructor(private readonly o: InviterSendLimiterOptions) {
    this.flushIntervalMs = o.flushIntervalMs ?? 1_000;
    this.now = o.now ?? Date.now;
    const log = o.log ?? ((m: string) => console.warn(m));
    // A failing logger must not turn a flush into an unhandled rejection.
    this.log = (m) => {
      try {
        log(m);
      } catch {
        // nothing better to do with it
      }
    };
  }

  async take(partnerTenantId: string): Promise<() => void> {
    if (this.o.limit === 0) return () => undefined;
    const tally = this.tallyOf(partnerTenantId, sendWindowAt(this.now()));
    await tally.ready;
    // Checked and counted with no await in between: this process never admits past what it knows.
    if (tally.shared + tally.flushing + tally.unflushed >= this.o.limit) {
      const retryAfterSeconds = secondsUntilWindowEnds(tally.window, this.now());
      throw new AppError(
        'rate_limited',
        `Your organisation has sent as many invitations this hour as allowed (${this.o.limit}, resends included); try again in ${retryAfterSeconds} seconds.`,
        { retryAfterSeconds },
      );
    }
    this.count(tally, 1);
    let givenBack = false;
    return () => {
      if (!givenBack) this.count(tally, -1);
      givenBack = true;
    };
  }

  /** Sends every count gathered so far and waits for it (tests, shutdown); failures stay for the next flush. */
  async flush(): Promise<void> {
    await Promise.all(this.inFlight);
    for (const tally of this.dirty) this.flushTally(tally);
    await Promise.all(this.inFlight);
  }

  /** Stops the timer after a last flush. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tallyOf(partnerTenantId: string, window: SendWindow): Tally {
    if (window.key !== this.currentWindow) this.forgetPastWindows(window.key);
    const key = `${partnerTenantId}|${window.key}`;
    let tally = this.tallies.get(key);
    if (!tally) {
      const t: Tally = { partnerTenantId, window, shared: 0, unflushed: 0, flushing: 0, ready: Promise.resolve() };
      t.ready = this.o.counters.read(partnerTenantId, window.key).then(
        (shared) => void (t.shared = shared),
        (e: unknown) => {
          // Not cached: the next send of the window reads again.
          if (this.tallies.get(key) === t) this.tallies.delete(key);
          throw e;
        },
      );
      this.tallies.set(key, t);
      tally = t;
    }
    return tally;
  }

  /** Drops what is known of ended windows once their counts are sent: memory follows active partners. */
  private forgetPastWindows(windowKey: string): void {
    this.currentWindow = windowKey;
    for (const [key, t] of this.tallies) {
      if (t.window.key !== windowKey && t.unflushed === 0 && t.flushing === 0) this.tallies.delete(key);
    }
  }

  private count(tally: Tally, n: number): void {
    tally.unflushed += n;
    this.dirty.add(tally);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.dirty.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const tally of this.dirty) this.flushTally(tally);
    }, this.flushIntervalMs);
    // A pending flush never keeps the process alive: an exiting process loses at most this interval's counts.
    this.timer.unref();
  }

  /** One patch for what the tally gathered; skipped while its previous flush is in flight. */
  private flushTally(tally: Tally): void {
    if (tally.flushing !== 0 || tally.unflushed === 0) {
      if (tally.unflushed === 0 && tally.flushing === 0) this.dirty.delete(tally);
      return;
    }
    const n = tally.unflushed;
    tally.unflushed = 0;
    tally.flushing = n;
    this.dirty.delete(tally);
    const done: Promise<void> = this.o.counters.add(tally.partnerTenantId, tally.window.key, n).then(
      (shared) => {
        // In the same step as `flushing` is cleared, so no send ever sees these counts twice or not at all.
        tally.shared = shared;
        this.flushed(tally, done);
      },
      (e: unknown) => {
        tally.unflushed += n;
        this.dirty.add(tally);
        this.flushed(tally, done);
        this.log(
          `Inviter send counter of partner ${tally.partnerTenantId} for ${tally.window.key} not flushed (${describe(e)}); retried on the next flush.`,
        );
      },
    );
    this.inFlight.add(done);
  }

  private flushed(tally: Tally, done: Promise<void>): void {
    tally.flushing = 0;
    this.inFlight.delete(done);
    this.schedule();
  }
}

/** An error's code and first line, nothing more: Cosmos errors can carry whole response bodies. */
function describe(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  const message = e instanceof Error ? e.message.split('\n')[0]?.slice(0, 200) : String(e).slice(0, 200);
  return code !== undefined ? `${String(code)}: ${message}` : (message ?? 'unknown error');
}

import { appNow } from '../appClock';
import { memoryQuotaLedger, type QuotaLedger, type QuotaLedgerState } from './quotaLedger';
import { nextSlot, slotsToKeep, withSlot, type QuotaWindow } from './quotaSlots';

export type { QuotaWindow } from './quotaSlots';

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
  reserve(maxWaitMs?: number): Promise<number | undefined>;
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
  now: () => appNow(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The ACS quotas as windows: per minute and per hour, a 0 limit leaving that window out. */
export function quotaWindows(q: { perMinute: number; perHour: number }): QuotaWindow[] {
  return [
    { limit: q.perMinute, windowMs: 60_000 },
    { limit: q.perHour, windowMs: 3_600_000 },
  ].filter((w) => w.limit > 0);
}

// Writers that beat this process to the ledger, one after another, before it gives up (a send
// failure the activity's retry repeats). Claims within the process queue, so each conflict is
// another instance's claim.
const MAX_CONFLICTS = 20;

/**
 * Paces sends on a ledger of granted slots. On a shared ledger every instance claims from the same
 * record (read, compute the next slot, write over the version read), so the quota holds for the app
 * as a whole; a conflict means another instance claimed first, and the claim is computed again.
 * Within a process claims go one at a time, in arrival order, and start from the version this
 * process wrote last, so a single instance pays one write per send and no read.
 */
export function createLedgerPacer(ledger: QuotaLedger, windows: QuotaWindow[], clock: PacerClock = systemClock): Pacer {
  const keep = slotsToKeep(windows);
  let known: QuotaLedgerState | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function claim(maxWaitMs: number): Promise<{ waitMs: number; granted: boolean }> {
    for (let conflicts = 0; conflicts <= MAX_CONFLICTS; ) {
      const cached = known !== undefined;
      const state = known ?? (await ledger.read());
      known = undefined;
      const now = clock.now();
      const at = nextSlot(state.slots, windows, now);
      // A refusal is decided on a fresh read: the ledger may have lost slots (its TTL, an operator).
      if (at - now > maxWaitMs) {
        if (cached) continue;
        return { waitMs: at - now, granted: false };
      }
      const slots = withSlot(state.slots, at, keep);
      const etag = await ledger.write(slots, state.etag);
      if (etag !== 'conflict') {
        known = { slots, etag };
        return { waitMs: at - now, granted: true };
      }
      conflicts++;
    }
    throw new Error(`email quota ledger: ${MAX_CONFLICTS} other writers came first; the send is retried later`);
  }

  function queued(maxWaitMs: number): Promise<{ waitMs: number; granted: boolean }> {
    const turn = queue.then(() => claim(maxWaitMs));
    queue = turn.catch(() => undefined);
    return turn;
  }

  return {
    async reserve(maxWaitMs = Infinity) {
      if (windows.length === 0) return 0;
      const { waitMs, granted } = await queued(maxWaitMs);
      return granted ? waitMs : undefined;
    },
    async acquire(maxWaitMs = Infinity) {
      if (windows.length === 0) return;
      const { waitMs, granted } = await queued(maxWaitMs);
      if (!granted) throw new QuotaExhaustedError(waitMs);
      if (waitMs > 0) await clock.sleep(waitMs);
    },
  };
}

/** A pacer for this process alone (its ledger in memory). */
export function createPacer(windows: QuotaWindow[], clock: PacerClock = systemClock): Pacer {
  return createLedgerPacer(memoryQuotaLedger(), windows, clock);
}

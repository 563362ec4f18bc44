import { appNow } from '../appClock';
import { memoryQuotaLedger, type QuotaLedger, type QuotaLedgerState } from './quotaLedger';
import { nextSlot, slotsToKeep, withSlot, type QuotaWindow } from './quotaSlots';
import { holdsItsSlot, priorityRank, type SendPriority } from './sendPriority';

export type { QuotaWindow } from './quotaSlots';
export type { SendPriority } from './sendPriority';

/**
 * Which send asks: its priority ('invitation' when absent) and its key (the ACS Operation-Id),
 * under which a held slot is found again.
 */
export interface SlotRequest {
  priority?: SendPriority;
  key?: string;
}

/** Time for the pacer: the real clock in production, a virtual one in tests. */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * Paces sends under quotas: each caller waits for its own slot; callers waiting together are served
 * by priority, then in arrival order.
 */
export interface Pacer {
  /**
   * Claims the next free slot and returns how many ms to wait for it (0 = go); returns undefined
   * when that slot is more than `maxWaitMs` away, having claimed nothing, except for a notice or
   * reminder with a key: its slot is held for its retry (holdsItsSlot).
   */
  reserve(maxWaitMs?: number, request?: SlotRequest): Promise<number | undefined>;
  /**
   * Claims the next free slot and waits for it; throws QuotaExhaustedError past `maxWaitMs` (claiming as reserve does).
   */
  acquire(maxWaitMs?: number, request?: SlotRequest): Promise<void>;
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
 * A held slot whose send comes back later than this after it is no longer used (a new one is
 * claimed; the old one still counts).
 */
const HOLD_STALE_MS = 10 * 60_000;
/** Held slots nobody came back for are forgotten this long after their time (a send that was skipped). */
const HOLD_FORGOTTEN_MS = 24 * 3_600_000;

type Claim = { waitMs: number; granted: boolean };

/** The holds still worth keeping at `now`, without `key`'s. */
function holdsWithout(
  holds: Record<string, number> | undefined,
  key: string | undefined,
  now: number,
): Record<string, number> {
  return Object.fromEntries(Object.entries(holds ?? {}).filter(([k, at]) => k !== key && at > now - HOLD_FORGOTTEN_MS));
}

/**
 * Paces sends on a ledger of granted slots. On a shared ledger every instance claims from the same
 * record (read, compute the next slot, write over the version read), so the quota holds for the app
 * as a whole; a conflict means another instance claimed first, and the claim is computed again.
 * Within a process claims go one at a time, the highest priority first, then in arrival order, and
 * start from the version this process wrote last, so a single instance pays one write per send.
 *
 * Priority across time and instances: slots are granted in time order, so a send that holds a slot
 * is served before every send that asks later. A notice or reminder whose slot is too far away
 * holds it (in the ledger, by its key) and its retry finds it; a batch send or single invitation
 * then claims nothing, so however many of them wait they never push a reminder back.
 */
export function createLedgerPacer(ledger: QuotaLedger, windows: QuotaWindow[], clock: PacerClock = systemClock): Pacer {
  const keep = slotsToKeep(windows);
  let known: QuotaLedgerState | undefined;

  async function claim(maxWaitMs: number, request: SlotRequest): Promise<Claim> {
    const priority = request.priority ?? 'invitation';
    for (let conflicts = 0; conflicts <= MAX_CONFLICTS;) {
      const cached = known !== undefined;
      const state = known ?? (await ledger.read());
      known = undefined;
      const now = clock.now();
      const held = request.key !== undefined ? state.holds?.[request.key] : undefined;
      let write: { slots: number[]; holds: Record<string, number>; result: Claim } | undefined;
      if (held !== undefined && held >= now - HOLD_STALE_MS) {
        // The retry of a send that holds its slot: that slot, and nobody else's.
        if (held - now > maxWaitMs) {
          known = state;
          return { waitMs: held - now, granted: false };
        }
        write = {
          slots: state.slots,
          holds: holdsWithout(state.holds, request.key, now),
          result: { waitMs: Math.max(0, held - now), granted: true },
        };
      } else {
        const at = nextSlot(state.slots, windows, now);
        const tooFar = at - now > maxWaitMs;
        if (tooFar && !(request.key !== undefined && holdsItsSlot(priority))) {
          // A refusal is decided on a fresh read: the ledger may have lost slots (its TTL, an operator).
          if (cached) continue;
          known = state;
          return { waitMs: at - now, granted: false };
        }
        const holds = holdsWithout(state.holds, request.key, now);
        if (tooFar) holds[request.key as string] = at;
        write = { slots: withSlot(state.slots, at, keep), holds, result: { waitMs: at - now, granted: !tooFar } };
      }
      const etag = await ledger.write(write.slots, state.etag, write.holds);
      if (etag !== 'conflict') {
        known = { slots: write.slots, holds: write.holds, etag };
        return write.result;
      }
      conflicts++;
    }
    throw new Error(`email quota ledger: ${MAX_CONFLICTS} other writers came first; the send is retried later`);
  }

  // Claims waiting for their turn in this process: the highest priority first, then the oldest.
  const waiting: Array<{ rank: number; seq: number; run: () => Promise<void> }> = [];
  let seq = 0;
  let busy = false;
  async function pump(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      while (waiting.length > 0) {
        waiting.sort((a, b) => b.rank - a.rank || a.seq - b.seq);
        await (waiting.shift() as { run: () => Promise<void> }).run();
      }
    } finally {
      busy = false;
    }
  }

  function queued(maxWaitMs: number, request: SlotRequest): Promise<Claim> {
    return new Promise<Claim>((resolve, reject) => {
      waiting.push({
        rank: priorityRank[request.priority ?? 'invitation'],
        seq: seq++,
        run: () => claim(maxWaitMs, request).then(resolve, reject),
      });
      void pump();
    });
  }

  return {
    async reserve(maxWaitMs = Infinity, request = {}) {
      if (windows.length === 0) return 0;
      const { waitMs, granted } = await queued(maxWaitMs, request);
      return granted ? waitMs : undefined;
    },
    async acquire(maxWaitMs = Infinity, request = {}) {
      if (windows.length === 0) return;
      const { waitMs, granted } = await queued(maxWaitMs, request);
      if (!granted) throw new QuotaExhaustedError(waitMs);
      if (waitMs > 0) await clock.sleep(waitMs);
    },
  };
}

/** A pacer for this process alone (its ledger in memory). */
export function createPacer(windows: QuotaWindow[], clock: PacerClock = systemClock): Pacer {
  return createLedgerPacer(memoryQuotaLedger(), windows, clock);
}

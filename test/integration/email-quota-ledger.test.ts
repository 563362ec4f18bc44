// The email quota kept by the app as a whole: pacers of several "instances" claim their send slots
// from one ledger, on the Cosmos-protocol server through the real @azure/cosmos client (each with a
// client of its own, as separate processes have). Whatever the interleaving, no window ever holds
// more sends than the quota; pacers with a ledger each (the per-instance pacing this replaces)
// would send the quota once per instance. The property over random interleavings runs on the
// in-memory ledger (same version checks), 200 fresh ledgers being too slow to make on the server.
import fc from 'fast-check';
import { createLedgerPacer, createPacer, type Pacer, type PacerClock } from '../../shared/email/pacer';
import { memoryQuotaLedger } from '../../shared/email/quotaLedger';
import type { QuotaWindow } from '../../shared/email/quotaSlots';
import { containers } from '../../shared/store/containers';
import { cosmosQuotaLedger } from '../../shared/store/emailQuotaLedger';
import { useLocalCosmos } from '../support/localCosmos';

const cosmos = useLocalCosmos();

/** A clock standing still at `at` (claims only: nobody sleeps), settable between rounds. */
function stillClock(at = 0): PacerClock & { set(ms: number): void } {
  let now = at;
  return { now: () => now, sleep: async () => undefined, set: (ms) => void (now = ms) };
}

/** An "instance": its own Cosmos client on the shared emailQuota container. */
function instancePacer(windows: QuotaWindow[], clock: PacerClock): Pacer {
  return createLedgerPacer(
    cosmosQuotaLedger(cosmos.client().database(cosmos.databaseId()).container(containers.emailQuota.id)),
    windows,
    clock,
  );
}

/** The most slot times in any half-open window [t, t + windowMs). */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** Slot times (clock time + wait) of concurrent claims spread over the pacers in turn. */
async function claimAll(pacers: Pacer[], n: number, clock: PacerClock): Promise<number[]> {
  const waits = await Promise.all(Array.from({ length: n }, (_, i) => pacers[i % pacers.length]!.reserve()));
  return waits.map((w) => clock.now() + (w as number));
}

test('three instances claiming 12 sends at once under 5 a minute: 5 now, 5 a minute later, 2 after that', async () => {
  const clock = stillClock(1_000_000);
  const windows = [{ limit: 5, windowMs: 60_000 }];
  const pacers = [instancePacer(windows, clock), instancePacer(windows, clock), instancePacer(windows, clock)];
  const times = await claimAll(pacers, 12, clock);
  expect(busiestWindow(times, 60_000)).toBe(5);
  expect([...times].sort((a, b) => a - b)).toEqual([
    ...Array(5).fill(1_000_000),
    ...Array(5).fill(1_060_000),
    1_120_000,
    1_120_000,
  ]);
});

test('pacers with a ledger each (pacing per instance) let the quota through once per instance', async () => {
  const clock = stillClock();
  const windows = [{ limit: 5, windowMs: 60_000 }];
  const times = await claimAll(
    [createPacer(windows, clock), createPacer(windows, clock), createPacer(windows, clock)],
    12,
    clock,
  );
  expect(busiestWindow(times, 60_000)).toBe(12);
});

test("a later claim sees the earlier instances' slots: refused past maxWaitMs, and the refusal claims nothing", async () => {
  const clock = stillClock(5_000_000);
  const windows = [{ limit: 2, windowMs: 3_600_000 }];
  const [a, b] = [instancePacer(windows, clock), instancePacer(windows, clock)];
  // The first test's slots are in this ledger too, but too old to count in this hour's window.
  await a.acquire(0);
  await a.acquire(0);
  await expect(b.acquire(1_000)).rejects.toMatchObject({ name: 'QuotaExhaustedError', waitMs: 3_600_000 });
  expect(await b.reserve()).toBe(3_600_000);
  expect(await a.reserve()).toBe(3_600_000);
});

test('any interleaving of claims by up to 4 instances over time keeps both quotas in every window', async () => {
  const windows = [
    { limit: 3, windowMs: 60_000 },
    { limit: 7, windowMs: 3_600_000 },
  ];
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 4 }),
      fc.array(
        fc.record({
          instance: fc.nat(3),
          after: fc.integer({ min: 0, max: 90_000 }),
          together: fc.integer({ min: 1, max: 4 }),
        }),
        { minLength: 1, maxLength: 12 },
      ),
      async (instances, rounds) => {
        const clock = stillClock();
        const ledger = memoryQuotaLedger();
        const pacers = Array.from({ length: instances }, () => createLedgerPacer(ledger, windows, clock));
        const times: number[] = [];
        for (const r of rounds) {
          clock.set(clock.now() + r.after);
          const waits = await Promise.all(
            Array.from({ length: r.together }, (_, k) => pacers[(r.instance + k) % instances]!.reserve()),
          );
          for (const w of waits) times.push(clock.now() + (w as number));
        }
        expect(busiestWindow(times, 60_000)).toBeLessThanOrEqual(3);
        expect(busiestWindow(times, 3_600_000)).toBeLessThanOrEqual(7);
      },
    ),
    { numRuns: 200 },
  );
});

// How many rows an invitation batch may create now under the email quota (shared/batches/run.ts):
// a tenth of every window (at least one send) stays free for reminders, notices and single
// invitations, and with no room the next slot is when enough of the window's sends have aged out.
import type { BatchRunDeps } from '../../shared/batches/ports';
import { batchCapacity } from '../../shared/batches/run';
import { memoryQuotaLedger } from '../../shared/email/quotaLedger';
import type { InvitationBatchStore } from '../../shared/store/invitationBatches';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-12-06T12:00:00Z');

async function capacity(slots: number[], windows: Array<{ limit: number; windowMs: number }>, remaining = 1000) {
  const ledger = memoryQuotaLedger();
  if (slots.length > 0) await ledger.write(slots, undefined);
  const batches = {
    get: async () => ({ doc: { cancelRequested: false, total: remaining, chunks: [] }, etag: '1' }),
  } as unknown as InvitationBatchStore;
  const d = { batches, emailQuota: { ledger, windows }, now: () => new Date(T0) } as unknown as BatchRunDeps;
  return batchCapacity(d, 'b', new Date(T0).toISOString());
}

test('an empty hour of 100 gives a batch 90', async () => {
  expect(await capacity([], [{ limit: 100, windowMs: HOUR }])).toEqual({ allowed: 90, cancelRequested: false });
});

test('the binding window decides: 30 a minute leaves 27', async () => {
  expect(
    (
      await capacity(
        [],
        [
          { limit: 30, windowMs: 60_000 },
          { limit: 100, windowMs: HOUR },
        ],
      )
    ).allowed,
  ).toBe(27);
});

test('sends of the last hour count, older ones not', async () => {
  const slots = [T0 - 2 * HOUR, ...Array.from({ length: 50 }, (_, i) => T0 - HOUR + 60_000 + i)];
  expect((await capacity(slots, [{ limit: 100, windowMs: HOUR }])).allowed).toBe(40);
});

test('with the reserve reached the batch waits until a tenth of the window has aged out', async () => {
  const slots = Array.from({ length: 90 }, (_, i) => T0 - 30 * 60_000 + i * 1000);
  const c = await capacity(slots, [{ limit: 100, windowMs: HOUR }]);
  expect(c.allowed).toBe(0);
  // 90 of 100 used and 10 kept back: the 10 oldest must age out, the 10th 30 minutes and 9 s from now.
  expect(c.nextSlotAt).toBe(new Date(T0 + 30 * 60_000 + 9000).toISOString());
  // With 3 rows left, 3 are enough.
  expect((await capacity(slots, [{ limit: 100, windowMs: HOUR }], 3)).nextSlotAt).toBe(
    new Date(T0 + 30 * 60_000 + 2000).toISOString(),
  );
});

test('a few free slots are not worth waking for while many rows remain', async () => {
  const slots = Array.from({ length: 85 }, (_, i) => T0 - 30 * 60_000 + i * 1000);
  expect((await capacity(slots, [{ limit: 100, windowMs: HOUR }])).allowed).toBe(0);
  expect((await capacity(slots, [{ limit: 100, windowMs: HOUR }], 4)).allowed).toBe(5);
});

test('when reminders used the reserve too, the batch waits until enough sends age out to leave it free again', async () => {
  const slots = Array.from({ length: 100 }, (_, i) => T0 - 40 * 60_000 + i * 1000);
  const c = await capacity(slots, [{ limit: 100, windowMs: HOUR }]);
  expect(c.allowed).toBe(0);
  // 100 used: 20 must age out for ten batch sends (the 20th oldest, at index 19).
  expect(c.nextSlotAt).toBe(new Date(T0 - 40 * 60_000 + 19_000 + HOUR).toISOString());
});

test('a small quota still keeps one send back, and no quota means no limit', async () => {
  expect(
    (
      await capacity(
        [],
        [
          { limit: 5, windowMs: 60_000 },
          { limit: 10, windowMs: HOUR },
        ],
      )
    ).allowed,
  ).toBe(4);
  const d = { batches: { get: async () => undefined }, now: () => new Date(T0) } as unknown as BatchRunDeps;
  expect(await batchCapacity(d, 'b', new Date(T0).toISOString())).toEqual({ allowed: -1, cancelRequested: false });
});

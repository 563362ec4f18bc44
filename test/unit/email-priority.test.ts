// Send priority under a used-up email quota (issue 18: "notices and reminders keep priority over
// batch sends"), on the pacer with an in-memory ledger shared by two "instances" and a virtual
// clock: a reminder or notice that waits for a slot is served before any batch send that asks at
// the same time or later, a flood of batch sends never starves reminders, and the quota holds.
import {
  createLedgerPacer,
  type Pacer,
  type PacerClock,
  QuotaExhaustedError,
  type SendPriority,
} from '../../shared/email/pacer';
import { memoryQuotaLedger } from '../../shared/email/quotaLedger';

const MINUTE = 60_000;
const HOUR = 3_600_000;

function virtualClock(): PacerClock & { set(t: number): void } {
  let now = 0;
  return { now: () => now, sleep: async () => undefined, set: (t) => void (now = t) };
}

/** The most sends in any half-open window [t, t + windowMs). */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

test('sends waiting together in one process: the reminder goes before every batch send still waiting', async () => {
  const clock = virtualClock();
  const pacer = createLedgerPacer(memoryQuotaLedger(), [{ limit: 1, windowMs: MINUTE }], clock);
  const ask = (priority: SendPriority, i: number) => pacer.reserve(Infinity, { priority, key: `${priority}-${i}` });
  // Five batch sends first, then a reminder, then a notice, all at the same instant.
  const waits = await Promise.all([
    ...[0, 1, 2, 3, 4].map((i) => ask('batch', i)),
    ask('reminder', 0),
    ask('notice', 0),
  ]);
  // The first batch send was already claiming when the others came; then the notice, the reminder, the batch.
  expect(waits).toEqual([0, 3 * MINUTE, 4 * MINUTE, 5 * MINUTE, 6 * MINUTE, 2 * MINUTE, 1 * MINUTE]);
});

test('a reminder whose slot is too far away holds it: a batch send asking when it comes cannot take it', async () => {
  const clock = virtualClock();
  const ledger = memoryQuotaLedger();
  const [a, b] = [
    createLedgerPacer(ledger, [{ limit: 1, windowMs: HOUR }], clock),
    createLedgerPacer(ledger, [{ limit: 1, windowMs: HOUR }], clock),
  ] as [Pacer, Pacer];
  await a.acquire(0, { priority: 'invitation', key: 'first' });
  clock.set(10_000);
  // Both put off for the rest of the hour; only the reminder holds its slot.
  await expect(b.acquire(2 * MINUTE, { priority: 'batch', key: 'batch-1' })).rejects.toMatchObject({
    waitMs: HOUR - 10_000,
  });
  await expect(a.acquire(2 * MINUTE, { priority: 'reminder', key: 'reminder-1' })).rejects.toMatchObject({
    waitMs: HOUR - 10_000,
  });
  // Asked early, the reminder's retry is told the same time, and claims nothing new.
  clock.set(20_000);
  await expect(b.acquire(2 * MINUTE, { priority: 'reminder', key: 'reminder-1' })).rejects.toMatchObject({
    waitMs: HOUR - 20_000,
  });
  // The hour is over: the batch send comes back first, on the other instance, and must wait another hour.
  clock.set(HOUR);
  await expect(b.acquire(2 * MINUTE, { priority: 'batch', key: 'batch-1' })).rejects.toMatchObject({ waitMs: HOUR });
  await a.acquire(2 * MINUTE, { priority: 'reminder', key: 'reminder-1' });
  // Without a key nothing can be found again, so nothing is held (the pacer's old contract).
  await expect(a.acquire(0, { priority: 'reminder' })).rejects.toBeInstanceOf(QuotaExhaustedError);
  expect((await ledger.read()).holds ?? {}).toEqual({});
});

test('a flood of batch sends retrying the moment a slot frees never starves reminders, and the quota holds', async () => {
  const clock = virtualClock();
  const ledger = memoryQuotaLedger();
  const windows = [
    { limit: 5, windowMs: MINUTE },
    { limit: 10, windowMs: HOUR },
  ];
  const pacers = [createLedgerPacer(ledger, windows, clock), createLedgerPacer(ledger, windows, clock)];
  type Agent = { priority: SendPriority; key: string; asked: number; next: number; sentAt?: number; pacer: Pacer };
  const agents: Agent[] = [];
  for (let i = 0; i < 300; i++)
    agents.push({ priority: 'batch', key: `b${i}`, asked: 0, next: 0, pacer: pacers[i % 2] as Pacer });
  // A reminder or notice every 7 minutes for six hours: about 8.6 an hour, under the 10 the quota gives.
  for (let t = 0, i = 0; t < 6 * HOUR; t += 7 * MINUTE, i++)
    agents.push({
      priority: i % 3 === 0 ? 'notice' : 'reminder',
      key: `r${i}`,
      asked: t,
      next: t,
      pacer: pacers[(i + 1) % 2] as Pacer,
    });
  const urgent = agents.filter((a) => a.priority !== 'batch');
  for (let step = 0; step < 100_000 && urgent.some((a) => a.sentAt === undefined); step++) {
    const now = Math.min(...agents.filter((a) => a.sentAt === undefined).map((a) => a.next));
    clock.set(now);
    // At each instant the batch sends ask first: the worst order for the reminders.
    const due = agents
      .filter((a) => a.sentAt === undefined && a.next === now)
      .sort((x, y) => Number(x.priority !== 'batch') - Number(y.priority !== 'batch'));
    for (const a of due) {
      try {
        await a.pacer.acquire(0, { priority: a.priority, key: a.key });
        a.sentAt = now;
      } catch (e) {
        if (!(e instanceof QuotaExhaustedError)) throw e;
        a.next = now + e.waitMs;
      }
    }
  }
  expect(urgent.every((a) => a.sentAt !== undefined)).toBe(true);
  const sent = agents.filter((a) => a.sentAt !== undefined);
  expect(
    busiestWindow(
      sent.map((a) => a.sentAt as number),
      MINUTE,
    ),
  ).toBeLessThanOrEqual(5);
  expect(
    busiestWindow(
      sent.map((a) => a.sentAt as number),
      HOUR,
    ),
  ).toBeLessThanOrEqual(10);
  // No reminder waits longer than an hour, though 300 batch sends ask first at every freed slot.
  const longest = Math.max(...urgent.map((a) => (a.sentAt as number) - a.asked));
  expect(longest).toBeLessThanOrEqual(HOUR);
  // Served before every batch send that asked after it.
  for (const r of urgent)
    for (const b of sent.filter((x) => x.priority === 'batch' && x.asked > r.asked))
      expect(b.sentAt as number).toBeGreaterThanOrEqual(r.sentAt as number);
  // The batch still got the rest of the quota (the first hour's 10 went to it before the first reminders came).
  expect(sent.filter((a) => a.priority === 'batch').length).toBeGreaterThan(0);
  console.log(
    `email-priority: ${urgent.length} reminders/notices, longest wait ${Math.round(longest / MINUTE)} min; ${sent.filter((a) => a.priority === 'batch').length} batch sends in ${Math.round(clock.now() / HOUR)} h`,
  );
});

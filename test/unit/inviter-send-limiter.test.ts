// The sends-per-inviter allowance: fixed clock-hour windows, the shared count plus this process's
// unflushed sends against the limit, Retry-After to the window's end, and flushes that batch the
// counts, bring other instances' sends back, and survive failures. Fake clock, fake counter port.
import { InviterSendLimiter } from '../../shared/invitations/inviterSendLimiter';
import { secondsUntilWindowEnds, sendWindowAt } from '../../shared/domain/sendWindow';
import { fakeClock, memoryCounters } from './inviterSendFakes';

const P = 'aaaaaaaa-1111-4111-8111-111111111111';
const Q = 'bbbbbbbb-2222-4222-8222-222222222222';
const H13 = '2026-05-01T13:00:00.000Z';
const H14 = '2026-05-01T14:00:00.000Z';

const limiters: InviterSendLimiter[] = [];
function limiter(
  limit: number,
  counters = memoryCounters(),
  clock = fakeClock('2026-05-01T13:20:00.000Z'),
  extra: { flushIntervalMs?: number; log?: (m: string) => void } = {},
) {
  // A long interval: nothing flushes unless a test says so.
  const l = new InviterSendLimiter({
    limit,
    counters: counters.port,
    now: clock.now,
    flushIntervalMs: 3_600_000,
    ...extra,
  });
  limiters.push(l);
  return { l, counters, clock };
}
afterEach(async () => {
  await Promise.all(limiters.splice(0).map((l) => l.close()));
});

async function refusal(p: Promise<unknown>): Promise<{ code?: string; extra?: { retryAfterSeconds?: number } }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; extra?: { retryAfterSeconds?: number } };
  }
  throw new Error('the send was allowed');
}

describe('send windows', () => {
  it('are fixed clock hours (UTC), keyed by their start', () => {
    expect(sendWindowAt(Date.parse('2026-05-01T13:59:59.999Z'))).toEqual({ key: H13, endsAt: Date.parse(H14) });
    expect(sendWindowAt(Date.parse(H14)).key).toBe(H14);
    expect(
      secondsUntilWindowEnds(
        sendWindowAt(Date.parse('2026-05-01T13:59:30.200Z')),
        Date.parse('2026-05-01T13:59:30.200Z'),
      ),
    ).toBe(30);
    expect(
      secondsUntilWindowEnds(
        sendWindowAt(Date.parse('2026-05-01T13:59:59.999Z')),
        Date.parse('2026-05-01T13:59:59.999Z'),
      ),
    ).toBe(1);
  });
});

describe('the inviter send limiter', () => {
  it('allows sends under the limit and refuses the one at it, with Retry-After to the end of the hour', async () => {
    const { l, counters, clock } = limiter(3);
    for (let i = 0; i < 3; i++) await l.take(P);
    clock.set('2026-05-01T13:59:30.200Z');
    const refused = await refusal(l.take(P));
    expect(refused).toMatchObject({ code: 'rate_limited', extra: { retryAfterSeconds: 30 } });
    // The three were never flushed: the process's own unflushed sends are what refused the fourth.
    expect(counters.calls.filter((c) => c.op === 'add')).toEqual([]);
    expect(counters.calls).toEqual([{ op: 'read', partnerTenantId: P, windowKey: H13 }]);
  });

  it('counts what other instances flushed before its first send of the window (one read)', async () => {
    const { l, counters } = limiter(50, memoryCounters({ [`${P}|${H13}`]: 48 }));
    await Promise.all([l.take(P), l.take(P)]);
    expect((await refusal(l.take(P))).code).toBe('rate_limited');
    expect(counters.calls.filter((c) => c.op === 'read')).toHaveLength(1);
  });

  it('starts afresh in the next window, and counts each partner apart', async () => {
    const { l, clock } = limiter(2);
    await l.take(P);
    await l.take(P);
    expect((await refusal(l.take(P))).code).toBe('rate_limited');
    await l.take(Q);
    await l.take(Q);
    clock.set('2026-05-01T14:00:00.001Z');
    await l.take(P);
    await l.take(P);
    expect((await refusal(l.take(P))).extra?.retryAfterSeconds).toBe(3600);
  });

  it('with a limit of 0 never refuses and never touches the counters', async () => {
    const { l, counters } = limiter(0);
    for (let i = 0; i < 1000; i++) await l.take(P);
    await l.flush();
    expect(counters.calls).toEqual([]);
  });

  it("flushes its sends as one increment whose answer brings the other instances' sends", async () => {
    const { l, counters } = limiter(10);
    for (let i = 0; i < 4; i++) await l.take(P);
    counters.addElsewhere(P, H13, 5);
    await l.flush();
    expect(counters.calls.filter((c) => c.op === 'add')).toEqual([
      { op: 'add', partnerTenantId: P, windowKey: H13, n: 4 },
    ]);
    expect(counters.count(P, H13)).toBe(9);
    await l.take(P);
    expect((await refusal(l.take(P))).code).toBe('rate_limited');
  });

  it('takes a send back once when it did not happen', async () => {
    const { l, counters } = limiter(2);
    await l.take(P);
    const giveBack = await l.take(P);
    giveBack();
    giveBack();
    await l.take(P);
    expect((await refusal(l.take(P))).code).toBe('rate_limited');
    await l.flush();
    expect(counters.count(P, H13)).toBe(2);
  });

  it('keeps counting through a failed flush, logs it without the error body, and sends it on the next', async () => {
    const logs: string[] = [];
    const { l, counters } = limiter(5, memoryCounters(), undefined, { log: (m) => logs.push(m) });
    await l.take(P);
    await l.take(P);
    counters.failNext();
    await l.flush();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain(P);
    expect(logs[0]).toContain('503');
    expect(logs[0]).not.toContain('body');
    expect(counters.count(P, H13)).toBe(0);
    for (let i = 0; i < 3; i++) await l.take(P);
    expect((await refusal(l.take(P))).code).toBe('rate_limited');
    await l.flush();
    expect(counters.count(P, H13)).toBe(5);
  });

  it("flushes on its own within the interval, off the caller's path, batching what came meanwhile", async () => {
    const { l, counters } = limiter(100, memoryCounters(), fakeClock('2026-05-01T13:20:00.000Z'), {
      flushIntervalMs: 20,
    });
    for (let i = 0; i < 7; i++) await l.take(P);
    expect(counters.calls.filter((c) => c.op === 'add')).toEqual([]);
    for (let i = 0; i < 100 && counters.count(P, H13) < 7; i++) await new Promise((r) => setTimeout(r, 10));
    expect(counters.calls.filter((c) => c.op === 'add')).toEqual([
      { op: 'add', partnerTenantId: P, windowKey: H13, n: 7 },
    ]);
  });

  it('a failed first read is not kept: the send fails and the next one reads again', async () => {
    const counters = memoryCounters();
    const read = counters.port.read;
    let fail = true;
    counters.port.read = async (p, w) => {
      if (fail) {
        fail = false;
        throw new Error('timeout');
      }
      return read(p, w);
    };
    const { l } = limiter(1, counters);
    await expect(l.take(P)).rejects.toThrow('timeout');
    await l.take(P);
    expect((await refusal(l.take(P))).code).toBe('rate_limited');
  });
});

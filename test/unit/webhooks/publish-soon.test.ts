// The publisher publishes the audit entries this process appends as they are written
// (shared/webhooks/publishSoon.ts): the entries of a burst together, soon after, never two
// publications (or a publication and the timer's trail run) at once, and a failure reported, not
// thrown; the audit log's notice carries exactly the entries it wrote.
import { auditAppended, onAuditAppended } from '../../../shared/store/auditSignal';
import { publishSoon } from '../../../shared/webhooks/publishSoon';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recording(publishMs: number) {
  const state = { batches: [] as number[][], active: 0, maxActive: 0 };
  const publish = async (entries: number[]) => {
    state.batches.push(entries);
    state.active++;
    state.maxActive = Math.max(state.maxActive, state.active);
    await sleep(publishMs);
    state.active--;
  };
  return { state, publish };
}

test('the entries of a burst are published together, within the debounce', async () => {
  const { state, publish } = recording(1);
  const p = publishSoon<number>({ debounceMs: 10, publish, onError: () => undefined });
  for (let i = 0; i < 50; i++) p.nudge([i]);
  expect(state.batches).toEqual([]);
  await sleep(40);
  expect(state.batches).toEqual([Array.from({ length: 50 }, (_, i) => i)]);
});

test('entries appended during a publication go to the next one; never two at once; none lost or repeated', async () => {
  const { state, publish } = recording(30);
  const p = publishSoon<number>({ debounceMs: 1, publish, onError: () => undefined });
  p.nudge([1]);
  await sleep(10); // publishing [1] now
  for (let i = 2; i <= 20; i++) p.nudge([i]);
  await sleep(120);
  expect(state.batches.flat()).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  expect(state.batches.length).toBe(2);
  expect(state.maxActive).toBe(1);
});

test("the timer's trail run waits for a publication in progress; a failing one is reported, not thrown", async () => {
  const errors: unknown[] = [];
  const order: string[] = [];
  const p = publishSoon<number>({
    debounceMs: 1,
    publish: async () => {
      order.push('publish');
      await sleep(20);
      throw new Error('cosmos down');
    },
    onError: (e) => errors.push(e),
  });
  p.nudge([1]);
  await sleep(5);
  await p.runNow(async () => {
    order.push('trail');
  });
  expect(order).toEqual(['publish', 'trail']);
  expect(errors).toHaveLength(1);
});

test('the audit notice reaches the listeners with its entries; a throwing listener does not fail it; no entries, no notice', () => {
  const heard: unknown[] = [];
  const offBad = onAuditAppended(() => {
    throw new Error('listener bug');
  });
  const off = onAuditAppended((entries) => heard.push(...entries));
  const entry = {
    id: 'k',
    tenantId: 't',
    at: 'a',
    actor: { type: 'system' as const },
    action: 'grant.removed',
    subject: { type: 'grant', id: 'g' },
    correlationId: 'c',
  };
  expect(() => auditAppended([entry])).not.toThrow();
  auditAppended([]);
  expect(heard).toEqual([entry]);
  off();
  offBad();
  auditAppended([entry]);
  expect(heard).toHaveLength(1);
});

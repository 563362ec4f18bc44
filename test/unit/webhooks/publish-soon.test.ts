// The publisher runs when an audit entry is appended (shared/webhooks/publishSoon.ts): soon after
// a nudge, once for a burst, never two runs at once, one more run for nudges during a run, and the
// timer's runNow waits for the run in progress.
import { auditAppended, onAuditAppended } from '../../../shared/store/auditSignal';
import { publishSoon } from '../../../shared/webhooks/publishSoon';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function counting(runMs: number) {
  const state = { runs: 0, active: 0, maxActive: 0 };
  const run = async () => {
    state.runs++;
    state.active++;
    state.maxActive = Math.max(state.maxActive, state.active);
    await sleep(runMs);
    state.active--;
  };
  return { state, run };
}

test('a nudge runs the publisher within the debounce; a burst of nudges is one run', async () => {
  const { state, run } = counting(1);
  const p = publishSoon(run, { debounceMs: 10, onError: () => undefined });
  for (let i = 0; i < 50; i++) p.nudge();
  expect(state.runs).toBe(0);
  await sleep(40);
  expect(state.runs).toBe(1);
});

test('nudges during a run make exactly one more run, never two at once', async () => {
  const { state, run } = counting(30);
  const p = publishSoon(run, { debounceMs: 1, onError: () => undefined });
  p.nudge();
  await sleep(10); // running now
  for (let i = 0; i < 20; i++) p.nudge();
  await sleep(120);
  expect(state.runs).toBe(2);
  expect(state.maxActive).toBe(1);
});

test("the timer's runNow waits for the run in progress, then runs; a failing run is reported, not thrown", async () => {
  const errors: unknown[] = [];
  let calls = 0;
  const p = publishSoon(
    async () => {
      calls++;
      await sleep(20);
      if (calls === 1) throw new Error('cosmos down');
    },
    { debounceMs: 1, onError: (e) => errors.push(e) },
  );
  p.nudge();
  await sleep(5);
  await p.runNow();
  expect(calls).toBe(2);
  expect(errors).toHaveLength(1);
});

test('an audit append notifies the listeners; a listener that throws does not fail the append', () => {
  let heard = 0;
  const offBad = onAuditAppended(() => {
    throw new Error('listener bug');
  });
  const off = onAuditAppended(() => heard++);
  expect(() => auditAppended()).not.toThrow();
  expect(heard).toBe(1);
  off();
  offBad();
  auditAppended();
  expect(heard).toBe(1);
});

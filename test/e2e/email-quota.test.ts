// A used-up email quota puts sends off instead of failing them: the orchestration waits on durable
// timers (virtual time here) and tries again, for longer than the activity retries alone would last.
// Before, ACS's 429s past the SDK's retries failed the activity, six failures failed the
// orchestration, and the invitation was never emailed.
import { directPartnerAdmin } from '../support/directPartner';
import { call } from '../support/hostProcess';
import { type ProductStack, startProductStack } from '../support/productStack';

let stack: ProductStack;
let partner: Record<string, string>;

// One send is 4 requests (the SDK retries a 429 three times); 6 activity attempts make 24. More
// faults than that can only be outlasted by waiting between attempts.
const THROTTLED_REQUESTS = 40;

const faults = (json: unknown) => call(`${stack.emailSinkUrl.replace(/\/$/, '')}/dev/email/faults`, { json });
// Skips an hour of virtual time: the waits grow from 5 s and never pass an hour; the reminder and deadline are weeks away.
const anHourLater = () => call(`${stack.url}/dev/time/advance`, { json: { ms: 3_600_000 } });
const orchestration = async (id: string) => (await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}?showHistory=true`)).body;

beforeAll(async () => {
  stack = await startProductStack();
  partner = await directPartnerAdmin(stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

test('ACS throttling past every activity retry is waited out on durable timers; the invitation is emailed once and waits for its answer', async () => {
  expect((await faults({ status: 429, count: THROTTLED_REQUESTS, retryAfterSeconds: 0 })).status).toBe(200);
  const created = await call(`${stack.url}/api/invitations`, { json: { recipientEmail: 'throttled@adatum.example', includeDelegatedAdmin: false }, headers: partner });
  expect(created.status).toBe(202);
  const id = created.body.id as string;

  const mail = await stack.until('the invitation email after the throttling', async () => {
    await anHourLater();
    const m = (await stack.inbox('throttled@adatum.example')) as unknown[];
    return m.length > 0 ? m : undefined;
  });
  expect(mail).toHaveLength(1);
  // Every injected 429 was answered: a new fault is the only one pending.
  expect((await faults({ status: 429, count: 1 })).body).toEqual({ pending: 1 });
  expect((await call(`${stack.emailSinkUrl.replace(/\/$/, '')}/dev/email/faults`, { method: 'DELETE' })).status).toBe(204);

  const view = await stack.until('the emailed timeline entry', async () => {
    const v = (await call(`${stack.url}/api/invitations/${id}`, { headers: partner })).body;
    return v.timeline?.some((e: { type: string }) => e.type === 'emailed') ? v : undefined;
  });
  expect(view.status).toBe('pending');
  expect(view.timeline.filter((e: { type: string }) => e.type === 'emailed')).toHaveLength(1);

  const o = await orchestration(id);
  expect(o.runtimeStatus).toBe('Running');
  const history = o.historyEvents as Array<{ EventType: string; FireAt?: string }>;
  // The waits between deferred tries are durable timers, besides the one reminder timer armed now:
  // more tries (at least 7) than the 6 attempts the activity retries alone allowed.
  const timers = history.filter((e) => e.EventType === 'TimerCreated');
  expect(timers.length - 1).toBeGreaterThanOrEqual(6);
  expect(history.filter((e) => e.EventType === 'TaskCompleted').length).toBeGreaterThan(2);
});

// A used-up email quota puts sends off instead of failing them, and an ACS outage (5xx past the
// SDK's own retries) is retried for hours: the orchestration waits on durable timers (virtual time
// here) and tries again. Before, ACS's 429s past the SDK's retries, or an outage longer than a
// minute, failed the activity six times within a minute, which failed the orchestration: the
// invitation was never emailed and waited for the sweep.
import { directPartnerAdmin } from '../support/directPartner';
import { call } from '../support/hostProcess';
import { type ProductStack, startProductStack } from '../support/productStack';

let stack: ProductStack;
let partner: Record<string, string>;

// One send is 4 requests (the SDK retries a 429 three times); 6 activity attempts make 24. More
// faults than that can only be outlasted by waiting between attempts.
const THROTTLED_REQUESTS = 40;

const faults = (json: unknown) => call(`${stack.emailSinkUrl.replace(/\/$/, '')}/dev/email/faults`, { json });
// Skips an hour of virtual time: the waits grow from 5 s and never pass an hour; the reminder and
// deadline are weeks away.
const anHourLater = () => call(`${stack.url}/dev/time/advance`, { json: { ms: 3_600_000 } });
const orchestration = async (id: string) =>
  (await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}?showHistory=true`)).body;
const advance = (ms: number) => call(`${stack.url}/dev/time/advance`, { json: { ms } });
const invitation = async (id: string) => (await call(`${stack.url}/api/invitations/${id}`, { headers: partner })).body;
const history = async (id: string) =>
  (await orchestration(id)).historyEvents as Array<{ EventType: string; FunctionName?: string }>;
// One send is 4 requests: the SDK retries a 503 that carries Retry-After three times.
const REQUESTS_PER_TRY = 4;

beforeAll(async () => {
  stack = await startProductStack();
  partner = await directPartnerAdmin(stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

test('ACS throttling past every activity retry is waited out on durable timers; the invitation is emailed once and waits for its answer', async () => {
  expect((await faults({ status: 429, count: THROTTLED_REQUESTS, retryAfterSeconds: 0 })).status).toBe(200);
  const created = await call(`${stack.url}/api/invitations`, {
    json: { recipientEmail: 'throttled@adatum.example', includeDelegatedAdmin: false },
    headers: partner,
  });
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
  expect((await call(`${stack.emailSinkUrl.replace(/\/$/, '')}/dev/email/faults`, { method: 'DELETE' })).status).toBe(
    204,
  );

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

test('an outage that outlasts the old retry budget (six tries within a minute) is waited out: the invitation is emailed once', async () => {
  expect((await faults({ status: 503, count: 10 * REQUESTS_PER_TRY, retryAfterSeconds: 0 })).status).toBe(200);
  const created = await call(`${stack.url}/api/invitations`, {
    json: { recipientEmail: 'outage@adatum.example', includeDelegatedAdmin: false },
    headers: partner,
  });
  expect(created.status).toBe(202);
  const id = created.body.id as string;

  const mail = await stack.until('the invitation email after the outage', async () => {
    await advance(3_600_000);
    const m = await stack.inbox('outage@adatum.example');
    return m.length > 0 ? m : undefined;
  });
  expect(mail).toHaveLength(1);
  // Every injected failure was answered: a new fault is the only one pending.
  expect((await faults({ status: 503, count: 1 })).body).toEqual({ pending: 1 });
  expect((await call(`${stack.emailSinkUrl.replace(/\/$/, '')}/dev/email/faults`, { method: 'DELETE' })).status).toBe(
    204,
  );

  expect((await orchestration(id)).runtimeStatus).toBe('Running');
  expect((await history(id)).filter((e) => e.EventType === 'TaskFailed')).toHaveLength(10);
  expect((await invitation(id)).timeline.filter((e: { type: string }) => e.type === 'emailed')).toHaveLength(1);
  // Out of the way of the next test's reminder (the first test's comes weeks later).
  expect((await call(`${stack.url}/api/invitations/${id}/revoke`, { method: 'POST', headers: partner })).status).toBe(
    200,
  );
});

test('a reminder the outage keeps from going after every retry is given up; the invitation lives on to its deadline', async () => {
  const created = await call(`${stack.url}/api/invitations`, {
    json: { recipientEmail: 'no-reminder@adatum.example', includeDelegatedAdmin: false, expiresInDays: 10 },
    headers: partner,
  });
  expect(created.status).toBe(202);
  const id = created.body.id as string;
  await stack.until('the invitation email', async () =>
    (await stack.inbox('no-reminder@adatum.example')).length > 0 ? true : undefined,
  );

  // Every try of the reminder fails (24 tries over about 14 hours).
  expect((await faults({ status: 503, count: 24 * REQUESTS_PER_TRY, retryAfterSeconds: 0 })).status).toBe(200);
  const reminderAt = Date.parse(created.body.reminderAt as string);
  await advance(reminderAt - Date.now() + 60_000);
  const failed = await stack.until('every reminder try failed', async () => {
    await advance(3_600_000);
    const failures = (await history(id)).filter(
      (e) => e.EventType === 'TaskFailed' && e.FunctionName === 'SendReminderEmail',
    );
    return failures.length >= 24 ? failures : undefined;
  });
  expect(failed).toHaveLength(24);
  expect((await faults({ status: 503, count: 1 })).body).toEqual({ pending: 1 });
  expect((await call(`${stack.emailSinkUrl.replace(/\/$/, '')}/dev/email/faults`, { method: 'DELETE' })).status).toBe(
    204,
  );
  expect((await orchestration(id)).runtimeStatus).toBe('Running');

  // The orchestration itself expires it at the deadline (the sweep would mark its own expiry) and tells the inviter.
  const expired = await stack.until('the expiry by the orchestration', async () => {
    await advance(86_400_000);
    const o = await orchestration(id);
    return o.runtimeStatus === 'Completed' ? o : undefined;
  });
  expect(expired.output).toBe('expired');
  const view = await invitation(id);
  expect(view.status).toBe('expired');
  expect(view.timeline.find((e: { type: string }) => e.type === 'expired').detail?.by).toBeUndefined();
  expect(view.timeline.filter((e: { type: string }) => e.type === 'reminded')).toHaveLength(0);
});

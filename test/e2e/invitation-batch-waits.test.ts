// A large batch waits, and says so, rather than failing (issue 18): at the email quota (a tenth of
// each window left to reminders and notices) and at the inviter's send limit, on durable timers in
// virtual time; cancel halfway stops the rows not yet created, the created ones stand.
import { contosoDirect } from '../../infra/local/identity/demoDirectory';
import { directPartnerAdmin } from '../support/directPartner';
import { call } from '../support/hostProcess';
import { type ProductStack, startProductStack } from '../support/productStack';
import { seedRecords } from '../support/seedRecords';

const FINAL = ['succeeded', 'partiallySucceeded', 'failed', 'canceled'];
type Batch = {
  id: string;
  status: string;
  waitingFor?: string;
  nextSlotAt?: string;
  counts: Record<string, number>;
  percentComplete: number;
};

async function withStack(
  env: NodeJS.ProcessEnv,
  body: (s: ProductStack, admin: Record<string, string>) => Promise<void>,
): Promise<void> {
  const stack = await startProductStack(env);
  try {
    await body(stack, await directPartnerAdmin(stack));
  } finally {
    await stack.stop();
  }
}

const getBatch = async (s: ProductStack, admin: Record<string, string>, id: string) =>
  (await call(`${s.url}/api/invitation-batches/${id}`, { headers: admin })).body as Batch;
const waitFor = (s: ProductStack, admin: Record<string, string>, id: string, what: string, ok: (b: Batch) => boolean) =>
  s.until(`batch ${id}: ${what}`, async () => {
    const b = await getBatch(s, admin, id);
    return ok(b) ? b : undefined;
  });
const virtualNow = async (s: ProductStack) => Date.parse((await call(`${s.url}/dev/time`)).body.now);
const advance = (s: ProductStack, ms: number) => call(`${s.url}/dev/time/advance`, { json: { ms } });

test('at the email quota a batch waits for its next slot (leaving a tenth to reminders and notices), then goes on', async () => {
  await withStack(
    { EMAIL_QUOTA_PER_HOUR: '20', EMAIL_QUOTA_PER_MINUTE: '0', INVITER_SENDS_PER_HOUR: '0' },
    async (s, admin) => {
      const rows = Array.from({ length: 30 }, (_, i) => ({ recipientEmail: `quota${i + 1}@adatum.example` }));
      const posted = await call(`${s.url}/api/invitation-batches`, { method: 'POST', json: { rows }, headers: admin });
      expect(posted.status).toBe(202);
      const id = posted.body.id as string;
      const waiting = await waitFor(s, admin, id, 'waiting for the email quota', (b) => b.status === 'waitingForQuota');
      // 20 an hour, 2 of them left to the others: 18 created and emailed, then a wait of about an hour.
      expect(waiting.waitingFor).toBe('emailQuota');
      expect(waiting.counts).toMatchObject({ total: 30, created: 18, emailed: 18 });
      const waitMs = Date.parse(waiting.nextSlotAt as string) - (await virtualNow(s));
      expect(waitMs).toBeGreaterThan(50 * 60_000);
      expect(waitMs).toBeLessThanOrEqual(3_600_000);
      // Reminders and notices still find a slot while the batch waits: the reserve is free.
      const single = await call(`${s.url}/api/invitations`, {
        method: 'POST',
        json: { recipientEmail: 'single@adatum.example', includeDelegatedAdmin: false },
        headers: admin,
      });
      expect(single.status).toBe(202);
      await s.until('the single invitation emailed at once', async () =>
        (await s.inbox('single@adatum.example')).length === 1 ? true : undefined,
      );
      expect(await s.inbox('quota19@adatum.example')).toHaveLength(0);

      await advance(s, waitMs + 1000);
      const done = await waitFor(s, admin, id, 'finished', (b) => FINAL.includes(b.status));
      expect(done.status).toBe('succeeded');
      expect(done.counts).toMatchObject({ total: 30, created: 30, emailed: 30, rejected: 0 });
      // An invitation's lifetime starts when its email goes out: a row created after the wait expires a wait later.
      const results = (await call(`${s.url}/api/invitation-batches/${id}/results?pageSize=30`, { headers: admin })).body
        .items as Array<{ row: number; invitationId: string }>;
      const first = (await call(`${s.url}/api/invitations/${results[0]?.invitationId}`, { headers: admin })).body;
      const last = (await call(`${s.url}/api/invitations/${results[29]?.invitationId}`, { headers: admin })).body;
      expect(Date.parse(last.expiresAt) - Date.parse(first.expiresAt)).toBeGreaterThan(50 * 60_000);
    },
  );
}, 180_000);

test('at the inviter send limit a batch waits, and a cancel halfway stops the rows not yet created', async () => {
  await withStack(
    { INVITER_SENDS_PER_HOUR: '10', EMAIL_QUOTA_PER_HOUR: '0', EMAIL_QUOTA_PER_MINUTE: '0' },
    async (s, admin) => {
      const rows = Array.from({ length: 25 }, (_, i) => ({ recipientEmail: `limit${i + 1}@adatum.example` }));
      const posted = await call(`${s.url}/api/invitation-batches`, { method: 'POST', json: { rows }, headers: admin });
      const id = posted.body.id as string;
      const waiting = await waitFor(s, admin, id, 'waiting for the send limit', (b) => b.status === 'waitingForQuota');
      expect(waiting.waitingFor).toBe('inviterSendLimit');
      expect(waiting.counts).toMatchObject({ created: 10, emailed: 10, canceled: 0 });
      // The next slot is when the clock hour of the limit ends.
      const now = await virtualNow(s);
      expect(Date.parse(waiting.nextSlotAt as string)).toBeGreaterThan(now);
      expect(Date.parse(waiting.nextSlotAt as string)).toBeLessThanOrEqual(now + 3_601_000);

      const canceled = await call(`${s.url}/api/invitation-batches/${id}/cancel`, { method: 'POST', headers: admin });
      expect(canceled.status).toBe(202);
      expect(canceled.body.cancelRequested).toBe(true);
      const done = await waitFor(s, admin, id, 'canceled', (b) => FINAL.includes(b.status));
      expect(done.status).toBe('canceled');
      expect(done.counts).toMatchObject({ total: 25, created: 10, emailed: 10, canceled: 15 });
      // Hours later nothing more was created or sent.
      await advance(s, 3 * 3_600_000);
      expect(await s.inbox('limit11@adatum.example')).toHaveLength(0);
      const results = (await call(`${s.url}/api/invitation-batches/${id}/results?pageSize=25`, { headers: admin })).body
        .items as Array<{ row: number; state: string }>;
      expect(results.filter((r) => r.state === 'canceled').map((r) => r.row)).toEqual(
        Array.from({ length: 15 }, (_, i) => i + 11),
      );
      const seed = await seedRecords(s.env);
      const stored = await seed
        .container('invitations')
        .items.query({
          query: 'SELECT VALUE COUNT(1) FROM c WHERE c.partnerTenantId = @t AND STARTSWITH(c.recipientEmail, "limit")',
          parameters: [{ name: '@t', value: contosoDirect.tenantId }],
        })
        .fetchAll();
      expect(stored.resources[0]).toBe(10);
    },
  );
}, 180_000);

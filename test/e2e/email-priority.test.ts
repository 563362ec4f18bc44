// Notices keep priority over batch sends under a used-up email quota (issue 18), on the product
// stack in virtual time, in the style of email-quota-shared.test.ts: the hour's quota of 1 is
// spent; a batch row's invitation email is put off first, then the sweep's expiry notice to an
// inviter. When the slot comes back both try again, and the notice, which holds that slot in the
// shared ledger, is the one sent; the batch email goes an hour later. Without the hold the batch
// email, put off first, would come back first and take the slot.
import { randomUUID } from 'node:crypto';
import { rowInvitationKey } from '../../shared/batches/batch';
import { noticeInstanceId } from '../../shared/domain/ids';
import { directPartnerAdmin } from '../support/directPartner';
import { call } from '../support/hostProcess';
import { type ProductStack, startProductStack } from '../support/productStack';
import { type Seeder, seedRecords } from '../support/seedRecords';

const DAY = 86_400_000;
const MINUTE = 60_000;
const INVITER = 'priority-inviter@contoso.example';
let stack: ProductStack;
let seed: Seeder;
let partner: Record<string, string>;

beforeAll(async () => {
  stack = await startProductStack({
    EMAIL_QUOTA_PER_MINUTE: '0',
    EMAIL_QUOTA_PER_HOUR: '1',
    INVITER_SENDS_PER_HOUR: '0',
  });
  partner = await directPartnerAdmin(stack);
  seed = await seedRecords(stack.env);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const virtualNow = async () => Date.parse((await call(`${stack.url}/dev/time`)).body.now);
const advance = async (ms: number) =>
  expect((await call(`${stack.url}/dev/time/advance`, { json: { ms } })).status).toBe(200);
const timers = async (id: string) => {
  const o = (await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}?showHistory=true`)).body as {
    historyEvents?: Array<{ EventType: string }>;
  };
  return (o.historyEvents ?? []).filter((e) => e.EventType === 'TimerCreated').length;
};

test('the slot that comes back goes to the waiting notice, not to the batch email put off before it', async () => {
  // Another send spent the hour's one email just now (the ledger every instance shares).
  const v0 = await virtualNow();
  await seed.container('emailQuota').items.upsert({ id: 'acs-email', slots: [v0] });

  // A batch row's invitation (created as the batch creates it: under its row's Idempotency-Key).
  const batchRow = await call(`${stack.url}/api/invitations`, {
    json: { recipientEmail: 'batch-row@adatum.example', includeDelegatedAdmin: false },
    headers: { ...partner, 'idempotency-key': rowInvitationKey(randomUUID(), 1) },
  });
  expect(batchRow.status).toBe(202);
  await stack.until('the batch email put off', async () => ((await timers(batchRow.body.id)) >= 1 ? true : undefined));

  // Then an invitation lapses unanswered and the sweep owes its inviter a notice: put off too.
  const tenant = randomUUID();
  const lapsed = await seed.invitation({
    partnerTenantId: tenant,
    recipientEmail: 'nobody@fabrikam.example',
    createdBy: { type: 'user', tenantId: tenant, userId: randomUUID(), email: INVITER },
    expiresAt: new Date(Date.now() - DAY).toISOString(),
  });
  await seed.due({ kind: 'invitationDeadline', targetId: lapsed.id, dueAt: lapsed.expiresAt });
  await advance(16 * MINUTE);
  await stack.until('the notice put off', async () =>
    (await timers(noticeInstanceId(lapsed.id, 'expired'))) >= 1 ? true : undefined,
  );
  // It holds the slot that comes back (the batch email, refused, holds none).
  const ledger = (await seed.container('emailQuota').item('acs-email', 'acs-email').read()).resource as {
    holds?: Record<string, number>;
  };
  expect(Object.values(ledger.holds ?? {})).toEqual([v0 + 60 * MINUTE]);
  expect(await stack.inbox(INVITER)).toEqual([]);
  expect(await stack.inbox('batch-row@adatum.example')).toEqual([]);

  // The hour is over: both try again; the notice gets the slot, the batch email waits another hour.
  await advance(46 * MINUTE);
  const notice = await stack.until('the expiry notice', async () => {
    const m = await stack.inbox(INVITER);
    return m.length > 0 ? m : undefined;
  });
  expect(notice).toHaveLength(1);
  await stack.until('the batch email put off again', async () =>
    (await timers(batchRow.body.id)) >= 2 ? true : undefined,
  );
  expect(await stack.inbox('batch-row@adatum.example')).toEqual([]);

  const batchMail = await stack.until('the batch email an hour later', async () => {
    await advance(30 * MINUTE);
    const m = await stack.inbox('batch-row@adatum.example');
    return m.length > 0 ? m : undefined;
  });
  expect(batchMail).toHaveLength(1);
  expect(await virtualNow()).toBeGreaterThanOrEqual(v0 + 120 * MINUTE);
  const after = (await seed.container('emailQuota').item('acs-email', 'acs-email').read()).resource as {
    holds?: Record<string, number>;
  };
  expect(after.holds ?? {}).toEqual({});
}, 180_000);

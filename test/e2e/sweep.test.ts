// The sweep on the embedded host: seeded due work, virtual time skipped past the next run, and the
// records as the sweep left them (expired invitation, expired and extended grants, nothing else);
// and the expiry notice it owes the inviter, delivered through a used-up quota and after a crash.
import { randomUUID } from 'node:crypto';
import { AUTO_EXTEND_DAYS } from '../../shared/domain/grantPeriod';
import { noticeInstanceId } from '../../shared/domain/ids';
import { bucketOf } from '../../shared/store/dueItems';
import { call } from '../support/hostProcess';
import { type ProductStack, startProductStack } from '../support/productStack';
import { readIndexed, type Seeder, seedRecords } from '../support/seedRecords';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const INVITER = 'inviter@contoso.example';
let stack: ProductStack;
let seed: Seeder;
const PARTNER = randomUUID();
const CUSTOMER = randomUUID();

beforeAll(async () => {
  stack = await startProductStack();
  seed = await seedRecords(stack.env);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** Skips virtual time: the sweep fires every 15 minutes, an expiry notice's waits grow from 5 s to an hour. */
async function advance(ms: number): Promise<void> {
  expect((await call(`${stack.url}/dev/time/advance`, { json: { ms } })).status).toBe(200);
}

/** Skips virtual time past the next sweep (every 15 minutes by default); the sweep fires once. */
const pastNextSweep = () => advance(16 * 60_000);

const faultsUrl = () => `${stack.emailSinkUrl.replace(/\/$/, '')}/dev/email/faults`;
const instance = async (id: string) => {
  const r = await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}?showHistory=true`);
  return r.status === 404
    ? undefined
    : (r.body as {
        runtimeStatus: string;
        output: unknown;
        historyEvents: Array<{ EventType: string; FunctionName?: string }>;
      });
};
const timersIn = (o: { historyEvents: Array<{ EventType: string }> }) =>
  o.historyEvents.filter((e) => e.EventType === 'TimerCreated').length;

it('expires what is due and extends what may be, and leaves everything else alone', async () => {
  const now = Date.now();
  // An invitation past its deadline whose orchestration never existed, and one still open.
  const lapsed = await seed.invitation({ partnerTenantId: PARTNER, expiresAt: new Date(now - DAY).toISOString() });
  await seed.due({ kind: 'invitationDeadline', targetId: lapsed.id, dueAt: lapsed.expiresAt });
  const open = await seed.invitation({ partnerTenantId: PARTNER, expiresAt: new Date(now + 10 * DAY).toISOString() });
  await seed.due({ kind: 'invitationDeadline', targetId: open.id, dueAt: open.expiresAt });
  // Grants past their end: one without auto-extension, one with; and one still running.
  const ended = await seed.grant(PARTNER, CUSTOMER, { endsAt: new Date(now - HOUR).toISOString() });
  const extending = await seed.grant(PARTNER, CUSTOMER, {
    endsAt: new Date(now - HOUR).toISOString(),
    autoExtend: true,
  });
  const running = await seed.grant(PARTNER, CUSTOMER, { endsAt: new Date(now + 60 * DAY).toISOString() });
  for (const g of [ended, extending, running])
    await seed.due({ kind: 'grantEnd', targetId: g.id, partitionKey: CUSTOMER, dueAt: g.endsAt });

  expect((await seed.readInvitation(lapsed.id))?.status).toBe('pending');
  await pastNextSweep();

  const inv = await seed.readInvitation(lapsed.id);
  expect(inv).toMatchObject({ status: 'expired', answeredBy: { type: 'system' } });
  expect(inv?.timeline.map((t) => t.type)).toContain('expired');
  expect(await readIndexed(seed, PARTNER, lapsed.id)).toMatchObject({ status: 'expired' });
  expect((await seed.readInvitation(open.id))?.status).toBe('pending');

  expect((await seed.readGrant(CUSTOMER, ended.id))?.status).toBe('expired');
  const newEnd = new Date(Date.parse(extending.endsAt) + AUTO_EXTEND_DAYS * DAY).toISOString();
  expect(await seed.readGrant(CUSTOMER, extending.id)).toMatchObject({ status: 'active', endsAt: newEnd });
  expect(await seed.readGrant(CUSTOMER, running.id)).toMatchObject({ status: 'active', endsAt: running.endsAt });

  // Done items are gone; the extended grant's next end is due in its own bucket.
  expect((await seed.dueItems(bucketOf(lapsed.expiresAt))).map((i) => i.targetId)).not.toContain(lapsed.id);
  expect((await seed.dueItems(bucketOf(newEnd))).map((i) => i.targetId)).toContain(extending.id);
  expect((await seed.dueItems(bucketOf(ended.endsAt))).map((i) => i.targetId)).not.toContain(ended.id);

  // Audited once per tenant concerned; a second sweep appends nothing more.
  const actions = async (tenant: string) => {
    const r = await seed
      .container('audit')
      .items.query<{ action: string; subject: { id: string } }>('SELECT * FROM c', { partitionKey: tenant })
      .fetchAll();
    return r.resources.map((e) => `${e.action}:${e.subject.id}`).sort();
  };
  const expected = [`grant.expired:${ended.id}`, `grant.extended:${extending.id}`].sort();
  expect(await actions(CUSTOMER)).toEqual(expected);
  expect(await actions(PARTNER)).toEqual([...expected, `invitation.expired:${lapsed.id}`].sort());
  await pastNextSweep();
  expect(await actions(PARTNER)).toEqual([...expected, `invitation.expired:${lapsed.id}`].sort());
  expect((await seed.readGrant(CUSTOMER, extending.id))?.endsAt).toBe(newEnd);
});

// Soak defect 10: a deployment whose sweep never saved a resume point (its first run ever, after the
// app was stopped for weeks) read only its 7-day window, so a grant that ended before it stayed
// active. Without a point the run now starts at the oldest due bucket (one cross-partition query
// through the SDK, on the host, against the Cosmos-protocol server).
test('a sweep without a resume point still expires a grant that ended 40 days before', async () => {
  const partner = randomUUID();
  const customer = randomUUID();
  const forgotten = await seed.grant(partner, customer, { endsAt: new Date(Date.now() - 40 * DAY).toISOString() });
  await seed.due({ kind: 'grantEnd', targetId: forgotten.id, partitionKey: customer, dueAt: forgotten.endsAt });
  // After the seeding, so that whichever run comes next has no point, as a first run ever.
  await seed
    .container('dueItems')
    .item('sweep-resume', '_sweep')
    .delete()
    .catch((e: { code?: number }) => {
      if (e.code !== 404) throw e;
    });
  await pastNextSweep();
  expect((await seed.readGrant(customer, forgotten.id))?.status).toBe('expired');
  expect((await seed.dueItems(bucketOf(forgotten.endsAt))).map((i) => i.targetId)).not.toContain(forgotten.id);
  // The run recorded its point: its day (virtual time runs ahead of the clock), as it left nothing behind.
  const { resource } = await seed.container('dueItems').item('sweep-resume', '_sweep').read<{ resumeFrom: string }>();
  expect(Date.parse(resource?.resumeFrom ?? '')).toBeGreaterThanOrEqual(Date.parse(bucketOf(new Date())));
});

// The expiry notice the sweep owes an inviter is durable. Before, the sweep sent it itself: a
// used-up quota only put a warning in the log, and the next run, finding the invitation expired,
// let its item go, so the notice was lost (as it was after an ACS outage or a crash past the expiry).
test('an orphaned invitation expired by the sweep while ACS throttles is emailed to its inviter once the throttling stops', async () => {
  const partner = randomUUID();
  const lapsed = await seed.invitation({
    partnerTenantId: partner,
    recipientEmail: 'nobody@fabrikam.example',
    createdBy: { type: 'user', tenantId: partner, userId: randomUUID(), email: INVITER },
    expiresAt: new Date(Date.now() - DAY).toISOString(),
  });
  await seed.due({ kind: 'invitationDeadline', targetId: lapsed.id, dueAt: lapsed.expiresAt });
  // Every send is refused: far more 429s than the SDK's retries and the activity's attempts.
  expect((await call(faultsUrl(), { json: { status: 429, count: 1000, retryAfterSeconds: 0 } })).status).toBe(200);

  await pastNextSweep();
  const noticeId = noticeInstanceId(lapsed.id, 'expired');
  // The sweep expired it and started the notice, which the quota put off: it waits on durable timers.
  const waiting = await stack.until('the notice waiting out the quota', async () => {
    const o = await instance(noticeId);
    return o && timersIn(o) >= 2 ? o : undefined;
  });
  expect(waiting.runtimeStatus).toBe('Running');
  expect(await seed.readInvitation(lapsed.id)).toMatchObject({ status: 'expired' });
  expect((await seed.dueItems(bucketOf(lapsed.expiresAt))).map((i) => i.targetId)).not.toContain(lapsed.id);
  // Two more hours of throttling (and eight more sweeps): still nothing sent, the notice still waits.
  await advance(3_600_000);
  await advance(3_600_000);
  await stack.until('the settled host', async () => true);
  expect(await stack.inbox(INVITER)).toEqual([]);
  expect((await instance(noticeId))?.runtimeStatus).toBe('Running');

  expect((await call(faultsUrl(), { method: 'DELETE' })).status).toBe(204);
  const mail = await stack.until('the expiry notice after the throttling', async () => {
    await advance(3_600_000);
    const m = await stack.inbox(INVITER);
    return m.length > 0 ? m : undefined;
  });
  expect(mail).toHaveLength(1);
  expect(mail[0]?.subject).toBe('Your invitation to nobody@fabrikam.example expired');

  const done = await stack.until('the notice completed', async () => {
    const o = await instance(noticeId);
    return o?.runtimeStatus === 'Completed' ? o : undefined;
  });
  expect(done.output).toBe('done');
  // It waited: a durable timer between each deferred try and the next. Two hours of throttling
  // take at least 9 waits of 5 s doubling (11 measured).
  const tries = done.historyEvents.filter(
    (e) => e.EventType === 'TaskCompleted' && e.FunctionName === 'NotifyInviter',
  ).length;
  expect(timersIn(done)).toBeGreaterThanOrEqual(9);
  expect(tries).toBe(timersIn(done) + 1);

  // Later sweeps send nothing more.
  await pastNextSweep();
  await pastNextSweep();
  await stack.until('the settled host', async () => true);
  expect(await stack.inbox(INVITER)).toHaveLength(1);
});

test("a sweep that died between its expiry and the notice is finished by the next run; an orchestration's expiry gets no notice from the sweep", async () => {
  const partner = randomUUID();
  const expiredAt = new Date(Date.now() - DAY).toISOString();
  const inviter = (email: string) => ({ type: 'user' as const, tenantId: partner, userId: randomUUID(), email });
  const expiry = (detail?: { by: string }) => ({
    type: 'expired' as const,
    at: expiredAt,
    by: { type: 'system' as const },
    ...(detail ? { detail } : {}),
  });
  // What a run that died right after its expiry write leaves: the expiry (marked as the sweep's) and the item.
  const bySweep = await seed.invitation({
    partnerTenantId: partner,
    recipientEmail: 'crash@fabrikam.example',
    createdBy: inviter('crashed@contoso.example'),
    status: 'expired',
    answeredAt: expiredAt,
    answeredBy: { type: 'system' },
    expiresAt: expiredAt,
    timeline: [expiry({ by: 'sweep' })],
  });
  // An invitation its own orchestration expired (and told the inviter about), its item not yet let go.
  const byOrchestration = await seed.invitation({
    partnerTenantId: partner,
    recipientEmail: 'own@fabrikam.example',
    createdBy: inviter('own@contoso.example'),
    status: 'expired',
    answeredAt: expiredAt,
    answeredBy: { type: 'system' },
    expiresAt: expiredAt,
    timeline: [expiry()],
  });
  for (const inv of [bySweep, byOrchestration])
    await seed.due({ kind: 'invitationDeadline', targetId: inv.id, dueAt: inv.expiresAt });

  await pastNextSweep();
  const mail = await stack.until('the notice of the interrupted expiry', async () => {
    const m = await stack.inbox('crashed@contoso.example');
    return m.length > 0 ? m : undefined;
  });
  expect(mail).toHaveLength(1);
  const noticeId = noticeInstanceId(bySweep.id, 'expired');
  const first = await stack.until('the notice completed', async () => {
    const o = await instance(noticeId);
    return o?.runtimeStatus === 'Completed' ? o : undefined;
  });
  expect(await instance(noticeInstanceId(byOrchestration.id, 'expired'))).toBeUndefined();
  expect(await stack.inbox('own@contoso.example')).toEqual([]);
  expect(
    (await seed.dueItems(bucketOf(expiredAt)))
      .map((i) => i.targetId)
      .filter((t) => t === bySweep.id || t === byOrchestration.id),
  ).toEqual([]);
  expect(await readIndexed(seed, partner, bySweep.id)).toMatchObject({ status: 'expired' });

  // Once more (an item put back, as two overlapping runs could leave it): the completed notice is
  // not started again, which the Durable extension (and the local host) would do for a Completed id.
  await seed.due({ kind: 'invitationDeadline', targetId: bySweep.id, dueAt: bySweep.expiresAt });
  await pastNextSweep();
  await stack.until('the item let go again', async () =>
    (await seed.dueItems(bucketOf(expiredAt))).some((i) => i.targetId === bySweep.id) ? undefined : true,
  );
  expect(await instance(noticeId)).toEqual(first);
  expect(await stack.inbox('crashed@contoso.example')).toHaveLength(1);
});
